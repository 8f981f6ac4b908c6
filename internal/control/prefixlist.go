package control

import (
	"context"
	"net/netip"
	"sort"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Customer-managed prefix list limits [VPC-UG managed-prefix-lists.md,
// amazon-vpc-limits.md]: at most 1,000 entries per list; 100 lists per
// Region (adjustable).
const (
	maxPrefixListEntries    = 1000
	defaultPrefixListsQuota = 100
)

// PrefixListVisible reports whether a prefix list is visible to scope:
// its own lists and the region's AWS-managed lists.
func PrefixListVisible(pl *model.ManagedPrefixList, scope model.Scope) bool {
	if pl.IsAWSManaged() {
		return pl.Region == scope.Region
	}
	return pl.InScope(scope)
}

// GetPrefixList returns a visible prefix list with AWS's id errors.
func GetPrefixList(w *store.World, scope model.Scope, id string) (*model.ManagedPrefixList, error) {
	if id == "" {
		return nil, awserr.MissingParameter("PrefixListId")
	}
	if err := kindPL.check(id); err != nil {
		return nil, err
	}
	pl, ok := w.PrefixLists.Get(id)
	if !ok || !PrefixListVisible(pl, scope) {
		return nil, kindPL.NotFound(id)
	}
	return pl, nil
}

// PrefixListEntryInput is one entry to add.
type PrefixListEntryInput struct {
	Cidr        string
	Description string
}

// CreatePrefixListInput is what CreateManagedPrefixList needs.
type CreatePrefixListInput struct {
	Name          string
	AddressFamily string
	MaxEntries    *int32
	Entries       []PrefixListEntryInput
	Tags          map[string]string
}

func checkPrefixListName(name string) error {
	if len(name) > 255 {
		return awserr.InvalidParameterValue("Value (%s) for parameter prefixListName is invalid. Length exceeds maximum of 255.", name)
	}
	if strings.HasPrefix(strings.ToLower(name), "com.amazonaws") {
		return awserr.InvalidParameterValue("The prefix list name cannot start with com.amazonaws.")
	}
	return nil
}

// parseEntries validates entries for a list's address family.
func parseEntries(family string, in []PrefixListEntryInput) ([]model.PrefixListEntry, error) {
	var out []model.PrefixListEntry
	seen := map[netip.Prefix]bool{}
	for _, e := range in {
		if e.Cidr == "" {
			return nil, awserr.MissingParameter("Entry.Cidr")
		}
		p, err := parseCIDR(e.Cidr, "cidr")
		if err != nil {
			return nil, err
		}
		if (family == "IPv4") != p.Addr().Is4() {
			return nil, awserr.InvalidParameterValue("The CIDR %s does not match the address family %s of the prefix list.", e.Cidr, family)
		}
		if len(e.Description) > 255 {
			return nil, awserr.InvalidParameterValue("Value for parameter description is invalid. Length exceeds maximum of 255.")
		}
		if seen[p] {
			return nil, awserr.New("InvalidPrefixListModification", "The CIDR %s is specified more than once.", p)
		}
		seen[p] = true
		out = append(out, model.PrefixListEntry{Cidr: p, Description: e.Description})
	}
	return out, nil
}

func sortEntries(es []model.PrefixListEntry) {
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i].Cidr, es[j].Cidr
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c < 0
		}
		return a.Bits() < b.Bits()
	})
}

