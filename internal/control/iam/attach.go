package iam

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	iammodel "github.com/vpcsim/vpcsim/internal/model/iam"
	"github.com/vpcsim/vpcsim/internal/policy"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Role policy limits ("IAM and AWS STS quotas").
const (
	maxPoliciesPerRole   = 10    // managed policies attached to an IAM role
	maxInlineRolePolicyB = 10240 // aggregate inline policy size of a role
)

// AttachedPolicy names one managed policy attached to a role.
type AttachedPolicy struct {
	Name string
	ARN  string
}

// AttachRolePolicy attaches a managed policy to a role. Attaching a policy
// that is already attached changes nothing.
func (s *Service) AttachRolePolicy(ctx context.Context, account, roleName, arn string) error {
	if err := checkName("roleName", roleName, 64); err != nil {
		return err
	}
	if err := checkPolicyARN(arn); err != nil {
		return err
	}
	_, err := s.modifyRole(ctx, account, roleName, false, func(tx *store.Tx, r *iammodel.Role) error {
		p, ok := policyByARN(tx.World, account, arn)
		if !ok {
			return noSuchEntity("Policy %s does not exist or is not attachable.", arn)
		}
		if serviceLinkedPolicy[p.ARN] {
			return awserr.New("PolicyNotAttachable", "Cannot attach a Service Role Policy to a Customer Role.")
		}
		if r.HasPolicy(arn) {
			return nil
		}
		if len(r.AttachedPolicies) >= maxPoliciesPerRole {
			return quota("PoliciesPerRole", maxPoliciesPerRole)
		}
		r.AttachedPolicies = append(r.AttachedPolicies, arn)
		return nil
	})
	return err
}

// DetachRolePolicy detaches a managed policy from a role.
func (s *Service) DetachRolePolicy(ctx context.Context, account, roleName, arn string) error {
	if err := checkPolicyARN(arn); err != nil {
		return err
	}
	_, err := s.modifyRole(ctx, account, roleName, false, func(_ *store.Tx, r *iammodel.Role) error {
		if !r.HasPolicy(arn) {
			return noSuchEntity("Policy %s was not found.", arn)
		}
		kept := make([]string, 0, len(r.AttachedPolicies)-1)
		for _, a := range r.AttachedPolicies {
			if a != arn {
				kept = append(kept, a)
			}
		}
		r.AttachedPolicies = kept
		return nil
	})
	return err
}

// ListAttachedRolePolicies lists the managed policies attached to a role
// whose path starts with pathPrefix, in attachment order.
func (s *Service) ListAttachedRolePolicies(account, roleName, pathPrefix string, p Page) ([]AttachedPolicy, Paged, error) {
	prefix, perr := checkPathPrefix(pathPrefix)
	if perr != nil {
		return nil, Paged{}, perr
	}
	w := s.snapshot()
	r, err := roleIn(w, account, roleName)
	if err != nil {
		return nil, Paged{}, err
	}
	type item struct {
		key string
		AttachedPolicy
	}
	var all []item
	for i, arn := range r.AttachedPolicies {
		mp, ok := policyByARN(w, account, arn)
		if !ok || !strings.HasPrefix(mp.Path, prefix) {
			continue
		}
		all = append(all, item{fmt.Sprintf("%04d", i), AttachedPolicy{Name: mp.Name, ARN: arn}})
	}
	page, pg, aerr := paginate(all, func(it item) string { return it.key }, p)
	if aerr != nil {
		return nil, Paged{}, aerr
	}
	out := make([]AttachedPolicy, len(page))
	for i, it := range page {
		out[i] = it.AttachedPolicy
	}
	return out, pg, nil
}

// inlineSize is the aggregate size of a role's inline policies.
func inlineSize(m map[string]string) int {
	n := 0
	for _, d := range m {
		n += policy.Size(d)
	}
	return n
}

// PutRolePolicy adds or replaces an inline policy of a role.
func (s *Service) PutRolePolicy(ctx context.Context, account, roleName, name, doc string) error {
	if err := checkName("policyName", name, 128); err != nil {
		return err
	}
	if err := checkIdentityDocument(doc, 0, ""); err != nil {
		return err
	}
	_, err := s.modifyRole(ctx, account, roleName, false, func(_ *store.Tx, r *iammodel.Role) error {
		if r.InlinePolicies == nil {
			r.InlinePolicies = map[string]string{}
		}
		r.InlinePolicies[name] = doc
		if inlineSize(r.InlinePolicies) > maxInlineRolePolicyB {
			return limitExceeded("Maximum policy size of %d bytes exceeded for role %s", maxInlineRolePolicyB, r.Name)
		}
		return nil
	})
	return err
}

// GetRolePolicy returns an inline policy document of a role.
func (s *Service) GetRolePolicy(account, roleName, name string) (string, error) {
	r, err := roleIn(s.snapshot(), account, roleName)
	if err != nil {
		return "", err
	}
	doc, ok := r.InlinePolicies[name]
	if !ok {
		return "", noSuchEntity("The role policy with name %s cannot be found.", name)
	}
	return doc, nil
}

// DeleteRolePolicy deletes an inline policy of a role.
func (s *Service) DeleteRolePolicy(ctx context.Context, account, roleName, name string) error {
	_, err := s.modifyRole(ctx, account, roleName, false, func(_ *store.Tx, r *iammodel.Role) error {
		if _, ok := r.InlinePolicies[name]; !ok {
			return noSuchEntity("The role policy with name %s cannot be found.", name)
		}
		delete(r.InlinePolicies, name)
		if len(r.InlinePolicies) == 0 {
			r.InlinePolicies = nil
		}
		return nil
	})
	return err
}

// ListRolePolicies lists the names of a role's inline policies in order.
func (s *Service) ListRolePolicies(account, roleName string, p Page) ([]string, Paged, error) {
	r, err := roleIn(s.snapshot(), account, roleName)
	if err != nil {
		return nil, Paged{}, err
	}
	names := make([]string, 0, len(r.InlinePolicies))
	for n := range r.InlinePolicies {
		names = append(names, n)
	}
	sort.Strings(names)
	out, pg, perr := paginate(names, func(n string) string { return n }, p)
	if perr != nil {
		return nil, Paged{}, perr
	}
	return out, pg, nil
}
