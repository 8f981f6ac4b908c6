# A cross-account Direct Connect gateway association [DX
# multi-account-associate-vgw.md]: the Direct Connect gateway belongs to
# 111111111111, the virtual private gateway (attached to a VPC) to the
# peer account 222222222222, which proposes the association; the Direct
# Connect gateway's owner accepts it with aws_dx_gateway_association
# (proposal_id, associated_gateway_owner_account_id). Phase 2 leaves
# these resources unchanged: the provider replaces a proposal whose
# allowed prefixes change.

resource "aws_dx_gateway" "cross" {
  name            = "connect-cross-account"
  amazon_side_asn = "64700"
}

resource "aws_vpc" "dx_peer" {
  provider   = aws.peer
  cidr_block = "10.120.0.0/16"
  tags       = { Name = "dx-peer" }
}

resource "aws_vpn_gateway" "dx_peer" {
  provider = aws.peer
  vpc_id   = aws_vpc.dx_peer.id
  tags     = { Name = "dx-peer" }
}

data "aws_caller_identity" "dx_peer" {
  provider = aws.peer
}

resource "aws_dx_gateway_association_proposal" "cross" {
  provider                    = aws.peer
  dx_gateway_id               = aws_dx_gateway.cross.id
  dx_gateway_owner_account_id = aws_dx_gateway.cross.owner_account_id
  associated_gateway_id       = aws_vpn_gateway.dx_peer.id
  allowed_prefixes            = ["10.120.0.0/16"]
}

resource "aws_dx_gateway_association" "cross" {
  dx_gateway_id                       = aws_dx_gateway.cross.id
  proposal_id                         = aws_dx_gateway_association_proposal.cross.id
  associated_gateway_owner_account_id = data.aws_caller_identity.dx_peer.account_id
}
