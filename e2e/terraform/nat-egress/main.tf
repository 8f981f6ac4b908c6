# nat-egress: public and private subnets in two AZs, an internet gateway, an
# elastic IP and a public NAT gateway per AZ, a private NAT gateway, a public
# route table with an inline route, and per-AZ private route tables whose
# default route (an aws_route) goes to the AZ's NAT gateway.
# Phase 2 changes tags (NAT gateways, EIPs) and adds an inline route in place.
# An IPv6-only subnet (terraform-aws-vpc's ipv6-only example; VPC-UG
# nat-gateway-nat64-dns64.md) sends ::/0 to an egress-only internet gateway
# and 64:ff9b::/96 to the first NAT gateway (NAT64), with DNS64 and
# resource-name hostnames; phase 2 changes its tags and turns AAAA records on.

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

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 2)
}

resource "aws_vpc" "this" {
  cidr_block                       = "10.20.0.0/16"
  assign_generated_ipv6_cidr_block = true
  tags                             = { Name = "nat-egress" }
}

resource "aws_subnet" "public" {
  count                   = 2
  vpc_id                  = aws_vpc.this.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(aws_vpc.this.cidr_block, 8, count.index)
  map_public_ip_on_launch = true
  tags                    = { Name = "public-${count.index}" }
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.this.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(aws_vpc.this.cidr_block, 8, 100 + count.index)
  tags              = { Name = "private-${count.index}" }
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_eip" "nat" {
  count      = 2
  domain     = "vpc"
  tags       = { Name = "nat-${local.azs[count.index]}", Phase = tostring(var.phase) }
  depends_on = [aws_internet_gateway.this]
}

resource "aws_nat_gateway" "this" {
  count         = 2
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
  tags          = { Name = "nat-${local.azs[count.index]}", Phase = tostring(var.phase) }
  depends_on    = [aws_internet_gateway.this]
}

resource "aws_nat_gateway" "private" {
  connectivity_type = "private"
  subnet_id         = aws_subnet.private[0].id
  private_ip        = cidrhost(aws_subnet.private[0].cidr_block, 10)
  tags              = { Name = "private-nat" }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }
  dynamic "route" {
    for_each = var.phase == 2 ? [1] : []
    content {
      cidr_block     = "192.168.0.0/16"
      nat_gateway_id = aws_nat_gateway.private.id
    }
  }
  tags = { Name = "public" }
}

resource "aws_route_table_association" "public" {
  count          = 2
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table" "private" {
  count  = 2
  vpc_id = aws_vpc.this.id
  tags   = { Name = "private-${count.index}" }
}

resource "aws_route" "private_nat" {
  count                  = 2
  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[count.index].id
}

resource "aws_route" "private_to_onprem" {
  route_table_id         = aws_route_table.private[0].id
  destination_cidr_block = "172.16.0.0/12"
  nat_gateway_id         = aws_nat_gateway.private.id
}

resource "aws_route_table_association" "private" {
  count          = 2
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

output "nat_public_ips" {
  value = aws_nat_gateway.this[*].public_ip
}

resource "aws_egress_only_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = { Name = "nat-egress" }
}

resource "aws_subnet" "ipv6_only" {
  vpc_id                                         = aws_vpc.this.id
  availability_zone                              = local.azs[0]
  ipv6_native                                    = true
  ipv6_cidr_block                                = cidrsubnet(aws_vpc.this.ipv6_cidr_block, 8, 1)
  assign_ipv6_address_on_creation                = true
  enable_dns64                                   = true
  enable_resource_name_dns_aaaa_record_on_launch = var.phase == 2
  private_dns_hostname_type_on_launch            = "resource-name"
  tags                                           = { Name = "ipv6-only", Phase = tostring(var.phase) }
}

resource "aws_route_table" "ipv6_only" {
  vpc_id = aws_vpc.this.id
  tags   = { Name = "ipv6-only" }
}

resource "aws_route" "ipv6_only_internet" {
  route_table_id              = aws_route_table.ipv6_only.id
  destination_ipv6_cidr_block = "::/0"
  egress_only_gateway_id      = aws_egress_only_internet_gateway.this.id
}

resource "aws_route" "ipv6_only_nat64" {
  route_table_id              = aws_route_table.ipv6_only.id
  destination_ipv6_cidr_block = "64:ff9b::/96"
  nat_gateway_id              = aws_nat_gateway.this[0].id
}

resource "aws_route_table_association" "ipv6_only" {
  subnet_id      = aws_subnet.ipv6_only.id
  route_table_id = aws_route_table.ipv6_only.id
}
