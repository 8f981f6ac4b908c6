package iam

import (
	"github.com/vpcsim/vpcsim/internal/model"
	iammodel "github.com/vpcsim/vpcsim/internal/model/iam"
	"github.com/vpcsim/vpcsim/internal/store"
)

// IAM's and STS's resource kinds, declared once. Every table is indexed by
// account (the parent), so that per-account listing never scans other
// accounts.
var (
	// RoleKind holds roles keyed by iammodel.RoleKey.
	RoleKind = store.Define[iammodel.Role](model.KindSpec{Name: "iam-role", Service: "iam", Global: true,
		NotFound: "NoSuchEntity", Noun: "role"}, func(v *iammodel.Role) string { return v.Account })
	// PolicyKind holds customer managed policies keyed by iammodel.PolicyKey.
	PolicyKind = store.Define[iammodel.ManagedPolicy](model.KindSpec{Name: "iam-policy", Service: "iam", Global: true,
		NotFound: "NoSuchEntity", Noun: "policy"}, func(v *iammodel.ManagedPolicy) string { return v.Account })
	// InstanceProfileKind holds instance profiles keyed by
	// iammodel.InstanceProfileKey.
	InstanceProfileKind = store.Define[iammodel.InstanceProfile](model.KindSpec{Name: "iam-instance-profile", Service: "iam", Global: true,
		NotFound: "NoSuchEntity", Noun: "instance profile"}, func(v *iammodel.InstanceProfile) string { return v.Account })
	// DeletionTaskKind holds service-linked role deletion tasks keyed by
	// their DeletionTaskId.
	DeletionTaskKind = store.Define[iammodel.DeletionTask](model.KindSpec{Name: "iam-slr-deletion-task", Service: "iam", Global: true, Internal: true,
		NotFound: "NoSuchEntity", Noun: "deletion task"}, func(v *iammodel.DeletionTask) string { return v.Account })
	// SessionKind holds STS temporary credentials keyed by access key id.
	SessionKind = store.Define[iammodel.Session](model.KindSpec{Name: "sts-session", Service: "sts", Global: true, Internal: true,
		NotFound: "InvalidClientTokenId", Noun: "security token"}, func(v *iammodel.Session) string { return v.Account })
)
