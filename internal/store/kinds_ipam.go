package store

import "github.com/vpcsim/vpcsim/internal/model"

// VPC IP Address Manager kinds: IPAMs, their scopes and their pools (a
// pool's provisioned CIDRs and allocations live in the pool). Scopes are
// children of their IPAM, pools of their scope.
var (
	IpamKind = Define[model.Ipam](model.KindSpec{Name: "ipam", Service: "ec2", IDPrefix: "ipam", ResourceType: "ipam",
		NotFound: "InvalidIpamId.NotFound", Malformed: "InvalidIpamId.Malformed", Noun: "IPAM ID"}, nil)
	IpamScopeKind = Define[model.IpamScope](model.KindSpec{Name: "ipam-scope", Service: "ec2", IDPrefix: "ipam-scope", ResourceType: "ipam-scope",
		NotFound: "InvalidIpamScopeId.NotFound", Malformed: "InvalidIpamScopeId.Malformed", Noun: "IPAM scope ID"},
		func(v *model.IpamScope) string { return v.IpamID })
	IpamPoolKind = Define[model.IpamPool](model.KindSpec{Name: "ipam-pool", Service: "ec2", IDPrefix: "ipam-pool", ResourceType: "ipam-pool",
		NotFound: "InvalidIpamPoolId.NotFound", Malformed: "InvalidIpamPoolId.Malformed", Noun: "IPAM pool ID"},
		func(v *model.IpamPool) string { return v.ScopeID })
)
