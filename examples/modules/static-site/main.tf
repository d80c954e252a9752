# A static website bucket. Encryption is configured in a separate resource (the AWS provider's
# current style): a scanner that only reads the bucket block wrongly calls it unencrypted.

resource "aws_s3_bucket" "this" {
  bucket = var.bucket_name
  tags   = var.tags
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_logging" "this" {
  bucket        = aws_s3_bucket.this.id
  target_bucket = var.log_bucket
  target_prefix = "${var.bucket_name}/"
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    object_ownership = var.public ? "BucketOwnerPreferred" : "BucketOwnerEnforced"
  }
}

# MISTAKE for public sites: anyone can list and read every object
resource "aws_s3_bucket_acl" "public" {
  count  = var.public ? 1 : 0
  bucket = aws_s3_bucket.this.id
  acl    = "public-read"
}

# only private sites get a public access block; public ones are left without
resource "aws_s3_bucket_public_access_block" "this" {
  count                   = var.public ? 0 : 1
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  count  = var.versioning ? 1 : 0
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}
