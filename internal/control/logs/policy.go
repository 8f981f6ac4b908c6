package logs

import (
	"context"
	"strings"

	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
	"github.com/vpcsim/vpcsim/internal/policy"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Resource policy limits: "Up to 10 CloudWatch Logs resource policies per
// Region per account" (cloudwatch_limits_cwl.md) without a resource ARN,
// and one per log group with one (PutResourcePolicy's documentation); a
// document is at most 51,200 characters (the PolicyDocument shape).
const (
	maxAccountPolicies = 10
	maxPolicyDocument  = 51200
)

// PutPolicyInput is PutResourcePolicy's input.
type PutPolicyInput struct {
	Name               *string
	Document           *string
	ResourceARN        *string
	ExpectedRevisionID *string
}

// PutResourcePolicy creates or replaces a resource policy: an account-wide
// one by name, or the one policy of a log group by its ARN (which then
// needs the current revision id to replace it). The document must be a
// valid resource-based policy.
func (s *Service) PutResourcePolicy(ctx context.Context, sc Scope, in PutPolicyInput) (*mlogs.ResourcePolicy, error) {
	if in.Document == nil || *in.Document == "" {
		return nil, invalidParameter("policyDocument is required.")
	}
	doc := *in.Document
	if len(doc) > maxPolicyDocument {
		return nil, tooLong("policyDocument", "document", maxPolicyDocument)
	}
	if _, err := policy.ValidateResourcePolicy(doc); err != nil {
		return nil, invalidParameter("Invalid policy document: %s", err.Error())
	}
	scope, keyName, err := policyTarget(sc, in.Name, in.ResourceARN)
	if err != nil {
		return nil, err
	}
	var out *mlogs.ResourcePolicy
	_, err = s.st.Update(ctx, func(tx *store.Tx) error {
		t := PolicyKind.In(tx.World)
		key := mlogs.PolicyKey(sc.Account, sc.Region, scope, keyName)
		old, exists := t.Get(key)
		if scope == mlogs.ScopeResource {
			name, _ := groupOfARN(sc, keyName)
			if _, err := groupIn(tx.World, sc, name); err != nil {
				return err
			}
			if exists && (in.ExpectedRevisionID == nil || *in.ExpectedRevisionID != old.RevisionID) {
				return awsErr(codeOperationAborted, "The expected revision id does not match the policy's current revision id.")
			}
		} else if !exists && countAccountPolicies(tx.World, sc) >= maxAccountPolicies {
			return limitExceeded()
		}
		p := &mlogs.ResourcePolicy{Document: doc, Scope: scope, RevisionID: tx.NewHex(32), LastUpdated: millis(tx.Now())}
		if in.Name != nil {
			p.Name = *in.Name
		}
		if scope == mlogs.ScopeResource {
			p.ResourceARN = keyName
		}
		p.ID, p.Account, p.Region, p.Created = key, sc.Account, sc.Region, tx.Now()
		if exists {
			p.Created = old.Created
		}
		t.Put(p)
		out = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// policyTarget returns a policy's scope and key: ACCOUNT and its name, or
// RESOURCE and the log group ARN (without ":*").
func policyTarget(sc Scope, name, arn *string) (string, string, error) {
	if arn != nil && *arn != "" {
		_, err := groupOfARN(sc, *arn)
		if err != nil {
			return "", "", err
		}
		return mlogs.ScopeResource, strings.TrimSuffix(*arn, ":*"), nil
	}
	if name == nil || *name == "" {
		return "", "", invalidParameter("policyName is required.")
	}
	return mlogs.ScopeAccount, *name, nil
}

func countAccountPolicies(w *store.World, sc Scope) int {
	n := 0
	prefix := mlogs.PolicyKey(sc.Account, sc.Region, mlogs.ScopeAccount, "")
	PolicyKind.In(w).From(prefix, func(p *mlogs.ResourcePolicy) bool {
		if !strings.HasPrefix(p.ID, prefix) {
			return false
		}
		n++
		return true
	})
	return n
}

// DeletePolicyInput is DeleteResourcePolicy's input.
type DeletePolicyInput struct {
	Name               *string
	ResourceARN        *string
	ExpectedRevisionID *string
}

// DeleteResourcePolicy deletes a resource policy by name or resource ARN.
func (s *Service) DeleteResourcePolicy(ctx context.Context, sc Scope, in DeletePolicyInput) error {
	scope, keyName, err := policyTarget(sc, in.Name, in.ResourceARN)
	if err != nil {
		return err
	}
	_, err = s.st.Update(ctx, func(tx *store.Tx) error {
		t := PolicyKind.In(tx.World)
		key := mlogs.PolicyKey(sc.Account, sc.Region, scope, keyName)
		old, ok := t.Get(key)
		if !ok {
			return awsErr(codeNotFound, "Policy with name [%s] does not exist", keyName)
		}
		if in.ExpectedRevisionID != nil && *in.ExpectedRevisionID != old.RevisionID {
			return awsErr(codeOperationAborted, "The expected revision id does not match the policy's current revision id.")
		}
		t.Delete(key)
		return nil
	})
	return err
}

// DescribePoliciesInput is DescribeResourcePolicies' input.
type DescribePoliciesInput struct {
	ResourceARN *string
	Scope       *string // default ACCOUNT
	NextToken   *string
	Limit       *int32
}

// PolicyPage is one page of DescribeResourcePolicies.
type PolicyPage struct {
	Policies  []*mlogs.ResourcePolicy
	NextToken string
}

// DescribeResourcePolicies lists the account's policies (scope ACCOUNT,
// the default) or the resource policies (scope RESOURCE, or the one of
// resourceArn), in key order, 1..50 per page (default 50).
func (s *Service) DescribeResourcePolicies(sc Scope, in DescribePoliciesInput) (*PolicyPage, error) {
	scope := mlogs.ScopeAccount
	if in.Scope != nil {
		scope = *in.Scope
	}
	w := s.st.Snapshot()
	page := &PolicyPage{}
	if in.ResourceARN != nil && *in.ResourceARN != "" {
		if _, err := groupOfARN(sc, *in.ResourceARN); err != nil {
			return nil, err
		}
		if p, ok := PolicyKind.In(w).Get(mlogs.PolicyKey(sc.Account, sc.Region, mlogs.ScopeResource, strings.TrimSuffix(*in.ResourceARN, ":*"))); ok {
			page.Policies = append(page.Policies, p)
		}
		return page, nil
	}
	after, paged, err := decodeToken(in.NextToken)
	if err != nil {
		return nil, err
	}
	prefix := mlogs.PolicyKey(sc.Account, sc.Region, scope, "")
	limit := pageLimit(in.Limit, 50)
	ascendFrom(PolicyKind.In(w), prefix, prefix, after, paged, func(p *mlogs.ResourcePolicy) bool {
		if !strings.HasPrefix(p.ID, prefix) {
			return false
		}
		if len(page.Policies) == limit {
			page.NextToken = encodeToken(strings.TrimPrefix(page.Policies[limit-1].ID, prefix))
			return false
		}
		page.Policies = append(page.Policies, p)
		return true
	})
	return page, nil
}
