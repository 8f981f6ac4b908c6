# Network Insights over both kinds of connection (Reachability Analyzer
# User Guide: paths through peering connections and transit gateways).
# Each analysis fails the apply through a postcondition when the answer is
# not the one the topology implies: A reaches B over the peering
# connection; dev reaches shared through the hub; dev does not reach prod
# (isolated route tables).

resource "aws_subnet" "pcx_a" {
  vpc_id     = aws_vpc.pcx_a.id
  cidr_block = "10.60.1.0/24"
}

resource "aws_subnet" "pcx_b" {
  vpc_id     = aws_vpc.pcx_b.id
  cidr_block = "10.61.1.0/24"
}

resource "aws_security_group" "pcx_b_ssh" {
  name        = "pcx-b-ssh"
  description = "ssh from the peered VPC"
  vpc_id      = aws_vpc.pcx_b.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.pcx_a.cidr_block]
  }
}

resource "aws_network_interface" "pcx_a" {
  subnet_id = aws_subnet.pcx_a.id
}

resource "aws_network_interface" "pcx_b" {
  subnet_id       = aws_subnet.pcx_b.id
  security_groups = [aws_security_group.pcx_b_ssh.id]
}

resource "aws_security_group" "tgw_https" {
  for_each    = local.tgw_vpcs
  name        = "tgw-https-${each.key}"
  description = "https from the other spokes"
  vpc_id      = aws_vpc.tgw[each.key].id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.64.0.0/11"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_network_interface" "tgw" {
  for_each        = local.tgw_vpcs
  subnet_id       = aws_subnet.tgw[each.key].id
  security_groups = [aws_security_group.tgw_https[each.key].id]
}

locals {
  insights_paths = {
    pcx_a_to_b        = { src = aws_network_interface.pcx_a.id, dst = aws_network_interface.pcx_b.id, port = 22, found = true }
    tgw_dev_to_shared = { src = aws_network_interface.tgw["dev"].id, dst = aws_network_interface.tgw["shared"].id, port = 443, found = true }
    tgw_dev_to_prod   = { src = aws_network_interface.tgw["dev"].id, dst = aws_network_interface.tgw["prod"].id, port = 443, found = false }
  }
}

resource "aws_ec2_network_insights_path" "connect" {
  for_each         = local.insights_paths
  source           = each.value.src
  destination      = each.value.dst
  protocol         = "tcp"
  destination_port = each.value.port
  tags             = { Name = each.key }
}

resource "aws_ec2_network_insights_analysis" "connect" {
  for_each                 = local.insights_paths
  network_insights_path_id = aws_ec2_network_insights_path.connect[each.key].id
  wait_for_completion      = true
  depends_on = [
    aws_route.a_to_b, aws_route.b_to_a, aws_route.to_hub,
    aws_ec2_transit_gateway_route_table_association.dev,
    aws_ec2_transit_gateway_route_table_association.prod,
    aws_ec2_transit_gateway_route_table_association.shared,
    aws_ec2_transit_gateway_route_table_propagation.shared_to_spokes,
    aws_ec2_transit_gateway_route_table_propagation.spokes_to_shared,
  ]
  lifecycle {
    postcondition {
      condition     = self.path_found == local.insights_paths[each.key].found
      error_message = "Network Insights ${each.key}: path_found is ${self.path_found}, want ${local.insights_paths[each.key].found}"
    }
  }
}
