# instances: two instances in a subnet, each with an extra network interface
# (one attached with aws_network_interface_attachment, one inline at launch),
# secondary private IPs, an elastic IP on an ENI, a key pair and a security
# group; the first with a resized, tagged root volume and a data volume.
# Phase 2 changes tags (the instance's and its root volume's), the extra
# ENI's security groups and source/dest check, and an SG rule, in place.

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

locals {
  ami = "ami-0123456789abcdef0"
}

resource "aws_vpc" "this" {
  cidr_block = "10.40.0.0/16"
  tags       = { Name = "instances" }
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_subnet" "app" {
  vpc_id            = aws_vpc.this.id
  availability_zone = data.aws_availability_zones.available.names[0]
  cidr_block        = "10.40.1.0/24"
}

resource "aws_subnet" "mgmt" {
  vpc_id            = aws_vpc.this.id
  availability_zone = data.aws_availability_zones.available.names[0]
  cidr_block        = "10.40.2.0/24"
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "app instances"
  vpc_id      = aws_vpc.this.id
  ingress {
    from_port   = var.phase == 1 ? 22 : 443
    to_port     = var.phase == 1 ? 22 : 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "mgmt" {
  name        = "mgmt"
  description = "management interfaces"
  vpc_id      = aws_vpc.this.id
}

resource "aws_key_pair" "deployer" {
  key_name   = "deployer"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB8EButlJSAMqzLdYT6NQudQMwaFlDFhLbxfCqJ+ZH2/ e2e@vpcsim"
}

resource "aws_instance" "app" {
  ami                    = local.ami
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.app.id
  private_ip             = "10.40.1.10"
  vpc_security_group_ids = [aws_security_group.app.id]
  key_name               = aws_key_pair.deployer.key_name
  tags                   = { Name = "app", Phase = tostring(var.phase) }

  # The root volume from the image's /dev/xvda, resized; its tags change
  # in phase 2 (CreateTags/DeleteTags on the volume).
  root_block_device {
    volume_size = 10
    volume_type = "gp3"
    tags        = { Name = "app-root", Phase = tostring(var.phase) }
  }

  # A data volume created at launch.
  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 5
    volume_type = "gp2"
  }
}

# An extra ENI in another subnet (same AZ), attached as eth1.
resource "aws_network_interface" "extra" {
  subnet_id         = aws_subnet.mgmt.id
  private_ips       = ["10.40.2.20", "10.40.2.21"]
  security_groups   = var.phase == 1 ? [aws_security_group.mgmt.id] : [aws_security_group.mgmt.id, aws_security_group.app.id]
  source_dest_check = var.phase == 1
  tags              = { Name = "extra", Phase = tostring(var.phase) }
}

resource "aws_network_interface_attachment" "extra" {
  instance_id          = aws_instance.app.id
  network_interface_id = aws_network_interface.extra.id
  device_index         = 1
}

resource "aws_eip" "extra" {
  domain                    = "vpc"
  network_interface         = aws_network_interface.extra.id
  associate_with_private_ip = "10.40.2.20"
  depends_on                = [aws_internet_gateway.this, aws_network_interface_attachment.extra]
}

# A second instance launched with its ENIs: eth0 created by Terraform,
# eth1 a secondary-IP-count ENI in the management subnet.
resource "aws_network_interface" "worker_eth0" {
  subnet_id       = aws_subnet.app.id
  security_groups = [aws_security_group.app.id]
  tags            = { Name = "worker-eth0" }
}

resource "aws_network_interface" "worker_eth1" {
  subnet_id         = aws_subnet.mgmt.id
  security_groups   = [aws_security_group.mgmt.id]
  private_ips_count = 1 # t3.micro: at most 2 IPv4 addresses per interface
  tags              = { Name = "worker-eth1" }
}

resource "aws_instance" "worker" {
  ami           = local.ami
  instance_type = "t3.micro"
  network_interface {
    network_interface_id = aws_network_interface.worker_eth0.id
    device_index         = 0
  }
  network_interface {
    network_interface_id = aws_network_interface.worker_eth1.id
    device_index         = 1
  }
  tags = { Name = "worker" }
}

output "app_private_ip" {
  value = aws_instance.app.private_ip
}

output "extra_public_ip" {
  value = aws_eip.extra.public_ip
}
