variable "bucket_name" {
  type = string
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
