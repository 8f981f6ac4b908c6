package ec2

import (
	"context"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

func (a *API) registerSubnets() {
	handle(a, "CreateSubnet", a.createSubnet)
	handleNoOutput(a, "DeleteSubnet", func(ctx context.Context, r *Request, in *DeleteSubnetRequest) error {
		return a.ctl.DeleteSubnet(ctx, r.Scope, deref(in.SubnetId))
	})
	handle(a, "DescribeSubnets", a.describeSubnets)
	handleNoOutput(a, "ModifySubnetAttribute", a.modifySubnetAttribute)
	handle(a, "AssociateSubnetCidrBlock", a.associateSubnetCidrBlock)
	handle(a, "DisassociateSubnetCidrBlock", a.disassociateSubnetCidrBlock)
	handle(a, "CreateDefaultSubnet", a.createDefaultSubnet)
}

func (a *API) createSubnet(ctx context.Context, r *Request, in *CreateSubnetRequest) (*CreateSubnetResult, error) {
	if in.Ipv4IpamPoolId != nil || in.Ipv6IpamPoolId != nil || in.Ipv4NetmaskLength != nil || in.Ipv6NetmaskLength != nil {
		return nil, awserr.New("UnsupportedOperation", "IPAM pools are not supported by vpcsim.")
	}
	if in.OutpostArn != nil {
		return nil, awserr.New("UnsupportedOperation", "Outposts are not supported by vpcsim.")
	}
	tags, err := tagsFor(in.TagSpecifications, "subnet")
	if err != nil {
		return nil, err
	}
	sn, err := a.ctl.CreateSubnet(ctx, r.Scope, control.CreateSubnetInput{
		VpcID:              deref(in.VpcId),
		CidrBlock:          deref(in.CidrBlock),
		Ipv6CidrBlock:      deref(in.Ipv6CidrBlock),
		AvailabilityZone:   deref(in.AvailabilityZone),
		AvailabilityZoneID: deref(in.AvailabilityZoneId),
		Ipv6Native:         derefBool(in.Ipv6Native),
		Tags:               tags,
	})
	if err != nil {
		return nil, err
	}
	out := subnetOut(a.ctl.View(ctx), sn)
	out.State = str("pending") // EC2 answers create with pending; reads show available.
	return &CreateSubnetResult{Subnet: out}, nil
}

func (a *API) createDefaultSubnet(ctx context.Context, r *Request, in *CreateDefaultSubnetRequest) (*CreateDefaultSubnetResult, error) {
	if derefBool(in.Ipv6Native) {
		return nil, awserr.New("UnsupportedOperation", "IPv6-only subnets (Ipv6Native) are not supported by vpcsim.")
	}
	sn, err := a.ctl.CreateDefaultSubnet(ctx, r.Scope, deref(in.AvailabilityZone), deref(in.AvailabilityZoneId))
	if err != nil {
		return nil, err
	}
	out := subnetOut(a.ctl.View(ctx), sn)
	out.State = str("pending")
	return &CreateDefaultSubnetResult{Subnet: out}, nil
}

// subnetFilters are DescribeSubnets' 25 filters [ec2-api-surface.md §4] plus
// the legacy aliases the Terraform provider sends.
func subnetFilters(w *store.World) filterTable[model.Subnet] {
	azName := func(s *model.Subnet) []string { return one(s.AvailabilityZone) }
	azID := func(s *model.Subnet) []string { return one(s.AvailabilityZoneID) }
	cidr := func(s *model.Subnet) []string {
		if !s.CidrBlock.IsValid() {
			return nil // an IPv6-only subnet has no IPv4 block
		}
		return one(s.CidrBlock.String())
	}
	def := func(s *model.Subnet) []string { return one(boolStr(s.DefaultForAz)) }
	ipv6 := func(f func(model.Ipv6CidrAssoc) string) func(s *model.Subnet) []string {
		return func(s *model.Subnet) []string { return mapCidr(s.Ipv6CidrBlocks, f) }
	}
	return filterTable[model.Subnet]{
		"availability-zone":    azName,
		"availabilityZone":     azName,
		"availability-zone-id": azID,
		"availabilityZoneId":   azID,
		"available-ip-address-count": func(s *model.Subnet) []string {
			return one(strconv.Itoa(int(control.AvailableIPv4Count(w, s))))
		},
		"cidr-block":                 cidr,
		"cidrBlock":                  cidr,
		"cidr":                       cidr,
		"customer-owned-ipv4-pool":   func(s *model.Subnet) []string { return nil },
		"default-for-az":             def,
		"defaultForAz":               def,
		"enable-dns64":               func(s *model.Subnet) []string { return one(boolStr(s.EnableDns64)) },
		"enable-lni-at-device-index": func(s *model.Subnet) []string { return nil },
		"ipv6-cidr-block-association.ipv6-cidr-block":      ipv6(func(c model.Ipv6CidrAssoc) string { return c.Prefix.String() }),
		"ipv6-cidr-block-association.association-id":       ipv6(func(c model.Ipv6CidrAssoc) string { return c.AssociationID }),
		"ipv6-cidr-block-association.state":                ipv6(func(c model.Ipv6CidrAssoc) string { return c.State }),
		"ipv6-native":                                      func(s *model.Subnet) []string { return one(boolStr(s.Ipv6Native)) },
		"map-customer-owned-ip-on-launch":                  func(s *model.Subnet) []string { return one("false") },
		"map-public-ip-on-launch":                          func(s *model.Subnet) []string { return one(boolStr(s.MapPublicIpOnLaunch)) },
		"outpost-arn":                                      func(s *model.Subnet) []string { return nil },
		"owner-id":                                         func(s *model.Subnet) []string { return one(s.Account) },
		"private-dns-name-options-on-launch.hostname-type": func(s *model.Subnet) []string { return one(hostnameType(s)) },
		"private-dns-name-options-on-launch.enable-resource-name-dns-a-record": func(s *model.Subnet) []string {
			return one(boolStr(s.EnableResourceNameDnsA))
		},
		"private-dns-name-options-on-launch.enable-resource-name-dns-aaaa-record": func(s *model.Subnet) []string {
			return one(boolStr(s.EnableResourceNameDnsAAAA))
		},
		"state":      func(s *model.Subnet) []string { return one(s.State) },
		"subnet-arn": func(s *model.Subnet) []string { return one(subnetArn(s)) },
		"subnet-id":  func(s *model.Subnet) []string { return one(s.ID) },
		"vpc-id":     func(s *model.Subnet) []string { return one(s.VpcID) },
	}
}

func (a *API) describeSubnets(ctx context.Context, r *Request, in *DescribeSubnetsRequest) (*DescribeSubnetsResult, error) {
	w := a.ctl.View(ctx)
	m, err := compileFilters(subnetFilters(w), in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	subnets, next, err := describe(w.Subnets, r.Scope, in.SubnetIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeSubnetsResult{NextToken: next, Subnets: make([]Subnet, len(subnets))}
	for i, sn := range subnets {
		out.Subnets[i] = *subnetOut(w, sn)
	}
	return out, nil
}

func subnetArn(s *model.Subnet) string {
	return "arn:aws:ec2:" + s.Region + ":" + s.Account + ":subnet/" + s.ID
}

func hostnameType(s *model.Subnet) string {
	if s.HostnameType == "" {
		return "ip-name"
	}
	return s.HostnameType
}

func subnetOut(w *store.World, s *model.Subnet) *Subnet {
	out := &Subnet{
		SubnetId:                    str(s.ID),
		SubnetArn:                   str(subnetArn(s)),
		OwnerId:                     str(s.Account),
		VpcId:                       str(s.VpcID),
		State:                       str(s.State),
		CidrBlock:                   optPrefix(s.CidrBlock),
		AvailabilityZone:            str(s.AvailabilityZone),
		AvailabilityZoneId:          str(s.AvailabilityZoneID),
		AvailableIpAddressCount:     i32(control.AvailableIPv4Count(w, s)),
		DefaultForAz:                boolp(s.DefaultForAz),
		MapPublicIpOnLaunch:         boolp(s.MapPublicIpOnLaunch),
		MapCustomerOwnedIpOnLaunch:  boolp(false),
		AssignIpv6AddressOnCreation: boolp(s.AssignIpv6AddressOnCreation),
		EnableDns64:                 boolp(s.EnableDns64),
		Ipv6Native:                  boolp(s.Ipv6Native),
		PrivateDnsNameOptionsOnLaunch: &PrivateDnsNameOptionsOnLaunch{
			HostnameType:                    str(hostnameType(s)),
			EnableResourceNameDnsARecord:    boolp(s.EnableResourceNameDnsA),
			EnableResourceNameDnsAAAARecord: boolp(s.EnableResourceNameDnsAAAA),
		},
		BlockPublicAccessStates: &BlockPublicAccessStates{InternetGatewayBlockMode: str("off")},
		Tags:                    tagSet(&s.Meta),
	}
	for _, c := range s.Ipv6CidrBlocks {
		out.Ipv6CidrBlockAssociationSet = append(out.Ipv6CidrBlockAssociationSet, subnetIpv6AssocOut(c, c.State))
	}
	return out
}

func subnetIpv6AssocOut(c model.Ipv6CidrAssoc, state string) SubnetIpv6CidrBlockAssociation {
	return SubnetIpv6CidrBlockAssociation{
		AssociationId:        str(c.AssociationID),
		Ipv6CidrBlock:        str(c.Prefix.String()),
		Ipv6CidrBlockState:   &SubnetCidrBlockState{State: str(state)},
		Ipv6AddressAttribute: str("public"),
		IpSource:             str("amazon"),
	}
}

func (a *API) modifySubnetAttribute(ctx context.Context, r *Request, in *ModifySubnetAttributeRequest) error {
	val := func(v *AttributeBooleanValue) *bool {
		if v == nil {
			return nil
		}
		if v.Value == nil {
			return boolp(false)
		}
		return v.Value
	}
	return a.ctl.ModifySubnetAttribute(ctx, r.Scope, control.ModifySubnetAttributeInput{
		SubnetID:                                deref(in.SubnetId),
		MapPublicIpOnLaunch:                     val(in.MapPublicIpOnLaunch),
		AssignIpv6AddressOnCreation:             val(in.AssignIpv6AddressOnCreation),
		EnableDns64:                             val(in.EnableDns64),
		EnableResourceNameDnsARecordOnLaunch:    val(in.EnableResourceNameDnsARecordOnLaunch),
		EnableResourceNameDnsAAAARecordOnLaunch: val(in.EnableResourceNameDnsAAAARecordOnLaunch),
		PrivateDnsHostnameTypeOnLaunch:          deref(in.PrivateDnsHostnameTypeOnLaunch),
		MapCustomerOwnedIpOnLaunch:              val(in.MapCustomerOwnedIpOnLaunch),
		CustomerOwnedIpv4Pool:                   deref(in.CustomerOwnedIpv4Pool),
		EnableLniAtDeviceIndex:                  in.EnableLniAtDeviceIndex,
		DisableLniAtDeviceIndex:                 val(in.DisableLniAtDeviceIndex),
	})
}

func (a *API) associateSubnetCidrBlock(ctx context.Context, r *Request, in *AssociateSubnetCidrBlockRequest) (*AssociateSubnetCidrBlockResult, error) {
	if in.Ipv6IpamPoolId != nil || in.Ipv6NetmaskLength != nil {
		return nil, awserr.New("UnsupportedOperation", "IPAM pools are not supported by vpcsim.")
	}
	sn, assocID, err := a.ctl.AssociateSubnetCidrBlock(ctx, r.Scope, deref(in.SubnetId), deref(in.Ipv6CidrBlock))
	if err != nil {
		return nil, err
	}
	out := &AssociateSubnetCidrBlockResult{SubnetId: str(sn.ID)}
	for _, c := range sn.Ipv6CidrBlocks {
		if c.AssociationID == assocID {
			o := subnetIpv6AssocOut(c, "associating")
			out.Ipv6CidrBlockAssociation = &o
		}
	}
	return out, nil
}

func (a *API) disassociateSubnetCidrBlock(ctx context.Context, r *Request, in *DisassociateSubnetCidrBlockRequest) (*DisassociateSubnetCidrBlockResult, error) {
	sn, c, err := a.ctl.DisassociateSubnetCidrBlock(ctx, r.Scope, deref(in.AssociationId))
	if err != nil {
		return nil, err
	}
	o := subnetIpv6AssocOut(c, "disassociating")
	return &DisassociateSubnetCidrBlockResult{SubnetId: str(sn.ID), Ipv6CidrBlockAssociation: &o}, nil
}
