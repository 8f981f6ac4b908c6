package ec2

import (
	"context"
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

func (a *API) registerInstances() {
	handle(a, "RunInstances", a.runInstances)
	handle(a, "DescribeInstances", a.describeInstances)
	handle(a, "TerminateInstances", func(ctx context.Context, r *Request, in *TerminateInstancesRequest) (*TerminateInstancesResult, error) {
		ch, err := a.ctl.TerminateInstances(ctx, r.Scope, in.InstanceIds)
		if err != nil {
			return nil, err
		}
		return &TerminateInstancesResult{TerminatingInstances: stateChangesOut(ch)}, nil
	})
	handle(a, "StopInstances", func(ctx context.Context, r *Request, in *StopInstancesRequest) (*StopInstancesResult, error) {
		ch, err := a.ctl.StopInstances(ctx, r.Scope, in.InstanceIds)
		if err != nil {
			return nil, err
		}
		return &StopInstancesResult{StoppingInstances: stateChangesOut(ch)}, nil
	})
	handle(a, "StartInstances", func(ctx context.Context, r *Request, in *StartInstancesRequest) (*StartInstancesResult, error) {
		ch, err := a.ctl.StartInstances(ctx, r.Scope, in.InstanceIds)
		if err != nil {
			return nil, err
		}
		return &StartInstancesResult{StartingInstances: stateChangesOut(ch)}, nil
	})
	handleNoOutput(a, "RebootInstances", func(ctx context.Context, r *Request, in *RebootInstancesRequest) error {
		return a.ctl.RebootInstances(ctx, r.Scope, in.InstanceIds)
	})
	handle(a, "DescribeInstanceStatus", a.describeInstanceStatus)
	handle(a, "DescribeInstanceAttribute", a.describeInstanceAttribute)
	handleNoOutput(a, "ModifyInstanceAttribute", a.modifyInstanceAttribute)
	handle(a, "DescribeInstanceTypes", a.describeInstanceTypes)
	handle(a, "DescribeInstanceCreditSpecifications", a.describeInstanceCreditSpecifications)
	handle(a, "DescribeVolumes", a.describeVolumes)
	handle(a, "DescribeImages", a.describeImages)
	a.registerKeyPairs()
}

func stateOut(name string) *InstanceState {
	return &InstanceState{Code: i32(model.InstanceStateCode(name)), Name: str(name)}
}

func stateChangesOut(ch []control.StateChange) []InstanceStateChange {
	out := make([]InstanceStateChange, len(ch))
	for i, c := range ch {
		out[i] = InstanceStateChange{InstanceId: str(c.InstanceID), PreviousState: stateOut(c.Previous), CurrentState: stateOut(c.Current)}
	}
	return out
}

func (a *API) runInstances(ctx context.Context, r *Request, in *RunInstancesRequest) (*Reservation, error) {
	var systemTags map[string]string
	if in.LaunchTemplate != nil {
		merged := *in
		var err error
		if systemTags, err = a.applyLaunchTemplate(ctx, r, &merged); err != nil {
			return nil, err
		}
		in = &merged
	}
	ri := control.RunInstancesInput{
		ImageID:               deref(in.ImageId),
		InstanceType:          deref(in.InstanceType),
		MinCount:              in.MinCount,
		MaxCount:              in.MaxCount,
		SubnetID:              deref(in.SubnetId),
		PrivateIPAddress:      deref(in.PrivateIpAddress),
		SecurityGroupIDs:      in.SecurityGroupIds,
		SecurityGroupNames:    in.SecurityGroups,
		KeyName:               deref(in.KeyName),
		Ipv6AddressCount:      in.Ipv6AddressCount,
		UserData:              deref(in.UserData),
		DisableApiTermination: derefBool(in.DisableApiTermination),
		DisableApiStop:        derefBool(in.DisableApiStop),
		ShutdownBehavior:      deref(in.InstanceInitiatedShutdownBehavior),
		EbsOptimized:          derefBool(in.EbsOptimized),
		ClientToken:           deref(in.ClientToken),
		SystemTags:            systemTags,
	}
	for _, v := range in.Ipv6Addresses {
		ri.Ipv6Addresses = append(ri.Ipv6Addresses, deref(v.Ipv6Address))
	}
	if in.Placement != nil {
		ri.AvailabilityZone = deref(in.Placement.AvailabilityZone)
	}
	if in.Monitoring != nil {
		ri.Monitoring = derefBool(in.Monitoring.Enabled)
	}
	if in.CreditSpecification != nil {
		ri.CpuCredits = deref(in.CreditSpecification.CpuCredits)
	}
	if in.MetadataOptions != nil {
		ri.MetadataHttpTokens = deref(in.MetadataOptions.HttpTokens)
	}
	for _, b := range in.BlockDeviceMappings {
		// NoDevice is present (its value does not matter) to suppress.
		bd := control.BlockDeviceSpec{DeviceName: deref(b.DeviceName), VirtualName: deref(b.VirtualName), NoDevice: b.NoDevice != nil}
		if e := b.Ebs; e != nil {
			bd.Ebs = &control.EbsSpec{SnapshotID: deref(e.SnapshotId), VolumeSize: e.VolumeSize, VolumeType: deref(e.VolumeType),
				Iops: e.Iops, Throughput: e.Throughput, DeleteOnTermination: e.DeleteOnTermination, Encrypted: e.Encrypted, KmsKeyID: deref(e.KmsKeyId)}
		}
		ri.BlockDeviceMappings = append(ri.BlockDeviceMappings, bd)
	}
	var err error
	if ri.Tags, err = tagsForTypes(in.TagSpecifications, "instance"); err != nil {
		return nil, err
	}
	if ri.ENITags, err = tagsForTypes(in.TagSpecifications, "network-interface"); err != nil {
		return nil, err
	}
	if ri.VolumeTags, err = tagsForTypes(in.TagSpecifications, "volume"); err != nil {
		return nil, err
	}
	for _, ni := range in.NetworkInterfaces {
		if len(ni.Ipv4Prefixes) > 0 || ni.Ipv4PrefixCount != nil || len(ni.Ipv6Prefixes) > 0 || ni.Ipv6PrefixCount != nil {
			return nil, awserr.New("UnsupportedOperation", "Prefix delegation is not supported by vpcsim.")
		}
		sp := control.InstanceENISpec{
			ENISpec:             eniSpecFrom(deref(ni.SubnetId), deref(ni.Description), deref(ni.PrivateIpAddress), ni.PrivateIpAddresses, ni.SecondaryPrivateIpAddressCount, ni.Ipv6Addresses, ni.Ipv6AddressCount, ni.Groups),
			NetworkInterfaceID:  deref(ni.NetworkInterfaceId),
			DeviceIndex:         ni.DeviceIndex,
			AssociatePublicIP:   ni.AssociatePublicIpAddress,
			DeleteOnTermination: ni.DeleteOnTermination,
		}
		sp.InterfaceType = deref(ni.InterfaceType)
		ri.NetworkInterfaces = append(ri.NetworkInterfaces, sp)
	}
	insts, err := a.ctl.RunInstances(ctx, r.Scope, ri)
	if err != nil {
		return nil, err
	}
	w := a.ctl.View(ctx)
	res := &Reservation{ReservationId: str(insts[0].ReservationID), OwnerId: str(r.Scope.Account)}
	for _, inst := range insts {
		res.Instances = append(res.Instances, instanceOut(w, control.LaunchedInstance(w, inst)))
	}
	return res, nil
}

// tagsForTypes collects the tags for one resource type from
// TagSpecifications that may name several (instance, volume,
// network-interface ...), as RunInstances allows.
func tagsForTypes(specs []TagSpecification, resourceType string) (map[string]string, error) {
	var out map[string]string
	for _, s := range specs {
		rt := deref(s.ResourceType)
		switch rt {
		case "instance", "volume", "network-interface", "spot-instances-request", "elastic-gpu":
		case "":
			return nil, awserr.InvalidParameterValue("Tag specification resource type must have a value")
		default:
			return nil, awserr.InvalidParameterValue("'%s' is not a valid taggable resource type for this operation.", rt)
		}
		if rt != resourceType {
			continue
		}
		for _, t := range s.Tags {
			if out == nil {
				out = map[string]string{}
			}
			out[deref(t.Key)] = deref(t.Value)
		}
	}
	return out, nil
}

// instanceOut renders an instance as DescribeInstances shows it; w
// renders its interfaces.
func instanceOut(w *store.World, v *control.InstanceView) Instance {
	inst, it, img := v.Instance, v.Type, v.Image
	out := Instance{
		InstanceId:                       str(inst.ID),
		ImageId:                          str(inst.ImageID),
		State:                            stateOut(inst.State),
		PrivateDnsName:                   str(v.PrivateDNSName),
		PublicDnsName:                    str(v.PublicDNSName),
		PrivateIpAddress:                 optAddr(v.PrivateIP),
		PublicIpAddress:                  optAddr(v.PublicIP),
		InstanceType:                     str(inst.InstanceType),
		KeyName:                          optStr(inst.KeyName),
		AmiLaunchIndex:                   i32(inst.AmiLaunchIndex),
		LaunchTime:                       timep(inst.LaunchTime),
		Placement:                        &Placement{AvailabilityZone: str(inst.AvailabilityZone), GroupName: str(""), Tenancy: str("default")},
		Monitoring:                       &Monitoring{State: str(v.MonitoringState)},
		SubnetId:                         optStr(inst.SubnetID),
		VpcId:                            optStr(inst.VpcID),
		Architecture:                     str(v.Architecture),
		RootDeviceType:                   str("ebs"),
		RootDeviceName:                   str(v.RootDeviceName),
		ClientToken:                      str(inst.ClientToken),
		Tags:                             tagSet(&inst.Meta),
		Hypervisor:                       str("xen"),
		VirtualizationType:               str("hvm"),
		EbsOptimized:                     boolp(inst.EbsOptimized),
		EnaSupport:                       boolp(true),
		CpuOptions:                       &CpuOptions{CoreCount: i32(it.Cores), ThreadsPerCore: i32(it.ThreadsPerCore)},
		CapacityReservationSpecification: &CapacityReservationSpecificationResponse{CapacityReservationPreference: str("open")},
		HibernationOptions:               &HibernationOptions{Configured: boolp(false)},
		MetadataOptions: &InstanceMetadataOptionsResponse{State: str("applied"), HttpTokens: str(v.MetadataHttpTokens),
			HttpPutResponseHopLimit: i32(1), HttpEndpoint: str("enabled"), HttpProtocolIpv6: str("disabled"), InstanceMetadataTags: str("disabled")},
		EnclaveOptions:           &EnclaveOptions{Enabled: boolp(false)},
		Platform:                 optStr(img.Platform),
		PlatformDetails:          str(img.PlatformDetails),
		UsageOperation:           str(img.UsageOperation),
		BootMode:                 optStr(v.BootMode),
		UsageOperationUpdateTime: timep(inst.LaunchTime),
		PrivateDnsNameOptions:    &PrivateDnsNameOptionsResponse{HostnameType: str("ip-name"), EnableResourceNameDnsARecord: boolp(false), EnableResourceNameDnsAAAARecord: boolp(false)},
		MaintenanceOptions:       &InstanceMaintenanceOptions{AutoRecovery: str("default"), RebootMigration: str("default")},
		CurrentInstanceBootMode:  str(v.CurrentBootMode),
		StateTransitionReason:    str(v.StateTransitionReason),
		SourceDestCheck:          v.SourceDestCheck,
		Ipv6Address:              optAddr(v.Ipv6Address),
	}
	if v.StateReasonCode != "" {
		out.StateReason = &StateReason{Code: str(v.StateReasonCode), Message: str(v.StateReasonMessage)}
	}
	out.BlockDeviceMappings = blockDevicesOut(v.Volumes)
	if v.SecurityGroups != nil {
		out.SecurityGroups = groupRefsOut(v.SecurityGroups)
	}
	for _, n := range v.ENIs {
		out.NetworkInterfaces = append(out.NetworkInterfaces, instanceENIOut(w, n))
	}
	return out
}

// blockDevicesOut renders an instance's attached volumes as its block
// device mapping.
func blockDevicesOut(vols []*model.Volume) []InstanceBlockDeviceMapping {
	var out []InstanceBlockDeviceMapping
	for _, vol := range vols {
		at := vol.Attachment
		out = append(out, InstanceBlockDeviceMapping{DeviceName: str(at.Device), Ebs: &EbsInstanceBlockDevice{
			AttachTime: timep(at.AttachTime), DeleteOnTermination: boolp(at.DeleteOnTermination), Status: str("attached"), VolumeId: str(vol.ID)}})
	}
	return out
}

func instanceENIOut(w *store.World, n *model.NetworkInterface) InstanceNetworkInterface {
	o := eniOut(w, n, time.Time{}) // an instance's interfaces are attached
	out := InstanceNetworkInterface{
		NetworkInterfaceId: o.NetworkInterfaceId,
		Description:        o.Description,
		Groups:             o.Groups,
		MacAddress:         o.MacAddress,
		OwnerId:            o.OwnerId,
		PrivateDnsName:     o.PrivateDnsName,
		PrivateIpAddress:   o.PrivateIpAddress,
		SourceDestCheck:    o.SourceDestCheck,
		Status:             o.Status,
		SubnetId:           o.SubnetId,
		VpcId:              o.VpcId,
		InterfaceType:      o.InterfaceType,
	}
	if o.Association != nil {
		out.Association = &InstanceNetworkInterfaceAssociation{IpOwnerId: o.Association.IpOwnerId, PublicDnsName: o.Association.PublicDnsName, PublicIp: o.Association.PublicIp}
	}
	if at := o.Attachment; at != nil {
		out.Attachment = &InstanceNetworkInterfaceAttachment{AttachTime: at.AttachTime, AttachmentId: at.AttachmentId, DeleteOnTermination: at.DeleteOnTermination,
			DeviceIndex: at.DeviceIndex, Status: at.Status, NetworkCardIndex: i32(0)}
	}
	for _, p := range o.PrivateIpAddresses {
		pi := InstancePrivateIpAddress{Primary: p.Primary, PrivateDnsName: p.PrivateDnsName, PrivateIpAddress: p.PrivateIpAddress}
		if p.Association != nil {
			pi.Association = &InstanceNetworkInterfaceAssociation{IpOwnerId: p.Association.IpOwnerId, PublicDnsName: p.Association.PublicDnsName, PublicIp: p.Association.PublicIp}
		}
		out.PrivateIpAddresses = append(out.PrivateIpAddresses, pi)
	}
	for _, v := range o.Ipv6Addresses {
		out.Ipv6Addresses = append(out.Ipv6Addresses, InstanceIpv6Address{Ipv6Address: v.Ipv6Address, IsPrimaryIpv6: boolp(false)})
	}
	return out
}

// instanceFilterNames lists DescribeInstances' documented filters [EC2 API
// DescribeInstances]. Those without an evaluator in instanceFilters match
// on a best-effort constant attribute (what vpcsim's instances have).
var instanceFilterNames = strings.Fields(`affinity architecture availability-zone availability-zone-id
block-device-mapping.attach-time block-device-mapping.delete-on-termination block-device-mapping.device-name
block-device-mapping.status block-device-mapping.volume-id boot-mode capacity-reservation-id
capacity-reservation-specification.capacity-reservation-preference
capacity-reservation-specification.capacity-reservation-target.capacity-reservation-id
capacity-reservation-specification.capacity-reservation-target.capacity-reservation-resource-group-arn
client-token current-instance-boot-mode dns-name ebs-optimized ena-support enclave-options.enabled
hibernation-options.configured host-id hypervisor iam-instance-profile.arn iam-instance-profile.id image-id
instance-id instance-lifecycle instance-state-code instance-state-name instance-type instance.group-id
instance.group-name ip-address ipv6-address kernel-id key-name launch-index launch-time
maintenance-options.auto-recovery metadata-options.http-endpoint metadata-options.http-protocol-ipv4
metadata-options.http-protocol-ipv6 metadata-options.http-put-response-hop-limit metadata-options.http-tokens
metadata-options.instance-metadata-tags metadata-options.state monitoring-state
network-interface.addresses.association.allocation-id network-interface.addresses.association.association-id
network-interface.addresses.association.carrier-ip network-interface.addresses.association.customer-owned-ip
network-interface.addresses.association.ip-owner-id network-interface.addresses.association.public-dns-name
network-interface.addresses.association.public-ip network-interface.addresses.primary
network-interface.addresses.private-dns-name network-interface.addresses.private-ip-address
network-interface.association.allocation-id network-interface.association.association-id
network-interface.association.carrier-ip network-interface.association.customer-owned-ip
network-interface.association.ip-owner-id network-interface.association.public-dns-name
network-interface.association.public-ip network-interface.attachment.attach-time
network-interface.attachment.attachment-id network-interface.attachment.delete-on-termination
network-interface.attachment.device-index network-interface.attachment.instance-id
network-interface.attachment.instance-owner-id network-interface.attachment.network-card-index
network-interface.attachment.status network-interface.availability-zone network-interface.deny-all-igw-traffic
network-interface.description network-interface.group-id network-interface.group-name
network-interface.ipv4-prefixes.ipv4-prefix network-interface.ipv6-address network-interface.ipv6-addresses.ipv6-address
network-interface.ipv6-addresses.is-primary-ipv6 network-interface.ipv6-native network-interface.ipv6-prefixes.ipv6-prefix
network-interface.mac-address network-interface.network-interface-id network-interface.operator.managed
network-interface.operator.principal network-interface.outpost-arn network-interface.owner-id
network-interface.private-dns-name network-interface.private-ip-address network-interface.public-dns-name
network-interface.requester-id network-interface.requester-managed network-interface.status
network-interface.source-dest-check network-interface.subnet-id network-interface.tag-key
network-interface.tag-value network-interface.vpc-id network-performance-options.bandwidth-weighting
operator.managed operator.principal outpost-arn owner-id placement-group-name placement-partition-number
platform platform-details private-dns-name private-dns-name-options.enable-resource-name-dns-a-record
private-dns-name-options.enable-resource-name-dns-aaaa-record private-dns-name-options.hostname-type
private-ip-address product-code product-code.type ramdisk-id reason requester-id reservation-id
root-device-name root-device-type source-dest-check spot-instance-request-id state-reason-code
state-reason-message subnet-id tag-key tag-value tenancy tpm-support usage-operation usage-operation-update-time
virtualization-type vpc-id`)

// instanceView is an instance's read model with its rendered wire form,
// for filtering.
type instanceView struct {
	*control.InstanceView
	wire Instance
}

func ps(p *string) []string {
	if p == nil || *p == "" {
		return nil
	}
	return one(*p)
}

func pb(p *bool) []string {
	if p == nil {
		return nil
	}
	return one(boolStr(*p))
}

func pi(p *int32) []string {
	if p == nil {
		return nil
	}
	return one(fmt.Sprint(*p))
}

func fmtTime(t *time.Time) []string {
	if t == nil {
		return nil
	}
	return one(t.UTC().Format("2006-01-02T15:04:05.000Z"))
}

// viaENIs maps the "network-interface.<name>" filters onto the ENI filter
// table, evaluated over every interface of the instance.
func viaENIs(w *store.World, name string) func(v *instanceView) []string {
	eniName := strings.TrimPrefix(name, "network-interface.")
	switch eniName {
	case "network-interface-id":
	case "ipv6-address":
		eniName = "ipv6-addresses.ipv6-address"
	case "association.public-ip", "association.ip-owner-id", "association.allocation-id", "association.association-id", "association.public-dns-name":
	case "addresses.association.public-ip":
	case "attachment.attachment-id", "attachment.attach-time", "attachment.delete-on-termination",
		"attachment.device-index", "attachment.instance-id", "attachment.instance-owner-id", "attachment.status":
	}
	tbl := eniFilters(w, time.Time{})
	get := tbl[eniName]
	return func(v *instanceView) []string {
		var out []string
		for _, n := range v.ENIs {
			switch {
			case get != nil:
				out = append(out, get(n)...)
			case eniName == "tag-key":
				for k := range n.Tags {
					out = append(out, k)
				}
			case eniName == "tag-value":
				for _, val := range n.Tags {
					out = append(out, val)
				}
			case eniName == "addresses.private-dns-name" || eniName == "public-dns-name":
				o := eniOut(w, n, time.Time{}) // an instance's interfaces are attached
				if eniName == "public-dns-name" {
					out = append(out, ps(o.PublicDnsName)...)
				} else {
					for _, p := range o.PrivateIpAddresses {
						out = append(out, ps(p.PrivateDnsName)...)
					}
				}
			case eniName == "ipv6-addresses.is-primary-ipv6" || eniName == "deny-all-igw-traffic" || eniName == "ipv6-native":
				out = append(out, "false")
			case eniName == "attachment.network-card-index":
				if n.Attachment != nil {
					out = append(out, "0")
				}
			}
		}
		return out
	}
}

func instanceFilters(w *store.World) filterTable[instanceView] {
	t := filterTable[instanceView]{
		"architecture":                               func(v *instanceView) []string { return ps(v.wire.Architecture) },
		"availability-zone":                          func(v *instanceView) []string { return one(v.AvailabilityZone) },
		"availability-zone-id":                       func(v *instanceView) []string { return optOne(control.ZoneID(v.Region, v.AvailabilityZone)) },
		"block-device-mapping.attach-time":           instanceBDM(func(b *InstanceBlockDeviceMapping) []string { return fmtTime(b.Ebs.AttachTime) }),
		"block-device-mapping.delete-on-termination": instanceBDM(func(b *InstanceBlockDeviceMapping) []string { return pb(b.Ebs.DeleteOnTermination) }),
		"block-device-mapping.device-name":           instanceBDM(func(b *InstanceBlockDeviceMapping) []string { return ps(b.DeviceName) }),
		"block-device-mapping.status":                instanceBDM(func(b *InstanceBlockDeviceMapping) []string { return ps(b.Ebs.Status) }),
		"block-device-mapping.volume-id":             instanceBDM(func(b *InstanceBlockDeviceMapping) []string { return ps(b.Ebs.VolumeId) }),
		"client-token":                               func(v *instanceView) []string { return ps(&v.ClientToken) },
		"current-instance-boot-mode":                 func(v *instanceView) []string { return ps(v.wire.CurrentInstanceBootMode) },
		"dns-name":                                   func(v *instanceView) []string { return ps(v.wire.PublicDnsName) },
		"ebs-optimized":                              func(v *instanceView) []string { return one(boolStr(v.EbsOptimized)) },
		"ena-support":                                func(v *instanceView) []string { return one("true") },
		"enclave-options.enabled":                    func(v *instanceView) []string { return one("false") },
		"hibernation-options.configured":             func(v *instanceView) []string { return one("false") },
		"hypervisor":                                 func(v *instanceView) []string { return ps(v.wire.Hypervisor) },
		"image-id":                                   func(v *instanceView) []string { return one(v.ImageID) },
		"instance-id":                                func(v *instanceView) []string { return one(v.ID) },
		"instance-state-code":                        func(v *instanceView) []string { return one(fmt.Sprint(model.InstanceStateCode(v.State))) },
		"instance-state-name":                        func(v *instanceView) []string { return one(v.State) },
		"instance-type":                              func(v *instanceView) []string { return one(v.InstanceType) },
		"instance.group-id":                          func(v *instanceView) []string { return wireGroups(v.wire.SecurityGroups, true) },
		"instance.group-name":                        func(v *instanceView) []string { return wireGroups(v.wire.SecurityGroups, false) },
		"group-id":                                   func(v *instanceView) []string { return wireGroups(v.wire.SecurityGroups, true) },
		"group-name":                                 func(v *instanceView) []string { return wireGroups(v.wire.SecurityGroups, false) },
		"ip-address":                                 func(v *instanceView) []string { return ps(v.wire.PublicIpAddress) },
		"ipv6-address": func(v *instanceView) []string {
			var out []string
			for _, n := range v.ENIs {
				out = append(out, addrStrings(n.Ipv6Addresses)...)
			}
			return out
		},
		"key-name":                                     func(v *instanceView) []string { return ps(&v.KeyName) },
		"launch-index":                                 func(v *instanceView) []string { return one(fmt.Sprint(v.AmiLaunchIndex)) },
		"launch-time":                                  func(v *instanceView) []string { return fmtTime(v.wire.LaunchTime) },
		"maintenance-options.auto-recovery":            func(v *instanceView) []string { return one("default") },
		"metadata-options.http-endpoint":               func(v *instanceView) []string { return one("enabled") },
		"metadata-options.http-protocol-ipv4":          func(v *instanceView) []string { return one("enabled") },
		"metadata-options.http-protocol-ipv6":          func(v *instanceView) []string { return one("disabled") },
		"metadata-options.http-put-response-hop-limit": func(v *instanceView) []string { return one("1") },
		"metadata-options.http-tokens":                 func(v *instanceView) []string { return ps(v.wire.MetadataOptions.HttpTokens) },
		"metadata-options.instance-metadata-tags":      func(v *instanceView) []string { return one("disabled") },
		"metadata-options.state":                       func(v *instanceView) []string { return one("applied") },
		"monitoring-state":                             func(v *instanceView) []string { return ps(v.wire.Monitoring.State) },
		"owner-id":                                     func(v *instanceView) []string { return one(v.Account) },
		"placement-group-name":                         func(v *instanceView) []string { return nil },
		"platform-details":                             func(v *instanceView) []string { return ps(v.wire.PlatformDetails) },
		"platform":                                     func(v *instanceView) []string { return ps(v.wire.Platform) },
		"private-dns-name":                             func(v *instanceView) []string { return ps(v.wire.PrivateDnsName) },
		"private-dns-name-options.enable-resource-name-dns-a-record":    func(v *instanceView) []string { return one("false") },
		"private-dns-name-options.enable-resource-name-dns-aaaa-record": func(v *instanceView) []string { return one("false") },
		"private-dns-name-options.hostname-type":                        func(v *instanceView) []string { return one("ip-name") },
		"private-ip-address":                                            func(v *instanceView) []string { return ps(v.wire.PrivateIpAddress) },
		"reason":                                                        func(v *instanceView) []string { return ps(v.wire.StateTransitionReason) },
		"reservation-id":                                                func(v *instanceView) []string { return one(v.ReservationID) },
		"root-device-name":                                              func(v *instanceView) []string { return ps(v.wire.RootDeviceName) },
		"root-device-type":                                              func(v *instanceView) []string { return one("ebs") },
		"source-dest-check":                                             func(v *instanceView) []string { return pb(v.wire.SourceDestCheck) },
		"state-reason-code": func(v *instanceView) []string {
			if v.wire.StateReason == nil {
				return nil
			}
			return ps(v.wire.StateReason.Code)
		},
		"state-reason-message": func(v *instanceView) []string {
			if v.wire.StateReason == nil {
				return nil
			}
			return ps(v.wire.StateReason.Message)
		},
		"subnet-id":           func(v *instanceView) []string { return ps(&v.SubnetID) },
		"tenancy":             func(v *instanceView) []string { return one("default") },
		"usage-operation":     func(v *instanceView) []string { return ps(v.wire.UsageOperation) },
		"virtualization-type": func(v *instanceView) []string { return one("hvm") },
		"vpc-id":              func(v *instanceView) []string { return ps(&v.VpcID) },
		"boot-mode":           func(v *instanceView) []string { return ps(v.wire.BootMode) },
		"capacity-reservation-specification.capacity-reservation-preference": func(v *instanceView) []string { return one("open") },
		"usage-operation-update-time":                                        func(v *instanceView) []string { return fmtTime(v.wire.UsageOperationUpdateTime) },
		"operator.managed":                                                   func(v *instanceView) []string { return one("false") },
	}
	for _, name := range instanceFilterNames {
		if _, ok := t[name]; ok || name == "tag-key" || name == "tag-value" {
			continue
		}
		if strings.HasPrefix(name, "network-interface.") {
			t[name] = viaENIs(w, name)
			continue
		}
		// Documented, but not something vpcsim's instances have (host id,
		// IAM profile, spot request, kernel ...): it matches nothing.
		t[name] = func(v *instanceView) []string { return nil }
	}
	return t
}

// instanceBDM evaluates a block-device-mapping.* filter over every device
// of the instance.
func instanceBDM(get func(*InstanceBlockDeviceMapping) []string) func(v *instanceView) []string {
	return func(v *instanceView) []string {
		var out []string
		for i := range v.wire.BlockDeviceMappings {
			out = append(out, get(&v.wire.BlockDeviceMappings[i])...)
		}
		return out
	}
}

func wireGroups(gs []GroupIdentifier, ids bool) []string {
	var out []string
	for _, g := range gs {
		if ids {
			out = append(out, deref(g.GroupId))
		} else {
			out = append(out, deref(g.GroupName))
		}
	}
	return out
}

func (a *API) describeInstances(ctx context.Context, r *Request, in *DescribeInstancesRequest) (*DescribeInstancesResult, error) {
	if in.MaxResults != nil && len(in.InstanceIds) > 0 {
		return nil, awserr.InvalidParameterCombination("The parameter instancesSet cannot be used with the parameter maxResults")
	}
	w := a.ctl.View(ctx)
	m, err := compileFilters(instanceFilters(w), in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	var selected []*instanceView
	more := false
	err = a.ctl.ListInstances(ctx, r.Scope, in.InstanceIds, p.after, func(inst *model.Instance) bool {
		v := &instanceView{InstanceView: control.DescribeInstance(w, inst)}
		v.wire = instanceOut(w, v.InstanceView)
		if !m.match(v) {
			return true
		}
		// Page by instance id (explicit ids take no MaxResults); a
		// reservation may span pages.
		if p.max > 0 && int32(len(selected)) == p.max {
			more = true
			return false
		}
		selected = append(selected, v)
		return true
	})
	if err != nil {
		return nil, err
	}
	out := groupReservations(selected, r.Scope.Account)
	if more && len(selected) > 0 {
		out.NextToken = token(selected[len(selected)-1].ID)
	}
	return out, nil
}

// groupReservations groups instances into their reservations, in the order
// of their first instance (by id), each reservation's instances in launch
// order (AmiLaunchIndex), as EC2 lists them.
func groupReservations(vs []*instanceView, account string) *DescribeInstancesResult {
	out := &DescribeInstancesResult{}
	idx := map[string]int{}
	for _, v := range vs {
		i, ok := idx[v.ReservationID]
		if !ok {
			i = len(out.Reservations)
			idx[v.ReservationID] = i
			out.Reservations = append(out.Reservations, Reservation{ReservationId: str(v.ReservationID), OwnerId: str(account)})
		}
		out.Reservations[i].Instances = append(out.Reservations[i].Instances, v.wire)
	}
	for i := range out.Reservations {
		insts := out.Reservations[i].Instances
		sort.SliceStable(insts, func(a, b int) bool { return deref32(insts[a].AmiLaunchIndex) < deref32(insts[b].AmiLaunchIndex) })
	}
	return out
}

func deref32(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}

func (a *API) describeInstanceStatus(ctx context.Context, r *Request, in *DescribeInstanceStatusRequest) (*DescribeInstanceStatusResult, error) {
	if in.MaxResults != nil && len(in.InstanceIds) > 0 {
		return nil, awserr.InvalidParameterCombination("The parameter instancesSet cannot be used with the parameter maxResults")
	}
	w := a.ctl.View(ctx)
	tbl := filterTable[model.Instance]{
		"availability-zone":   func(v *model.Instance) []string { return one(v.AvailabilityZone) },
		"instance-state-name": func(v *model.Instance) []string { return one(v.State) },
		"instance-state-code": func(v *model.Instance) []string { return one(fmt.Sprint(model.InstanceStateCode(v.State))) },
		"instance-status.status": func(v *model.Instance) []string {
			return one(control.InstanceStatus(v.State))
		},
		"instance-status.reachability": func(v *model.Instance) []string { return one(control.InstanceStatus(v.State)) },
		"system-status.status":         func(v *model.Instance) []string { return one(control.InstanceStatus(v.State)) },
		"system-status.reachability":   func(v *model.Instance) []string { return one(control.InstanceStatus(v.State)) },
		"attached-ebs-status.status":   func(v *model.Instance) []string { return one(control.InstanceStatus(v.State)) },
		"event.code":                   func(v *model.Instance) []string { return nil },
		"event.description":            func(v *model.Instance) []string { return nil },
		"event.instance-event-id":      func(v *model.Instance) []string { return nil },
		"event.not-after":              func(v *model.Instance) []string { return nil },
		"event.not-before":             func(v *model.Instance) []string { return nil },
		"event.not-before-deadline":    func(v *model.Instance) []string { return nil },
		"operator.managed":             func(v *model.Instance) []string { return one("false") },
		"operator.principal":           func(v *model.Instance) []string { return nil },
	}
	m, err := compileFilters(tbl, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	all := derefBool(in.IncludeAllInstances)
	keep := matcher[model.Instance]{preds: append(m.preds, func(v *model.Instance) bool { return a.ctl.StatusListed(v, all) })}
	vs, next, err := describe(w.Instances, r.Scope, in.InstanceIds, keep, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeInstanceStatusResult{NextToken: next}
	for _, v := range vs {
		st := &InstanceStatusSummary{Status: str(control.InstanceStatus(v.State))}
		if v.State == "running" {
			st.Details = []InstanceStatusDetails{{Name: str("reachability"), Status: str("passed")}}
		}
		out.InstanceStatuses = append(out.InstanceStatuses, InstanceStatus{
			InstanceId: str(v.ID), AvailabilityZone: str(v.AvailabilityZone), InstanceState: stateOut(v.State),
			InstanceStatus: st, SystemStatus: st, AttachedEbsStatus: &EbsStatusSummary{Status: st.Status, Details: []EbsStatusDetails{{Name: str("reachability"), Status: str("passed")}}},
		})
	}
	return out, nil
}

func (a *API) describeInstanceAttribute(ctx context.Context, r *Request, in *DescribeInstanceAttributeRequest) (*InstanceAttribute, error) {
	w := a.ctl.View(ctx)
	attr := deref(in.Attribute)
	inst, err := control.GetInstance(w, r.Scope, deref(in.InstanceId))
	if err != nil {
		return nil, err
	}
	if err := control.CheckInstanceAttribute(attr); err != nil {
		return nil, err
	}
	o := instanceOut(w, control.DescribeInstance(w, inst))
	out := &InstanceAttribute{InstanceId: str(inst.ID)}
	switch attr {
	case "instanceType":
		out.InstanceType = &AttributeValue{Value: str(inst.InstanceType)}
	case "kernel":
		out.KernelId = &AttributeValue{}
	case "ramdisk":
		out.RamdiskId = &AttributeValue{}
	case "userData":
		out.UserData = &AttributeValue{Value: optStr(inst.UserData)}
	case "disableApiTermination":
		out.DisableApiTermination = &AttributeBooleanValue{Value: boolp(inst.DisableApiTermination)}
	case "disableApiStop":
		out.DisableApiStop = &AttributeBooleanValue{Value: boolp(inst.DisableApiStop)}
	case "instanceInitiatedShutdownBehavior":
		out.InstanceInitiatedShutdownBehavior = &AttributeValue{Value: str(inst.ShutdownBehavior)}
	case "rootDeviceName":
		out.RootDeviceName = &AttributeValue{Value: o.RootDeviceName}
	case "blockDeviceMapping":
		out.BlockDeviceMappings = o.BlockDeviceMappings
	case "productCodes":
	case "sourceDestCheck":
		out.SourceDestCheck = &AttributeBooleanValue{Value: boolp(o.SourceDestCheck == nil || *o.SourceDestCheck)}
	case "groupSet":
		// This attribute names each group by id only (DescribeInstances'
		// groupSet also carries groupName).
		for _, g := range o.SecurityGroups {
			out.Groups = append(out.Groups, GroupIdentifier{GroupId: g.GroupId})
		}
	case "ebsOptimized":
		out.EbsOptimized = &AttributeBooleanValue{Value: boolp(inst.EbsOptimized)}
	case "sriovNetSupport":
		out.SriovNetSupport = &AttributeValue{Value: str("simple")}
	case "enaSupport":
		out.EnaSupport = &AttributeBooleanValue{Value: boolp(true)}
	case "enclaveOptions":
		out.EnclaveOptions = &EnclaveOptions{Enabled: boolp(false)}
	}
	return out, nil
}

func (a *API) modifyInstanceAttribute(ctx context.Context, r *Request, in *ModifyInstanceAttributeRequest) error {
	mi := control.ModifyInstanceInput{InstanceID: deref(in.InstanceId), Groups: in.Groups}
	b := func(v *AttributeBooleanValue) *bool {
		if v == nil {
			return nil
		}
		return boolp(derefBool(v.Value))
	}
	s := func(v *AttributeValue) *string {
		if v == nil {
			return nil
		}
		return str(deref(v.Value))
	}
	mi.SourceDestCheck = b(in.SourceDestCheck)
	mi.DisableApiTermination = b(in.DisableApiTermination)
	mi.DisableApiStop = b(in.DisableApiStop)
	mi.EbsOptimized = b(in.EbsOptimized)
	mi.InstanceType = s(in.InstanceType)
	mi.ShutdownBehavior = s(in.InstanceInitiatedShutdownBehavior)
	if in.UserData != nil {
		mi.UserData = str(deref(in.UserData.Value))
	}
	for _, b := range in.BlockDeviceMappings {
		ch := control.DeleteOnTerminationChange{DeviceName: deref(b.DeviceName), NoDevice: b.NoDevice != nil, VirtualName: b.VirtualName != nil}
		if b.Ebs != nil {
			ch.VolumeID, ch.DeleteOnTermination = deref(b.Ebs.VolumeId), b.Ebs.DeleteOnTermination
		}
		mi.BlockDeviceMappings = append(mi.BlockDeviceMappings, ch)
	}
	for _, set := range []bool{in.Kernel != nil, in.Ramdisk != nil, in.SriovNetSupport != nil, in.EnaSupport != nil} {
		if set {
			mi.Ignored++
		}
	}
	// The generic form: Attribute=name&Value=v.
	if attr := deref(in.Attribute); attr != "" {
		val := deref(in.Value)
		bv := func() *bool { return boolp(strings.EqualFold(val, "true")) }
		switch attr {
		case "sourceDestCheck":
			mi.SourceDestCheck = bv()
		case "disableApiTermination":
			mi.DisableApiTermination = bv()
		case "disableApiStop":
			mi.DisableApiStop = bv()
		case "ebsOptimized":
			mi.EbsOptimized = bv()
		case "instanceType":
			mi.InstanceType = str(val)
		case "instanceInitiatedShutdownBehavior":
			mi.ShutdownBehavior = str(val)
		case "userData":
			mi.UserData = str(val)
		case "groupSet":
			return awserr.MissingParameter("GroupId")
		case "blockDeviceMapping":
			return awserr.MissingParameter("BlockDeviceMapping")
		case "kernel", "ramdisk", "sriovNetSupport", "enaSupport":
			mi.Ignored++
		default:
			return awserr.InvalidParameterValue("Value (%s) for parameter attribute is invalid. Unknown attribute.", attr)
		}
	}
	return a.ctl.ModifyInstanceAttribute(ctx, r.Scope, mi)
}

func instanceTypeOut(t control.InstanceType) InstanceTypeInfo {
	arch := []string{t.Architecture}
	if t.Architecture == "i386" {
		arch = []string{"i386", "x86_64"}
	}
	virt := []string{"hvm"}
	if t.Hypervisor == "xen" {
		virt = []string{"hvm", "paravirtual"}
	}
	cores := make([]int32, 0, t.Cores)
	for c := int32(1); c <= t.Cores; c++ {
		cores = append(cores, c)
	}
	threads := []int32{1}
	if t.ThreadsPerCore == 2 {
		threads = []int32{1, 2}
	}
	return InstanceTypeInfo{
		InstanceType:                 str(t.Name),
		CurrentGeneration:            boolp(t.CurrentGeneration),
		FreeTierEligible:             boolp(t.FreeTier),
		SupportedUsageClasses:        []string{"on-demand", "spot"},
		SupportedRootDeviceTypes:     []string{"ebs"},
		SupportedVirtualizationTypes: virt,
		BareMetal:                    boolp(false),
		Hypervisor:                   str(t.Hypervisor),
		ProcessorInfo:                &ProcessorInfo{SupportedArchitectures: arch, SustainedClockSpeedInGhz: f64(2.5)},
		VCpuInfo:                     &VCpuInfo{DefaultVCpus: i32(t.VCPUs), DefaultCores: i32(t.Cores), DefaultThreadsPerCore: i32(t.ThreadsPerCore), ValidCores: cores, ValidThreadsPerCore: threads},
		MemoryInfo:                   &MemoryInfo{SizeInMiB: i64(t.MemoryMiB)},
		InstanceStorageSupported:     boolp(false),
		EbsInfo:                      &EbsInfo{EbsOptimizedSupport: str("default"), EncryptionSupport: str("supported"), NvmeSupport: str("required")},
		NetworkInfo: &NetworkInfo{
			NetworkPerformance: str(t.NetworkPerformance), MaximumNetworkInterfaces: i32(t.MaxENIs), MaximumNetworkCards: i32(1), DefaultNetworkCardIndex: i32(0),
			NetworkCards:              []NetworkCardInfo{{NetworkCardIndex: i32(0), NetworkPerformance: str(t.NetworkPerformance), MaximumNetworkInterfaces: i32(t.MaxENIs)}},
			Ipv4AddressesPerInterface: i32(t.IPv4PerENI), Ipv6AddressesPerInterface: i32(t.IPv6PerENI), Ipv6Supported: boolp(t.IPv6PerENI > 0),
			EnaSupport: str("required"), EfaSupported: boolp(false), EncryptionInTransitSupported: boolp(false), EnaSrdSupported: boolp(false),
		},
		PlacementGroupInfo:            &PlacementGroupInfo{SupportedStrategies: []string{"partition", "spread"}},
		HibernationSupported:          boolp(false),
		BurstablePerformanceSupported: boolp(t.Burstable),
		DedicatedHostsSupported:       boolp(!t.Burstable),
		AutoRecoverySupported:         boolp(true),
		SupportedBootModes:            []string{"legacy-bios", "uefi"},
		NitroEnclavesSupport:          str("unsupported"),
		NitroTpmSupport:               str("unsupported"),
		PhcSupport:                    str("unsupported"),
	}
}

func f64(f float64) *float64 { return &f }

var instanceTypeFilters = filterTable[control.InstanceType]{
	"instance-type":                                func(t *control.InstanceType) []string { return one(t.Name) },
	"burstable-performance-supported":              func(t *control.InstanceType) []string { return one(boolStr(t.Burstable)) },
	"current-generation":                           func(t *control.InstanceType) []string { return one(boolStr(t.CurrentGeneration)) },
	"free-tier-eligible":                           func(t *control.InstanceType) []string { return one(boolStr(t.FreeTier)) },
	"bare-metal":                                   func(t *control.InstanceType) []string { return one("false") },
	"hypervisor":                                   func(t *control.InstanceType) []string { return one(t.Hypervisor) },
	"memory-info.size-in-mib":                      func(t *control.InstanceType) []string { return one(fmt.Sprint(t.MemoryMiB)) },
	"network-info.ipv4-addresses-per-interface":    func(t *control.InstanceType) []string { return one(fmt.Sprint(t.IPv4PerENI)) },
	"network-info.ipv6-addresses-per-interface":    func(t *control.InstanceType) []string { return one(fmt.Sprint(t.IPv6PerENI)) },
	"network-info.ipv6-supported":                  func(t *control.InstanceType) []string { return one(boolStr(t.IPv6PerENI > 0)) },
	"network-info.maximum-network-interfaces":      func(t *control.InstanceType) []string { return one(fmt.Sprint(t.MaxENIs)) },
	"network-info.maximum-network-cards":           func(t *control.InstanceType) []string { return one("1") },
	"network-info.network-performance":             func(t *control.InstanceType) []string { return one(t.NetworkPerformance) },
	"network-info.ena-support":                     func(t *control.InstanceType) []string { return one("required") },
	"network-info.efa-supported":                   func(t *control.InstanceType) []string { return one("false") },
	"processor-info.supported-architecture":        func(t *control.InstanceType) []string { return one(t.Architecture) },
	"vcpu-info.default-vcpus":                      func(t *control.InstanceType) []string { return one(fmt.Sprint(t.VCPUs)) },
	"vcpu-info.default-cores":                      func(t *control.InstanceType) []string { return one(fmt.Sprint(t.Cores)) },
	"vcpu-info.default-threads-per-core":           func(t *control.InstanceType) []string { return one(fmt.Sprint(t.ThreadsPerCore)) },
	"supported-root-device-type":                   func(t *control.InstanceType) []string { return one("ebs") },
	"supported-usage-class":                        func(t *control.InstanceType) []string { return []string{"on-demand", "spot"} },
	"supported-virtualization-type":                func(t *control.InstanceType) []string { return one("hvm") },
	"instance-storage-supported":                   func(t *control.InstanceType) []string { return one("false") },
	"hibernation-supported":                        func(t *control.InstanceType) []string { return one("false") },
	"dedicated-hosts-supported":                    func(t *control.InstanceType) []string { return one(boolStr(!t.Burstable)) },
	"auto-recovery-supported":                      func(t *control.InstanceType) []string { return one("true") },
	"supported-boot-mode":                          func(t *control.InstanceType) []string { return []string{"legacy-bios", "uefi"} },
	"nitro-enclaves-support":                       func(t *control.InstanceType) []string { return one("unsupported") },
	"nitro-tpm-support":                            func(t *control.InstanceType) []string { return one("unsupported") },
	"ebs-info.ebs-optimized-support":               func(t *control.InstanceType) []string { return one("default") },
	"ebs-info.encryption-support":                  func(t *control.InstanceType) []string { return one("supported") },
	"ebs-info.nvme-support":                        func(t *control.InstanceType) []string { return one("required") },
	"network-info.encryption-in-transit-supported": func(t *control.InstanceType) []string { return one("false") },
}

func init() {
	// The other documented DescribeInstanceTypes filters are accepted and
	// match nothing vpcsim models.
	for _, n := range strings.Fields(`ebs-info.attachment-limit-type ebs-info.maximum-ebs-attachments
	ebs-info.ebs-optimized-info.baseline-bandwidth-in-mbps ebs-info.ebs-optimized-info.baseline-iops
	ebs-info.ebs-optimized-info.baseline-throughput-in-mbps ebs-info.ebs-optimized-info.maximum-bandwidth-in-mbps
	ebs-info.ebs-optimized-info.maximum-iops ebs-info.ebs-optimized-info.maximum-throughput-in-mbps
	instance-storage-info.disk.count instance-storage-info.disk.size-in-gb instance-storage-info.disk.type
	instance-storage-info.encryption-support instance-storage-info.nvme-support instance-storage-info.total-size-in-gb
	network-info.bandwidth-weightings network-info.efa-info.maximum-efa-interfaces network-info.flexible-ena-queues-support
	nitro-tpm-info.supported-versions processor-info.sustained-clock-speed-in-ghz processor-info.supported-features
	reboot-migration-support vcpu-info.valid-cores vcpu-info.valid-threads-per-core`) {
		if _, ok := instanceTypeFilters[n]; !ok {
			instanceTypeFilters[n] = func(t *control.InstanceType) []string { return nil }
		}
	}
}

func (a *API) describeInstanceTypes(ctx context.Context, r *Request, in *DescribeInstanceTypesRequest) (*DescribeInstanceTypesResult, error) {
	m, err := compileFilters(instanceTypeFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 100)
	if err != nil {
		return nil, err
	}
	var types []control.InstanceType
	if len(in.InstanceTypes) > 0 {
		var bad []string
		for _, n := range in.InstanceTypes {
			if !control.ValidInstanceTypeName(n) {
				bad = append(bad, n)
				continue
			}
			types = append(types, control.LookupInstanceType(n))
		}
		if len(bad) > 0 {
			return nil, awserr.InvalidParameterValue("The following supplied instance types do not exist: [%s]", strings.Join(bad, ", "))
		}
	} else {
		types = append(types, control.InstanceTypes()...)
	}
	sort.Slice(types, func(i, j int) bool { return types[i].Name < types[j].Name })
	out := &DescribeInstanceTypesResult{}
	for _, t := range types {
		if p.after != "" && t.Name <= p.after {
			continue
		}
		if !m.match(&t) {
			continue
		}
		if p.max > 0 && int32(len(out.InstanceTypes)) == p.max {
			out.NextToken = token(deref(out.InstanceTypes[len(out.InstanceTypes)-1].InstanceType))
			break
		}
		out.InstanceTypes = append(out.InstanceTypes, instanceTypeOut(t))
	}
	return out, nil
}

func (a *API) describeInstanceCreditSpecifications(ctx context.Context, r *Request, in *DescribeInstanceCreditSpecificationsRequest) (*DescribeInstanceCreditSpecificationsResult, error) {
	if in.MaxResults != nil && len(in.InstanceIds) > 0 {
		return nil, awserr.InvalidParameterCombination("The parameter instancesSet cannot be used with the parameter maxResults")
	}
	tbl := filterTable[model.Instance]{"instance-id": func(v *model.Instance) []string { return one(v.ID) }}
	m, err := compileFilters(tbl, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	m.preds = append(m.preds, func(v *model.Instance) bool { _, ok := a.ctl.CreditSpecification(v); return ok })
	vs, next, err := describe(a.ctl.View(ctx).Instances, r.Scope, in.InstanceIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeInstanceCreditSpecificationsResult{NextToken: next}
	for _, v := range vs {
		c, _ := a.ctl.CreditSpecification(v)
		out.InstanceCreditSpecifications = append(out.InstanceCreditSpecifications, InstanceCreditSpecification{InstanceId: str(v.ID), CpuCredits: str(c)})
	}
	return out, nil
}

func volumeOut(v *model.Volume) Volume {
	out := Volume{
		VolumeId: str(v.ID), Size: i32(v.Size), SnapshotId: str(v.SnapshotID), AvailabilityZone: str(v.AvailabilityZone),
		AvailabilityZoneId: optStr(control.ZoneID(v.Region, v.AvailabilityZone)), State: str(v.State()), CreateTime: timep(v.Created),
		Encrypted: boolp(v.Encrypted), KmsKeyId: optStr(v.KmsKeyID), VolumeType: str(v.VolumeType), MultiAttachEnabled: boolp(false),
		Tags: tagSet(&v.Meta), Attachments: []VolumeAttachment{},
	}
	if at := v.Attachment; at != nil {
		out.Attachments = []VolumeAttachment{{VolumeId: str(v.ID), InstanceId: str(at.InstanceID), Device: str(at.Device),
			State: str("attached"), AttachTime: timep(at.AttachTime), DeleteOnTermination: boolp(at.DeleteOnTermination)}}
	}
	if v.Iops != 0 {
		out.Iops = i32(v.Iops)
	}
	if v.Throughput != 0 {
		out.Throughput = i32(v.Throughput)
	}
	return out
}

// volumeAttachment evaluates an attachment.* filter (nothing for an
// available volume).
func volumeAttachment(get func(*model.VolumeAttachment) []string) func(v *model.Volume) []string {
	return func(v *model.Volume) []string {
		if v.Attachment == nil {
			return nil
		}
		return get(v.Attachment)
	}
}

var volumeFilters = filterTable[model.Volume]{
	"attachment.attach-time": volumeAttachment(func(a *model.VolumeAttachment) []string { return fmtTime(timep(a.AttachTime)) }),
	"attachment.delete-on-termination": volumeAttachment(func(a *model.VolumeAttachment) []string {
		return one(boolStr(a.DeleteOnTermination))
	}),
	"attachment.device":      volumeAttachment(func(a *model.VolumeAttachment) []string { return one(a.Device) }),
	"attachment.instance-id": volumeAttachment(func(a *model.VolumeAttachment) []string { return one(a.InstanceID) }),
	"attachment.status":      volumeAttachment(func(a *model.VolumeAttachment) []string { return one("attached") }),
	"availability-zone":      func(v *model.Volume) []string { return one(v.AvailabilityZone) },
	"availability-zone-id":   func(v *model.Volume) []string { return optOne(control.ZoneID(v.Region, v.AvailabilityZone)) },
	"create-time":            func(v *model.Volume) []string { return fmtTime(timep(v.Created)) },
	"encrypted":              func(v *model.Volume) []string { return one(boolStr(v.Encrypted)) },
	"fast-restored":          func(v *model.Volume) []string { return one("false") },
	"multi-attach-enabled":   func(v *model.Volume) []string { return one("false") },
	"operator.managed":       func(v *model.Volume) []string { return one("false") },
	"operator.principal":     func(v *model.Volume) []string { return nil },
	"size":                   func(v *model.Volume) []string { return one(fmt.Sprint(v.Size)) },
	"snapshot-id":            func(v *model.Volume) []string { return optOne(v.SnapshotID) },
	"status":                 func(v *model.Volume) []string { return one(v.State()) },
	"volume-id":              func(v *model.Volume) []string { return one(v.ID) },
	"volume-type":            func(v *model.Volume) []string { return one(v.VolumeType) },
}

func (a *API) describeVolumes(ctx context.Context, r *Request, in *DescribeVolumesRequest) (*DescribeVolumesResult, error) {
	if in.MaxResults != nil && len(in.VolumeIds) > 0 {
		return nil, awserr.InvalidParameterCombination("The parameter volumeSet cannot be used with the parameter maxResults")
	}
	m, err := compileFilters(volumeFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	// "This value can be between 5 and 500; if you specify a value larger
	// than 500, only 500 items are returned." [EC2 API DescribeVolumes]
	maxResults := in.MaxResults
	if maxResults != nil && *maxResults > 500 {
		maxResults = i32(500)
	}
	p, err := newPage(maxResults, in.NextToken, 5, 500)
	if err != nil {
		return nil, err
	}
	vols, err := a.ctl.Volumes(ctx, r.Scope, in.VolumeIds)
	if err != nil {
		return nil, err
	}
	out := &DescribeVolumesResult{}
	for _, v := range vols {
		if p.after != "" && v.ID <= p.after {
			continue
		}
		if !m.match(v) {
			continue
		}
		if p.max > 0 && int32(len(out.Volumes)) == p.max {
			out.NextToken = token(deref(out.Volumes[len(out.Volumes)-1].VolumeId))
			break
		}
		out.Volumes = append(out.Volumes, volumeOut(v))
	}
	return out, nil
}

// Key pairs.

func (a *API) registerKeyPairs() {
	handle(a, "CreateKeyPair", func(ctx context.Context, r *Request, in *CreateKeyPairRequest) (*KeyPair, error) {
		tags, err := tagsFor(in.TagSpecifications, "key-pair")
		if err != nil {
			return nil, err
		}
		k, material, err := a.ctl.CreateKeyPair(ctx, r.Scope, deref(in.KeyName), deref(in.KeyType), deref(in.KeyFormat), tags)
		if err != nil {
			return nil, err
		}
		return &KeyPair{KeyPairId: str(k.ID), KeyName: str(k.Name), KeyFingerprint: str(k.Fingerprint), KeyMaterial: str(material), Tags: tagSet(&k.Meta)}, nil
	})
	handle(a, "ImportKeyPair", func(ctx context.Context, r *Request, in *ImportKeyPairRequest) (*ImportKeyPairResult, error) {
		tags, err := tagsFor(in.TagSpecifications, "key-pair")
		if err != nil {
			return nil, err
		}
		raw := []byte(deref(in.PublicKeyMaterial))
		// The material is a blob: base64 on the wire.
		if dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(raw))); err == nil {
			raw = dec
		}
		k, err := a.ctl.ImportKeyPair(ctx, r.Scope, deref(in.KeyName), raw, tags)
		if err != nil {
			return nil, err
		}
		return &ImportKeyPairResult{KeyPairId: str(k.ID), KeyName: str(k.Name), KeyFingerprint: str(k.Fingerprint), Tags: tagSet(&k.Meta)}, nil
	})
	handle(a, "DeleteKeyPair", func(ctx context.Context, r *Request, in *DeleteKeyPairRequest) (*DeleteKeyPairResult, error) {
		id, err := a.ctl.DeleteKeyPair(ctx, r.Scope, deref(in.KeyName), deref(in.KeyPairId))
		if err != nil {
			return nil, err
		}
		return &DeleteKeyPairResult{Return: boolp(true), KeyPairId: optStr(id)}, nil
	})
	handle(a, "DescribeKeyPairs", a.describeKeyPairs)
}

var keyPairFilters = filterTable[model.KeyPair]{
	"key-pair-id": func(k *model.KeyPair) []string { return one(k.ID) },
	"fingerprint": func(k *model.KeyPair) []string { return one(k.Fingerprint) },
	"key-name":    func(k *model.KeyPair) []string { return one(k.Name) },
	"key-type":    func(k *model.KeyPair) []string { return one(k.KeyType) },
}

func (a *API) describeKeyPairs(ctx context.Context, r *Request, in *DescribeKeyPairsRequest) (*DescribeKeyPairsResult, error) {
	w := a.ctl.View(ctx)
	m, err := compileFilters(keyPairFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	var ids []string
	ids = append(ids, in.KeyPairIds...)
	for _, name := range in.KeyNames {
		k, ok := control.KeyPairByName(w, r.Scope, name)
		if !ok {
			return nil, awserr.New("InvalidKeyPair.NotFound", "The key pair '%s' does not exist", name)
		}
		ids = append(ids, k.ID)
	}
	if len(ids) == 0 && (len(in.KeyNames) > 0 || len(in.KeyPairIds) > 0) {
		return &DescribeKeyPairsResult{}, nil
	}
	vs, _, err := describe(w.KeyPairs, r.Scope, ids, m, page{})
	if err != nil {
		return nil, err
	}
	out := &DescribeKeyPairsResult{}
	for _, k := range vs {
		info := KeyPairInfo{KeyPairId: str(k.ID), KeyName: str(k.Name), KeyFingerprint: str(k.Fingerprint), KeyType: str(k.KeyType),
			CreateTime: timep(k.Created), Tags: tagSet(&k.Meta)}
		if derefBool(in.IncludePublicKey) {
			info.PublicKey = optStr(k.PublicKey)
		}
		out.KeyPairs = append(out.KeyPairs, info)
	}
	return out, nil
}

// Images.

// imageView is an image as DescribeImages filters it (Meta for the tag
// filters: public images carry no tags for their callers).
type imageView struct {
	model.Meta
	img  control.Image
	wire Image
}

func imageOut(im *control.Image) Image {
	out := Image{
		ImageId: str(im.ID), ImageLocation: str(im.Location), State: str("available"), OwnerId: str(im.OwnerID),
		ImageOwnerAlias: optStr(im.OwnerAlias), CreationDate: str(im.CreationDate()), Public: boolp(true),
		Architecture: str(im.Architecture), ImageType: str("machine"), Name: str(im.Name), Description: str(im.Description),
		RootDeviceName: str(im.RootDeviceName), RootDeviceType: str("ebs"), VirtualizationType: str("hvm"), Hypervisor: str("xen"),
		EnaSupport: boolp(true), SriovNetSupport: str("simple"), Platform: optStr(im.Platform), PlatformDetails: str(im.PlatformDetails),
		UsageOperation: str(im.UsageOperation), BootMode: optStr(im.BootMode), ImdsSupport: optStr(im.ImdsSupport),
		FreeTierEligible: boolp(im.FreeTier), ImageAllowed: boolp(true),
		BlockDeviceMappings: []BlockDeviceMapping{{DeviceName: str(im.RootDeviceName), Ebs: &EbsBlockDevice{
			DeleteOnTermination: boolp(true), SnapshotId: str(im.SnapshotID), VolumeSize: i32(im.VolumeSize),
			VolumeType: str(im.VolumeType), Encrypted: boolp(false)}}},
	}
	ebs := out.BlockDeviceMappings[0].Ebs
	switch im.VolumeType {
	case "gp3":
		ebs.Iops, ebs.Throughput = i32(3000), i32(125)
	}
	if !im.Deprecation.IsZero() {
		out.DeprecationTime = str(im.Deprecation.UTC().Format("2006-01-02T15:04:05.000Z"))
	}
	if im.Platform == "windows" {
		// Windows AMIs also map the instance store device names.
		for i, d := range []string{"xvdca", "xvdcb", "xvdcc", "xvdcd"} {
			out.BlockDeviceMappings = append(out.BlockDeviceMappings, BlockDeviceMapping{DeviceName: str(d), VirtualName: str(fmt.Sprintf("ephemeral%d", i))})
		}
	}
	return out
}

func imageBDM(v *imageView, get func(*BlockDeviceMapping) []string) []string {
	var out []string
	for i := range v.wire.BlockDeviceMappings {
		out = append(out, get(&v.wire.BlockDeviceMappings[i])...)
	}
	return out
}

func imageEBS(get func(*EbsBlockDevice) []string) func(v *imageView) []string {
	return func(v *imageView) []string {
		return imageBDM(v, func(b *BlockDeviceMapping) []string {
			if b.Ebs == nil {
				return nil
			}
			return get(b.Ebs)
		})
	}
}

// imageFilters are DescribeImages' documented filters [EC2 API
// DescribeImages]; creation-date, name, description ... take EC2's
// wildcards (e.g. name=al2023-ami-*-x86_64, creation-date=2025-10-*).
var imageFilters = filterTable[imageView]{
	"architecture": func(v *imageView) []string { return ps(v.wire.Architecture) },
	"block-device-mapping.delete-on-termination": imageEBS(func(e *EbsBlockDevice) []string { return pb(e.DeleteOnTermination) }),
	"block-device-mapping.device-name": func(v *imageView) []string {
		return imageBDM(v, func(b *BlockDeviceMapping) []string { return ps(b.DeviceName) })
	},
	"block-device-mapping.snapshot-id": imageEBS(func(e *EbsBlockDevice) []string { return ps(e.SnapshotId) }),
	"block-device-mapping.volume-size": imageEBS(func(e *EbsBlockDevice) []string { return pi(e.VolumeSize) }),
	"block-device-mapping.volume-type": imageEBS(func(e *EbsBlockDevice) []string { return ps(e.VolumeType) }),
	"block-device-mapping.encrypted":   imageEBS(func(e *EbsBlockDevice) []string { return pb(e.Encrypted) }),
	"creation-date":                    func(v *imageView) []string { return ps(v.wire.CreationDate) },
	"description":                      func(v *imageView) []string { return ps(v.wire.Description) },
	"ena-support":                      func(v *imageView) []string { return pb(v.wire.EnaSupport) },
	"free-tier-eligible":               func(v *imageView) []string { return pb(v.wire.FreeTierEligible) },
	"hypervisor":                       func(v *imageView) []string { return ps(v.wire.Hypervisor) },
	"image-allowed":                    func(v *imageView) []string { return pb(v.wire.ImageAllowed) },
	"image-id":                         func(v *imageView) []string { return ps(v.wire.ImageId) },
	"image-type":                       func(v *imageView) []string { return ps(v.wire.ImageType) },
	"is-public":                        func(v *imageView) []string { return pb(v.wire.Public) },
	"manifest-location":                func(v *imageView) []string { return ps(v.wire.ImageLocation) },
	"name":                             func(v *imageView) []string { return ps(v.wire.Name) },
	"owner-alias":                      func(v *imageView) []string { return ps(v.wire.ImageOwnerAlias) },
	"owner-id":                         func(v *imageView) []string { return ps(v.wire.OwnerId) },
	"platform":                         func(v *imageView) []string { return ps(v.wire.Platform) },
	"root-device-name":                 func(v *imageView) []string { return ps(v.wire.RootDeviceName) },
	"root-device-type":                 func(v *imageView) []string { return ps(v.wire.RootDeviceType) },
	"sriov-net-support":                func(v *imageView) []string { return ps(v.wire.SriovNetSupport) },
	"state":                            func(v *imageView) []string { return ps(v.wire.State) },
	"virtualization-type":              func(v *imageView) []string { return ps(v.wire.VirtualizationType) },
	"kernel-id":                        func(v *imageView) []string { return nil },
	"ramdisk-id":                       func(v *imageView) []string { return nil },
	"product-code":                     func(v *imageView) []string { return nil },
	"product-code.type":                func(v *imageView) []string { return nil },
	"source-image-id":                  func(v *imageView) []string { return nil },
	"source-image-region":              func(v *imageView) []string { return nil },
	"source-instance-id":               func(v *imageView) []string { return nil },
	"state-reason-code":                func(v *imageView) []string { return nil },
	"state-reason-message":             func(v *imageView) []string { return nil },
}

func (a *API) describeImages(ctx context.Context, r *Request, in *DescribeImagesRequest) (*DescribeImagesResult, error) {
	if in.MaxResults != nil && len(in.ImageIds) > 0 {
		return nil, awserr.InvalidParameterCombination("The parameter ImageIds cannot be used with the parameter MaxResults")
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	m, err := compileFilters(imageFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	imgs, err := control.DescribeImages(r.Scope, control.DescribeImagesInput{
		ImageIDs: in.ImageIds, Owners: in.Owners, ExecutableBy: in.ExecutableUsers,
		IncludeDeprecated: derefBool(in.IncludeDeprecated), Now: a.ctl.Now(),
	})
	if err != nil {
		return nil, err
	}
	out := &DescribeImagesResult{}
	for i := range imgs {
		im := &imgs[i]
		if p.after != "" && im.ID <= p.after {
			continue
		}
		v := &imageView{Meta: model.Meta{ID: im.ID, Region: r.Scope.Region}, img: *im, wire: imageOut(im)}
		if !m.match(v) {
			continue
		}
		if p.max > 0 && int32(len(out.Images)) == p.max {
			out.NextToken = token(deref(out.Images[len(out.Images)-1].ImageId))
			break
		}
		out.Images = append(out.Images, v.wire)
	}
	return out, nil
}
