# The hub transit gateway shared with the peer account through AWS RAM
# (Transit Gateway Guide, "Transit gateway sharing considerations"; RAM
# User Guide, "Accepting and rejecting resource share invitations"):
# sharing with AWS Organizations is not enabled, so the peer account gets
# an invitation it accepts; it then attaches its own VPC, and the owner
# accepts the cross-account attachment (the gateway does not auto-accept
# shared attachments) and associates it with its "spokes" table.
# Each account tags the attachment in its own account (tags on an
# attachment are per account): the attacher on the attachment, the
# gateway owner on the accepter. Phase 2 changes the share's tags and the
# owner's tags in place; the attacher's tags must not move.

resource "aws_ram_resource_share" "hub" {
  name                      = "hub-share"
  allow_external_principals = true
  tags                      = { Phase = tostring(var.phase) }
}

resource "aws_ram_resource_association" "hub" {
  resource_arn       = aws_ec2_transit_gateway.hub.arn
  resource_share_arn = aws_ram_resource_share.hub.arn
}

resource "aws_ram_principal_association" "peer" {
  principal          = "222222222222"
  resource_share_arn = aws_ram_resource_share.hub.arn
}

resource "aws_ram_resource_share_accepter" "peer" {
  provider   = aws.peer
  share_arn  = aws_ram_principal_association.peer.resource_share_arn
  depends_on = [aws_ram_resource_association.hub]
}

resource "aws_vpc" "shared_spoke" {
  provider   = aws.peer
  cidr_block = "10.73.0.0/16"
  tags       = { Name = "tgw-peer-account" }
}

resource "aws_subnet" "shared_spoke" {
  provider          = aws.peer
  vpc_id            = aws_vpc.shared_spoke.id
  cidr_block        = "10.73.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_ec2_transit_gateway_vpc_attachment" "peer" {
  provider           = aws.peer
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.shared_spoke.id
  subnet_ids         = [aws_subnet.shared_spoke.id]
  depends_on         = [aws_ram_resource_share_accepter.peer]
  tags               = { Name = "to-shared-hub", Side = "attacher" }
}

resource "aws_ec2_transit_gateway_vpc_attachment_accepter" "peer" {
  transit_gateway_attachment_id                   = aws_ec2_transit_gateway_vpc_attachment.peer.id
  transit_gateway_default_route_table_association = false
  transit_gateway_default_route_table_propagation = false
  tags = {
    Name  = "spoke-of-account-222222222222"
    Phase = tostring(var.phase)
  }
}

resource "aws_ec2_transit_gateway_route_table_association" "peer" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment_accepter.peer.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.spokes.id
}
