package iam

import (
	"context"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	iammodel "github.com/vpcsim/vpcsim/internal/model/iam"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Instance profile limits ("IAM and AWS STS quotas").
const (
	maxProfilesPerAccount = 1000 // instance profiles in an AWS account
	maxRolesPerProfile    = 1    // roles in an instance profile
)

// ProfileView is an instance profile with its roles resolved.
type ProfileView struct {
	*iammodel.InstanceProfile
	Roles []*iammodel.Role
}

// InstanceProfileARN returns the ARN of an instance profile.
func InstanceProfileARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":instance-profile" + path + name
}

func profileIn(w *store.World, account, name string) (*iammodel.InstanceProfile, *awserr.Error) {
	p, ok := InstanceProfileKind.In(w).Get(iammodel.InstanceProfileKey(account, name))
	if !ok {
		return nil, noSuchEntity("Instance Profile %s cannot be found.", name)
	}
	return p, nil
}

func resolveProfile(w *store.World, p *iammodel.InstanceProfile) ProfileView {
	v := ProfileView{InstanceProfile: p}
	for _, n := range p.Roles {
		if r, ok := RoleKind.In(w).Get(iammodel.RoleKey(p.Account, n)); ok {
			v.Roles = append(v.Roles, r)
		}
	}
	return v
}

// profilesForRole returns the account's instance profiles holding role.
func profilesForRole(w *store.World, account, role string) []*iammodel.InstanceProfile {
	var out []*iammodel.InstanceProfile
	InstanceProfileKind.In(w).ByParent(account, func(p *iammodel.InstanceProfile) bool {
		for _, r := range p.Roles {
			if strings.EqualFold(r, role) {
				out = append(out, p)
				break
			}
		}
		return true
	})
	return out
}

// CreateInstanceProfile creates an empty instance profile.
func (s *Service) CreateInstanceProfile(ctx context.Context, account, name, path string, tags []model.Tag) (ProfileView, error) {
	if err := checkName("instanceProfileName", name, 128); err != nil {
		return ProfileView{}, err
	}
	path, perr := checkPath("path", path)
	if perr != nil {
		return ProfileView{}, perr
	}
	if err := checkTags(tags); err != nil {
		return ProfileView{}, err
	}
	if len(tags) > maxTags {
		return ProfileView{}, limitExceeded("The number of tags has reached the maximum limit.")
	}
	var out ProfileView
	err := s.update(ctx, func(tx *store.Tx) error {
		t := InstanceProfileKind.In(tx.World)
		key := iammodel.InstanceProfileKey(account, name)
		if _, ok := t.Get(key); ok {
			return alreadyExists("Instance Profile %s already exists.", name)
		}
		if len(t.Children(account)) >= maxProfilesPerAccount {
			return quota("InstanceProfilesPerAccount", maxProfilesPerAccount)
		}
		p := &iammodel.InstanceProfile{Name: name, Path: path, ProfileID: newUniqueID(tx, "AIPA", 17),
			ARN: InstanceProfileARN(account, path, name)}
		p.Meta = model.Meta{ID: key, Account: account, Tags: tagMap(tags), Created: tx.Now()}
		t.Put(p)
		out = ProfileView{InstanceProfile: p}
		return nil
	})
	return out, err
}

// GetInstanceProfile returns an instance profile and its role.
func (s *Service) GetInstanceProfile(account, name string) (ProfileView, error) {
	w := s.snapshot()
	p, err := profileIn(w, account, name)
	if err != nil {
		return ProfileView{}, err
	}
	return resolveProfile(w, p), nil
}

// ListInstanceProfiles lists the account's instance profiles whose path
// starts with pathPrefix, in name order.
func (s *Service) ListInstanceProfiles(account, pathPrefix string, pg Page) ([]ProfileView, Paged, error) {
	prefix, perr := checkPathPrefix(pathPrefix)
	if perr != nil {
		return nil, Paged{}, perr
	}
	w := s.snapshot()
	var all []*iammodel.InstanceProfile
	InstanceProfileKind.In(w).ByParent(account, func(p *iammodel.InstanceProfile) bool {
		if strings.HasPrefix(p.Path, prefix) {
			all = append(all, p)
		}
		return true
	})
	return pageProfiles(w, all, pg)
}

