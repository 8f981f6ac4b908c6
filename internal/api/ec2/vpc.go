package ec2

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

func (a *API) registerVpcs() {
	handle(a, "CreateVpc", a.createVpc)
	handle(a, "DescribeVpcs", a.describeVpcs)
	handleNoOutput(a, "DeleteVpc", func(ctx context.Context, r *Request, in *DeleteVpcRequest) error {
		return a.ctl.DeleteVpc(ctx, r.Scope, deref(in.VpcId))
	})
	handle(a, "DescribeVpcAttribute", a.describeVpcAttribute)
	handleNoOutput(a, "ModifyVpcAttribute", func(ctx context.Context, r *Request, in *ModifyVpcAttributeRequest) error {
		mi := control.ModifyVpcAttributeInput{VpcID: deref(in.VpcId)}
		if in.EnableDnsSupport != nil {
			mi.EnableDnsSupport = in.EnableDnsSupport.Value
		}
		if in.EnableDnsHostnames != nil {
			mi.EnableDnsHostnames = in.EnableDnsHostnames.Value
		}
		if in.EnableNetworkAddressUsageMetrics != nil {
			mi.EnableNetworkAddressUsageMetrics = in.EnableNetworkAddressUsageMetrics.Value
		}
		return a.ctl.ModifyVpcAttribute(ctx, r.Scope, mi)
	})
	handle(a, "ModifyVpcTenancy", func(ctx context.Context, r *Request, in *ModifyVpcTenancyRequest) (*ModifyVpcTenancyResult, error) {
		if err := a.ctl.ModifyVpcTenancy(ctx, r.Scope, deref(in.VpcId), deref(in.InstanceTenancy)); err != nil {
			return nil, err
		}
		return &ModifyVpcTenancyResult{ReturnValue: boolp(true)}, nil
	})
	handle(a, "AssociateVpcCidrBlock", a.associateVpcCidrBlock)
	handle(a, "DisassociateVpcCidrBlock", a.disassociateVpcCidrBlock)
	handle(a, "CreateDefaultVpc", a.createDefaultVpc)
}

func (a *API) createVpc(ctx context.Context, r *Request, in *CreateVpcRequest) (*CreateVpcResult, error) {
	ipam, ipv6Cidr := ipamVpcIn(in.Ipv4IpamPoolId, in.Ipv4NetmaskLength, in.Ipv6IpamPoolId, in.Ipv6NetmaskLength, in.Ipv6CidrBlock) // ipam_vpc.go
	tags, err := tagsFor(in.TagSpecifications, "vpc")
	if err != nil {
		return nil, err
	}
	v, err := a.ctl.CreateVpc(ctx, r.Scope, control.CreateVpcInput{
		CidrBlock:                   deref(in.CidrBlock),
		AmazonProvidedIpv6CidrBlock: derefBool(in.AmazonProvidedIpv6CidrBlock),
		Ipv6:                        ipv6RequestIn(ipv6Cidr, in.Ipv6Pool, in.Ipv6CidrBlockNetworkBorderGroup),
		InstanceTenancy:             deref(in.InstanceTenancy),
		Tags:                        tags,
		Ipam:                        ipam,
	})
	if err != nil {
		return nil, err
	}
	out := vpcOut(v)
	out.State = str("pending") // EC2 answers create with pending; reads show available.
	return &CreateVpcResult{Vpc: out}, nil
}

