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
  tags        = local.common_tags
}
