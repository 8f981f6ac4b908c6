package ec2

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Elastic IP addresses.

func (a *API) registerAddresses() {
	handle(a, "AllocateAddress", a.allocateAddress)
	handleNoOutput(a, "ReleaseAddress", func(ctx context.Context, r *Request, in *ReleaseAddressRequest) error {
		return a.ctl.ReleaseAddress(ctx, r.Scope, deref(in.AllocationId), deref(in.PublicIp), deref(in.NetworkBorderGroup))
	})
	handle(a, "AssociateAddress", func(ctx context.Context, r *Request, in *AssociateAddressRequest) (*AssociateAddressResult, error) {
		id, err := a.ctl.AssociateAddress(ctx, r.Scope, control.AssociateAddressInput{
			AllocationID:       deref(in.AllocationId),
			PublicIP:           deref(in.PublicIp),
			InstanceID:         deref(in.InstanceId),
			NetworkInterfaceID: deref(in.NetworkInterfaceId),
			PrivateIPAddress:   deref(in.PrivateIpAddress),
			AllowReassociation: derefBool(in.AllowReassociation),
		})
		if err != nil {
			return nil, err
		}
		return &AssociateAddressResult{AssociationId: str(id)}, nil
	})
	handleNoOutput(a, "DisassociateAddress", func(ctx context.Context, r *Request, in *DisassociateAddressRequest) error {
		return a.ctl.DisassociateAddress(ctx, r.Scope, deref(in.AssociationId), deref(in.PublicIp))
	})
	handle(a, "DescribeAddresses", a.describeAddresses)
	handle(a, "DescribeAddressesAttribute", a.describeAddressesAttribute)
}

func (a *API) allocateAddress(ctx context.Context, r *Request, in *AllocateAddressRequest) (*AllocateAddressResult, error) {
	if in.CustomerOwnedIpv4Pool != nil || in.IpamPoolId != nil {
		return nil, awserr.New("UnsupportedOperation", "Customer-owned and IPAM address pools are not supported by vpcsim.")
	}
	tags, err := tagsFor(in.TagSpecifications, "elastic-ip")
	if err != nil {
		return nil, err
	}
	addr, err := a.ctl.AllocateAddress(ctx, r.Scope, control.AllocateAddressInput{
		Domain:             deref(in.Domain),
		Address:            deref(in.Address),
		PublicIpv4Pool:     deref(in.PublicIpv4Pool),
		NetworkBorderGroup: deref(in.NetworkBorderGroup),
		Tags:               tags,
	})
	if err != nil {
		return nil, err
	}
	return &AllocateAddressResult{
		AllocationId:       str(addr.ID),
		PublicIp:           str(addr.PublicIP.String()),
		Domain:             str(addr.Domain),
		PublicIpv4Pool:     str(addr.PublicIpv4Pool),
		NetworkBorderGroup: str(addr.NetworkBorderGroup),
	}, nil
}

func addressFilters(w *store.World) filterTable[model.Address] {
	return filterTable[model.Address]{
		"allocation-id":        func(v *model.Address) []string { return one(v.ID) },
		"association-id":       func(v *model.Address) []string { return optOne(v.AssociationID) },
		"domain":               func(v *model.Address) []string { return one(v.Domain) },
		"instance-id":          func(v *model.Address) []string { return optOne(control.AddressInstance(w, v)) },
		"network-border-group": func(v *model.Address) []string { return one(v.NetworkBorderGroup) },
		"network-interface-id": func(v *model.Address) []string { return optOne(v.NetworkInterfaceID) },
		"network-interface-owner-id": func(v *model.Address) []string {
			if v.NetworkInterfaceID == "" {
				return nil
			}
			return one(v.Account)
		},
		"private-ip-address": func(v *model.Address) []string {
			if !v.PrivateIP.IsValid() {
				return nil
			}
			return one(v.PrivateIP.String())
		},
		"public-ip":        func(v *model.Address) []string { return one(v.PublicIP.String()) },
		"public-ipv4-pool": func(v *model.Address) []string { return one(v.PublicIpv4Pool) },
	}
}

// optOne wraps a value that may be absent.
func optOne(s string) []string {
	if s == "" {
		return nil
	}
	return one(s)
}

func (a *API) describeAddresses(ctx context.Context, r *Request, in *DescribeAddressesRequest) (*DescribeAddressesResult, error) {
	w := a.ctl.View(ctx)
	m, err := compileFilters(addressFilters(w), in.Filters)
	if err != nil {
		return nil, err
	}
	// AllocationId.N and PublicIp.N name addresses; each must exist.
	ids := append([]string(nil), in.AllocationIds...)
	for _, ip := range in.PublicIps {
		addr, err := control.AddressByPublicIP(w, r.Scope, ip)
		if err != nil {
			return nil, err
		}
		ids = append(ids, addr.ID)
	}
	as, _, err := describe(w.Addresses, r.Scope, ids, m, page{})
	if err != nil {
		return nil, err
	}
	out := &DescribeAddressesResult{Addresses: make([]Address, len(as))}
	for i, v := range as {
		out.Addresses[i] = addressOut(w, v)
	}
	return out, nil
}

func addressOut(w *store.World, v *model.Address) Address {
	out := Address{
		AllocationId:       str(v.ID),
		PublicIp:           str(v.PublicIP.String()),
		Domain:             str(v.Domain),
		PublicIpv4Pool:     str(v.PublicIpv4Pool),
		NetworkBorderGroup: str(v.NetworkBorderGroup),
		Tags:               tagSet(&v.Meta),
	}
	if v.AssociationID != "" {
		out.AssociationId = str(v.AssociationID)
		out.NetworkInterfaceId = optStr(v.NetworkInterfaceID)
		out.NetworkInterfaceOwnerId = str(v.Account)
		out.PrivateIpAddress = optAddr(v.PrivateIP)
		out.InstanceId = optStr(control.AddressInstance(w, v))
	}
	return out
}

func (a *API) describeAddressesAttribute(ctx context.Context, r *Request, in *DescribeAddressesAttributeRequest) (*DescribeAddressesAttributeResult, error) {
	attr := deref(in.Attribute)
	if attr == "" {
		return nil, awserr.MissingParameter("Attribute")
	}
	if attr != control.AddressAttrDomainName {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter attribute is invalid. Valid values: domain-name", attr)
	}
	p, err := newPage(in.MaxResults, in.NextToken, 1, 1000)
	if err != nil {
		return nil, err
	}
	as, next, err := describe(a.ctl.View(ctx).Addresses, r.Scope, in.AllocationIds, matcher[model.Address]{}, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeAddressesAttributeResult{NextToken: next, Addresses: make([]AddressAttribute, len(as))}
	for i, v := range as {
		out.Addresses[i] = AddressAttribute{AllocationId: str(v.ID), PublicIp: str(v.PublicIP.String())}
	}
	return out, nil
}
