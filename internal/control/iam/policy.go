package iam

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	iammodel "github.com/vpcsim/vpcsim/internal/model/iam"
	"github.com/vpcsim/vpcsim/internal/policy"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Limits of managed policies ("IAM and AWS STS quotas").
const (
	maxPoliciesPerAccount = 1500 // customer managed policies in an account
	maxPolicyVersions     = 5    // versions of a managed policy that can be stored
	maxManagedPolicySize  = 6144 // managed policy length, characters without white space
)

// PolicyView is a managed policy with the per-account figures GetPolicy
// reports.
type PolicyView struct {
	*iammodel.ManagedPolicy
	// AttachmentCount counts the account's roles the policy is attached to.
	AttachmentCount int
	// BoundaryUsageCount counts the account's roles using it as their
	// permissions boundary.
	BoundaryUsageCount int
	// Attachable is false for service-linked role policies.
	Attachable bool
}

// PolicyInput is CreatePolicy's input.
type PolicyInput struct {
	Account     string
	Name        string
	Path        string
	Document    string
	Description string
	Tags        []model.Tag
}

// PolicyARN returns the ARN of a customer managed policy.
func PolicyARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":policy" + path + name
}

// checkPolicyPath validates a managed policy path (policyPathType:
// ((/[A-Za-z0-9\.,\+@=_-]+)*)/).
func checkPolicyPath(v string) (string, *awserr.Error) {
	if v == "" {
		return "/", nil
	}
	ok := len(v) <= 512 && v[len(v)-1] == '/' && v[0] == '/' && !strings.Contains(v, "//")
	for i := 0; ok && i < len(v); i++ {
		ok = v[i] == '/' || isNameChar(v[i])
	}
	if !ok {
		return "", validation("path", v, `Member must satisfy regular expression pattern: ((/[A-Za-z0-9\.,\+@=_-]+)*)/`)
	}
	return v, nil
}

// checkIdentityDocument validates a managed or inline policy document.
func checkIdentityDocument(doc string, limit int, quotaName string) *awserr.Error {
	if _, err := policy.ValidateIdentityPolicy(doc); err != nil {
		return malformedPolicy(err)
	}
	if limit > 0 && policy.Size(doc) > limit {
		return quota(quotaName, limit)
	}
	return nil
}

// splitPolicyARN returns the account and name of a managed policy ARN
// (arn:aws:iam::<account|aws>:policy/<path>/<name>).
func splitPolicyARN(arn string) (account, name string, ok bool) {
	rest, ok := strings.CutPrefix(arn, "arn:aws:iam::")
	if !ok {
		return "", "", false
	}
	account, res, ok := strings.Cut(rest, ":")
	if !ok || !strings.HasPrefix(res, "policy/") {
		return "", "", false
	}
	name = res[strings.LastIndexByte(res, '/')+1:]
	return account, name, name != ""
}

// policyByARN finds a managed policy the account can use: its own customer
// managed policy or an AWS managed one.
func policyByARN(w *store.World, account, arn string) (*iammodel.ManagedPolicy, bool) {
	if p, ok := awsPolicies[arn]; ok {
		return p, true
	}
	acct, name, ok := splitPolicyARN(arn)
	if !ok || acct != account {
		return nil, false
	}
	p, ok := PolicyKind.In(w).Get(iammodel.PolicyKey(acct, name))
	if !ok || p.ARN != arn {
		return nil, false
	}
	return p, true
}

// checkPolicyARN validates the form of a PolicyArn parameter.
func checkPolicyARN(arn string) *awserr.Error {
	if _, _, ok := splitPolicyARN(arn); !ok {
		return invalidInput("ARN %s is not valid.", arn)
	}
	return nil
}

// policyIn returns the policy arn, or NoSuchEntity.
func policyIn(w *store.World, account, arn string) (*iammodel.ManagedPolicy, *awserr.Error) {
	if err := checkPolicyARN(arn); err != nil {
		return nil, err
	}
	p, ok := policyByARN(w, account, arn)
	if !ok {
		return nil, noSuchEntity("Policy %s was not found.", arn)
	}
	return p, nil
}

