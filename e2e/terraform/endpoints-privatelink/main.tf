# endpoints-privatelink: a PrivateLink endpoint service [PrivateLink guide
# create-endpoint-service.md, add-endpoint-service-permissions.md] on an
# internal Network Load Balancer in a provider VPC, an allowed principal
# (the caller's account), and a consumer interface endpoint from a second
# VPC with the same CIDR (overlapping CIDRs are allowed), accepted by
# aws_vpc_endpoint_connection_accepter.
# It also inspects an application VPC's internet traffic through a Gateway
# Load Balancer [VPC-UG gwlb-route.md; PrivateLink guide
# vpc-endpoint-services-gwlbe.md, vpce-gateway-load-balancer.md]: a
# Gateway Load Balancer with a GENEVE target group and listener in an
# inspection VPC, its endpoint service, a Gateway Load Balancer endpoint in
# the application VPC, and the three route tables of the guide (the internet
# gateway's edge-associated table, the application subnet's and the
# endpoint subnet's).
# Phase 2 turns acceptance off and changes the consumer endpoint's and the
# Gateway Load Balancer endpoint service's tags in place.

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

# The NLB's security group admits the consumers' addresses; phase 1 turns
# its evaluation for PrivateLink traffic off, phase 2 back on (in place,
# through SetSecurityGroups).
resource "aws_security_group" "nlb" {
  name        = "privatelink-nlb"
  description = "PrivateLink NLB"
  vpc_id      = aws_vpc.provider.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.50.0.0/16"]
  }
}

resource "aws_lb" "nlb" {
  name                                                         = "privatelink"
  internal                                                     = true
  load_balancer_type                                           = "network"
  subnets                                                      = aws_subnet.provider[*].id
  security_groups                                              = [aws_security_group.nlb.id]
  enforce_security_group_inbound_rules_on_private_link_traffic = var.phase == 1 ? "off" : "on"
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

# Gateway Load Balancer inspection (gwlb-route.md).

resource "aws_vpc" "inspection" {
  cidr_block = "10.60.0.0/16"
  tags       = { Name = "gwlb-inspection" }
}

resource "aws_subnet" "inspection" {
  vpc_id            = aws_vpc.inspection.id
  availability_zone = local.azs[0]
  cidr_block        = "10.60.0.0/24"
}

resource "aws_lb" "gwlb" {
  name               = "inspection"
  load_balancer_type = "gateway"
  subnets            = [aws_subnet.inspection.id]
}

resource "aws_lb_target_group" "appliances" {
  name     = "appliances"
  protocol = "GENEVE"
  port     = 6081
  vpc_id   = aws_vpc.inspection.id

  health_check {
    protocol = "TCP"
    port     = 80
  }
}

resource "aws_lb_listener" "gwlb" {
  load_balancer_arn = aws_lb.gwlb.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.appliances.arn
  }
}

resource "aws_vpc_endpoint_service" "gwlb" {
  acceptance_required        = false
  gateway_load_balancer_arns = [aws_lb.gwlb.arn]
  tags                       = { Name = "gwlb", Phase = tostring(var.phase) }
}

resource "aws_vpc" "app" {
  cidr_block = "10.70.0.0/16"
  tags       = { Name = "gwlb-app" }
}

resource "aws_internet_gateway" "app" {
  vpc_id = aws_vpc.app.id
}

resource "aws_subnet" "gwlbe" {
  vpc_id            = aws_vpc.app.id
  availability_zone = local.azs[0]
  cidr_block        = "10.70.0.0/28"
}

resource "aws_subnet" "app" {
  vpc_id            = aws_vpc.app.id
  availability_zone = local.azs[0]
  cidr_block        = "10.70.1.0/24"
}

resource "aws_vpc_endpoint" "gwlbe" {
  vpc_id            = aws_vpc.app.id
  service_name      = aws_vpc_endpoint_service.gwlb.service_name
  vpc_endpoint_type = "GatewayLoadBalancer"
  subnet_ids        = [aws_subnet.gwlbe.id]
  tags              = { Name = "gwlbe" }
}

resource "aws_route_table" "edge" {
  vpc_id = aws_vpc.app.id
  tags   = { Name = "gwlb-edge" }
}

resource "aws_route" "edge_to_gwlbe" {
  route_table_id         = aws_route_table.edge.id
  destination_cidr_block = aws_subnet.app.cidr_block
  vpc_endpoint_id        = aws_vpc_endpoint.gwlbe.id
}

resource "aws_route_table_association" "edge" {
  gateway_id     = aws_internet_gateway.app.id
  route_table_id = aws_route_table.edge.id
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.app.id
  tags   = { Name = "gwlb-app" }
}

resource "aws_route" "app_to_gwlbe" {
  route_table_id         = aws_route_table.app.id
  destination_cidr_block = "0.0.0.0/0"
  vpc_endpoint_id        = aws_vpc_endpoint.gwlbe.id
}

resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.app.id
}

resource "aws_route_table" "gwlbe" {
  vpc_id = aws_vpc.app.id
  tags   = { Name = "gwlb-endpoint" }

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.app.id
  }
}

resource "aws_route_table_association" "gwlbe" {
  subnet_id      = aws_subnet.gwlbe.id
  route_table_id = aws_route_table.gwlbe.id
}
