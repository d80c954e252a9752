resource "aws_vpc" "main" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_hostnames = true
  tags                 = merge(local.common_tags, { Name = "${local.name_prefix}-vpc" })
}

resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = module.site["docs"].bucket_arn
}

resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.20.1.0/24"
}

resource "aws_security_group" "bastion" {
  name        = "${local.name_prefix}-bastion"
  description = "Bastion host"
  vpc_id      = aws_vpc.main.id
}

# MISTAKE: SSH from the whole internet, written as a separate rule resource
resource "aws_security_group_rule" "bastion_ssh" {
  type              = "ingress"
  description       = "SSH for on-call engineers"
  security_group_id = aws_security_group.bastion.id
  protocol          = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group" "web" {
  name        = "${local.name_prefix}-web"
  description = "Public HTTPS endpoint"
  vpc_id      = aws_vpc.main.id
}

# intended: the shop is a public website. The generic "ingress from the internet" rule is
# suppressed with the rule id Trivy uses, and the reason; the finding is still counted.
#trivy:ignore:AVD-AWS-0107 public HTTPS endpoint of the shop
resource "aws_security_group_rule" "web_https" {
  type              = "ingress"
  description       = "HTTPS from everyone"
  security_group_id = aws_security_group.web.id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group" "app" {
  name        = "${local.name_prefix}-app"
  description = "Application servers"
  vpc_id      = aws_vpc.main.id
}

# correct: SSH only from the private network (a naive scanner flags every port 22 rule)
resource "aws_security_group_rule" "app_ssh" {
  type              = "ingress"
  description       = "SSH from the corporate network"
  security_group_id = aws_security_group.app.id
  protocol          = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_blocks       = var.admin_cidrs
}

resource "aws_security_group" "database" {
  name        = "${local.name_prefix}-db"
  description = "PostgreSQL"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "PostgreSQL from the application servers"
    protocol        = "tcp"
    from_port       = 5432
    to_port         = 5432
    security_groups = [aws_security_group.app.id]
  }
}
