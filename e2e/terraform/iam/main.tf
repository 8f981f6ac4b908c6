# iam: a role whose trust policy comes from data.aws_iam_policy_document
# (rendered locally), a customer managed policy attached to it, an AWS
# managed policy attachment, an inline policy, an instance profile, a
# service-linked role, and the data sources aws_iam_role and aws_iam_policy.
# Phase 2 changes tags, the role's description and session duration, the
# managed policy's document (a new default version) and the inline policy
# in place.

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

  skip_metadata_api_check     = true

  endpoints {
    ec2 = var.endpoint
    iam = var.endpoint
    sts = var.endpoint
  }
}

locals {
  late = var.phase >= 2
}

data "aws_caller_identity" "me" {}

data "aws_iam_policy_document" "ec2_trust" {
  statement {
    sid     = "EC2Assume"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
  statement {
    sid     = "AccountAssume"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.me.account_id}:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

data "aws_iam_policy_document" "logs" {
  statement {
    sid       = "Logs"
    actions   = local.late ? ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"] : ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:aws:logs:us-east-1:${data.aws_caller_identity.me.account_id}:log-group:/app/*"]
  }
}

resource "aws_iam_role" "app" {
  name                 = "vpcsim-app"
  path                 = "/apps/"
  description          = local.late ? "application role (phase 2)" : "application role"
  max_session_duration = local.late ? 7200 : 3600
  assume_role_policy   = data.aws_iam_policy_document.ec2_trust.json

  tags = {
    Name  = "vpcsim-app"
    Phase = tostring(var.phase)
  }
}

resource "aws_iam_policy" "logs" {
  name        = "vpcsim-app-logs"
  path        = "/apps/"
  description = "write application logs"
  policy      = data.aws_iam_policy_document.logs.json

  tags = {
    Phase = tostring(var.phase)
  }
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.logs.arn
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_role_policy" "s3" {
  name = "read-artifacts"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = local.late ? ["s3:GetObject", "s3:ListBucket"] : ["s3:GetObject"]
      Resource = ["arn:aws:s3:::vpcsim-artifacts", "arn:aws:s3:::vpcsim-artifacts/*"]
    }]
  })
}

resource "aws_iam_instance_profile" "app" {
  name = "vpcsim-app"
  path = "/apps/"
  role = aws_iam_role.app.name

  tags = {
    Phase = tostring(var.phase)
  }
}

resource "aws_iam_service_linked_role" "elb" {
  aws_service_name = "elasticloadbalancing.amazonaws.com"
  description      = local.late ? "ELB (phase 2)" : "ELB"
}

data "aws_iam_role" "app" {
  name = aws_iam_role.app.name
}

data "aws_iam_policy" "cw_agent" {
  arn = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"
}

data "aws_iam_policy" "by_name" {
  name = "AmazonS3ReadOnlyAccess"
}

output "role_arn" {
  value = data.aws_iam_role.app.arn
}

output "cw_agent_version" {
  value = data.aws_iam_policy.cw_agent.policy_id
}

output "s3_read_arn" {
  value = data.aws_iam_policy.by_name.arn
}