func pageProfiles(w *store.World, all []*iammodel.InstanceProfile, pg Page) ([]ProfileView, Paged, error) {
	page, paged, err := paginate(all, func(p *iammodel.InstanceProfile) string { return p.ID }, pg)
	if err != nil {
		return nil, Paged{}, err
	}
	out := make([]ProfileView, len(page))
	for i, p := range page {
		out[i] = resolveProfile(w, p)
	}
	return out, paged, nil
}

// ListInstanceProfilesForRole lists the instance profiles holding a role.
func (s *Service) ListInstanceProfilesForRole(account, roleName string, pg Page) ([]ProfileView, Paged, error) {
	w := s.snapshot()
	r, err := roleIn(w, account, roleName)
	if err != nil {
		return nil, Paged{}, err
	}
	return pageProfiles(w, profilesForRole(w, account, r.Name), pg)
}

// DeleteInstanceProfile deletes an instance profile without roles.
func (s *Service) DeleteInstanceProfile(ctx context.Context, account, name string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		p, err := profileIn(tx.World, account, name)
		if err != nil {
			return err
		}
		if len(p.Roles) > 0 {
			return deleteConflict("Cannot delete entity, must remove roles from instance profile first.")
		}
		InstanceProfileKind.In(tx.World).Delete(p.ID)
		return nil
	})
}

// modifyProfile runs fn on a private copy of an instance profile.
func (s *Service) modifyProfile(ctx context.Context, account, name string, fn func(tx *store.Tx, p *iammodel.InstanceProfile) error) error {
	return s.update(ctx, func(tx *store.Tx) error {
		old, err := profileIn(tx.World, account, name)
		if err != nil {
			return err
		}
		p := model.Clone(old)
		if err := fn(tx, p); err != nil {
			return err
		}
		InstanceProfileKind.In(tx.World).Put(p)
		return nil
	})
}

// AddRoleToInstanceProfile puts a role in an instance profile (at most
// one role per profile).
func (s *Service) AddRoleToInstanceProfile(ctx context.Context, account, name, roleName string) error {
	return s.modifyProfile(ctx, account, name, func(tx *store.Tx, p *iammodel.InstanceProfile) error {
		r, err := roleIn(tx.World, account, roleName)
		if err != nil {
			return err
		}
		for _, n := range p.Roles {
			if strings.EqualFold(n, r.Name) {
				return limitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: %d", maxRolesPerProfile)
			}
		}
		if len(p.Roles) >= maxRolesPerProfile {
			return limitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: %d", maxRolesPerProfile)
		}
		p.Roles = append(p.Roles, r.Name)
		return nil
	})
}

// RemoveRoleFromInstanceProfile takes a role out of an instance profile.
func (s *Service) RemoveRoleFromInstanceProfile(ctx context.Context, account, name, roleName string) error {
	return s.modifyProfile(ctx, account, name, func(tx *store.Tx, p *iammodel.InstanceProfile) error {
		if _, err := roleIn(tx.World, account, roleName); err != nil {
			return err
		}
		kept := p.Roles[:0]
		found := false
		for _, n := range p.Roles {
			if strings.EqualFold(n, roleName) {
				found = true
				continue
			}
			kept = append(kept, n)
		}
		if !found {
			return noSuchEntity("The role with name %s cannot be found.", roleName)
		}
		p.Roles = kept
		if len(p.Roles) == 0 {
			p.Roles = nil
		}
		return nil
	})
}

// TagInstanceProfile adds or replaces tags of an instance profile.
func (s *Service) TagInstanceProfile(ctx context.Context, account, name string, tags []model.Tag) error {
	return s.modifyProfile(ctx, account, name, func(_ *store.Tx, p *iammodel.InstanceProfile) error {
		m, err := applyTags(p.Tags, tags)
		if err != nil {
			return err
		}
		p.Tags = m
		return nil
	})
}

// UntagInstanceProfile removes tags of an instance profile.
func (s *Service) UntagInstanceProfile(ctx context.Context, account, name string, keys []string) error {
	return s.modifyProfile(ctx, account, name, func(_ *store.Tx, p *iammodel.InstanceProfile) error {
		m, err := removeTags(p.Tags, keys)
		if err != nil {
			return err
		}
		p.Tags = m
		return nil
	})
}

// ListInstanceProfileTags returns an instance profile's tags, paged.
func (s *Service) ListInstanceProfileTags(account, name string, pg Page) ([]model.Tag, Paged, error) {
	p, err := profileIn(s.snapshot(), account, name)
	if err != nil {
		return nil, Paged{}, err
	}
	return pageTags(p.SortedTags(), pg)
}
