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

// InstanceView is an instance with everything DescribeInstances derives
// from its image, its type and its network interfaces. It is a read model:
// build it with DescribeInstance from a consistent world.
type InstanceView struct {
	*model.Instance
	Type  InstanceType
	Image Image

	// Architecture is the image's, or for vpcsim's generic images the
	// instance type's (x86_64 for i386-capable types).
	Architecture string
	// BootMode is the image's boot mode ("" = unset); CurrentBootMode is
	// what the instance booted: uefi when the image requires it, or
	// prefers it on a Nitro type, else legacy-bios.
	BootMode        string
	CurrentBootMode string
	// MetadataHttpTokens defaults to "optional".
	MetadataHttpTokens string
	MonitoringState    string // enabled | disabled
	RootDeviceName     string
	// Volumes are the attached EBS volumes, root device first (none once
	// terminated: they are deleted or detached).
	Volumes []*model.Volume
	// StateTransitionReason and the state reason of a stopped or
	// terminated instance ("" otherwise).
	StateTransitionReason string
	StateReasonCode       string
	StateReasonMessage    string

	// ENIs are the attached interfaces, primary first.
	ENIs []*model.NetworkInterface
	// From the primary interface (zero without one).
	PrivateIP      netip.Addr
	PrivateDNSName string
	PublicIP       netip.Addr
	PublicDNSName  string
	SecurityGroups []GroupRef // nil without a primary interface
	// SourceDestCheck is nil without a primary interface.
	SourceDestCheck *bool
	Ipv6Address     netip.Addr
}

// DescribeInstance builds the read model of inst in w.
func DescribeInstance(w *store.World, inst *model.Instance) *InstanceView {
	v := &InstanceView{Instance: inst, Type: lookupInstanceType(inst.InstanceType), Image: InstanceImage(inst)}
	v.Architecture = v.Type.Architecture
	if v.Architecture == "i386" {
		v.Architecture = "x86_64"
	}
	if !v.Image.Generic {
		v.Architecture = v.Image.Architecture
	}
	v.BootMode = v.Image.BootMode
	v.CurrentBootMode = "legacy-bios"
	if v.Image.BootMode == "uefi" || v.Image.BootMode == "uefi-preferred" && v.Type.Hypervisor == "nitro" {
		v.CurrentBootMode = "uefi"
	}
	v.MetadataHttpTokens = inst.MetadataHttpTokens
	if v.MetadataHttpTokens == "" {
		v.MetadataHttpTokens = "optional"
	}
	v.MonitoringState = "disabled"
	if inst.Monitoring {
		v.MonitoringState = "enabled"
	}
	v.RootDeviceName = v.Image.RootDeviceName
	v.Volumes = InstanceVolumes(w, inst)
	switch inst.State {
	case "stopped", "terminated":
		at := inst.TerminatedAt
		if at.IsZero() {
			at = inst.LaunchTime
		}
		v.StateTransitionReason = "User initiated (" + at.UTC().Format("2006-01-02 15:04:05 GMT") + ")"
		v.StateReasonCode = "Client.UserInitiatedShutdown"
		v.StateReasonMessage = "Client.UserInitiatedShutdown: User initiated shutdown"
	}
	v.ENIs = instanceENIs(w, inst)
	for _, n := range v.ENIs {
		if n.ID != inst.PrimaryENI {
			continue
		}
		v.PrivateIP = n.PrimaryIP()
		v.PrivateDNSName = PrivateDNSName(inst.Region, v.PrivateIP)
		if !v.PrivateIP.IsValid() { // IPv6-only subnet: resource-name host name
			v.PrivateDNSName = ResourceDNSName(inst.Region, inst.ID)
		}
		v.SecurityGroups = GroupRefs(w, n.SecurityGroupIDs)
		sdc := n.SourceDestCheck
		v.SourceDestCheck = &sdc
		for _, p := range n.PrivateIPs {
			if p.Primary && p.PublicIP.IsValid() {
				v.PublicIP = p.PublicIP
				v.PublicDNSName = PublicDNSName(inst.Region, p.PublicIP)
			}
		}
		if len(n.Ipv6Addresses) > 0 {
			v.Ipv6Address = n.Ipv6Addresses[0]
		}
	}
	return v
}

// LaunchedInstance is how RunInstances answers a new instance: pending,
// and without a public address yet (EC2 reports it once running).
func LaunchedInstance(w *store.World, inst *model.Instance) *InstanceView {
	c := *inst
	c.State = "pending"
	v := DescribeInstance(w, &c)
	v.PublicIP, v.PublicDNSName = netip.Addr{}, ""
	return v
}

// InstanceListed reports whether Describe calls still list inst: a
// terminated instance is listed for about an hour [EC2 User Guide,
// "Terminate Amazon EC2 instances"], measured on the store's clock.
func (s *Service) InstanceListed(inst *model.Instance) bool {
	return TerminatedVisible(inst, s.Now())
}

// ListInstances visits the instances DescribeInstances lists in scope (as
// View(ctx) sees them), in id order, until visit returns false. With ids,
// each must name a listed instance (a terminated one past its visibility
// window is gone) or the call fails with InvalidInstanceID.NotFound naming
// every missing id; a malformed id fails first. Without ids it visits every
// listed instance with an id after after (pagination).
func (s *Service) ListInstances(ctx context.Context, scope model.Scope, ids []string, after string, visit func(*model.Instance) bool) error {
	w := s.View(ctx)
	now := s.Now()
	if len(ids) == 0 {
		w.Instances.From(after, func(inst *model.Instance) bool {
			if !inst.InScope(scope) || !TerminatedVisible(inst, now) {
				return true
			}
			return visit(inst)
		})
		return nil
	}
	seen := map[string]bool{}
	var found []*model.Instance
	var missing []string
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		inst, err := Lookup(w.Instances, scope, id)
		if err != nil || !TerminatedVisible(inst, now) {
			if ae, ok := awserr.As(err); ok && strings.HasSuffix(ae.Code, ".Malformed") {
				return err
			}
			missing = append(missing, id)
			continue
		}
		found = append(found, inst)
	}
	if len(missing) == 1 {
		return NotFound(missing[0])
	}
	if len(missing) > 1 {
		return awserr.New("InvalidInstanceID.NotFound", "The instance IDs '%s' do not exist", strings.Join(missing, ", "))
	}
	sort.Slice(found, func(i, j int) bool { return found[i].ID < found[j].ID })
	for _, inst := range found {
		if !visit(inst) {
			break
		}
	}
	return nil
}

// InstanceStatus is the instance and system status DescribeInstanceStatus
// reports for a state: ok while running, not-applicable otherwise.
func InstanceStatus(state string) string {
	if state == "running" {
		return "ok"
	}
	return "not-applicable"
}

// StatusListed reports whether DescribeInstanceStatus lists inst: a listed
// instance that is running, or in any state with IncludeAllInstances.
func (s *Service) StatusListed(inst *model.Instance, includeAll bool) bool {
	return s.InstanceListed(inst) && (includeAll || inst.State == "running")
}

// CreditSpecification returns the CPU credit option of a burstable (T)
// instance ("standard" unless set at launch or since), and ok=false for an
// instance DescribeInstanceCreditSpecifications does not list: not
// burstable, or terminated.
func (s *Service) CreditSpecification(inst *model.Instance) (cpuCredits string, ok bool) {
	if inst.State == "terminated" || !s.InstanceListed(inst) || !lookupInstanceType(inst.InstanceType).Burstable {
		return "", false
	}
	if inst.CpuCredits == "" {
		return "standard", true
	}
	return inst.CpuCredits, true
}
