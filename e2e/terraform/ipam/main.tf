# ipam: VPC IP Address Manager as terraform-aws-vpc's `ipam` example uses
# it: an IPAM with operating Regions, a private IPv4 pool with a locale and
# allocation netmask rules, its provisioned CIDR, a preview of the next
# CIDR (used as a VPC's block), and VPCs whose blocks come from the pool by netmask length; an
# Amazon-provided IPv6 pool (public scope) and a VPC IPv6 block from it.
# Phase 2 changes descriptions, a pool's allocation rules and a VPC's tags,
# in place.

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

data "aws_region" "current" {}

resource "aws_vpc_ipam" "this" {
  description = var.phase == 1 ? "vpcsim ipam" : "vpcsim ipam (phase 2)"
  operating_regions {
    region_name = data.aws_region.current.name
  }
  operating_regions {
    region_name = "us-west-2"
  }
  tags = { Name = "ipam" }
}

resource "aws_vpc_ipam_pool" "ipv4" {
  description                       = "${data.aws_region.current.name} private"
  address_family                    = "ipv4"
  ipam_scope_id                     = aws_vpc_ipam.this.private_default_scope_id
  locale                            = data.aws_region.current.name
  allocation_default_netmask_length = 28
  allocation_min_netmask_length     = var.phase == 1 ? 16 : 20
  allocation_max_netmask_length     = 28
  tags                              = { Name = "ipam-ipv4" }
}

resource "aws_vpc_ipam_pool_cidr" "ipv4" {
  ipam_pool_id = aws_vpc_ipam_pool.ipv4.id
  cidr         = "10.90.0.0/16"
}

# The next /24 outside 10.90.0.0/20 (where aws_vpc.netmask takes its block).
resource "aws_vpc_ipam_preview_next_cidr" "ipv4" {
  ipam_pool_id     = aws_vpc_ipam_pool.ipv4.id
  netmask_length   = 24
  disallowed_cidrs = ["10.90.0.0/20"]
  depends_on       = [aws_vpc_ipam_pool_cidr.ipv4]
}

resource "aws_vpc" "netmask" {
  ipv4_ipam_pool_id   = aws_vpc_ipam_pool.ipv4.id
  ipv4_netmask_length = 24
  tags                = { Name = var.phase == 1 ? "ipam-netmask" : "ipam-netmask-2" }
  depends_on          = [aws_vpc_ipam_pool_cidr.ipv4]
}

resource "aws_vpc" "explicit" {
  ipv4_ipam_pool_id = aws_vpc_ipam_pool.ipv4.id
  cidr_block        = aws_vpc_ipam_preview_next_cidr.ipv4.cidr
  tags              = { Name = "ipam-explicit" }
  depends_on        = [aws_vpc_ipam_pool_cidr.ipv4]
}

resource "aws_vpc_ipam_pool" "ipv6" {
  description      = "amazon ipv6"
  address_family   = "ipv6"
  ipam_scope_id    = aws_vpc_ipam.this.public_default_scope_id
  locale           = data.aws_region.current.name
  aws_service      = "ec2"
  public_ip_source = "amazon"
}

resource "aws_vpc_ipam_pool_cidr" "ipv6" {
  ipam_pool_id   = aws_vpc_ipam_pool.ipv6.id
  netmask_length = 52
}

resource "aws_vpc" "ipv6" {
  cidr_block          = "10.91.0.0/16"
  ipv6_ipam_pool_id   = aws_vpc_ipam_pool.ipv6.id
  ipv6_netmask_length = 56
  tags                = { Name = "ipam-ipv6" }
  depends_on          = [aws_vpc_ipam_pool_cidr.ipv6]
}
