# VPC peering (VPC Peering Guide): A-B in one account with auto_accept and
# DNS resolution options; A-P with another account (accepted by aws.peer);
# A-W with another Region (accepted by aws.west); routes to each connection
# in both VPCs; a rule in A referencing P's group ("account/sg-id").

resource "aws_vpc" "pcx_a" {
  cidr_block           = "10.60.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = "pcx-a" }
}

resource "aws_vpc" "pcx_b" {
  cidr_block           = "10.61.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = "pcx-b" }
}

resource "aws_vpc" "pcx_peer" {
  provider   = aws.peer
  cidr_block = "10.62.0.0/16"
  tags       = { Name = "pcx-peer" }
}

resource "aws_vpc" "pcx_west" {
  provider   = aws.west
  cidr_block = "10.63.0.0/16"
  tags       = { Name = "pcx-west" }
}

# Same account, same Region.
resource "aws_vpc_peering_connection" "same" {
  vpc_id      = aws_vpc.pcx_a.id
  peer_vpc_id = aws_vpc.pcx_b.id
  auto_accept = true
  tags        = { Name = "a-b", Phase = tostring(var.phase) }
}

resource "aws_vpc_peering_connection_options" "same" {
  vpc_peering_connection_id = aws_vpc_peering_connection.same.id
  requester {
    allow_remote_vpc_dns_resolution = true
  }
  accepter {
    allow_remote_vpc_dns_resolution = var.phase == 2
  }
}

# Another account.
resource "aws_vpc_peering_connection" "cross_account" {
  vpc_id        = aws_vpc.pcx_a.id
  peer_vpc_id   = aws_vpc.pcx_peer.id
  peer_owner_id = "222222222222"
  tags          = { Name = "a-peer", Side = "requester" }
}

resource "aws_vpc_peering_connection_accepter" "cross_account" {
  provider                  = aws.peer
  vpc_peering_connection_id = aws_vpc_peering_connection.cross_account.id
  auto_accept               = true
  tags                      = { Side = "accepter", Phase = tostring(var.phase) }
}

# Another Region (auto_accept is not allowed with peer_region).
resource "aws_vpc_peering_connection" "cross_region" {
  vpc_id      = aws_vpc.pcx_a.id
  peer_vpc_id = aws_vpc.pcx_west.id
  peer_region = "us-west-2"
  tags        = { Name = "a-west" }
}

resource "aws_vpc_peering_connection_accepter" "cross_region" {
  provider                  = aws.west
  vpc_peering_connection_id = aws_vpc_peering_connection.cross_region.id
  auto_accept               = true
}

# Routes in both VPCs of each connection.
resource "aws_route" "a_to_b" {
  route_table_id            = aws_vpc.pcx_a.main_route_table_id
  destination_cidr_block    = aws_vpc.pcx_b.cidr_block
  vpc_peering_connection_id = aws_vpc_peering_connection.same.id
}

resource "aws_route" "b_to_a" {
  route_table_id            = aws_vpc.pcx_b.main_route_table_id
  destination_cidr_block    = aws_vpc.pcx_a.cidr_block
  vpc_peering_connection_id = aws_vpc_peering_connection.same.id
}

resource "aws_route" "a_to_peer" {
  route_table_id            = aws_vpc.pcx_a.main_route_table_id
  destination_cidr_block    = aws_vpc.pcx_peer.cidr_block
  vpc_peering_connection_id = aws_vpc_peering_connection_accepter.cross_account.id
}

resource "aws_route" "peer_to_a" {
  provider                  = aws.peer
  route_table_id            = aws_vpc.pcx_peer.main_route_table_id
  destination_cidr_block    = aws_vpc.pcx_a.cidr_block
  vpc_peering_connection_id = aws_vpc_peering_connection_accepter.cross_account.id
}

resource "aws_route" "west_to_a" {
  provider                  = aws.west
  route_table_id            = aws_vpc.pcx_west.main_route_table_id
  destination_cidr_block    = aws_vpc.pcx_a.cidr_block
  vpc_peering_connection_id = aws_vpc_peering_connection_accepter.cross_region.id
}

# A rule referencing the peer account's group over the active connection.
resource "aws_security_group" "pcx_db" {
  provider    = aws.peer
  name        = "pcx-db"
  description = "database in the peer account"
  vpc_id      = aws_vpc.pcx_peer.id
}

resource "aws_security_group" "pcx_app" {
  name        = "pcx-app"
  description = "app in the requester account"
  vpc_id      = aws_vpc.pcx_a.id
}

resource "aws_vpc_security_group_egress_rule" "app_to_peer_db" {
  security_group_id            = aws_security_group.pcx_app.id
  referenced_security_group_id = "222222222222/${aws_security_group.pcx_db.id}"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  depends_on                   = [aws_vpc_peering_connection_accepter.cross_account]
}
