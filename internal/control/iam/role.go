package iam

import (
	"context"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	iammodel "github.com/vpcsim/vpcsim/internal/model/iam"
	"github.com/vpcsim/vpcsim/internal/policy"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Quotas and limits from "IAM and AWS STS quotas" (default quotas).
const (
	maxRolesPerAccount    = 1000
	maxTrustPolicySize    = 2048 // "Role trust policy length", characters without white space
	defaultSessionSeconds = 3600
)

// RoleInput is CreateRole's input.
type RoleInput struct {
	Account             string
	Name                string
	Path                string
	TrustPolicy         string
	Description         string
	MaxSessionDuration  int32 // 0 means the default, 3600
	PermissionsBoundary string
	Tags                []model.Tag
}

// RoleARN returns the ARN of a role.
func RoleARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":role" + path + name
}

// checkTrustPolicy validates a role trust policy: the policy grammar, the
// trust-policy rules and the "Role trust policy length" quota.
func checkTrustPolicy(doc string) *awserr.Error {
	if _, err := policy.ValidateTrustPolicy(doc); err != nil {
		return malformedPolicy(err)
	}
	if policy.Size(doc) > maxTrustPolicySize {
		return quota("ACLSizePerRole", maxTrustPolicySize)
	}
	return nil
}

// CreateRole creates a role (IAM API reference, CreateRole).
func (s *Service) CreateRole(ctx context.Context, in RoleInput) (*iammodel.Role, error) {
	if err := checkName("roleName", in.Name, 64); err != nil {
		return nil, err
	}
	path, perr := checkPath("path", in.Path)
	if perr != nil {
		return nil, perr
	}
	if err := checkDescription(in.Description); err != nil {
		return nil, err
	}
	if in.MaxSessionDuration == 0 {
		in.MaxSessionDuration = defaultSessionSeconds
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	if len(in.Tags) > maxTags {
		return nil, limitExceeded("The number of tags has reached the maximum limit.")
	}
	if err := checkTrustPolicy(in.TrustPolicy); err != nil {
		return nil, err
	}
	var out *iammodel.Role
	err := s.update(ctx, func(tx *store.Tx) error {
		roles := RoleKind.In(tx.World)
		key := iammodel.RoleKey(in.Account, in.Name)
		if _, ok := roles.Get(key); ok {
			return alreadyExists("Role with name %s already exists.", in.Name)
		}
		if n := len(roles.Children(in.Account)); n >= maxRolesPerAccount {
			return quota("RolesPerAccount", maxRolesPerAccount)
		}
		if in.PermissionsBoundary != "" {
			if err := checkBoundary(tx.World, in.Account, in.PermissionsBoundary); err != nil {
				return err
			}
		}
		r := &iammodel.Role{Name: in.Name, Path: path, RoleID: newUniqueID(tx, "AROA", 17),
			ARN: RoleARN(in.Account, path, in.Name), TrustPolicy: in.TrustPolicy, Description: in.Description,
			MaxSessionDuration: in.MaxSessionDuration, PermissionsBoundary: in.PermissionsBoundary}
		r.Meta = model.Meta{ID: key, Account: in.Account, Tags: tagMap(in.Tags), Created: tx.Now()}
		roles.Put(r)
		out = r
		return nil
	})
	return out, err
}

// roleIn returns the role name of account, or NoSuchEntity.
func roleIn(w *store.World, account, name string) (*iammodel.Role, *awserr.Error) {
	r, ok := RoleKind.In(w).Get(iammodel.RoleKey(account, name))
	if !ok {
		return nil, noSuchEntity("The role with name %s cannot be found.", name)
	}
	return r, nil
}

// GetRole returns a role by name.
func (s *Service) GetRole(account, name string) (*iammodel.Role, error) {
	r, err := roleIn(s.snapshot(), account, name)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// ListRoles lists the account's roles whose path starts with pathPrefix, in
// name order.
func (s *Service) ListRoles(account, pathPrefix string, p Page) ([]*iammodel.Role, Paged, error) {
	prefix, err := checkPathPrefix(pathPrefix)
	if err != nil {
		return nil, Paged{}, err
	}
	var all []*iammodel.Role
	RoleKind.In(s.snapshot()).ByParent(account, func(r *iammodel.Role) bool {
		if strings.HasPrefix(r.Path, prefix) {
			all = append(all, r)
		}
		return true
	})
	out, pg, perr := paginate(all, func(r *iammodel.Role) string { return r.ID }, p)
	if perr != nil {
		return nil, Paged{}, perr
	}
	return out, pg, nil
}

// modifyRole runs fn on a private copy of the role and stores it. Service-
// linked roles answer UnmodifiableEntity unless allowSLR.
func (s *Service) modifyRole(ctx context.Context, account, name string, allowSLR bool, fn func(tx *store.Tx, r *iammodel.Role) error) (*iammodel.Role, error) {
	var out *iammodel.Role
	err := s.update(ctx, func(tx *store.Tx) error {
		old, err := roleIn(tx.World, account, name)
		if err != nil {
			return err
		}
		if old.ServiceLinked != "" && !allowSLR {
			return unmodifiable(old.Name)
		}
		r := model.Clone(old)
		if err := fn(tx, r); err != nil {
			return err
		}
		RoleKind.In(tx.World).Put(r)
		out = r
		return nil
	})
	return out, err
}

// UpdateRole changes a role's description and maximum session duration
// (nil leaves a field as it is). The description of a service-linked role
// may change; nothing else of it may.
func (s *Service) UpdateRole(ctx context.Context, account, name string, description *string, maxSession *int32) (*iammodel.Role, error) {
	if description != nil {
		if err := checkDescription(*description); err != nil {
			return nil, err
		}
	}
	return s.modifyRole(ctx, account, name, maxSession == nil, func(_ *store.Tx, r *iammodel.Role) error {
		if description != nil {
			r.Description = *description
		}
		if maxSession != nil {
			r.MaxSessionDuration = *maxSession
		}
		return nil
	})
}

// UpdateAssumeRolePolicy replaces a role's trust policy.
func (s *Service) UpdateAssumeRolePolicy(ctx context.Context, account, name, doc string) error {
	if err := checkTrustPolicy(doc); err != nil {
		return err
	}
	_, err := s.modifyRole(ctx, account, name, false, func(_ *store.Tx, r *iammodel.Role) error {
		r.TrustPolicy = doc
		return nil
	})
	return err
}

// DeleteRole deletes a role that has no attached managed policies, no
// inline policies and no instance profile (DeleteRole: "Unlike the AWS
// Management Console, when you delete a role programmatically, you must
// delete the items attached to the role manually, or the deletion fails").
func (s *Service) DeleteRole(ctx context.Context, account, name string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		r, err := roleIn(tx.World, account, name)
		if err != nil {
			return err
		}
		if r.ServiceLinked != "" {
			return unmodifiable(r.Name)
		}
		if len(r.AttachedPolicies) > 0 {
			return deleteConflict("Cannot delete entity, must detach all policies first.")
		}
		if len(r.InlinePolicies) > 0 {
			return deleteConflict("Cannot delete entity, must delete policies first.")
		}
		if len(profilesForRole(tx.World, account, r.Name)) > 0 {
			return deleteConflict("Cannot delete entity, must remove roles from instance profile first.")
		}
		RoleKind.In(tx.World).Delete(r.ID)
		return nil
	})
}