// usage counts, per policy ARN, the account's roles that attach it and
// that use it as a boundary.
func usage(w *store.World, account string) (attached, boundary map[string]int) {
	attached, boundary = map[string]int{}, map[string]int{}
	RoleKind.In(w).ByParent(account, func(r *iammodel.Role) bool {
		for _, a := range r.AttachedPolicies {
			attached[a]++
		}
		if r.PermissionsBoundary != "" {
			boundary[r.PermissionsBoundary]++
		}
		return true
	})
	return attached, boundary
}

func view(p *iammodel.ManagedPolicy, attached, boundary map[string]int) PolicyView {
	return PolicyView{ManagedPolicy: p, AttachmentCount: attached[p.ARN], BoundaryUsageCount: boundary[p.ARN], Attachable: !serviceLinkedPolicy[p.ARN]}
}

// CreatePolicy creates a customer managed policy with version v1.
func (s *Service) CreatePolicy(ctx context.Context, in PolicyInput) (PolicyView, error) {
	if err := checkName("policyName", in.Name, 128); err != nil {
		return PolicyView{}, err
	}
	path, perr := checkPolicyPath(in.Path)
	if perr != nil {
		return PolicyView{}, perr
	}
	if err := checkDescription(in.Description); err != nil {
		return PolicyView{}, err
	}
	if err := checkTags(in.Tags); err != nil {
		return PolicyView{}, err
	}
	if len(in.Tags) > maxTags {
		return PolicyView{}, limitExceeded("The number of tags has reached the maximum limit.")
	}
	if err := checkIdentityDocument(in.Document, maxManagedPolicySize, "PolicySize"); err != nil {
		return PolicyView{}, err
	}
	var out PolicyView
	err := s.update(ctx, func(tx *store.Tx) error {
		t := PolicyKind.In(tx.World)
		key := iammodel.PolicyKey(in.Account, in.Name)
		if _, ok := t.Get(key); ok {
			return alreadyExists("A policy called %s already exists. Duplicate names are not allowed.", in.Name)
		}
		if len(t.Children(in.Account)) >= maxPoliciesPerAccount {
			return quota("PoliciesPerAccount", maxPoliciesPerAccount)
		}
		now := tx.Now()
		p := &iammodel.ManagedPolicy{Name: in.Name, Path: path, PolicyID: newUniqueID(tx, "ANPA", 17),
			ARN: PolicyARN(in.Account, path, in.Name), Description: in.Description, DefaultVersion: "v1",
			Versions: []iammodel.PolicyVersion{{ID: "v1", Document: in.Document, Created: now}}, NextVersion: 2, Updated: now}
		p.Meta = model.Meta{ID: key, Account: in.Account, Tags: tagMap(in.Tags), Created: now}
		t.Put(p)
		out = PolicyView{ManagedPolicy: p, Attachable: true}
		return nil
	})
	return out, err
}

// GetPolicy returns a managed policy with its usage in the account.
func (s *Service) GetPolicy(account, arn string) (PolicyView, error) {
	w := s.snapshot()
	p, err := policyIn(w, account, arn)
	if err != nil {
		return PolicyView{}, err
	}
	a, b := usage(w, account)
	return view(p, a, b), nil
}

// PolicyFilter is ListPolicies' selection.
type PolicyFilter struct {
	// Scope is All (default), AWS or Local.
	Scope string
	// OnlyAttached keeps policies attached to at least one role.
	OnlyAttached bool
	// PathPrefix keeps policies whose path starts with it.
	PathPrefix string
	// Usage is PermissionsPolicy or PermissionsBoundary (empty: both).
	Usage string
}

// ListPolicies lists managed policies: AWS managed ones and the account's
// customer managed ones, each group in name order (AWS's first).
func (s *Service) ListPolicies(account string, f PolicyFilter, p Page) ([]PolicyView, Paged, error) {
	prefix, perr := checkPathPrefix(f.PathPrefix)
	if perr != nil {
		return nil, Paged{}, perr
	}
	w := s.snapshot()
	attached, boundary := usage(w, account)
	var all []PolicyView
	keep := func(pv PolicyView) {
		if !strings.HasPrefix(pv.Path, prefix) {
			return
		}
		if f.OnlyAttached && pv.AttachmentCount == 0 {
			return
		}
		if f.Usage == "PermissionsBoundary" && !pv.Attachable {
			return
		}
		all = append(all, pv)
	}
	if f.Scope != "Local" {
		for _, p := range awsPolicyList() {
			keep(view(p, attached, boundary))
		}
	}
	if f.Scope != "AWS" {
		var local []*iammodel.ManagedPolicy
		PolicyKind.In(w).ByParent(account, func(p *iammodel.ManagedPolicy) bool { local = append(local, p); return true })
		sort.Slice(local, func(i, j int) bool { return local[i].Name < local[j].Name })
		for _, p := range local {
			keep(view(p, attached, boundary))
		}
	}
	// Keys order AWS managed policies before customer managed ones.
	key := func(pv PolicyView) string {
		if pv.Account == AWSAccount {
			return "0" + pv.Name
		}
		return "1" + pv.Name
	}
	out, pg, err := paginate(all, key, p)
	if err != nil {
		return nil, Paged{}, err
	}
	return out, pg, nil
}

