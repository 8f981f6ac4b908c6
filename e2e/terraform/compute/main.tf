# compute: a launch template with versions, an instance, an EBS volume
# attached to it, and an explicit subnet CIDR reservation. Phase 2 changes
# the template's instance type (a new default version), the volume's size
# (ModifyVolume) and tags, in place.

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

data "aws_availability_zones" "compute" {
  state = "available"
}

resource "aws_vpc" "compute" {
  cidr_block = "10.77.0.0/16"
  tags       = { Name = "compute" }
}

resource "aws_subnet" "compute" {
  vpc_id            = aws_vpc.compute.id
  availability_zone = data.aws_availability_zones.compute.names[0]
  cidr_block        = "10.77.1.0/24"
}

resource "aws_ec2_subnet_cidr_reservation" "appliances" {
  subnet_id        = aws_subnet.compute.id
  cidr_block       = "10.77.1.64/28"
  reservation_type = "explicit"
  description      = "appliances"
}

resource "aws_launch_template" "web" {
  name                   = "compute-web"
  description            = "web servers"
  image_id               = "ami-0123456789abcdef0"
  instance_type          = var.phase == 1 ? "t3.micro" : "t3.small"
  update_default_version = true

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }

  block_device_mappings {
    device_name = "/dev/sdf"
    ebs {
      volume_size = 4
      volume_type = "gp3"
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = { Role = "web" }
  }

  tags = { Name = "compute-web" }
}

resource "aws_instance" "compute" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.compute.id
  tags          = { Name = "compute" }
}

resource "aws_ebs_volume" "data" {
  availability_zone = aws_subnet.compute.availability_zone
  size              = var.phase == 1 ? 8 : 10
  type              = "gp3"
  tags              = { Name = "compute-data", Phase = tostring(var.phase) }
}

resource "aws_volume_attachment" "data" {
  device_name = "/dev/sdh"
  volume_id   = aws_ebs_volume.data.id
  instance_id = aws_instance.compute.id
}