// TagRole adds or replaces tags of a role.
func (s *Service) TagRole(ctx context.Context, account, name string, tags []model.Tag) error {
	_, err := s.modifyRole(ctx, account, name, true, func(_ *store.Tx, r *iammodel.Role) error {
		m, err := applyTags(r.Tags, tags)
		if err != nil {
			return err
		}
		r.Tags = m
		return nil
	})
	return err
}

// UntagRole removes tags of a role; absent keys are ignored.
func (s *Service) UntagRole(ctx context.Context, account, name string, keys []string) error {
	_, err := s.modifyRole(ctx, account, name, true, func(_ *store.Tx, r *iammodel.Role) error {
		m, err := removeTags(r.Tags, keys)
		if err != nil {
			return err
		}
		r.Tags = m
		return nil
	})
	return err
}

// ListRoleTags returns a role's tags sorted by key, paged.
func (s *Service) ListRoleTags(account, name string, p Page) ([]model.Tag, Paged, error) {
	r, err := roleIn(s.snapshot(), account, name)
	if err != nil {
		return nil, Paged{}, err
	}
	return pageTags(r.SortedTags(), p)
}

// pageTags pages a sorted tag list by key.
func pageTags(tags []model.Tag, p Page) ([]model.Tag, Paged, error) {
	out, pg, err := paginate(tags, func(t model.Tag) string { return t.Key }, p)
	if err != nil {
		return nil, Paged{}, err
	}
	return out, pg, nil
}

// PutRolePermissionsBoundary sets a role's permissions boundary to a
// managed policy (customer managed in the account, or AWS managed).
func (s *Service) PutRolePermissionsBoundary(ctx context.Context, account, name, arn string) error {
	_, err := s.modifyRole(ctx, account, name, false, func(tx *store.Tx, r *iammodel.Role) error {
		if err := checkBoundary(tx.World, account, arn); err != nil {
			return err
		}
		r.PermissionsBoundary = arn
		return nil
	})
	return err
}

// DeleteRolePermissionsBoundary removes a role's permissions boundary.
func (s *Service) DeleteRolePermissionsBoundary(ctx context.Context, account, name string) error {
	_, err := s.modifyRole(ctx, account, name, false, func(_ *store.Tx, r *iammodel.Role) error {
		r.PermissionsBoundary = "" // removing an absent boundary changes nothing
		return nil
	})
	return err
}

// checkBoundary validates a permissions boundary ARN.
func checkBoundary(w *store.World, account, arn string) *awserr.Error {
	p, ok := policyByARN(w, account, arn)
	if !ok {
		return noSuchEntity("Scope ARN: %s does not exist or is not attachable.", arn)
	}
	if serviceLinkedPolicy[p.ARN] {
		return awserr.New("PolicyNotAttachable", "Cannot apply a Service Role Policy as a permissions boundary.")
	}
	return nil
}