// CreateManagedPrefixList creates a customer-managed prefix list (version 1).
func (s *Service) CreateManagedPrefixList(ctx context.Context, scope model.Scope, in CreatePrefixListInput) (*model.ManagedPrefixList, error) {
	if in.Name == "" {
		return nil, awserr.MissingParameter("PrefixListName")
	}
	if in.MaxEntries == nil {
		return nil, awserr.MissingParameter("MaxEntries")
	}
	if in.AddressFamily == "" {
		return nil, awserr.MissingParameter("AddressFamily")
	}
	if in.AddressFamily != "IPv4" && in.AddressFamily != "IPv6" {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter addressFamily is invalid. Valid values are IPv4 and IPv6.", in.AddressFamily)
	}
	if err := checkPrefixListName(in.Name); err != nil {
		return nil, err
	}
	if *in.MaxEntries < 1 || *in.MaxEntries > maxPrefixListEntries {
		return nil, awserr.InvalidParameterValue("Value (%d) for parameter maxEntries is invalid. Must be between 1 and %d.", *in.MaxEntries, maxPrefixListEntries)
	}
	entries, err := parseEntries(in.AddressFamily, in.Entries)
	if err != nil {
		return nil, err
	}
	if len(entries) > int(*in.MaxEntries) {
		return nil, awserr.InvalidParameterValue("The number of entries (%d) exceeds the maximum number of entries (%d) for the prefix list.", len(entries), *in.MaxEntries)
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	sortEntries(entries)
	var out *model.ManagedPrefixList
	err = s.update(ctx, func(tx *store.Tx) error {
		if s.opts.AWSQuotas {
			n := 0
			tx.PrefixLists.All(func(p *model.ManagedPrefixList) bool {
				if p.InScope(scope) && !p.IsAWSManaged() {
					n++
				}
				return true
			})
			if n >= defaultPrefixListsQuota {
				return awserr.New("PrefixListLimitExceeded", "The maximum number of prefix lists has been reached.")
			}
		}
		out = &model.ManagedPrefixList{
			Meta:          newMeta(tx, scope, tx.NewID("pl"), in.Tags),
			Name:          in.Name,
			AddressFamily: in.AddressFamily,
			MaxEntries:    *in.MaxEntries,
			Version:       1,
			State:         "create-complete",
			OwnerID:       scope.Account,
			Entries:       entries,
		}
		tx.PrefixLists.Put(out)
		return nil
	})
	return out, err
}

// ModifyPrefixListInput changes a prefix list's name, entries or size.
type ModifyPrefixListInput struct {
	PrefixListID   string
	CurrentVersion *int64
	Name           string
	Add            []PrefixListEntryInput
	Remove         []string
	MaxEntries     *int32
}

// ModifyManagedPrefixList renames, resizes or changes the entries of a
// customer-managed list. Entry changes need the current version and make a
// new version; earlier versions stay readable with TargetVersion.
func (s *Service) ModifyManagedPrefixList(ctx context.Context, scope model.Scope, in ModifyPrefixListInput) (*model.ManagedPrefixList, error) {
	if in.PrefixListID == "" {
		return nil, awserr.MissingParameter("PrefixListId")
	}
	if in.Name != "" {
		if err := checkPrefixListName(in.Name); err != nil {
			return nil, err
		}
	}
	changing := len(in.Add) > 0 || len(in.Remove) > 0
	if changing && in.MaxEntries != nil {
		return nil, awserr.InvalidParameterCombination("You cannot modify the entries of a prefix list and resize it at the same time.")
	}
	if in.MaxEntries != nil && (*in.MaxEntries < 1 || *in.MaxEntries > maxPrefixListEntries) {
		return nil, awserr.InvalidParameterValue("Value (%d) for parameter maxEntries is invalid. Must be between 1 and %d.", *in.MaxEntries, maxPrefixListEntries)
	}
	var out *model.ManagedPrefixList
	err := s.update(ctx, func(tx *store.Tx) error {
		pl, err := GetPrefixList(tx.World, scope, in.PrefixListID)
		if err != nil {
			return err
		}
		if pl.IsAWSManaged() {
			return awserr.New("UnauthorizedOperation", "You are not authorized to modify the AWS-managed prefix list %s.", pl.ID)
		}
		c := model.Clone(pl)
		if in.Name != "" {
			c.Name = in.Name
		}
		if in.MaxEntries != nil {
			if int(*in.MaxEntries) < len(c.Entries) {
				return awserr.InvalidParameterValue("The maximum number of entries (%d) is less than the current number of entries (%d) in the prefix list.", *in.MaxEntries, len(c.Entries))
			}
			c.MaxEntries = *in.MaxEntries
		}
		if changing {
			if in.CurrentVersion == nil {
				return awserr.MissingParameter("CurrentVersion")
			}
			if *in.CurrentVersion != pl.Version {
				return awserr.New("PrefixListVersionMismatch", "The prefix list has the incorrect version number.")
			}
			add, err := parseEntries(c.AddressFamily, in.Add)
			if err != nil {
				return err
			}
			next := append([]model.PrefixListEntry(nil), c.Entries...)
			for _, r := range in.Remove {
				p, err := parseCIDR(r, "cidr")
				if err != nil {
					return err
				}
				idx := -1
				for i, e := range next {
					if e.Cidr == p {
						idx = i
					}
				}
				if idx < 0 {
					return awserr.New("InvalidPrefixListModification", "The prefix list entry %s does not exist.", p)
				}
				next = append(next[:idx:idx], next[idx+1:]...)
			}
			for _, a := range add {
				replaced := false
				for i, e := range next {
					if e.Cidr == a.Cidr {
						next[i] = a // re-adding an entry updates its description
						replaced = true
					}
				}
				if !replaced {
					next = append(next, a)
				}
			}
			if len(next) > int(c.MaxEntries) {
				return awserr.InvalidParameterValue("The number of entries (%d) exceeds the maximum number of entries (%d) for the prefix list.", len(next), c.MaxEntries)
			}
			sortEntries(next)
			if c.History == nil {
				c.History = map[int64][]model.PrefixListEntry{}
			}
			c.History[pl.Version] = pl.Entries
			c.Entries = next
			c.Version = pl.Version + 1
		}
		c.State = "modify-complete"
		tx.PrefixLists.Put(c)
		out = c
		return nil
	})
	return out, err
}

// DeleteManagedPrefixList deletes a customer-managed list no route or
// security group rule references.
func (s *Service) DeleteManagedPrefixList(ctx context.Context, scope model.Scope, id string) (*model.ManagedPrefixList, error) {
	var out *model.ManagedPrefixList
	err := s.update(ctx, func(tx *store.Tx) error {
		pl, err := GetPrefixList(tx.World, scope, id)
		if err != nil {
			return err
		}
		if pl.IsAWSManaged() {
			return awserr.New("UnauthorizedOperation", "You are not authorized to delete the AWS-managed prefix list %s.", pl.ID)
		}
		used := false
		tx.RouteTables.All(func(rt *model.RouteTable) bool {
			for _, r := range rt.Routes {
				if r.DestinationPrefixListID == id {
					used = true
				}
			}
			return !used
		})
		tx.SecurityGroupRules.All(func(r *model.SecurityGroupRule) bool {
			if r.PrefixListID == id {
				used = true
			}
			return !used
		})
		if used {
			return awserr.New("PrefixListInUse", "The prefix list %s is in use and cannot be deleted.", id)
		}
		tx.PrefixLists.Delete(id)
		out = model.Clone(pl)
		out.State = "delete-in-progress"
		return nil
	})
	return out, err
}

// PrefixListEntries returns the entries of a list at a version (0 = current).
func PrefixListEntries(w *store.World, scope model.Scope, id string, version *int64) ([]model.PrefixListEntry, error) {
	pl, err := GetPrefixList(w, scope, id)
	if err != nil {
		return nil, err
	}
	if version == nil || *version == pl.Version {
		return pl.Entries, nil
	}
	if es, ok := pl.History[*version]; ok {
		return es, nil
	}
	return nil, awserr.InvalidParameterValue("The prefix list %s does not have version %d.", id, *version)
}

// SelectPrefixLists returns, in id order, the prefix lists visible to scope
// (its own and the region's AWS-managed ones; only the latter with awsOnly)
// that ids names, each of which must exist, or all of them, keeping those
// keep accepts.
func SelectPrefixLists(w *store.World, scope model.Scope, ids []string, awsOnly bool, keep func(*model.ManagedPrefixList) bool) ([]*model.ManagedPrefixList, error) {
	var out []*model.ManagedPrefixList
	if len(ids) > 0 {
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			pl, err := GetPrefixList(w, scope, id)
			if err != nil {
				return nil, err
			}
			if awsOnly && !pl.IsAWSManaged() {
				return nil, NotFound(id)
			}
			if keep(pl) {
				out = append(out, pl)
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		return out, nil
	}
	w.PrefixLists.All(func(pl *model.ManagedPrefixList) bool {
		if PrefixListVisible(pl, scope) && (!awsOnly || pl.IsAWSManaged()) && keep(pl) {
			out = append(out, pl)
		}
		return true
	})
	return out, nil
}