var vpcFilters = filterTable[model.VPC]{
	"cidr":      func(v *model.VPC) []string { return one(v.PrimaryCidr().String()) },
	"cidrBlock": func(v *model.VPC) []string { return one(v.PrimaryCidr().String()) },
	"cidr-block-association.cidr-block": func(v *model.VPC) []string {
		return mapCidr(v.CidrBlocks, func(c model.CidrAssoc) string { return c.Prefix.String() })
	},
	"cidr-block-association.association-id": func(v *model.VPC) []string {
		return mapCidr(v.CidrBlocks, func(c model.CidrAssoc) string { return c.AssociationID })
	},
	"cidr-block-association.state": func(v *model.VPC) []string {
		return mapCidr(v.CidrBlocks, func(c model.CidrAssoc) string { return c.State })
	},
	"dhcp-options-id": func(v *model.VPC) []string { return one(v.DhcpOptionsID) },
	"ipv6-cidr-block-association.ipv6-cidr-block": func(v *model.VPC) []string {
		return mapCidr(v.Ipv6CidrBlocks, func(c model.Ipv6CidrAssoc) string { return c.Prefix.String() })
	},
	"ipv6-cidr-block-association.ipv6-pool": func(v *model.VPC) []string {
		return mapCidr(v.Ipv6CidrBlocks, func(c model.Ipv6CidrAssoc) string { return c.Pool })
	},
	"ipv6-cidr-block-association.association-id": func(v *model.VPC) []string {
		return mapCidr(v.Ipv6CidrBlocks, func(c model.Ipv6CidrAssoc) string { return c.AssociationID })
	},
	"ipv6-cidr-block-association.state": func(v *model.VPC) []string {
		return mapCidr(v.Ipv6CidrBlocks, func(c model.Ipv6CidrAssoc) string { return c.State })
	},
	"is-default": func(v *model.VPC) []string { return one(boolStr(v.IsDefault)) },
	"isDefault":  func(v *model.VPC) []string { return one(boolStr(v.IsDefault)) },
	"owner-id":   func(v *model.VPC) []string { return one(v.Account) },
	"state":      func(v *model.VPC) []string { return one(v.State) },
	"vpc-id":     func(v *model.VPC) []string { return one(v.ID) },
}

func mapCidr[C any](cs []C, f func(C) string) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = f(c)
	}
	return out
}

