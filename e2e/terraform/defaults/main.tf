# defaults: the aws_default_* resources. aws_default_vpc and
# aws_default_security_group adopt the region's default VPC and its default
# group; aws_default_network_acl and aws_default_route_table adopt the
# default NACL and main route table of a new VPC (so destroy can remove
# them with it). Phase 2 changes tags and rules in place. Destroying an
# aws_default_* resource only forgets it: the default VPC stays.

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

resource "aws_default_vpc" "this" {
  tags = { Name = "default", Phase = tostring(var.phase) }
}

resource "aws_default_subnet" "a" {
  availability_zone = data.aws_availability_zones.available.names[0]
  tags              = { Name = "default-a" }
}

resource "aws_default_security_group" "default_vpc" {
  vpc_id = aws_default_vpc.this.id
  ingress {
    protocol  = -1
    self      = true
    from_port = 0
    to_port   = 0
  }
  ingress {
    protocol    = "tcp"
    from_port   = var.phase == 1 ? 22 : 2222
    to_port     = var.phase == 1 ? 22 : 2222
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
  tags = { Name = "default-sg", Phase = tostring(var.phase) }
}

resource "aws_vpc" "main" {
  cidr_block                       = "10.50.0.0/16"
  assign_generated_ipv6_cidr_block = true
  tags                             = { Name = "defaults" }
}

resource "aws_subnet" "main" {
  vpc_id            = aws_vpc.main.id
  availability_zone = data.aws_availability_zones.available.names[0]
  cidr_block        = "10.50.1.0/24"
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_default_network_acl" "main" {
  default_network_acl_id = aws_vpc.main.default_network_acl_id
  subnet_ids             = [aws_subnet.main.id]

  ingress {
    protocol   = "tcp"
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 1024
    to_port    = 65535
  }
  ingress {
    protocol   = "tcp"
    rule_no    = 110
    action     = var.phase == 1 ? "allow" : "deny"
    cidr_block = "0.0.0.0/0"
    from_port  = 22
    to_port    = 22
  }
  egress {
    protocol   = -1
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
  egress {
    protocol        = -1
    rule_no         = 101
    action          = "allow"
    ipv6_cidr_block = "::/0"
    from_port       = 0
    to_port         = 0
  }
  tags = { Name = "defaults-nacl", Phase = tostring(var.phase) }
}

resource "aws_default_route_table" "main" {
  default_route_table_id = aws_vpc.main.default_route_table_id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
  dynamic "route" {
    for_each = var.phase == 2 ? [1] : []
    content {
      ipv6_cidr_block = "::/0"
      gateway_id      = aws_internet_gateway.main.id
    }
  }
  tags = { Name = "defaults-main", Phase = tostring(var.phase) }
}

resource "aws_default_security_group" "main" {
  vpc_id = aws_vpc.main.id
  # No rules: the provider revokes the default group's rules.
  tags = { Name = "defaults-sg" }
}
