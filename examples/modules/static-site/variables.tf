variable "bucket_name" {
  type = string
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key that encrypts the objects"
  type        = string
}

variable "log_bucket" {
  description = "Bucket that receives the server access logs"
  type        = string
}

variable "public" {
  description = "Serve the site directly from the bucket (public-read ACL)"
  type        = bool
  default     = false
}

variable "versioning" {
  type    = bool
  default = true
}

variable "tags" {
  type    = map(string)
  default = {}
}
