package ec2

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

func (a *API) registerNetworkInterfaces() {
	handle(a, "CreateNetworkInterface", a.createNetworkInterface)
	handleNoOutput(a, "DeleteNetworkInterface", func(ctx context.Context, r *Request, in *DeleteNetworkInterfaceRequest) error {
		return a.ctl.DeleteNetworkInterface(ctx, r.Scope, deref(in.NetworkInterfaceId))
	})
	handle(a, "DescribeNetworkInterfaces", a.describeNetworkInterfaces)
	handle(a, "AttachNetworkInterface", func(ctx context.Context, r *Request, in *AttachNetworkInterfaceRequest) (*AttachNetworkInterfaceResult, error) {
		if in.NetworkCardIndex != nil && *in.NetworkCardIndex != 0 {
			return nil, awserr.InvalidParameterValue("Value (%d) for parameter networkCardIndex is invalid. The instance type supports only network card index 0.", *in.NetworkCardIndex)
		}
		id, err := a.ctl.AttachNetworkInterface(ctx, r.Scope, deref(in.NetworkInterfaceId), deref(in.InstanceId), in.DeviceIndex)
		if err != nil {
			return nil, err
		}
		return &AttachNetworkInterfaceResult{AttachmentId: str(id), NetworkCardIndex: i32(0)}, nil
	})
	handleNoOutput(a, "DetachNetworkInterface", func(ctx context.Context, r *Request, in *DetachNetworkInterfaceRequest) error {
		return a.ctl.DetachNetworkInterface(ctx, r.Scope, deref(in.AttachmentId), derefBool(in.Force))
	})
	handle(a, "DescribeNetworkInterfaceAttribute", a.describeNetworkInterfaceAttribute)
	handleNoOutput(a, "ModifyNetworkInterfaceAttribute", func(ctx context.Context, r *Request, in *ModifyNetworkInterfaceAttributeRequest) error {
		mi := control.ModifyENIInput{NetworkInterfaceID: deref(in.NetworkInterfaceId), Groups: in.Groups, AssociatePublicIPAddress: in.AssociatePublicIpAddress}
		if in.Description != nil {
			mi.Description = str(deref(in.Description.Value))
		}
		if in.SourceDestCheck != nil {
			mi.SourceDestCheck = boolp(derefBool(in.SourceDestCheck.Value))
		}
		if in.Attachment != nil {
			mi.AttachmentID = deref(in.Attachment.AttachmentId)
			mi.DeleteOnTermination = in.Attachment.DeleteOnTermination
		}
		return a.ctl.ModifyNetworkInterfaceAttribute(ctx, r.Scope, mi)
	})
	handleNoOutput(a, "ResetNetworkInterfaceAttribute", func(ctx context.Context, r *Request, in *ResetNetworkInterfaceAttributeRequest) error {
		attr := deref(in.SourceDestCheck)
		if attr == "" && in.SourceDestCheck != nil {
			attr = "sourceDestCheck"
		}
		return a.ctl.ResetNetworkInterfaceAttribute(ctx, r.Scope, deref(in.NetworkInterfaceId), attr)
	})
	handle(a, "AssignPrivateIpAddresses", func(ctx context.Context, r *Request, in *AssignPrivateIpAddressesRequest) (*AssignPrivateIpAddressesResult, error) {
		if len(in.Ipv4Prefixes) > 0 || in.Ipv4PrefixCount != nil {
			return nil, awserr.New("UnsupportedOperation", "IPv4 prefix delegation is not supported by vpcsim.")
		}
		got, err := a.ctl.AssignPrivateIpAddresses(ctx, r.Scope, deref(in.NetworkInterfaceId), in.PrivateIpAddresses, in.SecondaryPrivateIpAddressCount, derefBool(in.AllowReassignment))
		if err != nil {
			return nil, err
		}
		out := &AssignPrivateIpAddressesResult{NetworkInterfaceId: in.NetworkInterfaceId}
		for _, ip := range got {
			out.AssignedPrivateIpAddresses = append(out.AssignedPrivateIpAddresses, AssignedPrivateIpAddress{PrivateIpAddress: str(ip.String())})
		}
		return out, nil
	})
	handleNoOutput(a, "UnassignPrivateIpAddresses", func(ctx context.Context, r *Request, in *UnassignPrivateIpAddressesRequest) error {
		if len(in.Ipv4Prefixes) > 0 {
			return awserr.New("UnsupportedOperation", "IPv4 prefix delegation is not supported by vpcsim.")
		}
		return a.ctl.UnassignPrivateIpAddresses(ctx, r.Scope, deref(in.NetworkInterfaceId), in.PrivateIpAddresses)
	})
	handle(a, "AssignIpv6Addresses", func(ctx context.Context, r *Request, in *AssignIpv6AddressesRequest) (*AssignIpv6AddressesResult, error) {
		if len(in.Ipv6Prefixes) > 0 || in.Ipv6PrefixCount != nil {
			return nil, awserr.New("UnsupportedOperation", "IPv6 prefix delegation is not supported by vpcsim.")
		}
		got, err := a.ctl.AssignIpv6Addresses(ctx, r.Scope, deref(in.NetworkInterfaceId), in.Ipv6Addresses, in.Ipv6AddressCount)
		if err != nil {
			return nil, err
		}
		return &AssignIpv6AddressesResult{NetworkInterfaceId: in.NetworkInterfaceId, AssignedIpv6Addresses: addrStrings(got)}, nil
	})
	handle(a, "UnassignIpv6Addresses", func(ctx context.Context, r *Request, in *UnassignIpv6AddressesRequest) (*UnassignIpv6AddressesResult, error) {
		if len(in.Ipv6Prefixes) > 0 {
			return nil, awserr.New("UnsupportedOperation", "IPv6 prefix delegation is not supported by vpcsim.")
		}
		got, err := a.ctl.UnassignIpv6Addresses(ctx, r.Scope, deref(in.NetworkInterfaceId), in.Ipv6Addresses)
		if err != nil {
			return nil, err
		}
		return &UnassignIpv6AddressesResult{NetworkInterfaceId: in.NetworkInterfaceId, UnassignedIpv6Addresses: addrStrings(got)}, nil
	})
}

