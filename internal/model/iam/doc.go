// Package iam holds the domain types of AWS Identity and Access Management
// and of the AWS Security Token Service sessions it issues: roles, managed
// policies and their versions, instance profiles, service-linked role
// deletion tasks and temporary-credential sessions.
//
// IAM is global: every object here is scoped by account only and its
// Meta.Region is empty. Objects are pure data (JSON-serialisable, stored by
// the store); the rules that create and change them live in
// internal/control/iam.
package iam
