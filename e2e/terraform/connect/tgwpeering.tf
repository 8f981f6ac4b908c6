# Transit gateway peering between two Regions (Transit Gateway Guide,
# tgw-peering.md): the hub in us-east-1 requests a peering attachment to a
# gateway in us-west-2, which accepts it; peering attachments carry static
# routes only, so the hub's "shared" table routes the western range to
# it. Each side tags the attachment in its own Region (tags on an
# attachment apply only where they were created); phase 2 changes the
# accepter's tags in place.

resource "aws_ec2_transit_gateway" "west" {
  provider        = aws.west
  description     = "west"
  amazon_side_asn = 64600
  tags            = { Name = "west" }
}

resource "aws_ec2_transit_gateway_peering_attachment" "hub_west" {
  transit_gateway_id      = aws_ec2_transit_gateway.hub.id
  peer_transit_gateway_id = aws_ec2_transit_gateway.west.id
  peer_region             = "us-west-2"
  tags                    = { Name = "hub-to-west", Side = "requester" }
}

resource "aws_ec2_transit_gateway_peering_attachment_accepter" "hub_west" {
  provider                      = aws.west
  transit_gateway_attachment_id = aws_ec2_transit_gateway_peering_attachment.hub_west.id
  tags = {
    Name  = "west-from-hub"
    Phase = tostring(var.phase)
  }
}

resource "aws_ec2_transit_gateway_route" "to_west" {
  destination_cidr_block         = "10.80.0.0/16"
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_peering_attachment_accepter.hub_west.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.shared.id
}
