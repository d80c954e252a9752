data "aws_caller_identity" "current" {}

resource "aws_kms_key" "data" {
  description         = "${local.name_prefix} data at rest"
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "trail" {
  name              = "/aws/cloudtrail/${local.name_prefix}"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.data.arn
}

# MISTAKE: records only the region Terraform runs in; activity elsewhere goes unseen
resource "aws_cloudtrail" "main" {
  name                          = "${local.name_prefix}-trail"
  s3_bucket_name                = module.site["docs"].bucket_name
  include_global_service_events = true
  is_multi_region_trail         = false
  enable_log_file_validation    = true
  kms_key_id                    = aws_kms_key.data.arn
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn     = aws_iam_role.deploy.arn
}
