package subnetgroup

import (
	"github.com/vpcsim/vpcsim/internal/model/dbsubnet"
	"github.com/vpcsim/vpcsim/internal/store"
)

// View is a group as the Describe operations show it: the stored group and
// what its subnets support now.
type View struct {
	*dbsubnet.Group
	Subnets []SubnetView
}

// SubnetView is one member subnet. A subnet deleted from EC2 after it
// joined is still listed with its zone, as IPv4 only: "The list of subnets
// shown here might not reflect the current state of your VPC."
// [RDS DBSubnetGroup.Subnets].
type SubnetView struct {
	ID               string
	AvailabilityZone string
	// Exists reports whether the EC2 subnet still exists.
	Exists bool
	// IPv4 is true for a subnet with an IPv4 range (every subnet but an
	// IPv6-only one); IPv6 for one with an associated IPv6 /64.
	IPv4, IPv6 bool
}

// DualStack reports whether every subnet has both an IPv4 range and an
// IPv6 block: "each subnet in the DB subnet group must have an IPv6 CIDR
// block" for a dual-stack DB instance [RDS-UG USER_VPC.WorkingWithRDSInstanceinaVPC].
func (v *View) DualStack() bool {
	if len(v.Subnets) == 0 {
		return false
	}
	for _, s := range v.Subnets {
		if !s.IPv4 || !s.IPv6 {
			return false
		}
	}
	return true
}

// IPv6Only reports whether every subnet is IPv6-only.
func (v *View) IPv6Only() bool {
	if len(v.Subnets) == 0 {
		return false
	}
	for _, s := range v.Subnets {
		if s.IPv4 || !s.IPv6 {
			return false
		}
	}
	return true
}

// view builds g's View from w.
func (e *Engine) view(w *store.World, g *dbsubnet.Group) *View {
	v := &View{Group: g, Subnets: make([]SubnetView, 0, len(g.Subnets))}
	subnets := store.SubnetKind.In(w)
	for _, m := range g.Subnets {
		sv := SubnetView{ID: m.SubnetID, AvailabilityZone: m.AvailabilityZone, IPv4: true}
		if s, ok := subnets.Get(m.SubnetID); ok {
			sv.Exists = true
			sv.IPv4 = !s.Ipv6Native
			_, sv.IPv6 = s.Ipv6CidrBlock()
		}
		v.Subnets = append(v.Subnets, sv)
	}
	return v
}
