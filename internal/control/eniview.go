package control

import (
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Read-side facts about network interfaces that Describe answers derive
// from other objects: group names, zone ids and public address owners.

// GroupRef is a security group id with its name ("" when the group no
// longer exists).
type GroupRef struct {
	ID   string
	Name string
}

// GroupRefs resolves security group ids to their names in w, keeping the
// order of ids.
func GroupRefs(w *store.World, ids []string) []GroupRef {
	out := make([]GroupRef, 0, len(ids))
	for _, id := range ids {
		ref := GroupRef{ID: id}
		if g, ok := w.SecurityGroups.Get(id); ok {
			ref.Name = g.Name
		}
		out = append(out, ref)
	}
	return out
}

// SubnetZoneID returns the availability zone id of a subnet ("" when it
// no longer exists).
func SubnetZoneID(w *store.World, subnetID string) string {
	if sn, ok := w.Subnets.Get(subnetID); ok {
		return sn.AvailabilityZoneID
	}
	return ""
}

// ZoneID returns the id (use1-az1 ...) of availability zone az in region,
// or "" when the region or zone is unknown.
func ZoneID(region, az string) string {
	r, err := RegionByName(region)
	if err != nil {
		return ""
	}
	for _, z := range r.Zones {
		if z.Name == az {
			return z.ID
		}
	}
	return ""
}

// IPOwner is who owns an interface's public address: the account for an
// Elastic IP, "amazon" for an auto-assigned one.
func IPOwner(n *model.NetworkInterface, p model.PrivateIP) string {
	if p.AllocationID != "" {
		return n.Account
	}
	return "amazon"
}
