resource "aws_instance" "app" {
  ami                    = "ami-0c1c30571d2dae5c9"
  instance_type          = "t3.small"
  subnet_id              = aws_subnet.private.id
  vpc_security_group_ids = [aws_security_group.app.id]
  monitoring             = true

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }

  root_block_device {
    encrypted = true
  }

  # MISTAKE: a long-lived access key pasted into user data (readable by anyone who can
  # describe the instance). These credentials are made up.
  user_data = <<-SCRIPT
    #!/bin/bash
    export AWS_ACCESS_KEY_ID=AKIAZ7QX4LW3RHN2PB6K
    export AWS_SECRET_ACCESS_KEY=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
    /opt/shop/bin/sync-catalogue
  SCRIPT

  tags = local.common_tags
}

# MISTAKE: a data volume that is not encrypted
resource "aws_ebs_volume" "scratch" {
  availability_zone = "${var.region}a"
  size              = 100
  type              = "gp3"
  tags              = local.common_tags
}

# correct: encrypted through a variable whose unsafe default is overridden in terraform.tfvars
resource "aws_ebs_volume" "app_data" {
  availability_zone = "${var.region}a"
  size              = 50
  type              = "gp3"
  encrypted         = var.encrypt_app_volume
  tags              = local.common_tags
}
