package ram

import (
	"context"
	"encoding/json"
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
	ram "github.com/vpcsim/vpcsim/internal/model/ram"
	"github.com/vpcsim/vpcsim/internal/store"
)

// managedSince is the creation time vpcsim shows for AWS managed
// permissions (AWS shows its own, fixed, date; the value is ours).
var managedSince = time.Date(2018, time.November, 27, 0, 0, 0, 0, time.UTC)

// Permission is an AWS managed permission (version 1, the default).
type Permission struct {
	Arn, Name, ResourceType string
	// Policy is the permission's effect and actions as JSON.
	Policy  string
	Created time.Time
}

func permissionOf(rt *ResourceType) Permission {
	b, _ := json.Marshal(map[string]any{"Effect": "Allow", "Action": rt.Actions})
	return Permission{Arn: rt.Permission, Name: rt.PermissionName, ResourceType: rt.Type, Policy: string(b), Created: managedSince}
}

// ListResourceTypes returns the shareable resource types.
func (s *Service) ListResourceTypes(p Page) ([]ResourceType, string, error) {
	return paginate(ResourceTypes(), func(t ResourceType) string { return t.Type }, p)
}

// ListPermissions lists the managed permissions, optionally of one
// resource type. vpcsim has no customer managed permissions.
func (s *Service) ListPermissions(resourceType, permissionType string, p Page) ([]Permission, string, error) {
	var out []Permission
	if permissionType == "CUSTOMER_MANAGED" {
		return paginate(out, func(p Permission) string { return p.Arn }, p)
	}
	for i := range resourceTypes {
		rt := &resourceTypes[i]
		if resourceType == "" || equalFold(resourceType, rt.Type) {
			out = append(out, permissionOf(rt))
		}
	}
	return paginate(out, func(p Permission) string { return p.Arn }, p)
}

func equalFold(a, b string) bool {
	t, ok := typeByName(a)
	return ok && t.Type == b
}

// GetPermission returns a managed permission (only version 1 exists).
func (s *Service) GetPermission(arn string, version int32) (Permission, error) {
	if _, err := ParseArn(arn); err != nil {
		return Permission{}, err
	}
	rt, ok := typeByPermission(arn)
	if !ok {
		return Permission{}, unknownResource("Permission %s could not be found.", arn)
	}
	if version != 0 && version != 1 {
		return Permission{}, invalidParameter("Permission %s has no version %d.", arn, version)
	}
	return permissionOf(rt), nil
}

// SharePermission is a permission attached to a share.
type SharePermission struct {
	Permission
	Added time.Time
}

// ListResourceSharePermissions lists the permissions of a share the
// caller owns or that is shared with it.
func (s *Service) ListResourceSharePermissions(ctx context.Context, scope Scope, arn string, p Page) ([]SharePermission, string, error) {
	if _, err := ParseArn(arn); err != nil {
		return nil, "", err
	}
	w := s.view(ctx)
	sh, ok := ShareKind.In(w).Get(arn)
	if !ok || sh.Region != scope.Region || sh.Account != scope.Account && !principalOf(w, sh, scope.Account, s.now(), false) {
		return nil, "", shareNotFound(arn)
	}
	var out []SharePermission
	for _, ref := range sh.Permissions {
		if rt, ok := typeByPermission(ref.Arn); ok {
			out = append(out, SharePermission{Permission: permissionOf(rt), Added: ref.Added})
		}
	}
	return paginate(out, func(p SharePermission) string { return p.Arn }, p)
}

func hasPermission(sh *ram.ResourceShare, arn string) bool {
	for _, p := range sh.Permissions {
		if p.Arn == arn {
			return true
		}
	}
	return false
}

// attachPermission attaches a managed permission to sh; a share has one
// permission per resource type, which replace allows to change.
func attachPermission(sh *ram.ResourceShare, arn string, replace bool, now time.Time) error {
	if _, err := ParseArn(arn); err != nil {
		return err
	}
	rt, ok := typeByPermission(arn)
	if !ok {
		return unknownResource("Permission %s could not be found.", arn)
	}
	for i, p := range sh.Permissions {
		if p.Arn == arn {
			return nil
		}
		if cur, ok := typeByPermission(p.Arn); ok && cur.Type == rt.Type {
			if !replace {
				return invalidParameter("Resource share %s already has a permission for resource type %s; set replace to change it.", sh.ID, rt.Type)
			}
			sh.Permissions[i] = ram.PermissionRef{Arn: arn, Version: 1, Added: now}
			return nil
		}
	}
	sh.Permissions = append(sh.Permissions, ram.PermissionRef{Arn: arn, Version: 1, Added: now})
	return nil
}

// AssociateResourceSharePermission attaches a managed permission to a
// share the caller owns.
func (s *Service) AssociateResourceSharePermission(ctx context.Context, scope Scope, arn, permission string, replace bool, version int32) error {
	if version != 0 && version != 1 {
		return invalidParameter("Permission %s has no version %d.", permission, version)
	}
	return s.update(ctx, func(tx *store.Tx) error {
		sh, err := liveShare(tx.World, scope, arn)
		if err != nil {
			return err
		}
		c := model.Clone(sh)
		if err := attachPermission(c, permission, replace, tx.Now()); err != nil {
			return err
		}
		c.Updated = tx.Now()
		ShareKind.In(tx.World).Put(c)
		return nil
	})
}

// DisassociateResourceSharePermission detaches a permission from a share;
// the permission of a resource type the share still holds cannot go (its
// resources need one).
func (s *Service) DisassociateResourceSharePermission(ctx context.Context, scope Scope, arn, permission string) error {
	if _, err := ParseArn(permission); err != nil {
		return err
	}
	return s.update(ctx, func(tx *store.Tx) error {
		sh, err := liveShare(tx.World, scope, arn)
		if err != nil {
			return err
		}
		idx := -1
		for i, p := range sh.Permissions {
			if p.Arn == permission {
				idx = i
			}
		}
		if idx < 0 {
			return unknownResource("Permission %s is not associated with resource share %s.", permission, arn)
		}
		rt, _ := typeByPermission(permission)
		for _, a := range sh.Associations {
			if rt != nil && a.Type == ram.TypeResource && a.Status == ram.AssocAssociated && a.ResourceType == rt.Type {
				return notPermitted("Resource share %s holds resources of type %s, which need permission %s.", arn, rt.Type, permission)
			}
		}
		c := model.Clone(sh)
		c.Permissions = append(c.Permissions[:idx:idx], c.Permissions[idx+1:]...)
		c.Updated = tx.Now()
		ShareKind.In(tx.World).Put(c)
		return nil
	})
}

// EnableSharingWithAwsOrganization enables sharing with the organization:
// from then on accounts (all of the server's accounts are members) and the
// organization itself get access without invitations. AWS asks for the
// management account; in vpcsim every account may act as it
// (docs/insights.md).
func (s *Service) EnableSharingWithAwsOrganization(ctx context.Context, scope Scope) error {
	return s.update(ctx, func(tx *store.Tx) error {
		if orgSharingEnabled(tx.World) {
			return nil
		}
		OrgKind.In(tx.World).Put(&ram.OrgSharing{Meta: model.Meta{ID: orgID, Account: scope.Account, Created: tx.Now()}, Enabled: true})
		return nil
	})
}
