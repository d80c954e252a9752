#!/usr/bin/env python3
"""Generates a large synthetic Terraform corpus for benchmarks.

Layout: PROJECTS root modules, each with FILES_PER_PROJECT files of RESOURCES_PER_FILE
resources, a variables.tf, a terraform.tfvars and a local module called with for_each.
Resources mix correct and misconfigured AWS settings (public ACLs, open SSH, unencrypted
volumes, wildcard IAM, separate-resource encryption/versioning) so scanners have work to do.
Deterministic: the same arguments always produce the same bytes.
"""
import argparse
import os
import random

TEMPLATES = [
    # S3 bucket with separate settings, sometimes missing
    lambda p, i, r: f'''
resource "aws_s3_bucket" "b{i}" {{
  bucket = "${{var.prefix}}-{p}-data-{i}"
  tags   = local.common_tags
}}

resource "aws_s3_bucket_versioning" "b{i}" {{
  bucket = aws_s3_bucket.b{i}.id
  versioning_configuration {{
    status = "{'Enabled' if r.random() < 0.7 else 'Suspended'}"
  }}
}}
''' + (f'''
resource "aws_s3_bucket_server_side_encryption_configuration" "b{i}" {{
  bucket = aws_s3_bucket.b{i}.id
  rule {{
    apply_server_side_encryption_by_default {{
      sse_algorithm = "aws:kms"
    }}
  }}
}}
''' if r.random() < 0.8 else '') + (f'''
resource "aws_s3_bucket_public_access_block" "b{i}" {{
  bucket                  = aws_s3_bucket.b{i}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}}
''' if r.random() < 0.6 else f'''
resource "aws_s3_bucket_acl" "b{i}" {{
  bucket = aws_s3_bucket.b{i}.id
  acl    = "{r.choice(['private', 'public-read', 'log-delivery-write'])}"
}}
'''),
    lambda p, i, r: f'''
resource "aws_security_group" "sg{i}" {{
  name        = "{p}-sg-{i}"
  description = "Security group {i} of {p}"
  vpc_id      = var.vpc_id

  ingress {{
    description = "https"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }}

  egress {{
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }}
}}

resource "aws_security_group_rule" "ssh{i}" {{
  type              = "ingress"
  description       = "ssh"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["{r.choice(['0.0.0.0/0', '10.0.0.0/8', var_or('var.admin_cidr')])}"]
  security_group_id = aws_security_group.sg{i}.id
}}
''',
    lambda p, i, r: f'''
resource "aws_ebs_volume" "v{i}" {{
  availability_zone = "${{var.region}}a"
  size              = {r.choice([20, 40, 100, 500])}
  encrypted         = {r.choice(['true', 'false', 'var.encrypt_volumes'])}
  tags              = merge(local.common_tags, {{ Name = "{p}-vol-{i}" }})
}}
''',
    lambda p, i, r: f'''
resource "aws_iam_policy" "pol{i}" {{
  name = "{p}-policy-{i}"
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect   = "Allow"
      Action   = {r.choice(['["s3:GetObject", "s3:ListBucket"]', '"*"', '["ec2:Describe*"]'])}
      Resource = {r.choice(['"*"', '"arn:aws:s3:::' + p + '-data/*"'])}
    }}]
  }})
}}
''',
    lambda p, i, r: f'''
resource "aws_instance" "web{i}" {{
  count         = {r.choice([1, 2])}
  ami           = var.ami_id
  instance_type = lookup(local.sizes, "{r.choice(['small', 'large'])}", "t3.micro")
  subnet_id     = var.subnet_ids[count.index % length(var.subnet_ids)]

  metadata_options {{
    http_tokens = "{r.choice(['required', 'optional'])}"
  }}

  root_block_device {{
    encrypted = {r.choice(['true', 'false'])}
  }}

  tags = merge(local.common_tags, {{ Name = "{p}-web-{i}-${{count.index}}" }})
}}
''',
    lambda p, i, r: f'''
resource "aws_db_instance" "db{i}" {{
  identifier           = "{p}-db-{i}"
  engine               = "postgres"
  instance_class       = "db.t3.micro"
  allocated_storage    = 20
  username             = "app"
  password             = var.db_password
  storage_encrypted    = {r.choice(['true', 'false'])}
  publicly_accessible  = {r.choice(['false', 'false', 'true'])}
  skip_final_snapshot  = true
  backup_retention_period = {r.choice([0, 7, 14])}
}}
''',
    lambda p, i, r: f'''
resource "aws_cloudtrail" "trail{i}" {{
  name                          = "{p}-trail-{i}"
  s3_bucket_name                = "${{var.prefix}}-{p}-trail"
  is_multi_region_trail         = {r.choice(['true', 'false'])}
  enable_log_file_validation    = {r.choice(['true', 'false'])}
  include_global_service_events = true
}}
''',
    lambda p, i, r: f'''
resource "aws_sqs_queue" "q{i}" {{
  name                      = "{p}-queue-{i}"
  message_retention_seconds = 86400
  kms_master_key_id         = {r.choice(['"alias/aws/sqs"', 'null'])}
}}

resource "aws_sns_topic" "t{i}" {{
  name              = "{p}-topic-{i}"
  kms_master_key_id = {r.choice(['"alias/aws/sns"', 'null'])}
}}
''',
    lambda p, i, r: f'''
resource "aws_kms_key" "k{i}" {{
  description         = "{p} key {i}"
  enable_key_rotation = {r.choice(['true', 'false'])}
}}
''',
]


