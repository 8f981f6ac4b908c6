# flow-logs: VPC Flow Logs to CloudWatch Logs (with the IAM role of
# flow-logs-cwl.md and a log group) and to S3 (with the bucket policy of
# flow-logs-s3.md, Hive-compatible per-hour partitions, a custom format).
# Phase 2 changes the flow logs' tags in place.

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
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true
  endpoints {
    ec2            = var.endpoint
    iam            = var.endpoint
    sts            = var.endpoint
    cloudwatchlogs = var.endpoint
    s3             = var.endpoint
  }
}

data "aws_caller_identity" "current" {}

locals {
  tags = var.phase == 1 ? { env = "dev" } : { env = "prod", team = "net" }
}

resource "aws_vpc" "main" {
  cidr_block = "10.40.0.0/16"
  tags       = { Name = "flow-logs" }
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.40.1.0/24"
}

resource "aws_cloudwatch_log_group" "flow" {
  name              = "vpcsim-e2e-flow-logs"
  retention_in_days = 7
}

data "aws_iam_policy_document" "trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "flow" {
  name               = "vpcsim-e2e-flow-logs"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

data "aws_iam_policy_document" "publish" {
  statement {
    effect = "Allow"
    actions = [
      "logs:CreateLogGroup",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "logs:DescribeLogGroups",
      "logs:DescribeLogStreams",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "flow" {
  name   = "publish"
  role   = aws_iam_role.flow.id
  policy = data.aws_iam_policy_document.publish.json
}

resource "aws_flow_log" "cwl" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  iam_role_arn    = aws_iam_role.flow.arn
  log_destination = aws_cloudwatch_log_group.flow.arn
  tags            = local.tags
  depends_on      = [aws_iam_role_policy.flow]
}

resource "aws_s3_bucket" "flow" {
  bucket = "vpcsim-e2e-flow-logs"
}

data "aws_iam_policy_document" "bucket" {
  statement {
    sid     = "AWSLogDeliveryWrite"
    effect  = "Allow"
    actions = ["s3:PutObject"]
    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }
    resources = ["${aws_s3_bucket.flow.arn}/vpc/AWSLogs/aws-account-id=${data.aws_caller_identity.current.account_id}/*"]
    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
  statement {
    sid     = "AWSLogDeliveryAclCheck"
    effect  = "Allow"
    actions = ["s3:GetBucketAcl", "s3:ListBucket"]
    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }
    resources = [aws_s3_bucket.flow.arn]
  }
}

resource "aws_s3_bucket_policy" "flow" {
  bucket = aws_s3_bucket.flow.id
  policy = data.aws_iam_policy_document.bucket.json
}

resource "aws_flow_log" "s3" {
  subnet_id                = aws_subnet.a.id
  traffic_type             = "REJECT"
  log_destination_type     = "s3"
  log_destination          = "${aws_s3_bucket.flow.arn}/vpc/"
  max_aggregation_interval = 60
  log_format               = "$${version} $${vpc-id} $${subnet-id} $${instance-id} $${srcaddr} $${dstaddr} $${srcport} $${dstport} $${protocol} $${tcp-flags} $${type} $${pkt-srcaddr} $${pkt-dstaddr} $${action} $${flow-direction}"
  destination_options {
    file_format                = "plain-text"
    hive_compatible_partitions = true
    per_hour_partition         = true
  }
  tags       = local.tags
  depends_on = [aws_s3_bucket_policy.flow]
}
