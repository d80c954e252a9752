variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "project" {
  type = string
}

variable "environment" {
  type = string
}

variable "admin_cidrs" {
  description = "Networks allowed to reach the bastion over SSH"
  type        = list(string)
  default     = ["10.0.0.0/8"]
}

variable "db_publicly_accessible" {
  type    = bool
  default = false
}

variable "encrypt_app_volume" {
  type    = bool
  default = false
}
