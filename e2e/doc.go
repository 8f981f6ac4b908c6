// Package e2e holds vpcsim's end-to-end tests with real clients: the
// aws-sdk-go-v2 round trips for every EC2 operation family (sdk_*_test.go),
// an AWS CLI walkthrough (cli_test.go) and Terraform scenarios with the
// hashicorp/aws provider (terraform_test.go, configurations in terraform/).
// Each test starts its own in-process server on 127.0.0.1.
//
// Tests that need the `aws` or `terraform` binaries, or the provider's
// filesystem mirror, skip with a message saying what is missing. Set
// VPCSIM_TF_MIRROR to the mirror root (the directory holding
// registry.terraform.io/) when it is not in a standard place.
package e2e
