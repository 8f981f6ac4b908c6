# directconnect: AWS Direct Connect end to end. A dedicated connection and a
# LAG at EqDC2 (us-east-1); a private virtual interface to one Direct
# Connect gateway, which is associated with a virtual private gateway
# attached to a VPC; a transit virtual interface (jumbo MTU 8500) to a
# second Direct Connect gateway, associated with a transit gateway with
# allowed prefixes. A Direct Connect gateway cannot take both kinds
# (Direct Connect User Guide, "Transit gateway associations"), hence two.
# Phase 2 changes tags in place and adds an allowed prefix.

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
    ec2           = var.endpoint
    sts           = var.endpoint
    directconnect = var.endpoint
  }
}

locals {
  tags = { Scenario = "directconnect", Phase = var.phase == 1 ? "one" : "two" }
}

resource "aws_vpc" "app" {
  cidr_block = "10.30.0.0/16"
}

resource "aws_vpn_gateway" "app" {
  vpc_id          = aws_vpc.app.id
  amazon_side_asn = 64620
}

resource "aws_ec2_transit_gateway" "hub" {
  description = "dx hub"
}

resource "aws_dx_connection" "main" {
  name      = "dx-main"
  bandwidth = "10Gbps"
  location  = "EqDC2"
  tags      = local.tags
}

resource "aws_dx_lag" "lag" {
  name                  = "dx-lag"
  connections_bandwidth = "10Gbps"
  location              = "EqDC2"
  force_destroy         = true
  tags                  = local.tags
}

resource "aws_dx_gateway" "private" {
  name            = "dx-private"
  amazon_side_asn = "64610"
}

resource "aws_dx_gateway" "transit" {
  name            = "dx-transit"
  amazon_side_asn = "64611"
}

resource "aws_dx_private_virtual_interface" "private" {
  connection_id  = aws_dx_connection.main.id
  dx_gateway_id  = aws_dx_gateway.private.id
  name           = "vif-private"
  vlan           = 100
  address_family = "ipv4"
  bgp_asn        = 65000
  # What the on-premises router advertises (docs/onprem.md): Direct Connect
  # BGP routes, propagated through the virtual private gateway.
  tags = merge(local.tags, { "vpcsim:bgp" = "172.29.0.0/16 as-path=65000 + 172.28.1.0/24" })
}

# The VPC's main route table shows the interface's routes (origin
# EnableVgwRoutePropagation); the provider ignores propagated routes.
resource "aws_vpn_gateway_route_propagation" "app" {
  vpn_gateway_id = aws_vpn_gateway.app.id
  route_table_id = aws_vpc.app.main_route_table_id
}

resource "aws_dx_transit_virtual_interface" "transit" {
  connection_id  = aws_dx_connection.main.id
  dx_gateway_id  = aws_dx_gateway.transit.id
  name           = "vif-transit"
  vlan           = 200
  address_family = "ipv4"
  bgp_asn        = 65000
  mtu            = 8500
  tags           = local.tags
}

resource "aws_dx_gateway_association" "vgw" {
  dx_gateway_id         = aws_dx_gateway.private.id
  associated_gateway_id = aws_vpn_gateway.app.id
}

resource "aws_dx_gateway_association" "tgw" {
  dx_gateway_id         = aws_dx_gateway.transit.id
  associated_gateway_id = aws_ec2_transit_gateway.hub.id
  allowed_prefixes      = var.phase == 1 ? ["10.40.0.0/16"] : ["10.40.0.0/16", "10.41.0.0/16"]
}

output "vgw_allowed_prefixes" {
  value = aws_dx_gateway_association.vgw.allowed_prefixes
}
