package control

import (
	"context"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// InstanceType is one row of vpcsim's instance type table, with the
// network limits EC2 documents per type [EC2-UG AvailableIpPerENI].
type InstanceType struct {
	Name               string
	VCPUs              int32
	Cores              int32
	ThreadsPerCore     int32
	MemoryMiB          int64
	MaxENIs            int32
	IPv4PerENI         int32
	IPv6PerENI         int32
	Burstable          bool
	FreeTier           bool
	CurrentGeneration  bool
	NetworkPerformance string
	Architecture       string // x86_64 | arm64 | i386
	Hypervisor         string // nitro | xen
	Known              bool   // false for a synthesised profile
}

var instanceTypes = []InstanceType{
	{"t2.nano", 1, 1, 1, 512, 2, 2, 2, true, false, true, "Low to Moderate", "x86_64", "xen", true},
	{"t2.micro", 1, 1, 1, 1024, 2, 2, 2, true, true, true, "Low to Moderate", "x86_64", "xen", true},
	{"t2.small", 1, 1, 1, 2048, 3, 4, 4, true, false, true, "Low to Moderate", "x86_64", "xen", true},
	{"t2.medium", 2, 2, 1, 4096, 3, 6, 6, true, false, true, "Low to Moderate", "x86_64", "xen", true},
	{"t2.large", 2, 2, 1, 8192, 3, 12, 12, true, false, true, "Low to Moderate", "x86_64", "xen", true},
	{"t3.nano", 2, 1, 2, 512, 2, 2, 2, true, false, true, "Up to 5 Gigabit", "x86_64", "nitro", true},
	{"t3.micro", 2, 1, 2, 1024, 2, 2, 2, true, true, true, "Up to 5 Gigabit", "x86_64", "nitro", true},
	{"t3.small", 2, 1, 2, 2048, 3, 4, 4, true, true, true, "Up to 5 Gigabit", "x86_64", "nitro", true},
	{"t3.medium", 2, 1, 2, 4096, 3, 6, 6, true, false, true, "Up to 5 Gigabit", "x86_64", "nitro", true},
	{"t3.large", 2, 1, 2, 8192, 3, 12, 12, true, false, true, "Up to 5 Gigabit", "x86_64", "nitro", true},
	{"t3a.micro", 2, 1, 2, 1024, 2, 2, 2, true, false, true, "Up to 5 Gigabit", "x86_64", "nitro", true},
	{"t3a.small", 2, 1, 2, 2048, 2, 4, 4, true, false, true, "Up to 5 Gigabit", "x86_64", "nitro", true},
	{"t4g.micro", 2, 2, 1, 1024, 2, 2, 2, true, true, true, "Up to 5 Gigabit", "arm64", "nitro", true},
	{"t4g.small", 2, 2, 1, 2048, 3, 4, 4, true, false, true, "Up to 5 Gigabit", "arm64", "nitro", true},
	{"m5.large", 2, 1, 2, 8192, 3, 10, 10, false, false, true, "Up to 10 Gigabit", "x86_64", "nitro", true},
	{"m5.xlarge", 4, 2, 2, 16384, 4, 15, 15, false, false, true, "Up to 10 Gigabit", "x86_64", "nitro", true},
	{"m5.2xlarge", 8, 4, 2, 32768, 4, 15, 15, false, false, true, "Up to 10 Gigabit", "x86_64", "nitro", true},
	{"m6i.large", 2, 1, 2, 8192, 3, 10, 10, false, false, true, "Up to 12.5 Gigabit", "x86_64", "nitro", true},
	{"c5.large", 2, 1, 2, 4096, 3, 10, 10, false, false, true, "Up to 10 Gigabit", "x86_64", "nitro", true},
	{"c5.xlarge", 4, 2, 2, 8192, 4, 15, 15, false, false, true, "Up to 10 Gigabit", "x86_64", "nitro", true},
	{"c6i.large", 2, 1, 2, 4096, 3, 10, 10, false, false, true, "Up to 12.5 Gigabit", "x86_64", "nitro", true},
	{"r5.large", 2, 1, 2, 16384, 3, 10, 10, false, false, true, "Up to 10 Gigabit", "x86_64", "nitro", true},
	{"m1.small", 1, 1, 1, 1740, 2, 4, 0, false, false, false, "Low", "i386", "xen", true},
}

// InstanceTypes returns the instance type table.
func InstanceTypes() []InstanceType { return instanceTypes }

// LookupInstanceType returns the profile of a known type, or a synthesised
// one (4 interfaces, 15 addresses each) for any other well-formed name.
func LookupInstanceType(name string) InstanceType { return lookupInstanceType(name) }

func lookupInstanceType(name string) InstanceType {
	for _, t := range instanceTypes {
		if t.Name == name {
			return t
		}
	}
	return InstanceType{Name: name, VCPUs: 2, Cores: 1, ThreadsPerCore: 2, MemoryMiB: 8192, MaxENIs: 4, IPv4PerENI: 15, IPv6PerENI: 15,
		CurrentGeneration: true, NetworkPerformance: "Up to 10 Gigabit", Architecture: "x86_64", Hypervisor: "nitro"}
}

// validInstanceTypeName reports whether name looks like family.size.
func validInstanceTypeName(name string) bool {
	fam, size, ok := strings.Cut(name, ".")
	if !ok || fam == "" || size == "" || strings.Contains(size, ".") {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// ValidInstanceTypeName reports whether name is a well-formed instance type.
func ValidInstanceTypeName(name string) bool { return validInstanceTypeName(name) }

// InstanceENISpec is one NetworkInterface.N of RunInstances.
type InstanceENISpec struct {
	ENISpec
	NetworkInterfaceID  string
	DeviceIndex         *int32
	AssociatePublicIP   *bool
	DeleteOnTermination *bool
}

// RunInstancesInput is what RunInstances needs.
type RunInstancesInput struct {
	ImageID               string
	InstanceType          string
	MinCount, MaxCount    *int32
	SubnetID              string
	PrivateIPAddress      string
	SecurityGroupIDs      []string
	SecurityGroupNames    []string
	KeyName               string
	AvailabilityZone      string
	Ipv6AddressCount      *int32
	Ipv6Addresses         []string
	NetworkInterfaces     []InstanceENISpec
	UserData              string
	DisableApiTermination bool
	DisableApiStop        bool
	ShutdownBehavior      string
	EbsOptimized          bool
	Monitoring            bool
	CpuCredits            string
	MetadataHttpTokens    string
	BlockDeviceMappings   []BlockDeviceSpec
	ClientToken           string
	Tags                  map[string]string
	ENITags               map[string]string
	VolumeTags            map[string]string // TagSpecification ResourceType=volume: every volume launched
	SystemTags            map[string]string // tags EC2 adds itself (aws:ec2launchtemplate:*), exempt from the user-tag rules
}

// terminatedVisibility is how long EC2 keeps listing a terminated instance.
const terminatedVisibility = time.Hour

// TerminatedVisible reports whether a terminated instance is still listed.
func TerminatedVisible(inst *model.Instance, now time.Time) bool {
	return inst.State != "terminated" || now.Sub(inst.TerminatedAt) < terminatedVisibility
}

func validAMI(id string) bool {
	rest, ok := strings.CutPrefix(id, "ami-")
	if !ok || (len(rest) != 8 && len(rest) != 17) {
		return false
	}
	for _, c := range rest {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// ValidAMI reports whether id is a well-formed image id.
func ValidAMI(id string) bool { return validAMI(id) }

// RunInstances launches between MinCount and MaxCount instances (as many
// as the subnets' free addresses allow) in one reservation.
func (s *Service) RunInstances(ctx context.Context, scope model.Scope, in RunInstancesInput) ([]*model.Instance, error) {
	if in.ImageID == "" {
		return nil, awserr.MissingParameter("ImageId")
	}
	if !validAMI(in.ImageID) {
		return nil, awserr.New("InvalidAMIID.Malformed", "Invalid id: \"%s\" (expecting \"ami-...\")", in.ImageID)
	}
	if in.MinCount == nil {
		return nil, awserr.MissingParameter("MinCount")
	}
	if in.MaxCount == nil {
		return nil, awserr.MissingParameter("MaxCount")
	}
	if *in.MinCount < 1 {
		return nil, awserr.InvalidParameterValue("Value (%d) for parameter minCount is invalid. Expected a positive integer.", *in.MinCount)
	}
	if *in.MaxCount < 1 {
		return nil, awserr.InvalidParameterValue("Value (%d) for parameter maxCount is invalid. Expected a positive integer.", *in.MaxCount)
	}
	if *in.MinCount > *in.MaxCount {
		return nil, awserr.InvalidParameterValue("Value (%d) for parameter minCount is invalid. Expected a value no greater than maxCount (%d).", *in.MinCount, *in.MaxCount)
	}
	if in.InstanceType == "" {
		in.InstanceType = "m1.small" // EC2's documented default
	}
	if !validInstanceTypeName(in.InstanceType) {
		return nil, awserr.InvalidParameterValue("Invalid value '%s' for InstanceType.", in.InstanceType)
	}
	switch in.ShutdownBehavior {
	case "":
		in.ShutdownBehavior = "stop"
	case "stop", "terminate":
	default:
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter instanceInitiatedShutdownBehavior is invalid.", in.ShutdownBehavior)
	}
	switch in.CpuCredits {
	case "", "standard", "unlimited":
	default:
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter cpuCredits is invalid. Valid values are standard and unlimited.", in.CpuCredits)
	}
	if len(in.NetworkInterfaces) > 0 {
		if in.SubnetID != "" {
			return nil, awserr.InvalidParameterCombination("Network interfaces and an instance-level subnet ID may not be specified on the same request")
		}
		if len(in.SecurityGroupIDs) > 0 || len(in.SecurityGroupNames) > 0 {
			return nil, awserr.InvalidParameterCombination("Network interfaces and an instance-level security groups may not be specified on the same request")
		}
		if in.PrivateIPAddress != "" {
			return nil, awserr.InvalidParameterCombination("Network interfaces and an instance-level private IP address should not be specified on the same request")
		}
		if in.Ipv6AddressCount != nil || len(in.Ipv6Addresses) > 0 {
			return nil, awserr.InvalidParameterCombination("Network interfaces and an instance-level IPv6 addresses should not be specified on the same request")
		}
	}
	for _, m := range []map[string]string{in.Tags, in.ENITags, in.VolumeTags} {
		if err := validateTags(m); err != nil {
			return nil, err
		}
	}
	it := lookupInstanceType(in.InstanceType)
	img := ImageFor(scope.Region, in.ImageID)
	if err := checkImageArchitecture(img, it); err != nil {
		return nil, err
	}
	var out []*model.Instance
	err := s.update(ctx, func(tx *store.Tx) error {
		out = nil
		volumes, err := planBlockDevices(tx.World, scope, img, in.BlockDeviceMappings)
		if err != nil {
			return err
		}
		purgeTerminated(tx, scope)
		if in.KeyName != "" {
			if _, ok := keyPairByName(tx.World, scope, in.KeyName); !ok {
				return awserr.New("InvalidKeyPair.NotFound", "The key pair '%s' does not exist", in.KeyName)
			}
		}
		specs, err := s.planInstanceENIs(tx, scope, in)
		if err != nil {
			return err
		}
		if len(specs) > int(it.MaxENIs) {
			return awserr.New("AttachmentLimitExceeded", "Interface count %d exceeds the limit for %s", len(specs), in.InstanceType)
		}
		lim := &ipLimits{ipv4: int(it.IPv4PerENI), ipv6: int(it.IPv6PerENI)}
		count := int(*in.MaxCount)
		fixed := false
		for _, sp := range specs {
			if sp.existing != nil || sp.PrivateIPAddress != "" || len(sp.PrivateIPs) > 0 || len(sp.Ipv6Addresses) > 0 {
				fixed = true
			}
		}
		if fixed && count > 1 {
			if *in.MinCount > 1 {
				return awserr.InvalidParameterCombination("Specific IP addresses or network interfaces can only be used when launching a single instance.")
			}
			count = 1
		}
		// Launch as many as the subnets' free addresses allow, at least MinCount.
		need := map[string]int{}
		for _, sp := range specs {
			if sp.existing == nil && !sp.subnet.Ipv6Native { // IPv6-only subnets use no IPv4 addresses
				n := 1 + len(sp.PrivateIPs)
				if sp.SecondaryCount != nil {
					n += int(*sp.SecondaryCount)
				}
				need[sp.subnet.ID] += n
			}
		}
		for id, n := range need {
			sn, _ := tx.Subnets.Get(id)
			if c := int(AvailableIPv4Count(tx.World, sn)) / n; c < count {
				count = c
			}
		}
		if count < int(*in.MinCount) {
			id := specs[0].subnet.ID
			return awserr.New("InsufficientFreeAddressesInSubnet", "There are not enough free addresses in subnet '%s' to satisfy the requested number of instances.", id)
		}
		resID := tx.NewID("r")
		for i := 0; i < count; i++ {
			inst, err := s.launchOne(tx, scope, in, specs, lim, resID, int32(i))
			if err != nil {
				return err
			}
			createVolumes(tx, scope, inst, volumes, in.VolumeTags)
			out = append(out, inst)
		}
		return nil
	})
	return out, err
}

// plannedENI is a resolved NetworkInterface.N (or the implicit primary one).
type plannedENI struct {
	InstanceENISpec
	subnet   *model.Subnet
	existing *model.NetworkInterface
	index    int32
}

// planInstanceENIs resolves the interfaces of each instance to launch.
func (s *Service) planInstanceENIs(tx *store.Tx, scope model.Scope, in RunInstancesInput) ([]plannedENI, error) {
	specs := in.NetworkInterfaces
	if len(specs) == 0 {
		specs = []InstanceENISpec{{
			ENISpec: ENISpec{SubnetID: in.SubnetID, PrivateIPAddress: in.PrivateIPAddress, Groups: in.SecurityGroupIDs,
				Ipv6Addresses: in.Ipv6Addresses, Ipv6Count: in.Ipv6AddressCount},
			DeviceIndex: new(int32),
		}}
	}
	var out []plannedENI
	seen := map[int32]bool{}
	for i, sp := range specs {
		if sp.DeviceIndex == nil {
			if len(specs) == 1 {
				sp.DeviceIndex = new(int32)
			} else {
				return nil, awserr.MissingParameter("NetworkInterface." + strconv.Itoa(i+1) + ".DeviceIndex")
			}
		}
		if seen[*sp.DeviceIndex] {
			return nil, awserr.InvalidParameterValue("Each network interface requires a unique device index.")
		}
		seen[*sp.DeviceIndex] = true
		if sp.AssociatePublicIP != nil && *sp.AssociatePublicIP && len(specs) > 1 {
			return nil, awserr.InvalidParameterCombination("The associatePublicIPAddress parameter cannot be specified when launching with multiple network interfaces.")
		}
		if sp.AssociatePublicIP != nil && *sp.AssociatePublicIP && *sp.DeviceIndex != 0 {
			return nil, awserr.InvalidParameterCombination("The associatePublicIPAddress parameter can only be specified for the network interface with DeviceIndex 0.")
		}
		p := plannedENI{InstanceENISpec: sp, index: *sp.DeviceIndex}
		if sp.NetworkInterfaceID != "" {
			if sp.SubnetID != "" || len(sp.Groups) > 0 || sp.PrivateIPAddress != "" || len(sp.PrivateIPs) > 0 || sp.SecondaryCount != nil {
				return nil, awserr.InvalidParameterCombination("A network interface may not specify both a network interface ID and a subnet, security groups or private IP addresses")
			}
			n, err := find(kindENI, tx.NetworkInterfaces, scope, sp.NetworkInterfaceID)
			if err != nil {
				return nil, err
			}
			if n.Attachment != nil || n.Status != "available" {
				return nil, awserr.New("InvalidNetworkInterface.InUse", "Interface: [%s] in use.", n.ID)
			}
			sn, ok := tx.Subnets.Get(n.SubnetID)
			if !ok {
				return nil, kindSubnet.NotFound(n.SubnetID)
			}
			p.existing, p.subnet = n, sn
		} else {
			sn, err := s.launchSubnet(tx, scope, sp.SubnetID, in.AvailabilityZone, *sp.DeviceIndex == 0)
			if err != nil {
				return nil, err
			}
			p.subnet = sn
			groups := sp.Groups
			if len(specs) == 1 && len(in.SecurityGroupNames) > 0 {
				for _, name := range in.SecurityGroupNames {
					g, ok := groupByName(tx.World, sn.VpcID, name)
					if !ok {
						return nil, awserr.New("InvalidGroup.NotFound", "The security group '%s' does not exist in VPC '%s'", name, sn.VpcID)
					}
					groups = append(groups, g)
				}
			}
			p.Groups = groups
		}
		out = append(out, p)
	}
	if !seen[0] {
		return nil, awserr.InvalidParameterValue("When specifying network interfaces, you must include a device at index 0.")
	}
	sort.Slice(out, func(i, j int) bool { return out[i].index < out[j].index })
	az := out[0].subnet.AvailabilityZone
	for _, p := range out[1:] {
		if p.subnet.AvailabilityZone != az {
			return nil, awserr.InvalidParameterValue("The network interfaces of an instance must be in the same availability zone.")
		}
	}
	if in.AvailabilityZone != "" && in.AvailabilityZone != az {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter availabilityZone is invalid. Subnet '%s' is in the availability zone %s", in.AvailabilityZone, out[0].subnet.ID, az)
	}
	return out, nil
}

// launchSubnet resolves a launch subnet: the given one, or the default
// subnet of the default VPC (in az when given).
func (s *Service) launchSubnet(tx *store.Tx, scope model.Scope, id, az string, primary bool) (*model.Subnet, error) {
	if id != "" {
		return find(kindSubnet, tx.Subnets, scope, id)
	}
	if !primary {
		return nil, awserr.MissingParameter("NetworkInterface.SubnetId")
	}
	st, ok := tx.Scopes.Get(scopeKey(scope))
	if !ok || st.DefaultVpcID == "" {
		return nil, awserr.New("VPCIdNotSpecified", "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.")
	}
	var pick *model.Subnet
	for _, sn := range tx.Subnets.Children(st.DefaultVpcID) {
		if !sn.DefaultForAz {
			continue
		}
		if az != "" && sn.AvailabilityZone != az {
			continue
		}
		if pick == nil || sn.AvailabilityZone < pick.AvailabilityZone {
			pick = sn
		}
	}
	if pick == nil {
		if az != "" {
			region, _ := RegionByName(scope.Region)
			if _, ok := region.zone(az); !ok {
				return nil, awserr.InvalidParameterValue("Invalid availability zone: [%s]", az)
			}
		}
		return nil, awserr.New("MissingInput", "No subnets found for the default VPC '%s'. Please specify a subnet.", st.DefaultVpcID)
	}
	return pick, nil
}

func groupByName(w *store.World, vpcID, name string) (string, bool) {
	for _, g := range w.SecurityGroups.Children(vpcID) {
		if g.Name == name {
			return g.ID, true
		}
	}
	return "", false
}

// launchOne creates one instance and its interfaces.
func (s *Service) launchOne(tx *store.Tx, scope model.Scope, in RunInstancesInput, specs []plannedENI, lim *ipLimits, resID string, idx int32) (*model.Instance, error) {
	primarySubnet := specs[0].subnet
	inst := &model.Instance{
		Meta:                  newMeta(tx, scope, tx.NewID("i"), withSystemTags(in.Tags, in.SystemTags)),
		ReservationID:         resID,
		ImageID:               in.ImageID,
		InstanceType:          in.InstanceType,
		KeyName:               in.KeyName,
		State:                 "running",
		SubnetID:              primarySubnet.ID,
		VpcID:                 primarySubnet.VpcID,
		AvailabilityZone:      primarySubnet.AvailabilityZone,
		LaunchTime:            tx.Now(),
		ClientToken:           in.ClientToken,
		AmiLaunchIndex:        idx,
		UserData:              in.UserData,
		DisableApiTermination: in.DisableApiTermination,
		DisableApiStop:        in.DisableApiStop,
		ShutdownBehavior:      in.ShutdownBehavior,
		EbsOptimized:          in.EbsOptimized,
		Monitoring:            in.Monitoring,
		MetadataHttpTokens:    in.MetadataHttpTokens,
	}
	if inst.MetadataHttpTokens == "" {
		inst.MetadataHttpTokens = "optional"
	}
	if lookupInstanceType(in.InstanceType).Burstable {
		inst.CpuCredits = in.CpuCredits
		if inst.CpuCredits == "" {
			inst.CpuCredits = "standard"
			if strings.HasPrefix(in.InstanceType, "t3") || strings.HasPrefix(in.InstanceType, "t4g") {
				inst.CpuCredits = "unlimited" // T3/T4g launch unlimited by default
			}
		}
	}
	for _, sp := range specs {
		var n *model.NetworkInterface
		deleteOnTerm := true
		if sp.existing != nil {
			n = model.Clone(sp.existing)
			deleteOnTerm = false
			if lim.ipv4 > 0 && len(n.PrivateIPs) > lim.ipv4 {
				return nil, privateIPLimit()
			}
		} else {
			spec := sp.ENISpec
			if spec.Tags == nil {
				spec.Tags = in.ENITags
			}
			var err error
			n, err = s.newENI(tx, scope, sp.subnet, spec, lim)
			if err != nil {
				return nil, err
			}
			if sp.index == 0 {
				public := sp.subnet.MapPublicIpOnLaunch && len(specs) == 1
				if sp.AssociatePublicIP != nil {
					public = *sp.AssociatePublicIP
				}
				if public && sp.subnet.Ipv6Native {
					return nil, checkIPv6OnlyPublicIP(sp.subnet)
				}
				if public {
					ip, err := allocatePublicIPv4(tx)
					if err != nil {
						return nil, err
					}
					n.PrivateIPs[0].PublicIP = ip
					inst.AutoPublicIP = true
				}
			}
		}
		if sp.DeleteOnTermination != nil {
			deleteOnTerm = *sp.DeleteOnTermination
		}
		n.Attachment = &model.ENIAttachment{ID: tx.NewID("eni-attach"), InstanceID: inst.ID, InstanceOwnerID: scope.Account,
			DeviceIndex: sp.index, Status: "attached", DeleteOnTermination: deleteOnTerm, AttachTime: tx.Now()}
		n.Status = "in-use"
		if sp.index == 0 {
			inst.PrimaryENI = n.ID
		}
		tx.NetworkInterfaces.Put(n)
		if sp.existing != nil {
			RefreshAddressInstance(tx, n.ID)
		}
	}
	tx.Instances.Put(inst)
	return inst, nil
}

// purgeTerminated forgets instances terminated more than an hour ago.
func purgeTerminated(tx *store.Tx, scope model.Scope) {
	var gone []string
	tx.Instances.ByParent("", func(inst *model.Instance) bool {
		if inst.InScope(scope) && !TerminatedVisible(inst, tx.Now()) {
			gone = append(gone, inst.ID)
		}
		return true
	})
	for _, id := range gone {
		tx.Instances.Delete(id)
	}
}

// GetInstance returns an instance in scope.
func GetInstance(w *store.World, scope model.Scope, id string) (*model.Instance, error) {
	if id == "" {
		return nil, awserr.MissingParameter("InstanceId")
	}
	return find(kindInstance, w.Instances, scope, id)
}

// StateChange is one instance's transition as Start/Stop/Terminate answer it.
type StateChange struct {
	InstanceID string
	Previous   string
	Current    string
}

// instancesFor fetches every id (all must exist) for a state change.
func instancesFor(tx *store.Tx, scope model.Scope, ids []string) ([]*model.Instance, error) {
	if len(ids) == 0 {
		return nil, awserr.MissingParameter("InstanceId")
	}
	var out []*model.Instance
	var missing []string
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if err := kindInstance.check(id); err != nil {
			return nil, err
		}
		inst, ok := tx.Instances.Get(id)
		if !ok || !inst.InScope(scope) {
			missing = append(missing, id)
			continue
		}
		out = append(out, inst)
	}
	if len(missing) == 1 {
		return nil, kindInstance.NotFound(missing[0])
	}
	if len(missing) > 1 {
		return nil, awserr.New("InvalidInstanceID.NotFound", "The instance IDs '%s' do not exist", strings.Join(missing, ", "))
	}
	return out, nil
}

// TerminateInstances terminates instances: their delete-on-termination
// interfaces are deleted (releasing their public addresses), others are
// detached, and Elastic IPs are disassociated.
func (s *Service) TerminateInstances(ctx context.Context, scope model.Scope, ids []string) ([]StateChange, error) {
	var out []StateChange
	err := s.update(ctx, func(tx *store.Tx) error {
		out = nil
		insts, err := instancesFor(tx, scope, ids)
		if err != nil {
			return err
		}
		for _, inst := range insts {
			if inst.DisableApiTermination && inst.State != "terminated" {
				return awserr.New("OperationNotPermitted", "The instance '%s' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.", inst.ID)
			}
		}
		for _, inst := range insts {
			if inst.State == "terminated" {
				out = append(out, StateChange{inst.ID, "terminated", "terminated"})
				continue
			}
			out = append(out, StateChange{inst.ID, inst.State, "shutting-down"})
			terminate(tx, inst)
		}
		return nil
	})
	return out, err
}

func terminate(tx *store.Tx, inst *model.Instance) {
	terminateVolumes(tx, inst)
	for _, n := range instanceENIs(tx.World, inst) {
		if n.Attachment.DeleteOnTermination {
			deleteENI(tx, n)
			continue
		}
		c := model.Clone(n)
		c.Attachment = nil
		c.Status = "available"
		for i := range c.PrivateIPs {
			if c.PrivateIPs[i].AllocationID == "" {
				c.PrivateIPs[i].PublicIP = netip.Addr{}
			}
		}
		tx.NetworkInterfaces.Put(c)
		RefreshAddressInstance(tx, c.ID)
	}
	c := model.Clone(inst)
	c.State = "terminated"
	c.StateReason = "Client.UserInitiatedShutdown"
	c.TerminatedAt = tx.Now()
	// A terminated instance no longer belongs to a subnet or VPC.
	c.SubnetID, c.VpcID = "", ""
	tx.Instances.Put(c)
}

// StopInstances stops running instances.
func (s *Service) StopInstances(ctx context.Context, scope model.Scope, ids []string) ([]StateChange, error) {
	var out []StateChange
	err := s.update(ctx, func(tx *store.Tx) error {
		out = nil
		insts, err := instancesFor(tx, scope, ids)
		if err != nil {
			return err
		}
		for _, inst := range insts {
			switch inst.State {
			case "terminated", "shutting-down":
				return awserr.New("IncorrectInstanceState", "This instance '%s' is not in a state from which it can be stopped.", inst.ID)
			}
			if inst.DisableApiStop && inst.State != "stopped" {
				return awserr.New("OperationNotPermitted", "The instance '%s' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.", inst.ID)
			}
		}
		for _, inst := range insts {
			if inst.State == "stopped" {
				out = append(out, StateChange{inst.ID, "stopped", "stopped"})
				continue
			}
			out = append(out, StateChange{inst.ID, inst.State, "stopping"})
			releaseAutoPublicIPs(tx, inst)
			c := model.Clone(inst)
			c.State = "stopped"
			c.StateReason = "Client.UserInitiatedShutdown"
			tx.Instances.Put(c)
		}
		return nil
	})
	return out, err
}

// StartInstances starts stopped instances.
func (s *Service) StartInstances(ctx context.Context, scope model.Scope, ids []string) ([]StateChange, error) {
	var out []StateChange
	err := s.update(ctx, func(tx *store.Tx) error {
		out = nil
		insts, err := instancesFor(tx, scope, ids)
		if err != nil {
			return err
		}
		for _, inst := range insts {
			switch inst.State {
			case "terminated", "shutting-down", "stopping":
				return awserr.New("IncorrectInstanceState", "The instance '%s' is not in a state from which it can be started.", inst.ID)
			}
		}
		for _, inst := range insts {
			if inst.State == "running" || inst.State == "pending" {
				out = append(out, StateChange{inst.ID, "running", "running"})
				continue
			}
			out = append(out, StateChange{inst.ID, inst.State, "pending"})
			if err := assignAutoPublicIP(tx, inst); err != nil {
				return err
			}
			c := model.Clone(inst)
			c.State = "running"
			c.StateReason = ""
			tx.Instances.Put(c)
		}
		return nil
	})
	return out, err
}

// releaseAutoPublicIPs returns the auto-assigned public IPv4 addresses of
// a stopping instance's interfaces to Amazon's pool; Elastic IPs stay
// [amazon-vpc-user-guide/vpc-ip-addressing.md: "in certain cases, we
// release the public IP address from your instance, or assign it a new
// one"; EC2 User Guide, Public IPv4 addresses: released when the instance
// is stopped, a new one is assigned when it is started].
func releaseAutoPublicIPs(tx *store.Tx, inst *model.Instance) {
	for _, n := range instanceENIs(tx.World, inst) {
		changed := false
		c := model.Clone(n)
		for i := range c.PrivateIPs {
			if c.PrivateIPs[i].AllocationID == "" && c.PrivateIPs[i].PublicIP.IsValid() {
				c.PrivateIPs[i].PublicIP = netip.Addr{}
				changed = true
			}
		}
		if changed {
			tx.NetworkInterfaces.Put(c)
		}
	}
}

// assignAutoPublicIP gives a starting instance that was launched with an
// auto-assigned public IPv4 address a new one on the primary address of
// eth0, unless an Elastic IP is associated there or a second interface is
// attached [amazon-vpc-user-guide/vpc-eips.md: "This doesn't apply if
// you've attached a second network interface to your instance"].
func assignAutoPublicIP(tx *store.Tx, inst *model.Instance) error {
	if !inst.AutoPublicIP {
		return nil
	}
	enis := instanceENIs(tx.World, inst)
	if len(enis) != 1 || enis[0].ID != inst.PrimaryENI {
		return nil
	}
	n := enis[0]
	if len(n.PrivateIPs) == 0 {
		return nil
	}
	i := 0
	for j, p := range n.PrivateIPs {
		if p.Primary {
			i = j
		}
	}
	if p := n.PrivateIPs[i]; p.PublicIP.IsValid() || p.AllocationID != "" {
		return nil
	}
	ip, err := allocatePublicIPv4(tx)
	if err != nil {
		return err
	}
	c := model.Clone(n)
	c.PrivateIPs[i].PublicIP = ip
	tx.NetworkInterfaces.Put(c)
	return nil
}

// RebootInstances checks that the instances can be rebooted (nothing changes).
func (s *Service) RebootInstances(ctx context.Context, scope model.Scope, ids []string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		insts, err := instancesFor(tx, scope, ids)
		if err != nil {
			return err
		}
		for _, inst := range insts {
			if inst.State == "terminated" || inst.State == "shutting-down" {
				return awserr.New("IncorrectInstanceState", "The instance '%s' is not in a state from which it can be rebooted.", inst.ID)
			}
		}
		return nil
	})
}

// Instance attribute names (DescribeInstanceAttribute).
var InstanceAttributes = []string{"instanceType", "kernel", "ramdisk", "userData", "disableApiTermination",
	"instanceInitiatedShutdownBehavior", "rootDeviceName", "blockDeviceMapping", "productCodes", "sourceDestCheck",
	"groupSet", "ebsOptimized", "sriovNetSupport", "enaSupport", "enclaveOptions", "disableApiStop"}

// CheckInstanceAttribute validates an attribute name for DescribeInstanceAttribute.
func CheckInstanceAttribute(attr string) error {
	if attr == "" {
		return awserr.MissingParameter("Attribute")
	}
	for _, a := range InstanceAttributes {
		if a == attr {
			return nil
		}
	}
	return awserr.InvalidParameterValue("Value (%s) for parameter attribute is invalid. Unknown attribute.", attr)
}

// ModifyInstanceInput sets one instance attribute.
type ModifyInstanceInput struct {
	InstanceID            string
	SourceDestCheck       *bool
	DisableApiTermination *bool
	DisableApiStop        *bool
	InstanceType          *string
	ShutdownBehavior      *string
	UserData              *string
	EbsOptimized          *bool
	Groups                []string
	// BlockDeviceMappings changes DeleteOnTermination of attached volumes.
	BlockDeviceMappings []DeleteOnTerminationChange
	// Other accepted attributes (kernel, ramdisk, sriovNetSupport,
	// enaSupport) are checked and ignored.
	Ignored int
}

// ModifyInstanceAttribute changes one attribute of an instance. Source/dest
// check and security groups are those of its primary interface.
func (s *Service) ModifyInstanceAttribute(ctx context.Context, scope model.Scope, in ModifyInstanceInput) error {
	if in.InstanceID == "" {
		return awserr.MissingParameter("InstanceId")
	}
	n := in.Ignored
	for _, set := range []bool{in.SourceDestCheck != nil, in.DisableApiTermination != nil, in.DisableApiStop != nil, in.InstanceType != nil,
		in.ShutdownBehavior != nil, in.UserData != nil, in.EbsOptimized != nil, len(in.Groups) > 0, len(in.BlockDeviceMappings) > 0} {
		if set {
			n++
		}
	}
	if n == 0 {
		return awserr.MissingParameter("Attribute")
	}
	if n > 1 {
		return awserr.InvalidParameterCombination("Fields for multiple attribute types specified: only one attribute can be modified per request.")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		inst, err := find(kindInstance, tx.Instances, scope, in.InstanceID)
		if err != nil {
			return err
		}
		if inst.State == "terminated" {
			return awserr.New("IncorrectInstanceState", "The instance '%s' is not in a state from which its attributes can be modified.", inst.ID)
		}
		c := model.Clone(inst)
		notStopped := func() error {
			return awserr.New("IncorrectInstanceState", "The instance '%s' is not in the 'stopped' state.", inst.ID)
		}
		primary := func(fn func(*model.NetworkInterface) error) error {
			eni, ok := tx.NetworkInterfaces.Get(inst.PrimaryENI)
			if !ok {
				return awserr.New("IncorrectInstanceState", "The instance '%s' has no primary network interface.", inst.ID)
			}
			ec := model.Clone(eni)
			if err := fn(ec); err != nil {
				return err
			}
			tx.NetworkInterfaces.Put(ec)
			return nil
		}
		switch {
		case in.SourceDestCheck != nil:
			return primary(func(e *model.NetworkInterface) error { e.SourceDestCheck = *in.SourceDestCheck; return nil })
		case len(in.Groups) > 0:
			return primary(func(e *model.NetworkInterface) error {
				g, err := s.checkGroupsForVpc(tx.World, scope, e.VpcID, "", in.Groups)
				e.SecurityGroupIDs = g
				return err
			})
		case len(in.BlockDeviceMappings) > 0:
			return setDeleteOnTermination(tx, inst, in.BlockDeviceMappings)
		case in.DisableApiTermination != nil:
			c.DisableApiTermination = *in.DisableApiTermination
		case in.DisableApiStop != nil:
			c.DisableApiStop = *in.DisableApiStop
		case in.InstanceType != nil:
			if !validInstanceTypeName(*in.InstanceType) {
				return awserr.InvalidParameterValue("Invalid value '%s' for InstanceType.", *in.InstanceType)
			}
			if c.State != "stopped" {
				return notStopped()
			}
			it := lookupInstanceType(*in.InstanceType)
			enis := instanceENIs(tx.World, inst)
			if len(enis) > int(it.MaxENIs) {
				return awserr.New("AttachmentLimitExceeded", "Interface count %d exceeds the limit for %s", len(enis), it.Name)
			}
			c.InstanceType = *in.InstanceType
			if it.Burstable && c.CpuCredits == "" {
				c.CpuCredits = "standard"
			} else if !it.Burstable {
				c.CpuCredits = ""
			}
		case in.ShutdownBehavior != nil:
			if *in.ShutdownBehavior != "stop" && *in.ShutdownBehavior != "terminate" {
				return awserr.InvalidParameterValue("Value (%s) for parameter instanceInitiatedShutdownBehavior is invalid.", *in.ShutdownBehavior)
			}
			c.ShutdownBehavior = *in.ShutdownBehavior
		case in.UserData != nil:
			if c.State != "stopped" {
				return notStopped()
			}
			c.UserData = *in.UserData
		case in.EbsOptimized != nil:
			if c.State != "stopped" {
				return notStopped()
			}
			c.EbsOptimized = *in.EbsOptimized
		default:
			return nil
		}
		tx.Instances.Put(c)
		return nil
	})
}