func addrStrings(as []netip.Addr) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.String()
	}
	return out
}

// eniSpecFrom converts the wire address/group members shared by
// CreateNetworkInterface and RunInstances' NetworkInterface.N.
func eniSpecFrom(subnet, desc, privateIP string, ips []PrivateIpAddressSpecification, secCount *int32, v6 []InstanceIpv6Address, v6Count *int32, groups []string) control.ENISpec {
	sp := control.ENISpec{SubnetID: subnet, Description: desc, PrivateIPAddress: privateIP, SecondaryCount: secCount, Ipv6Count: v6Count, Groups: groups}
	for _, p := range ips {
		sp.PrivateIPs = append(sp.PrivateIPs, control.PrivateIPSpec{Address: deref(p.PrivateIpAddress), Primary: derefBool(p.Primary)})
	}
	for _, a := range v6 {
		sp.Ipv6Addresses = append(sp.Ipv6Addresses, deref(a.Ipv6Address))
	}
	return sp
}

func (a *API) createNetworkInterface(ctx context.Context, r *Request, in *CreateNetworkInterfaceRequest) (*CreateNetworkInterfaceResult, error) {
	if len(in.Ipv4Prefixes) > 0 || in.Ipv4PrefixCount != nil || len(in.Ipv6Prefixes) > 0 || in.Ipv6PrefixCount != nil {
		return nil, awserr.New("UnsupportedOperation", "Prefix delegation is not supported by vpcsim.")
	}
	tags, err := tagsFor(in.TagSpecifications, "network-interface")
	if err != nil {
		return nil, err
	}
	sp := eniSpecFrom(deref(in.SubnetId), deref(in.Description), deref(in.PrivateIpAddress), in.PrivateIpAddresses, in.SecondaryPrivateIpAddressCount, in.Ipv6Addresses, in.Ipv6AddressCount, in.Groups)
	sp.InterfaceType = deref(in.InterfaceType)
	sp.Tags = tags
	n, err := a.ctl.CreateNetworkInterface(ctx, r.Scope, sp)
	if err != nil {
		return nil, err
	}
	out := eniOut(a.ctl.View(ctx), n, a.ctl.Now())
	out.Status = str("pending")
	return &CreateNetworkInterfaceResult{NetworkInterface: &out, ClientToken: in.ClientToken}, nil
}

