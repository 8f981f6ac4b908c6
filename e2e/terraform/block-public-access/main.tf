# block-public-access: the account's VPC Block Public Access setting and
# exclusions for a VPC and a subnet, as terraform-aws-vpc's
# block-public-access example declares them.
# Phase 2 switches the mode to ingress-only and an exclusion's mode, in place.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "endpoint" {
  type = string
}

variable "phase" {
  type    = number
  default = 1
}

provider "aws" {
  region     = "us-east-1"
  access_key = "test"
  secret_key = "test"
  endpoints {
    ec2 = var.endpoint
    sts = var.endpoint
  }
}

resource "aws_vpc" "main" {
  cidr_block = "10.40.0.0/16"
  tags       = { Name = "bpa" }
}

resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.40.1.0/24"
}

resource "aws_vpc_block_public_access_options" "this" {
  internet_gateway_block_mode = var.phase == 1 ? "block-bidirectional" : "block-ingress"
}

resource "aws_vpc_block_public_access_exclusion" "vpc" {
  vpc_id                          = aws_vpc.main.id
  internet_gateway_exclusion_mode = "allow-egress"
  tags                            = { Name = "vpc-egress" }
}

resource "aws_vpc_block_public_access_exclusion" "subnet" {
  subnet_id                       = aws_subnet.public.id
  internet_gateway_exclusion_mode = var.phase == 1 ? "allow-bidirectional" : "allow-egress"
}

output "exclusion_ids" {
  value = [aws_vpc_block_public_access_exclusion.vpc.id, aws_vpc_block_public_access_exclusion.subnet.id]
}
