# Provider pinning only; resources arrive with the infrastructure issue (see README.md).
terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

variable "region" {
  description = "AWS region for the platform (data stays in the EU/EEA)."
  type        = string
  default     = "eu-north-1"
}

variable "base_domain" {
  description = "The national site's domain; municipalities answer on <slug>.<base_domain>."
  type        = string
}

provider "aws" {
  region = var.region
}
