# security: two security groups that reference each other (inline rules on
# one, aws_vpc_security_group_ingress_rule/egress_rule resources and a
# legacy aws_security_group_rule on the other), a customer-managed prefix
# list used by a rule, and a custom network ACL with ephemeral-port rules
# (inline and aws_network_acl_rule), associated with two subnets.
# Phase 2 changes a rule's port, tags, an inline NACL rule and adds a
# prefix-list entry, all in place.

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
  region     = "us-east-1"
  access_key = "test"
  secret_key = "test"
  endpoints {
    ec2 = var.endpoint
    sts = var.endpoint
  }
}

data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_vpc" "this" {
  cidr_block                       = "10.30.0.0/16"
  assign_generated_ipv6_cidr_block = true
  tags                             = { Name = "security" }
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.this.id
  availability_zone = data.aws_availability_zones.available.names[0]
  cidr_block        = "10.30.1.0/24"
  ipv6_cidr_block   = cidrsubnet(aws_vpc.this.ipv6_cidr_block, 8, 1)
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.this.id
  availability_zone = data.aws_availability_zones.available.names[1]
  cidr_block        = "10.30.2.0/24"
}

resource "aws_ec2_managed_prefix_list" "office" {
  name           = "office"
  address_family = "IPv4"
  max_entries    = 5
  entry {
    cidr        = "203.0.113.0/24"
    description = "hq"
  }
  dynamic "entry" {
    for_each = var.phase == 2 ? ["198.51.100.0/24"] : []
    content {
      cidr        = entry.value
      description = "branch"
    }
  }
  tags = { Phase = tostring(var.phase) }
}

# web: inline ingress rules (from anywhere, IPv6, the office prefix list,
# ICMP); its egress to the app group is a separate rule resource below.
resource "aws_security_group" "web" {
  name        = "web"
  description = "web tier"
  vpc_id      = aws_vpc.this.id

  ingress {
    description = "https"
    from_port   = var.phase == 1 ? 443 : 8443
    to_port     = var.phase == 1 ? 443 : 8443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    description      = "http v6"
    from_port        = 80
    to_port          = 80
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
  ingress {
    description     = "ssh from the office"
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    prefix_list_ids = [aws_ec2_managed_prefix_list.office.id]
  }
  ingress {
    description = "icmp echo"
    from_port   = 8
    to_port     = 0
    protocol    = "icmp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  # No inline egress: web's egress is managed by aws_security_group_rule
  # below (mixing inline and separate rules on one group is unsupported).
  tags = { Name = "web", Phase = tostring(var.phase) }
}

# app: no inline rules; the rule resources below reference web, and web's
# rules reference app, so the groups reference each other.
resource "aws_security_group" "app" {
  name        = "app"
  description = "app tier"
  vpc_id      = aws_vpc.this.id
  tags        = { Name = "app" }
}

resource "aws_vpc_security_group_ingress_rule" "app_from_web" {
  security_group_id            = aws_security_group.app.id
  referenced_security_group_id = aws_security_group.web.id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  description                  = var.phase == 1 ? "from web" : "from the web tier"
  tags                         = { Phase = tostring(var.phase) }
}

resource "aws_vpc_security_group_ingress_rule" "app_self" {
  security_group_id            = aws_security_group.app.id
  referenced_security_group_id = aws_security_group.app.id
  ip_protocol                  = "-1"
}

resource "aws_vpc_security_group_egress_rule" "app_all" {
  security_group_id = aws_security_group.app.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_vpc_security_group_egress_rule" "app_v6" {
  security_group_id = aws_security_group.app.id
  cidr_ipv6         = "::/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

# The back reference: web may reach app on 8080 (legacy rule resource).
resource "aws_security_group_rule" "web_to_app" {
  type                     = "egress"
  security_group_id        = aws_security_group.web.id
  source_security_group_id = aws_security_group.app.id
  protocol                 = "tcp"
  from_port                = 8080
  to_port                  = 8080
}

resource "aws_network_acl" "public" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = [aws_subnet.a.id, aws_subnet.b.id]

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "0.0.0.0/0"
    from_port  = var.phase == 1 ? 443 : 8443
    to_port    = var.phase == 1 ? 443 : 8443
  }
  ingress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "0.0.0.0/0"
    from_port  = 1024
    to_port    = 65535
  }
  ingress {
    rule_no         = 120
    action          = "allow"
    protocol        = "tcp"
    ipv6_cidr_block = "::/0"
    from_port       = 1024
    to_port         = 65535
  }
  ingress {
    rule_no    = 130
    action     = "allow"
    protocol   = "icmp"
    cidr_block = "10.0.0.0/8"
    icmp_type  = 8
    icmp_code  = -1
    from_port  = 0
    to_port    = 0
  }
  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
  tags = { Name = "public", Phase = tostring(var.phase) }
}

resource "aws_network_acl" "private" {
  vpc_id = aws_vpc.this.id
  tags   = { Name = "private" }
}

resource "aws_network_acl_rule" "private_ephemeral_in" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "10.30.0.0/16"
  from_port      = 1024
  to_port        = 65535
}

resource "aws_network_acl_rule" "private_deny_ssh" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 90
  egress         = false
  protocol       = "6"
  rule_action    = "deny"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}

resource "aws_network_acl_rule" "private_ephemeral_out" {
  network_acl_id  = aws_network_acl.private.id
  rule_number     = 100
  egress          = true
  protocol        = "tcp"
  rule_action     = "allow"
  ipv6_cidr_block = "::/0"
  from_port       = 1024
  to_port         = 65535
}

resource "aws_network_acl_rule" "private_icmp_out" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 110
  egress         = true
  protocol       = "icmp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  icmp_type      = -1
  icmp_code      = -1
}
