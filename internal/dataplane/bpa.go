package dataplane

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// VPC Block Public Access in the plane [VPC user guide,
// security-vpc-bpa.html]: each account-region's block mode and exclusions
// become a bpaRule per subnet at compile time; internet gateways
// (igwOut/igwIn) and egress-only internet gateways (eigwOut) consult the
// rule of the subnet the packet leaves or enters. Return traffic of an
// allowed connection is not checked again (the gateways are stateful for
// it, as ingress-only mode's NAT gateway example requires).

// bpaInputs are the modes and active exclusions by "account/region".
type bpaInputs struct {
	modes      map[string]string
	exclusions map[string][]*model.BlockPublicAccessExclusion
}

func compileBPA(w *store.World) bpaInputs {
	in := bpaInputs{modes: map[string]string{}, exclusions: map[string][]*model.BlockPublicAccessExclusion{}}
	w.Scopes.All(func(s *model.ScopeState) bool {
		if o := s.BlockPublicAccess; o != nil && o.Mode != model.BPAModeOff {
			in.modes[s.Account+"/"+s.Region] = o.Mode
		}
		return true
	})
	if len(in.modes) == 0 {
		return in
	}
	store.BPAExclusionKind.In(w).All(func(e *model.BlockPublicAccessExclusion) bool {
		if e.Active() {
			k := e.Account + "/" + e.Region
			in.exclusions[k] = append(in.exclusions[k], e)
		}
		return true
	})
	return in
}

func (in bpaInputs) rule(s *model.Subnet) bpaRule {
	k := s.Account + "/" + s.Region
	mode, ok := in.modes[k]
	if !ok {
		return bpaRule{}
	}
	direct := model.BPAFor(mode, s.VpcID, s.ID, in.exclusions[k], false)
	viaNAT := model.BPAFor(mode, s.VpcID, s.ID, in.exclusions[k], true)
	return bpaRule{on: true, in: direct.Ingress, outDirect: direct.Egress, outNAT: viaNAT.Egress, exclusion: direct.ExclusionID}
}

// bpaBlocked drops the packet at hop when subnet si's Block Public Access
// rule refuses it in direction dir (viaNAT: egress of a NAT gateway or
// through an egress-only internet gateway). It reports whether it did.
func (w *walker) bpaBlocked(hop *Hop, si int32, dir Direction, viaNAT bool) bool {
	if w.ret || si < 0 {
		return false
	}
	r := &w.p.subnets[si].bpa
	if !r.on {
		return false
	}
	allowed, reason := r.in, ReasonBPAIngress
	if dir == Egress {
		allowed, reason = r.outDirect, ReasonBPAEgress
		if viaNAT {
			allowed = r.outNAT
		}
	}
	if allowed {
		return false
	}
	x := w.drop(hop, VpcBlockPublicAccessEnabled, reason, dir)
	x.Subnet = w.p.subnetRef(si)
	return true
}

// subnetOf returns the subnet of VPC vi whose CIDR holds address a, or -1.
func (p *Plane) subnetOf(vi int32, a netip.Addr) int32 {
	if si, ok := p.vpcs[vi].subnets.Lookup(a); ok {
		return si
	}
	return -1
}