func (a *API) describeVpcs(ctx context.Context, r *Request, in *DescribeVpcsRequest) (*DescribeVpcsResult, error) {
	m, err := compileFilters(vpcFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	vs, next, err := describe(a.ctl.View(ctx).VPCs, r.Scope, in.VpcIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeVpcsResult{NextToken: next, Vpcs: make([]Vpc, len(vs))}
	for i, v := range vs {
		out.Vpcs[i] = *vpcOut(v)
	}
	return out, nil
}

func vpcOut(v *model.VPC) *Vpc {
	out := &Vpc{
		VpcId:                   str(v.ID),
		OwnerId:                 str(v.Account),
		State:                   str(v.State),
		CidrBlock:               str(v.PrimaryCidr().String()),
		DhcpOptionsId:           str(v.DhcpOptionsID),
		InstanceTenancy:         str(v.InstanceTenancy),
		IsDefault:               boolp(v.IsDefault),
		Tags:                    tagSet(&v.Meta),
		BlockPublicAccessStates: &BlockPublicAccessStates{InternetGatewayBlockMode: str("off")},
	}
	for _, c := range v.CidrBlocks {
		out.CidrBlockAssociationSet = append(out.CidrBlockAssociationSet, VpcCidrBlockAssociation{
			AssociationId:  str(c.AssociationID),
			CidrBlock:      str(c.Prefix.String()),
			CidrBlockState: &VpcCidrBlockState{State: str(c.State)},
		})
	}
	for _, c := range v.Ipv6CidrBlocks {
		out.Ipv6CidrBlockAssociationSet = append(out.Ipv6CidrBlockAssociationSet, ipv6AssocOut(c))
	}
	return out
}

func ipv6AssocOut(c model.Ipv6CidrAssoc) VpcIpv6CidrBlockAssociation {
	return VpcIpv6CidrBlockAssociation{
		AssociationId:      str(c.AssociationID),
		Ipv6CidrBlock:      str(c.Prefix.String()),
		Ipv6CidrBlockState: &VpcCidrBlockState{State: str(c.State)},
		Ipv6Pool:           optStr(c.Pool),
		NetworkBorderGroup: optStr(c.NetworkBorderGroup),
	}
}

func (a *API) describeVpcAttribute(ctx context.Context, r *Request, in *DescribeVpcAttributeRequest) (*DescribeVpcAttributeResult, error) {
	attr := deref(in.Attribute)
	val, err := control.VpcAttribute(a.ctl.View(ctx), r.Scope, deref(in.VpcId), attr)
	if err != nil {
		return nil, err
	}
	out := &DescribeVpcAttributeResult{VpcId: in.VpcId}
	v := &AttributeBooleanValue{Value: boolp(val)}
	switch attr {
	case control.AttrEnableDnsSupport:
		out.EnableDnsSupport = v
	case control.AttrEnableDnsHostnames:
		out.EnableDnsHostnames = v
	case control.AttrEnableNAUMetrics:
		out.EnableNetworkAddressUsageMetrics = v
	}
	return out, nil
}

func ipv6RequestIn(cidr, pool, nbg *string) control.Ipv6Request {
	return control.Ipv6Request{CidrBlock: deref(cidr), Pool: deref(pool), NetworkBorderGroup: deref(nbg)}
}

func (a *API) associateVpcCidrBlock(ctx context.Context, r *Request, in *AssociateVpcCidrBlockRequest) (*AssociateVpcCidrBlockResult, error) {
	ipam, ipv6Cidr := ipamVpcIn(in.Ipv4IpamPoolId, in.Ipv4NetmaskLength, in.Ipv6IpamPoolId, in.Ipv6NetmaskLength, in.Ipv6CidrBlock) // ipam_vpc.go
	v, assocID, err := a.ctl.AssociateVpcCidrBlock(ctx, r.Scope, control.AssociateVpcCidrInput{
		VpcID: deref(in.VpcId), CidrBlock: deref(in.CidrBlock), AmazonProvidedIpv6CidrBlock: derefBool(in.AmazonProvidedIpv6CidrBlock),
		Ipv6: ipv6RequestIn(ipv6Cidr, in.Ipv6Pool, in.Ipv6CidrBlockNetworkBorderGroup), Ipam: ipam,
	})
	if err != nil {
		return nil, err
	}
	out := &AssociateVpcCidrBlockResult{VpcId: str(v.ID)}
	for _, c := range v.CidrBlocks {
		if c.AssociationID == assocID {
			out.CidrBlockAssociation = &VpcCidrBlockAssociation{AssociationId: str(c.AssociationID), CidrBlock: str(c.Prefix.String()), CidrBlockState: &VpcCidrBlockState{State: str("associating")}}
		}
	}
	for _, c := range v.Ipv6CidrBlocks {
		if c.AssociationID == assocID {
			o := ipv6AssocOut(c)
			o.Ipv6CidrBlockState.State = str("associating")
			out.Ipv6CidrBlockAssociation = &o
		}
	}
	return out, nil
}

func (a *API) disassociateVpcCidrBlock(ctx context.Context, r *Request, in *DisassociateVpcCidrBlockRequest) (*DisassociateVpcCidrBlockResult, error) {
	v, err := a.ctl.DisassociateVpcCidrBlock(ctx, r.Scope, deref(in.AssociationId))
	if err != nil {
		return nil, err
	}
	out := &DisassociateVpcCidrBlockResult{VpcId: str(v.ID)}
	id := deref(in.AssociationId)
	for _, c := range v.CidrBlocks {
		if c.AssociationID == id {
			out.CidrBlockAssociation = &VpcCidrBlockAssociation{AssociationId: str(id), CidrBlock: str(c.Prefix.String()), CidrBlockState: &VpcCidrBlockState{State: str(c.State)}}
		}
	}
	for _, c := range v.Ipv6CidrBlocks {
		if c.AssociationID == id {
			o := ipv6AssocOut(c)
			out.Ipv6CidrBlockAssociation = &o
		}
	}
	return out, nil
}

func (a *API) createDefaultVpc(ctx context.Context, r *Request, in *CreateDefaultVpcRequest) (*CreateDefaultVpcResult, error) {
	v, err := a.ctl.CreateDefaultVpc(ctx, r.Scope)
	if err != nil {
		return nil, err
	}
	out := vpcOut(v)
	out.State = str("pending")
	return &CreateDefaultVpcResult{Vpc: out}, nil
}
