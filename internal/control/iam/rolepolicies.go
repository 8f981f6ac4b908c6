package iam

import (
	iammodel "github.com/vpcsim/vpcsim/internal/model/iam"
	"github.com/vpcsim/vpcsim/internal/policy"
	"github.com/vpcsim/vpcsim/internal/store"
)

// RoleByARN returns the role an ARN names in w (arn:aws:iam::<account>:role/<path><name>),
// or false when it does not exist. Services that assume a role on the
// caller's behalf (VPC flow logs) read it with this.
func RoleByARN(w *store.World, arn string) (*iammodel.Role, bool) {
	account, name, ok := splitRoleARN(arn)
	if !ok {
		return nil, false
	}
	r, found := RoleKind.In(w).Get(iammodel.RoleKey(account, name))
	if !found || r.ARN != arn {
		return nil, false
	}
	return r, true
}

// RolePolicies returns a role's parsed identity-based policies (inline and
// attached managed) and its permissions boundary (nil when none), for
// evaluating what a session of the role may do.
func RolePolicies(w *store.World, r *iammodel.Role) (identity []*policy.Document, boundary *policy.Document) {
	return roleDocuments(w, r)
}