def var_or(expr):
    # a value only known at plan time: scanners must not report it
    return "${" + expr + "}"


VARIABLES = '''
variable "prefix" {
  type    = string
  default = "acme"
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "vpc_id" {
  type = string
}

variable "ami_id" {
  type    = string
  default = "ami-0123456789abcdef0"
}

variable "subnet_ids" {
  type    = list(string)
  default = ["subnet-1", "subnet-2"]
}

variable "admin_cidr" {
  type = string
}

variable "encrypt_volumes" {
  type    = bool
  default = true
}

variable "db_password" {
  type      = string
  sensitive = true
}

locals {
  common_tags = {
    Project = var.prefix
    Owner   = "platform"
  }
  sizes = {
    small = "t3.small"
    large = "m5.large"
  }
}

module "site" {
  source   = "./modules/site"
  for_each = toset(["www", "docs"])
  name     = "${var.prefix}-${each.key}"
}
'''

MODULE = '''
variable "name" {
  type = string
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

output "bucket_arn" {
  value = aws_s3_bucket.this.arn
}
'''


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out")
    ap.add_argument("--projects", type=int, default=100)
    ap.add_argument("--files", type=int, default=50, help="files per project")
    ap.add_argument("--resources", type=int, default=7, help="resource templates per file")
    args = ap.parse_args()
    rng = random.Random(42)
    total_files = 0
    for p in range(args.projects):
        name = f"project{p:03d}"
        root = os.path.join(args.out, name)
        os.makedirs(os.path.join(root, "modules", "site"), exist_ok=True)
        with open(os.path.join(root, "variables.tf"), "w") as f:
            f.write(VARIABLES)
        with open(os.path.join(root, "terraform.tfvars"), "w") as f:
            f.write(f'prefix = "acme-{p}"\n')
        with open(os.path.join(root, "modules", "site", "main.tf"), "w") as f:
            f.write(MODULE)
        total_files += 3
        for n in range(args.files):
            parts = []
            for k in range(args.resources):
                i = n * args.resources + k
                parts.append(rng.choice(TEMPLATES)(name, i, rng))
            with open(os.path.join(root, f"main_{n:03d}.tf"), "w") as f:
                f.write("".join(parts))
            total_files += 1
    print(f"wrote {total_files} files under {args.out}")


if __name__ == "__main__":
    main()
