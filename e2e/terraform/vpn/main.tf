# vpn: Site-to-Site VPN. A virtual private gateway attached to a VPC with
# route propagation, two customer gateways, a static-routes-only VPN
# connection with static routes and explicit tunnel options, a BGP one,
# and a VPN connection on a transit gateway. Phase 2 changes tags in
# place.

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
    ec2 = var.endpoint
    sts = var.endpoint
  }
}

locals {
  env = var.phase == 1 ? "dev" : "prod"
}

resource "aws_vpc" "main" {
  cidr_block = "10.60.0.0/16"
  tags       = { Name = "vpn" }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_vpn_gateway" "vgw" {
  amazon_side_asn = 64620
  tags            = { Name = "vgw" }
}

resource "aws_vpn_gateway_attachment" "vgw" {
  vpc_id         = aws_vpc.main.id
  vpn_gateway_id = aws_vpn_gateway.vgw.id
}

resource "aws_vpn_gateway_route_propagation" "private" {
  vpn_gateway_id = aws_vpn_gateway_attachment.vgw.vpn_gateway_id
  route_table_id = aws_route_table.private.id
}

resource "aws_customer_gateway" "office" {
  bgp_asn     = 65010
  ip_address  = "198.51.100.20"
  type        = "ipsec.1"
  device_name = "office-edge"
  tags        = { Name = "office", Env = local.env }
}

resource "aws_customer_gateway" "branch" {
  bgp_asn    = 65020
  ip_address = "203.0.113.20"
  type       = "ipsec.1"
  tags       = { Name = "branch" }
}

resource "aws_vpn_connection" "static" {
  vpn_gateway_id                       = aws_vpn_gateway.vgw.id
  customer_gateway_id                  = aws_customer_gateway.office.id
  type                                 = "ipsec.1"
  static_routes_only                   = true
  tunnel1_inside_cidr                  = "169.254.60.0/30"
  tunnel1_preshared_key                = "office_tunnel.one"
  tunnel1_ike_versions                 = ["ikev2"]
  tunnel2_dpd_timeout_action           = "restart"
  tunnel2_phase1_encryption_algorithms = ["AES256"]
  tags                                 = { Name = "static", Env = local.env }
}

resource "aws_vpn_connection_route" "office" {
  vpn_connection_id      = aws_vpn_connection.static.id
  destination_cidr_block = "192.168.10.0/24"
}

resource "aws_vpn_connection" "bgp" {
  vpn_gateway_id      = aws_vpn_gateway.vgw.id
  customer_gateway_id = aws_customer_gateway.branch.id
  type                = "ipsec.1"
  tags                = { Name = "bgp" }
}

resource "aws_ec2_transit_gateway" "hub" {
  tags = { Name = "hub" }
}

resource "aws_vpn_connection" "tgw" {
  transit_gateway_id  = aws_ec2_transit_gateway.hub.id
  customer_gateway_id = aws_customer_gateway.branch.id
  type                = "ipsec.1"
  tags                = { Name = "tgw", Env = local.env }
}

output "tunnel1_address" {
  value = aws_vpn_connection.static.tunnel1_address
}

output "tgw_attachment" {
  value = aws_vpn_connection.tgw.transit_gateway_attachment_id
}