// modifyPolicy runs fn on a private copy of a customer managed policy.
func (s *Service) modifyPolicy(ctx context.Context, account, arn string, fn func(tx *store.Tx, p *iammodel.ManagedPolicy) error) (*iammodel.ManagedPolicy, error) {
	var out *iammodel.ManagedPolicy
	err := s.update(ctx, func(tx *store.Tx) error {
		old, err := policyIn(tx.World, account, arn)
		if err != nil {
			return err
		}
		if old.Account == AWSAccount {
			return accessDenied("User: arn:aws:iam::%s:root is not authorized to modify the AWS managed policy %s", account, arn)
		}
		p := model.Clone(old)
		if err := fn(tx, p); err != nil {
			return err
		}
		PolicyKind.In(tx.World).Put(p)
		out = p
		return nil
	})
	return out, err
}

// DeletePolicy deletes a customer managed policy that is attached to
// nothing, used as no boundary, and has only its default version
// (DeletePolicy: detach it, delete its non-default versions first).
func (s *Service) DeletePolicy(ctx context.Context, account, arn string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		p, err := policyIn(tx.World, account, arn)
		if err != nil {
			return err
		}
		if p.Account == AWSAccount {
			return accessDenied("User: arn:aws:iam::%s:root is not authorized to delete the AWS managed policy %s", account, arn)
		}
		a, b := usage(tx.World, account)
		if a[arn] > 0 || b[arn] > 0 {
			return deleteConflict("Cannot delete a policy attached to entities.")
		}
		if len(p.Versions) > 1 {
			return deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
		}
		PolicyKind.In(tx.World).Delete(p.ID)
		return nil
	})
}

// CreatePolicyVersion adds a version; setDefault makes it the default.
func (s *Service) CreatePolicyVersion(ctx context.Context, account, arn, doc string, setDefault bool) (iammodel.PolicyVersion, error) {
	if err := checkIdentityDocument(doc, maxManagedPolicySize, "PolicySize"); err != nil {
		return iammodel.PolicyVersion{}, err
	}
	var out iammodel.PolicyVersion
	_, err := s.modifyPolicy(ctx, account, arn, func(tx *store.Tx, p *iammodel.ManagedPolicy) error {
		if len(p.Versions) >= maxPolicyVersions {
			return limitExceeded("A managed policy can have up to %d versions. Before you create a new version, you must delete an existing version.", maxPolicyVersions)
		}
		if p.NextVersion < 2 {
			p.NextVersion = len(p.Versions) + 1
		}
		out = iammodel.PolicyVersion{ID: "v" + strconv.Itoa(p.NextVersion), Document: doc, Created: tx.Now()}
		p.NextVersion++
		p.Versions = append(p.Versions, out)
		if setDefault {
			p.DefaultVersion = out.ID
			p.Updated = tx.Now()
		}
		return nil
	})
	return out, err
}

// checkVersionID validates a version id (policyVersionIdType).
func checkVersionID(id string) *awserr.Error {
	ok := len(id) >= 2 && id[0] == 'v' && id[1] >= '1' && id[1] <= '9'
	for i := 2; ok && i < len(id) && id[i] != '.'; i++ {
		ok = id[i] >= '0' && id[i] <= '9'
	}
	if !ok {
		return validation("versionId", id, `Member must satisfy regular expression pattern: v[1-9][0-9]*(\.[A-Za-z0-9-]*)?`)
	}
	return nil
}

