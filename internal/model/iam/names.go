package iam

import "strings"

// lower folds an IAM name for case-insensitive uniqueness.
func lower(s string) string { return strings.ToLower(s) }
