package ec2

import (
	"context"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

func (a *API) registerNetworkACLs() {
	handle(a, "CreateNetworkAcl", func(ctx context.Context, r *Request, in *CreateNetworkAclRequest) (*CreateNetworkAclResult, error) {
		tags, err := tagsFor(in.TagSpecifications, "network-acl")
		if err != nil {
			return nil, err
		}
		acl, err := a.ctl.CreateNetworkAcl(ctx, r.Scope, deref(in.VpcId), tags)
		if err != nil {
			return nil, err
		}
		return &CreateNetworkAclResult{NetworkAcl: networkAclOut(acl), ClientToken: in.ClientToken}, nil
	})
	handleNoOutput(a, "DeleteNetworkAcl", func(ctx context.Context, r *Request, in *DeleteNetworkAclRequest) error {
		return a.ctl.DeleteNetworkAcl(ctx, r.Scope, deref(in.NetworkAclId))
	})
	handle(a, "DescribeNetworkAcls", a.describeNetworkAcls)
	handleNoOutput(a, "CreateNetworkAclEntry", func(ctx context.Context, r *Request, in *CreateNetworkAclEntryRequest) error {
		return a.ctl.CreateNetworkAclEntry(ctx, r.Scope, aclEntryIn(deref(in.NetworkAclId), in.RuleNumber, in.Egress, in.Protocol, in.RuleAction, in.CidrBlock, in.Ipv6CidrBlock, in.IcmpTypeCode, in.PortRange))
	})
	handleNoOutput(a, "ReplaceNetworkAclEntry", func(ctx context.Context, r *Request, in *ReplaceNetworkAclEntryRequest) error {
		return a.ctl.ReplaceNetworkAclEntry(ctx, r.Scope, aclEntryIn(deref(in.NetworkAclId), in.RuleNumber, in.Egress, in.Protocol, in.RuleAction, in.CidrBlock, in.Ipv6CidrBlock, in.IcmpTypeCode, in.PortRange))
	})
	handleNoOutput(a, "DeleteNetworkAclEntry", func(ctx context.Context, r *Request, in *DeleteNetworkAclEntryRequest) error {
		return a.ctl.DeleteNetworkAclEntry(ctx, r.Scope, deref(in.NetworkAclId), in.RuleNumber, derefBool(in.Egress))
	})
	handle(a, "ReplaceNetworkAclAssociation", func(ctx context.Context, r *Request, in *ReplaceNetworkAclAssociationRequest) (*ReplaceNetworkAclAssociationResult, error) {
		id, err := a.ctl.ReplaceNetworkAclAssociation(ctx, r.Scope, deref(in.AssociationId), deref(in.NetworkAclId))
		if err != nil {
			return nil, err
		}
		return &ReplaceNetworkAclAssociationResult{NewAssociationId: str(id)}, nil
	})
}

func aclEntryIn(aclID string, rule *int32, egress *bool, proto, action, cidr, cidr6 *string, icmp *IcmpTypeCode, ports *PortRange) control.NetworkAclEntryInput {
	in := control.NetworkAclEntryInput{
		NetworkAclID: aclID, RuleNumber: rule, Egress: derefBool(egress), Protocol: deref(proto), RuleAction: deref(action),
		CidrBlock: deref(cidr), Ipv6CidrBlock: deref(cidr6),
	}
	if icmp != nil {
		in.Icmp, in.IcmpType, in.IcmpCode = true, icmp.Type, icmp.Code
	}
	if ports != nil {
		in.PortRange, in.PortFrom, in.PortTo = true, ports.From, ports.To
	}
	return in
}

func networkAclOut(acl *model.NetworkACL) *NetworkAcl {
	out := &NetworkAcl{
		NetworkAclId: str(acl.ID),
		VpcId:        str(acl.VpcID),
		OwnerId:      str(acl.Account),
		IsDefault:    boolp(acl.IsDefault),
		Tags:         tagSet(&acl.Meta),
	}
	for _, as := range acl.Associations {
		out.Associations = append(out.Associations, NetworkAclAssociation{
			NetworkAclAssociationId: str(as.ID), NetworkAclId: str(acl.ID), SubnetId: str(as.SubnetID),
		})
	}
	for _, e := range acl.Entries {
		out.Entries = append(out.Entries, networkAclEntryOut(e))
	}
	return out
}

// networkAclEntryOut renders an entry. The `*` rules show as 32767 (IPv4)
// and 32768 (IPv6) [VPC-UG amazon-vpc-limits.md "Rules per network ACL"].
func networkAclEntryOut(e model.NetworkACLEntry) NetworkAclEntry {
	out := NetworkAclEntry{
		RuleNumber:    i32(e.RuleNumber),
		Egress:        boolp(e.Egress),
		Protocol:      str(e.Protocol),
		RuleAction:    str(e.Action),
		CidrBlock:     optPrefix(e.CidrBlock),
		Ipv6CidrBlock: optPrefix(e.Ipv6Cidr),
	}
	if e.PortFrom != nil || e.PortTo != nil {
		out.PortRange = &PortRange{From: e.PortFrom, To: e.PortTo}
	}
	if e.IcmpType != nil || e.IcmpCode != nil {
		out.IcmpTypeCode = &IcmpTypeCode{Type: e.IcmpType, Code: e.IcmpCode}
	}
	return out
}

func aclEntryValues(a *model.NetworkACL, f func(e *model.NetworkACLEntry) string) []string {
	var out []string
	for i := range a.Entries {
		if v := f(&a.Entries[i]); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func aclAssocValues(a *model.NetworkACL, f func(model.NetworkACLAssoc) string) []string {
	out := make([]string, len(a.Associations))
	for i, as := range a.Associations {
		out[i] = f(as)
	}
	return out
}

func optI32Str(p *int32) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(int(*p))
}

// networkAclFilters are DescribeNetworkAcls' 19 filters; entry.* and
// association.* match any entry or association of the ACL.
var networkAclFilters = filterTable[model.NetworkACL]{
	"association.association-id": func(a *model.NetworkACL) []string {
		return aclAssocValues(a, func(as model.NetworkACLAssoc) string { return as.ID })
	},
	"association.network-acl-id": func(a *model.NetworkACL) []string {
		if len(a.Associations) == 0 {
			return nil
		}
		return one(a.ID)
	},
	"association.subnet-id": func(a *model.NetworkACL) []string {
		return aclAssocValues(a, func(as model.NetworkACLAssoc) string { return as.SubnetID })
	},
	"default": func(a *model.NetworkACL) []string { return one(boolStr(a.IsDefault)) },
	"entry.cidr": func(a *model.NetworkACL) []string {
		return aclEntryValues(a, func(e *model.NetworkACLEntry) string {
			if e.CidrBlock.IsValid() {
				return e.CidrBlock.String()
			}
			return ""
		})
	},
	"entry.ipv6-cidr": func(a *model.NetworkACL) []string {
		return aclEntryValues(a, func(e *model.NetworkACLEntry) string {
			if e.Ipv6Cidr.IsValid() {
				return e.Ipv6Cidr.String()
			}
			return ""
		})
	},
	"entry.icmp.code": func(a *model.NetworkACL) []string {
		return aclEntryValues(a, func(e *model.NetworkACLEntry) string { return optI32Str(e.IcmpCode) })
	},
	"entry.icmp.type": func(a *model.NetworkACL) []string {
		return aclEntryValues(a, func(e *model.NetworkACLEntry) string { return optI32Str(e.IcmpType) })
	},
	"entry.port-range.from": func(a *model.NetworkACL) []string {
		return aclEntryValues(a, func(e *model.NetworkACLEntry) string { return optI32Str(e.PortFrom) })
	},
	"entry.port-range.to": func(a *model.NetworkACL) []string {
		return aclEntryValues(a, func(e *model.NetworkACLEntry) string { return optI32Str(e.PortTo) })
	},
	"entry.protocol": func(a *model.NetworkACL) []string {
		return aclEntryValues(a, func(e *model.NetworkACLEntry) string { return e.Protocol })
	},
	"entry.rule-action": func(a *model.NetworkACL) []string {
		return aclEntryValues(a, func(e *model.NetworkACLEntry) string { return e.Action })
	},
	"entry.egress": func(a *model.NetworkACL) []string {
		return aclEntryValues(a, func(e *model.NetworkACLEntry) string { return boolStr(e.Egress) })
	},
	"entry.rule-number": func(a *model.NetworkACL) []string {
		return aclEntryValues(a, func(e *model.NetworkACLEntry) string { return strconv.Itoa(int(e.RuleNumber)) })
	},
	"network-acl-id": func(a *model.NetworkACL) []string { return one(a.ID) },
	"owner-id":       func(a *model.NetworkACL) []string { return one(a.Account) },
	"vpc-id":         func(a *model.NetworkACL) []string { return one(a.VpcID) },
}

func (a *API) describeNetworkAcls(ctx context.Context, r *Request, in *DescribeNetworkAclsRequest) (*DescribeNetworkAclsResult, error) {
	m, err := compileFilters(networkAclFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	acls, next, err := describe(a.ctl.View(ctx).NetworkACLs, r.Scope, in.NetworkAclIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeNetworkAclsResult{NextToken: next, NetworkAcls: make([]NetworkAcl, len(acls))}
	for i, acl := range acls {
		out.NetworkAcls[i] = *networkAclOut(acl)
	}
	return out, nil
}
