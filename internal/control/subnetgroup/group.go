package subnetgroup

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/dbsubnet"
	"github.com/vpcsim/vpcsim/internal/store"
)

// CreateInput is a new group's request.
type CreateInput struct {
	Name        string
	Description string
	SubnetIDs   []string
	Tags        []model.Tag
}

// Create makes a group: the name must follow the service's rules and be
// unused in the account-region, the subnets must exist there in one VPC
// (and cover enough zones where the service says so), and the quotas must
// allow it.
func (e *Engine) Create(ctx context.Context, scope model.Scope, in CreateInput) (*View, error) {
	name, err := e.normalizeName(in.Name)
	if err != nil {
		return nil, err
	}
	tags, err := e.tagMap(nil, in.Tags)
	if err != nil {
		return nil, err
	}
	if err := e.scopes.EnsureScope(ctx, scope); err != nil {
		return nil, fmt.Errorf("create %s %s: %w", e.r.Noun, name, err)
	}
	var out *View
	_, err = e.st.Update(ctx, func(tx *store.Tx) error {
		t := e.r.Kind.In(tx.World)
		id := e.ARN(scope, name)
		if _, dup := t.Get(id); dup {
			return awserr.New(e.r.Codes.AlreadyExists, "The %s %s already exists.", e.r.Noun, name)
		}
		if e.r.MaxGroups > 0 && e.count(tx.World, scope) >= e.r.MaxGroups {
			return awserr.New(e.r.Codes.GroupQuota, "Cannot create more than %d %ss in %s.", e.r.MaxGroups, e.r.Noun, scope.Region)
		}
		vpc, members, err := e.resolveSubnets(tx.World, scope, in.SubnetIDs)
		if err != nil {
			return err
		}
		g := &dbsubnet.Group{
			Meta:        model.Meta{ID: id, Account: scope.Account, Region: scope.Region, Tags: tags, Created: tx.Now()},
			Name:        name,
			Description: in.Description,
			VpcID:       vpc,
			Subnets:     members,
		}
		t.Put(g)
		out = e.view(tx.World, g)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Modify replaces a group's description (when description is not nil) and
// its subnets (when subnetIDs is not nil). The new subnets obey the same
// rules as at creation; a group nothing uses may move to another VPC.
func (e *Engine) Modify(ctx context.Context, scope model.Scope, name string, description *string, subnetIDs []string) (*View, error) {
	name = strings.ToLower(name)
	if subnetIDs != nil {
		if err := e.scopes.EnsureScope(ctx, scope); err != nil {
			return nil, fmt.Errorf("modify %s %s: %w", e.r.Noun, name, err)
		}
	}
	var out *View
	_, err := e.st.Update(ctx, func(tx *store.Tx) error {
		old, err := e.lookup(tx.World, scope, name)
		if err != nil {
			return err
		}
		g := model.Clone(old)
		if description != nil {
			g.Description = *description
		}
		if subnetIDs != nil {
			vpc, members, err := e.resolveSubnets(tx.World, scope, subnetIDs)
			if err != nil {
				return err
			}
			g.VpcID, g.Subnets = vpc, members
		}
		e.r.Kind.In(tx.World).Put(g)
		out = e.view(tx.World, g)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Delete removes a group. No DB instance, cache cluster or Redshift cluster
// exists in vpcsim, so no group is ever in use.
func (e *Engine) Delete(ctx context.Context, scope model.Scope, name string) error {
	name = strings.ToLower(name)
	_, err := e.st.Update(ctx, func(tx *store.Tx) error {
		g, err := e.lookup(tx.World, scope, name)
		if err != nil {
			return err
		}
		e.r.Kind.In(tx.World).Delete(g.ID)
		return nil
	})
	return err
}

// Get returns scope's group name (case-insensitive).
func (e *Engine) Get(scope model.Scope, name string) (*View, error) {
	w := e.st.Snapshot()
	g, err := e.lookup(w, scope, strings.ToLower(name))
	if err != nil {
		return nil, err
	}
	return e.view(w, g), nil
}

// resolveSubnets checks the requested subnets and returns their VPC and
// the members in request order, duplicates removed:
//   - at most MaxSubnets subnets [RDS quotas "Subnets per DB subnet group:
//     20"; Redshift "A maximum of 20 subnets"];
//   - each one an existing subnet of the account-region, all in one VPC
//     ["InvalidSubnet: The requested subnet is invalid, or multiple subnets
//     were requested that are not all in a common VPC."];
//   - covering MinAZs zones when the region has that many ["Subnets in the
//     DB subnet group should cover at least two Availability Zones unless
//     there is only one Availability Zone."].
func (e *Engine) resolveSubnets(w *store.World, scope model.Scope, ids []string) (string, []dbsubnet.Member, error) {
	seen := make(map[string]bool, len(ids))
	uniq := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	if len(uniq) == 0 {
		return "", nil, awserr.New(e.r.Codes.InvalidParameter, "The %s must contain at least one subnet.", e.r.Noun)
	}
	if e.r.MaxSubnets > 0 && len(uniq) > e.r.MaxSubnets {
		return "", nil, awserr.New(e.r.Codes.SubnetQuota, "The %s cannot contain more than %d subnets; %d were given.", e.r.Noun, e.r.MaxSubnets, len(uniq))
	}
	var missing []string
	var vpc string
	members := make([]dbsubnet.Member, 0, len(uniq))
	zones := map[string]bool{}
	for _, id := range uniq {
		s, ok := store.SubnetKind.In(w).Get(id)
		if !ok || !s.InScope(scope) {
			missing = append(missing, id)
			continue
		}
		if vpc == "" {
			vpc = s.VpcID
		} else if s.VpcID != vpc {
			return "", nil, awserr.New(e.r.Codes.InvalidSubnet, "The subnets %s are not all in a common VPC: %s is in %s, not %s.", strings.Join(uniq, ", "), id, s.VpcID, vpc)
		}
		members = append(members, dbsubnet.Member{SubnetID: id, AvailabilityZone: s.AvailabilityZone})
		zones[s.AvailabilityZone] = true
	}
	if len(missing) > 0 {
		return "", nil, awserr.New(e.r.Codes.InvalidSubnet, "Some input subnets in :[%s] are invalid: no subnet %s exists in %s.", strings.Join(uniq, ", "), strings.Join(missing, ", "), scope.Region)
	}
	if e.r.MinAZs > 1 && e.r.Codes.TooFewAZs != "" && len(zones) < e.r.MinAZs {
		if region, err := control.RegionByName(scope.Region); err == nil && len(region.Zones) >= e.r.MinAZs {
			covered := make([]string, 0, len(zones))
			for z := range zones {
				covered = append(covered, z)
			}
			sort.Strings(covered)
			return "", nil, awserr.New(e.r.Codes.TooFewAZs, "The %s doesn't meet Availability Zone (AZ) coverage requirement. Current AZ coverage: %s. Add subnets to cover at least %d AZs.", e.r.Noun, strings.Join(covered, ", "), e.r.MinAZs)
		}
	}
	return vpc, members, nil
}
