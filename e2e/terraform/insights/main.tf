# insights: Reachability Analyzer through Terraform. A public instance
# (Elastic IP, group allowing tcp/443 from anywhere) behind an attached
# internet gateway, and a private instance whose group has no inbound rule.
# Two paths are analysed with wait_for_completion: internet gateway -> web
# on 443 (reachable) and web -> db on 5432 (blocked by db's group).

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

locals {
  ami = "ami-0123456789abcdef0"
}

resource "aws_vpc" "this" {
  cidr_block = "10.50.0.0/16"
  tags       = { Name = "insights" }
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.this.id
  cidr_block = "10.50.1.0/24"
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.this.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = aws_vpc.this.id
}

resource "aws_instance" "web" {
  ami                    = local.ami
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.public.id
  vpc_security_group_ids = [aws_security_group.web.id]
  tags                   = { Name = "web" }
}

resource "aws_eip" "web" {
  domain   = "vpc"
  instance = aws_instance.web.id
}

resource "aws_instance" "db" {
  ami                    = local.ami
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.public.id
  vpc_security_group_ids = [aws_security_group.db.id]
  tags                   = { Name = "db" }
}

resource "aws_ec2_network_insights_path" "internet_to_web" {
  source           = aws_internet_gateway.this.id
  destination      = aws_instance.web.id
  protocol         = "tcp"
  destination_port = 443
  tags             = { Name = "internet-to-web", Phase = tostring(var.phase) }
}

resource "aws_ec2_network_insights_path" "web_to_db" {
  source           = aws_instance.web.id
  destination      = aws_instance.db.id
  protocol         = "tcp"
  destination_port = 5432
  tags             = { Name = "web-to-db" }
}

resource "aws_ec2_network_insights_analysis" "internet_to_web" {
  network_insights_path_id = aws_ec2_network_insights_path.internet_to_web.id
  wait_for_completion      = true
  # The EIP must be associated before the analysis runs.
  depends_on = [aws_eip.web, aws_route_table_association.public]
}

resource "aws_ec2_network_insights_analysis" "web_to_db" {
  network_insights_path_id = aws_ec2_network_insights_path.web_to_db.id
  wait_for_completion      = true
  depends_on               = [aws_eip.web, aws_route_table_association.public]
}

output "internet_to_web_found" {
  value = aws_ec2_network_insights_analysis.internet_to_web.path_found
}

output "web_to_db_found" {
  value = aws_ec2_network_insights_analysis.web_to_db.path_found
}

output "web_to_db_codes" {
  value = [for e in aws_ec2_network_insights_analysis.web_to_db.explanations : e.explanation_code]
}

output "internet_to_web_forward" {
  value = [for c in aws_ec2_network_insights_analysis.internet_to_web.forward_path_components : c.component[0].id]
}