func eniAssociation(n *model.NetworkInterface, p model.PrivateIP) *NetworkInterfaceAssociation {
	if !p.PublicIP.IsValid() {
		return nil
	}
	return &NetworkInterfaceAssociation{
		PublicIp:      str(p.PublicIP.String()),
		PublicDnsName: optStr(control.PublicDNSName(n.Region, p.PublicIP)),
		IpOwnerId:     str(control.IPOwner(n, p)),
		AllocationId:  optStr(p.AllocationID),
		AssociationId: optStr(p.AssociationID),
	}
}

// groupIdents renders security group ids with their names.
func groupIdents(w *store.World, ids []string) []GroupIdentifier {
	return groupRefsOut(control.GroupRefs(w, ids))
}

func groupRefsOut(refs []control.GroupRef) []GroupIdentifier {
	out := make([]GroupIdentifier, 0, len(refs))
	for _, ref := range refs {
		out = append(out, GroupIdentifier{GroupId: str(ref.ID), GroupName: optStr(ref.Name)})
	}
	return out
}

func eniOut(w *store.World, n *model.NetworkInterface, now time.Time) NetworkInterface {
	primary := n.PrimaryIP()
	out := NetworkInterface{
		NetworkInterfaceId: str(n.ID),
		SubnetId:           str(n.SubnetID),
		VpcId:              str(n.VpcID),
		AvailabilityZone:   str(n.AvailabilityZone),
		Description:        str(n.Description),
		Groups:             groupIdents(w, n.SecurityGroupIDs),
		InterfaceType:      str(n.InterfaceType),
		MacAddress:         str(n.MacAddress),
		OwnerId:            str(n.Account),
		PrivateIpAddress:   optAddr(primary),
		PrivateDnsName:     optStr(control.PrivateDNSName(n.Region, primary)),
		RequesterManaged:   boolp(n.RequesterManaged),
		RequesterId:        optStr(n.RequesterID),
		SourceDestCheck:    boolp(n.SourceDestCheck),
		Status:             str(n.Status),
		TagSet:             tagSet(&n.Meta),
		DenyAllIgwTraffic:  boolp(false),
		Ipv6Native:         boolp(control.SubnetIPv6Native(w, n.SubnetID)),
	}
	out.AvailabilityZoneId = optStr(control.SubnetZoneID(w, n.SubnetID))
	for _, p := range n.PrivateIPs {
		pi := NetworkInterfacePrivateIpAddress{
			PrivateIpAddress: str(p.Address.String()),
			PrivateDnsName:   optStr(control.PrivateDNSName(n.Region, p.Address)),
			Primary:          boolp(p.Primary),
			Association:      eniAssociation(n, p),
		}
		out.PrivateIpAddresses = append(out.PrivateIpAddresses, pi)
		if p.Address == primary && pi.Association != nil {
			out.Association = pi.Association
			out.PublicDnsName = pi.Association.PublicDnsName
		}
	}
	for _, a := range n.Ipv6Addresses {
		out.Ipv6Addresses = append(out.Ipv6Addresses, NetworkInterfaceIpv6Address{Ipv6Address: str(a.String()), IsPrimaryIpv6: boolp(false)})
	}
	if len(n.Ipv6Addresses) > 0 {
		out.Ipv6Address = str(n.Ipv6Addresses[0].String())
	}
	if at := n.ReportedAttachment(now); at != nil {
		out.Attachment = &NetworkInterfaceAttachment{
			AttachmentId:        str(at.ID),
			AttachTime:          timep(at.AttachTime),
			DeleteOnTermination: boolp(at.DeleteOnTermination),
			DeviceIndex:         i32(at.DeviceIndex),
			NetworkCardIndex:    i32(0),
			InstanceId:          optStr(at.InstanceID),
			InstanceOwnerId:     optStr(at.InstanceOwnerID),
			Status:              str(at.Status),
		}
	}
	return out
}

