# subnet-groups: what terraform-aws-vpc builds for its database, elasticache
# and redshift subnets: a VPC with three subnets per tier in three AZs, and
# an aws_db_subnet_group, an aws_elasticache_subnet_group and an
# aws_redshift_subnet_group over them, tagged like the module tags them.
# Phase 2 changes the groups' descriptions and tags in place.

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
  region                  = "us-east-1"
  access_key              = "test"
  secret_key              = "test"
  skip_metadata_api_check = true
  endpoints {
    ec2         = var.endpoint
    sts         = var.endpoint
    rds         = var.endpoint
    elasticache = var.endpoint
    redshift    = var.endpoint
  }
}

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  name = "SubnetGroups-Demo"
  azs  = slice(data.aws_availability_zones.available.names, 0, 3)
  tags = { Scenario = "subnet-groups", Environment = var.phase == 1 ? "dev" : "staging" }
  tiers = {
    database    = 20
    elasticache = 30
    redshift    = 40
  }
  suffix = var.phase == 1 ? "" : " (phase 2)"
}

resource "aws_vpc" "this" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
  tags                             = merge(local.tags, { Name = local.name })
}

resource "aws_subnet" "database" {
  count                           = 3
  vpc_id                          = aws_vpc.this.id
  availability_zone               = local.azs[count.index]
  cidr_block                      = cidrsubnet(aws_vpc.this.cidr_block, 8, local.tiers.database + count.index)
  ipv6_cidr_block                 = cidrsubnet(aws_vpc.this.ipv6_cidr_block, 8, local.tiers.database + count.index)
  assign_ipv6_address_on_creation = true
  tags                            = merge(local.tags, { Name = "${local.name}-db-${local.azs[count.index]}" })
}

resource "aws_subnet" "elasticache" {
  count             = 3
  vpc_id            = aws_vpc.this.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(aws_vpc.this.cidr_block, 8, local.tiers.elasticache + count.index)
  tags              = merge(local.tags, { Name = "${local.name}-elasticache-${local.azs[count.index]}" })
}

resource "aws_subnet" "redshift" {
  count             = 3
  vpc_id            = aws_vpc.this.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(aws_vpc.this.cidr_block, 8, local.tiers.redshift + count.index)
  tags              = merge(local.tags, { Name = "${local.name}-redshift-${local.azs[count.index]}" })
}

resource "aws_db_subnet_group" "database" {
  name        = lower(local.name)
  description = "Database subnet group for ${local.name}${local.suffix}"
  subnet_ids  = aws_subnet.database[*].id
  tags        = merge({ Name = lower(local.name) }, local.tags)
}

resource "aws_elasticache_subnet_group" "elasticache" {
  name        = local.name
  description = "ElastiCache subnet group for ${local.name}${local.suffix}"
  subnet_ids  = aws_subnet.elasticache[*].id
  tags        = merge({ Name = local.name }, local.tags)
}

resource "aws_redshift_subnet_group" "redshift" {
  name        = lower(local.name)
  description = "Redshift subnet group for ${local.name}${local.suffix}"
  subnet_ids  = aws_subnet.redshift[*].id
  tags        = merge({ Name = lower(local.name) }, local.tags)
}

output "database_subnet_group_arn" {
  value = aws_db_subnet_group.database.arn
}

output "database_supported_network_types" {
  value = aws_db_subnet_group.database.supported_network_types
}

output "elasticache_subnet_group_arn" {
  value = aws_elasticache_subnet_group.elasticache.arn
}

output "redshift_subnet_group_arn" {
  value = aws_redshift_subnet_group.redshift.arn
}
