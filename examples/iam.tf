resource "aws_iam_role" "deploy" {
  name = "${local.name_prefix}-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "codebuild.amazonaws.com" }
    }]
  })
}

# MISTAKE: full administrator rights "until we figure out what the pipeline needs"
resource "aws_iam_policy" "deploy" {
  name = "${local.name_prefix}-deploy"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "deploy" {
  role       = aws_iam_role.deploy.name
  policy_arn = aws_iam_policy.deploy.arn
}

# correct: narrow read-only access to the catalogue bucket
resource "aws_iam_policy" "catalogue_read" {
  name = "${local.name_prefix}-catalogue-read"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = [module.site["docs"].bucket_arn, "${module.site["docs"].bucket_arn}/*"]
    }]
  })
}