func eniIPv4s(n *model.NetworkInterface, f func(model.PrivateIP) string) []string {
	var out []string
	for _, p := range n.PrivateIPs {
		if v := f(p); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func eniAtt(n *model.NetworkInterface, now time.Time, f func(*model.ENIAttachment) string) []string {
	at := n.ReportedAttachment(now)
	if at == nil {
		return nil
	}
	return one(f(at))
}

// eniFilters are DescribeNetworkInterfaces' filters [EC2 API
// DescribeNetworkInterfaces]; w resolves subnets for availability-zone-id.
func eniFilters(w *store.World, now time.Time) filterTable[model.NetworkInterface] {
	primaryAssoc := func(f func(n *model.NetworkInterface, p model.PrivateIP) string) func(*model.NetworkInterface) []string {
		return func(n *model.NetworkInterface) []string {
			for _, p := range n.PrivateIPs {
				if p.Primary && p.PublicIP.IsValid() {
					if v := f(n, p); v != "" {
						return one(v)
					}
				}
			}
			return nil
		}
	}
	return filterTable[model.NetworkInterface]{
		"association.allocation-id":  primaryAssoc(func(n *model.NetworkInterface, p model.PrivateIP) string { return p.AllocationID }),
		"association.association-id": primaryAssoc(func(n *model.NetworkInterface, p model.PrivateIP) string { return p.AssociationID }),
		"association.ip-owner-id":    primaryAssoc(func(n *model.NetworkInterface, p model.PrivateIP) string { return control.IPOwner(n, p) }),
		"association.public-ip":      primaryAssoc(func(n *model.NetworkInterface, p model.PrivateIP) string { return p.PublicIP.String() }),
		"association.public-dns-name": primaryAssoc(func(n *model.NetworkInterface, p model.PrivateIP) string {
			return control.PublicDNSName(n.Region, p.PublicIP)
		}),
		"addresses.association.owner-id": func(n *model.NetworkInterface) []string {
			return eniIPv4s(n, func(p model.PrivateIP) string {
				if p.PublicIP.IsValid() {
					return control.IPOwner(n, p)
				}
				return ""
			})
		},
		"addresses.association.public-ip": func(n *model.NetworkInterface) []string {
			return eniIPv4s(n, func(p model.PrivateIP) string {
				if p.PublicIP.IsValid() {
					return p.PublicIP.String()
				}
				return ""
			})
		},
		"addresses.primary": func(n *model.NetworkInterface) []string {
			return eniIPv4s(n, func(p model.PrivateIP) string { return boolStr(p.Primary) })
		},
		"addresses.private-ip-address": func(n *model.NetworkInterface) []string {
			return eniIPv4s(n, func(p model.PrivateIP) string { return p.Address.String() })
		},
		"attachment.attach-time": func(n *model.NetworkInterface) []string {
			return eniAtt(n, now, func(a *model.ENIAttachment) string { return a.AttachTime.UTC().Format("2006-01-02T15:04:05.000Z") })
		},
		"attachment.attachment-id": func(n *model.NetworkInterface) []string {
			return eniAtt(n, now, func(a *model.ENIAttachment) string { return a.ID })
		},
		"attachment.delete-on-termination": func(n *model.NetworkInterface) []string {
			return eniAtt(n, now, func(a *model.ENIAttachment) string { return boolStr(a.DeleteOnTermination) })
		},
		"attachment.device-index": func(n *model.NetworkInterface) []string {
			return eniAtt(n, now, func(a *model.ENIAttachment) string { return fmt.Sprint(a.DeviceIndex) })
		},
		"attachment.instance-id": func(n *model.NetworkInterface) []string {
			return eniAtt(n, now, func(a *model.ENIAttachment) string { return a.InstanceID })
		},
		"attachment.instance-owner-id": func(n *model.NetworkInterface) []string {
			return eniAtt(n, now, func(a *model.ENIAttachment) string { return a.InstanceOwnerID })
		},
		"attachment.status": func(n *model.NetworkInterface) []string {
			return eniAtt(n, now, func(a *model.ENIAttachment) string { return a.Status })
		},
		"availability-zone": func(n *model.NetworkInterface) []string { return one(n.AvailabilityZone) },
		"availability-zone-id": func(n *model.NetworkInterface) []string {
			return optOne(control.SubnetZoneID(w, n.SubnetID))
		},
		"description": func(n *model.NetworkInterface) []string { return one(n.Description) },
		"group-id":    func(n *model.NetworkInterface) []string { return n.SecurityGroupIDs },
		"group-name": func(n *model.NetworkInterface) []string {
			var out []string
			for _, ref := range control.GroupRefs(w, n.SecurityGroupIDs) {
				if ref.Name != "" {
					out = append(out, ref.Name)
				}
			}
			return out
		},
		"ipv6-addresses.ipv6-address": func(n *model.NetworkInterface) []string { return addrStrings(n.Ipv6Addresses) },
		"interface-type":              func(n *model.NetworkInterface) []string { return one(n.InterfaceType) },
		"mac-address":                 func(n *model.NetworkInterface) []string { return one(n.MacAddress) },
		"network-interface-id":        func(n *model.NetworkInterface) []string { return one(n.ID) },
		"operator.managed":            func(n *model.NetworkInterface) []string { return one("false") },
		"operator.principal":          func(n *model.NetworkInterface) []string { return nil },
		"owner-id":                    func(n *model.NetworkInterface) []string { return one(n.Account) },
		"private-dns-name": func(n *model.NetworkInterface) []string {
			return eniIPv4s(n, func(p model.PrivateIP) string { return control.PrivateDNSName(n.Region, p.Address) })
		},
		"private-ip-address": func(n *model.NetworkInterface) []string {
			return eniIPv4s(n, func(p model.PrivateIP) string { return p.Address.String() })
		},
		"requester-id": func(n *model.NetworkInterface) []string {
			if n.RequesterID == "" {
				return nil
			}
			return one(n.RequesterID)
		},
		"requester-managed": func(n *model.NetworkInterface) []string { return one(boolStr(n.RequesterManaged)) },
		"source-dest-check": func(n *model.NetworkInterface) []string { return one(boolStr(n.SourceDestCheck)) },
		"status":            func(n *model.NetworkInterface) []string { return one(n.Status) },
		"subnet-id":         func(n *model.NetworkInterface) []string { return one(n.SubnetID) },
		"vpc-id":            func(n *model.NetworkInterface) []string { return one(n.VpcID) },
	}
}

func (a *API) describeNetworkInterfaces(ctx context.Context, r *Request, in *DescribeNetworkInterfacesRequest) (*DescribeNetworkInterfacesResult, error) {
	if in.MaxResults != nil && len(in.NetworkInterfaceIds) > 0 {
		return nil, awserr.InvalidParameterCombination("The parameter NetworkInterfaceIds cannot be used with the parameter MaxResults")
	}
	w := a.ctl.View(ctx)
	now := a.ctl.Now()
	m, err := compileFilters(eniFilters(w, now), in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	vs, next, err := describe(w.NetworkInterfaces, r.Scope, in.NetworkInterfaceIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeNetworkInterfacesResult{NextToken: next, NetworkInterfaces: make([]NetworkInterface, len(vs))}
	for i, v := range vs {
		out.NetworkInterfaces[i] = eniOut(w, v, now)
	}
	return out, nil
}

func (a *API) describeNetworkInterfaceAttribute(ctx context.Context, r *Request, in *DescribeNetworkInterfaceAttributeRequest) (*DescribeNetworkInterfaceAttributeResult, error) {
	w := a.ctl.View(ctx)
	attr := deref(in.Attribute)
	n, err := control.GetNetworkInterface(w, r.Scope, deref(in.NetworkInterfaceId))
	if err != nil {
		return nil, err
	}
	out := &DescribeNetworkInterfaceAttributeResult{NetworkInterfaceId: str(n.ID)}
	switch attr {
	case "description":
		out.Description = &AttributeValue{Value: str(n.Description)}
	case "groupSet":
		out.Groups = groupIdents(w, n.SecurityGroupIDs)
	case "sourceDestCheck":
		out.SourceDestCheck = &AttributeBooleanValue{Value: boolp(n.SourceDestCheck)}
	case "attachment":
		if o := eniOut(w, n, a.ctl.Now()); o.Attachment != nil {
			out.Attachment = o.Attachment
		}
	case "associatePublicIpAddress":
		out.AssociatePublicIpAddress = boolp(len(n.PrivateIPs) > 0 && n.PrivateIPs[0].PublicIP.IsValid())
	case "":
		return nil, awserr.MissingParameter("Attribute")
	default:
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter attribute is invalid. Unknown attribute.", attr)
	}
	return out, nil
}
