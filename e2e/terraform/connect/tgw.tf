# Hub and spoke through a transit gateway (Transit Gateway Guide,
# "Isolated VPCs with shared services"): default association and
# propagation disabled; dev and prod associate with the "spokes" table,
# shared with the "shared" table; dev and prod propagate to "shared",
# shared propagates to "spokes": dev and prod reach shared, not each
# other. A blackhole static route drops 10.99.0.0/16 from the spokes.
# Phase 2 changes tags and an attachment option in place.

locals {
  tgw_vpcs = {
    dev    = "10.70.0.0/16"
    prod   = "10.71.0.0/16"
    shared = "10.72.0.0/16"
  }
}

resource "aws_ec2_transit_gateway" "hub" {
  description                     = "hub"
  default_route_table_association = "disable"
  default_route_table_propagation = "disable"
  tags = {
    Name  = "hub"
    Phase = tostring(var.phase)
  }
}

resource "aws_vpc" "tgw" {
  for_each   = local.tgw_vpcs
  cidr_block = each.value
  tags       = { Name = "tgw-${each.key}" }
}

resource "aws_subnet" "tgw" {
  for_each          = local.tgw_vpcs
  vpc_id            = aws_vpc.tgw[each.key].id
  cidr_block        = cidrsubnet(each.value, 8, 1)
  availability_zone = "us-east-1a"
}

resource "aws_ec2_transit_gateway_vpc_attachment" "tgw" {
  for_each                                        = local.tgw_vpcs
  transit_gateway_id                              = aws_ec2_transit_gateway.hub.id
  vpc_id                                          = aws_vpc.tgw[each.key].id
  subnet_ids                                      = [aws_subnet.tgw[each.key].id]
  transit_gateway_default_route_table_association = false
  transit_gateway_default_route_table_propagation = false
  appliance_mode_support                          = each.key == "shared" && var.phase == 2 ? "enable" : "disable"
  tags                                            = { Name = "tgw-${each.key}" }
}

resource "aws_ec2_transit_gateway_route_table" "spokes" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  tags               = { Name = "spokes", Phase = tostring(var.phase) }
}

resource "aws_ec2_transit_gateway_route_table" "shared" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  tags               = { Name = "shared" }
}

resource "aws_ec2_transit_gateway_route_table_association" "dev" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.tgw["dev"].id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.spokes.id
}

resource "aws_ec2_transit_gateway_route_table_association" "prod" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.tgw["prod"].id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.spokes.id
}

resource "aws_ec2_transit_gateway_route_table_association" "shared" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.tgw["shared"].id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.shared.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "shared_to_spokes" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.tgw["shared"].id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.spokes.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "spokes_to_shared" {
  for_each                       = toset(["dev", "prod"])
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.tgw[each.key].id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.shared.id
}

resource "aws_ec2_transit_gateway_route" "blackhole" {
  destination_cidr_block         = "10.99.0.0/16"
  blackhole                      = true
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.spokes.id
}

# VPC routes to the gateway: every VPC sends 10.64.0.0/11 (the three VPCs)
# to the hub once its attachment exists.
resource "aws_route" "to_hub" {
  for_each               = local.tgw_vpcs
  route_table_id         = aws_vpc.tgw[each.key].main_route_table_id
  destination_cidr_block = "10.64.0.0/11"
  transit_gateway_id     = aws_ec2_transit_gateway.hub.id
  depends_on             = [aws_ec2_transit_gateway_vpc_attachment.tgw]
}