// GetPolicyVersion returns one version of a managed policy and whether it
// is the default.
func (s *Service) GetPolicyVersion(account, arn, id string) (iammodel.PolicyVersion, bool, error) {
	if err := checkVersionID(id); err != nil {
		return iammodel.PolicyVersion{}, false, err
	}
	p, err := policyIn(s.snapshot(), account, arn)
	if err != nil {
		return iammodel.PolicyVersion{}, false, err
	}
	v, ok := p.Version(id)
	if !ok {
		return iammodel.PolicyVersion{}, false, noSuchEntity("Policy %s version %s does not exist or is not attachable.", arn, id)
	}
	return v, id == p.DefaultVersion, nil
}

// ListPolicyVersions returns a policy's versions, newest first, and the
// default version id.
func (s *Service) ListPolicyVersions(account, arn string, pg Page) ([]iammodel.PolicyVersion, string, Paged, error) {
	p, err := policyIn(s.snapshot(), account, arn)
	if err != nil {
		return nil, "", Paged{}, err
	}
	vs := make([]iammodel.PolicyVersion, len(p.Versions))
	for i, v := range p.Versions {
		vs[len(vs)-1-i] = v
	}
	// Newest first: page by position so that markers stay stable.
	pos := map[string]string{}
	for i, v := range vs {
		pos[v.ID] = strconv.Itoa(100 + i)
	}
	out, paged, perr := paginate(vs, func(v iammodel.PolicyVersion) string { return pos[v.ID] }, pg)
	if perr != nil {
		return nil, "", Paged{}, perr
	}
	return out, p.DefaultVersion, paged, nil
}

// DeletePolicyVersion deletes a non-default version.
func (s *Service) DeletePolicyVersion(ctx context.Context, account, arn, id string) error {
	if err := checkVersionID(id); err != nil {
		return err
	}
	_, err := s.modifyPolicy(ctx, account, arn, func(_ *store.Tx, p *iammodel.ManagedPolicy) error {
		if _, ok := p.Version(id); !ok {
			return noSuchEntity("Policy %s version %s does not exist or is not attachable.", arn, id)
		}
		if id == p.DefaultVersion {
			return deleteConflict("Cannot delete the default version of a policy.")
		}
		kept := p.Versions[:0]
		for _, v := range p.Versions {
			if v.ID != id {
				kept = append(kept, v)
			}
		}
		p.Versions = kept
		return nil
	})
	return err
}

// SetDefaultPolicyVersion makes an existing version the default.
func (s *Service) SetDefaultPolicyVersion(ctx context.Context, account, arn, id string) error {
	if err := checkVersionID(id); err != nil {
		return err
	}
	_, err := s.modifyPolicy(ctx, account, arn, func(tx *store.Tx, p *iammodel.ManagedPolicy) error {
		if _, ok := p.Version(id); !ok {
			return noSuchEntity("Policy %s version %s does not exist or is not attachable.", arn, id)
		}
		if p.DefaultVersion != id {
			p.DefaultVersion = id
			p.Updated = tx.Now()
		}
		return nil
	})
	return err
}

// TagPolicy adds or replaces tags of a customer managed policy.
func (s *Service) TagPolicy(ctx context.Context, account, arn string, tags []model.Tag) error {
	_, err := s.modifyPolicy(ctx, account, arn, func(_ *store.Tx, p *iammodel.ManagedPolicy) error {
		m, err := applyTags(p.Tags, tags)
		if err != nil {
			return err
		}
		p.Tags = m
		return nil
	})
	return err
}

// UntagPolicy removes tags of a customer managed policy.
func (s *Service) UntagPolicy(ctx context.Context, account, arn string, keys []string) error {
	_, err := s.modifyPolicy(ctx, account, arn, func(_ *store.Tx, p *iammodel.ManagedPolicy) error {
		m, err := removeTags(p.Tags, keys)
		if err != nil {
			return err
		}
		p.Tags = m
		return nil
	})
	return err
}

// ListPolicyTags returns a managed policy's tags sorted by key, paged.
func (s *Service) ListPolicyTags(account, arn string, pg Page) ([]model.Tag, Paged, error) {
	p, err := policyIn(s.snapshot(), account, arn)
	if err != nil {
		return nil, Paged{}, err
	}
	return pageTags(p.SortedTags(), pg)
}
