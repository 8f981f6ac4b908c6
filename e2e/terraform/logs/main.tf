# logs: CloudWatch Logs. A log group with retention and tags, a log stream,
# a metric filter and an account resource policy. Phase 2 changes the
# group's retention and tags, the metric filter's pattern and the policy
# document in place.

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
  endpoints {
    cloudwatchlogs = var.endpoint
    sts            = var.endpoint
  }
}

data "aws_caller_identity" "current" {}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/vpcsim/e2e/app"
  retention_in_days = var.phase == 1 ? 14 : 30
  tags = var.phase == 1 ? {
    Name = "app"
    env  = "dev"
    } : {
    Name = "app"
    team = "platform"
  }
}

resource "aws_cloudwatch_log_group" "flow" {
  name = "vpcsim-e2e-flow"
}

resource "aws_cloudwatch_log_stream" "web" {
  name           = "web-1"
  log_group_name = aws_cloudwatch_log_group.app.name
}

resource "aws_cloudwatch_log_metric_filter" "errors" {
  name           = "errors"
  log_group_name = aws_cloudwatch_log_group.app.name
  pattern        = var.phase == 1 ? "ERROR" : "[ip, id, user, timestamp, request, status_code=5*, size]"

  metric_transformation {
    name      = "Errors"
    namespace = "VpcsimE2E"
    value     = "1"
  }
}

data "aws_iam_policy_document" "route53" {
  statement {
    actions   = var.phase == 1 ? ["logs:PutLogEvents"] : ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:aws:logs:us-east-1:${data.aws_caller_identity.current.account_id}:log-group:/aws/route53/*"]

    principals {
      identifiers = ["route53.amazonaws.com"]
      type        = "Service"
    }
  }
}

resource "aws_cloudwatch_log_resource_policy" "route53" {
  policy_name     = "vpcsim-e2e-route53"
  policy_document = data.aws_iam_policy_document.route53.json
}

output "group_arn" {
  value = aws_cloudwatch_log_group.app.arn
}
