# connect: VPCs connected across accounts and Regions. This file holds what
# the scenario's parts share: the variables, the provider and its aliases.
# peering.tf peers VPCs (same account with auto_accept, cross-account and
# cross-Region with aws_vpc_peering_connection_accepter, routes, DNS
# options, a rule referencing the peer account's group); tgw.tf connects
# VPCs through a transit gateway. Phase 2 changes tags and options in place.
#
# The access key selects the account (a 12-digit key is that account).
# Keep the provider names stable: both files use them.

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

# Account 111111111111 in us-east-1: the requester side.
provider "aws" {
  region                  = "us-east-1"
  access_key              = "111111111111"
  secret_key              = "test"
  skip_metadata_api_check = true
  endpoints {
    ec2           = var.endpoint
    ram           = var.endpoint
    sts           = var.endpoint
    directconnect = var.endpoint
  }
}

# Account 222222222222 in us-east-1: the peer account.
provider "aws" {
  alias                   = "peer"
  region                  = "us-east-1"
  access_key              = "222222222222"
  secret_key              = "test"
  skip_metadata_api_check = true
  endpoints {
    ec2           = var.endpoint
    ram           = var.endpoint
    sts           = var.endpoint
    directconnect = var.endpoint
  }
}

# Account 111111111111 in us-west-2: the other Region.
provider "aws" {
  alias                   = "west"
  region                  = "us-west-2"
  access_key              = "111111111111"
  secret_key              = "test"
  skip_metadata_api_check = true
  endpoints {
    ec2 = var.endpoint
    ram = var.endpoint
    sts = var.endpoint
  }
}
