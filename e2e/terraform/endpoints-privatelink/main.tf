# endpoints-privatelink: a PrivateLink endpoint service [PrivateLink guide
# create-endpoint-service.md, add-endpoint-service-permissions.md] on an
# internal Network Load Balancer in a provider VPC, an allowed principal
# (the caller's account), and a consumer interface endpoint from a second
# VPC with the same CIDR (overlapping CIDRs are allowed), accepted by
# aws_vpc_endpoint_connection_accepter.
# Phase 2 turns acceptance off and changes the consumer endpoint's tags in
# place.
# NOT YET IN tfScenarios: it needs the ELBv2 service (aws_lb) to be
# complete; the coordinator adds {"endpoints-privatelink", ...} once it is.

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
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  endpoints {
    ec2   = var.endpoint
    elbv2 = var.endpoint
    sts   = var.endpoint
  }
}

data "aws_caller_identity" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 2)
}

resource "aws_vpc" "provider" {
  cidr_block = "10.50.0.0/16"
  tags       = { Name = "privatelink-provider" }
}

resource "aws_subnet" "provider" {
  count             = 2
  vpc_id            = aws_vpc.provider.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(aws_vpc.provider.cidr_block, 8, count.index)
}

resource "aws_lb" "nlb" {
  name               = "privatelink"
  internal           = true
  load_balancer_type = "network"
  subnets            = aws_subnet.provider[*].id
}

resource "aws_vpc_endpoint_service" "this" {
  acceptance_required        = var.phase == 1
  network_load_balancer_arns = [aws_lb.nlb.arn]
  tags                       = { Name = "privatelink" }
}

resource "aws_vpc_endpoint_service_allowed_principal" "me" {
  vpc_endpoint_service_id = aws_vpc_endpoint_service.this.id
  principal_arn           = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"
}

resource "aws_vpc" "consumer" {
  cidr_block = "10.50.0.0/16"
  tags       = { Name = "privatelink-consumer" }
}

resource "aws_subnet" "consumer" {
  vpc_id            = aws_vpc.consumer.id
  availability_zone = local.azs[0]
  cidr_block        = "10.50.1.0/24"
}

resource "aws_vpc_endpoint" "consumer" {
  vpc_id              = aws_vpc.consumer.id
  service_name        = aws_vpc_endpoint_service.this.service_name
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.consumer.id]
  private_dns_enabled = false
  tags                = { Name = "consumer", Phase = tostring(var.phase) }

  depends_on = [aws_vpc_endpoint_service_allowed_principal.me]
}

resource "aws_vpc_endpoint_connection_accepter" "consumer" {
  vpc_endpoint_service_id = aws_vpc_endpoint_service.this.id
  vpc_endpoint_id         = aws_vpc_endpoint.consumer.id
}
