# A small web shop's AWS infrastructure, with deliberate mistakes for Rampart to find.
# See README.md for the list of what must be found and what must not.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

locals {
  name_prefix = "${var.project}-${var.environment}"
  common_tags = {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
  }

  # one static site per entry; each becomes a bucket through the local module
  sites = {
    docs = {
      public     = false
      versioning = true
    }
    marketing = {
      public     = true
      versioning = false
    }
  }
}

module "site" {
  source   = "./modules/static-site"
  for_each = local.sites

  bucket_name = "${local.name_prefix}-${each.key}"
  public      = each.value.public
  versioning  = each.value.versioning
  kms_key_arn = aws_kms_key.data.arn
  log_bucket  = aws_s3_bucket.access_logs.id
  tags        = local.common_tags
}

# Server access logs of the site buckets. It is the logs' target, so it needs no access
# logging of its own (a naive scanner flags it).
resource "aws_s3_bucket" "access_logs" {
  bucket = "${local.name_prefix}-access-logs"
  tags   = local.common_tags
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  bucket                  = aws_s3_bucket.access_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}
