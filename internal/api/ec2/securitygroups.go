package ec2

import (
	"context"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

func (a *API) registerSecurityGroups() {
	handle(a, "CreateSecurityGroup", a.createSecurityGroup)
	handle(a, "DeleteSecurityGroup", a.deleteSecurityGroup)
	handle(a, "DescribeSecurityGroups", a.describeSecurityGroups)
	handle(a, "DescribeSecurityGroupRules", a.describeSecurityGroupRules)
	handle(a, "AuthorizeSecurityGroupIngress", func(ctx context.Context, r *Request, in *AuthorizeSecurityGroupIngressRequest) (*AuthorizeSecurityGroupIngressResult, error) {
		perms := sgLegacyPermission(in.IpPermissions, in.IpProtocol, in.FromPort, in.ToPort, in.CidrIp, in.SourceSecurityGroupName, in.SourceSecurityGroupOwnerId)
		rules, err := a.authorize(ctx, r, deref(in.GroupId), deref(in.GroupName), false, perms, in.TagSpecifications)
		if err != nil {
			return nil, err
		}
		return &AuthorizeSecurityGroupIngressResult{Return: boolp(true), SecurityGroupRules: rules}, nil
	})
	handle(a, "AuthorizeSecurityGroupEgress", func(ctx context.Context, r *Request, in *AuthorizeSecurityGroupEgressRequest) (*AuthorizeSecurityGroupEgressResult, error) {
		perms := sgLegacyPermission(in.IpPermissions, in.IpProtocol, in.FromPort, in.ToPort, in.CidrIp, in.SourceSecurityGroupName, in.SourceSecurityGroupOwnerId)
		rules, err := a.authorize(ctx, r, deref(in.GroupId), "", true, perms, in.TagSpecifications)
		if err != nil {
			return nil, err
		}
		return &AuthorizeSecurityGroupEgressResult{Return: boolp(true), SecurityGroupRules: rules}, nil
	})
	handle(a, "RevokeSecurityGroupIngress", func(ctx context.Context, r *Request, in *RevokeSecurityGroupIngressRequest) (*RevokeSecurityGroupIngressResult, error) {
		perms := sgLegacyPermission(in.IpPermissions, in.IpProtocol, in.FromPort, in.ToPort, in.CidrIp, in.SourceSecurityGroupName, in.SourceSecurityGroupOwnerId)
		res, err := a.ctl.RevokeSecurityGroupRules(ctx, r.Scope, control.RevokeSecurityGroupRulesInput{
			GroupID: deref(in.GroupId), GroupName: deref(in.GroupName), Permissions: perms, RuleIDs: in.SecurityGroupRuleIds,
		})
		if err != nil {
			return nil, err
		}
		return &RevokeSecurityGroupIngressResult{Return: boolp(true), UnknownIpPermissions: sgUnknownOut(res.Unknown), RevokedSecurityGroupRules: sgRevokedOut(res.Revoked)}, nil
	})
	handle(a, "RevokeSecurityGroupEgress", func(ctx context.Context, r *Request, in *RevokeSecurityGroupEgressRequest) (*RevokeSecurityGroupEgressResult, error) {
		perms := sgLegacyPermission(in.IpPermissions, in.IpProtocol, in.FromPort, in.ToPort, in.CidrIp, in.SourceSecurityGroupName, in.SourceSecurityGroupOwnerId)
		res, err := a.ctl.RevokeSecurityGroupRules(ctx, r.Scope, control.RevokeSecurityGroupRulesInput{
			GroupID: deref(in.GroupId), Egress: true, Permissions: perms, RuleIDs: in.SecurityGroupRuleIds,
		})
		if err != nil {
			return nil, err
		}
		return &RevokeSecurityGroupEgressResult{Return: boolp(true), UnknownIpPermissions: sgUnknownOut(res.Unknown), RevokedSecurityGroupRules: sgRevokedOut(res.Revoked)}, nil
	})
	handle(a, "ModifySecurityGroupRules", func(ctx context.Context, r *Request, in *ModifySecurityGroupRulesRequest) (*ModifySecurityGroupRulesResult, error) {
		ups := make([]control.SGRuleUpdate, len(in.SecurityGroupRules))
		for i, u := range in.SecurityGroupRules {
			ups[i].RuleID = deref(u.SecurityGroupRuleId)
			if s := u.SecurityGroupRule; s != nil {
				ups[i].Rule = control.SGRuleSpec{
					Protocol: deref(s.IpProtocol), FromPort: s.FromPort, ToPort: s.ToPort,
					CidrIPv4: deref(s.CidrIpv4), CidrIPv6: deref(s.CidrIpv6), PrefixListID: deref(s.PrefixListId),
					ReferencedGroupID: deref(s.ReferencedGroupId), Description: deref(s.Description),
				}
			}
		}
		if err := a.ctl.ModifySecurityGroupRules(ctx, r.Scope, deref(in.GroupId), ups); err != nil {
			return nil, err
		}
		return &ModifySecurityGroupRulesResult{Return: boolp(true)}, nil
	})
	handle(a, "UpdateSecurityGroupRuleDescriptionsIngress", func(ctx context.Context, r *Request, in *UpdateSecurityGroupRuleDescriptionsIngressRequest) (*UpdateSecurityGroupRuleDescriptionsIngressResult, error) {
		err := a.ctl.UpdateSecurityGroupRuleDescriptions(ctx, r.Scope, control.RuleDescriptionsInput{
			GroupID: deref(in.GroupId), GroupName: deref(in.GroupName), Permissions: sgPermissionsIn(in.IpPermissions), Descriptions: sgDescriptionsIn(in.SecurityGroupRuleDescriptions),
		})
		if err != nil {
			return nil, err
		}
		return &UpdateSecurityGroupRuleDescriptionsIngressResult{Return: boolp(true)}, nil
	})
	handle(a, "UpdateSecurityGroupRuleDescriptionsEgress", func(ctx context.Context, r *Request, in *UpdateSecurityGroupRuleDescriptionsEgressRequest) (*UpdateSecurityGroupRuleDescriptionsEgressResult, error) {
		err := a.ctl.UpdateSecurityGroupRuleDescriptions(ctx, r.Scope, control.RuleDescriptionsInput{
			GroupID: deref(in.GroupId), GroupName: deref(in.GroupName), Egress: true, Permissions: sgPermissionsIn(in.IpPermissions), Descriptions: sgDescriptionsIn(in.SecurityGroupRuleDescriptions),
		})
		if err != nil {
			return nil, err
		}
		return &UpdateSecurityGroupRuleDescriptionsEgressResult{Return: boolp(true)}, nil
	})
}

func (a *API) createSecurityGroup(ctx context.Context, r *Request, in *CreateSecurityGroupRequest) (*CreateSecurityGroupResult, error) {
	tags, err := tagsFor(in.TagSpecifications, "security-group")
	if err != nil {
		return nil, err
	}
	g, err := a.ctl.CreateSecurityGroup(ctx, r.Scope, control.CreateSecurityGroupInput{
		GroupName: deref(in.GroupName), Description: deref(in.Description), VpcID: deref(in.VpcId), Tags: tags,
	})
	if err != nil {
		return nil, err
	}
	return &CreateSecurityGroupResult{GroupId: str(g.ID), Tags: tagSet(&g.Meta), SecurityGroupArn: str(sgArn(g))}, nil
}

func (a *API) deleteSecurityGroup(ctx context.Context, r *Request, in *DeleteSecurityGroupRequest) (*DeleteSecurityGroupResult, error) {
	g, err := a.ctl.DeleteSecurityGroup(ctx, r.Scope, deref(in.GroupId), deref(in.GroupName))
	if err != nil {
		return nil, err
	}
	return &DeleteSecurityGroupResult{Return: boolp(true), GroupId: str(g.ID)}, nil
}

func (a *API) authorize(ctx context.Context, r *Request, groupID, groupName string, egress bool, perms []control.SGPermission, specs []TagSpecification) ([]SecurityGroupRule, error) {
	tags, err := tagsFor(specs, "security-group-rule")
	if err != nil {
		return nil, err
	}
	rules, err := a.ctl.AuthorizeSecurityGroupRules(ctx, r.Scope, control.AuthorizeSecurityGroupRulesInput{
		GroupID: groupID, GroupName: groupName, Egress: egress, Permissions: perms, Tags: tags,
	})
	if err != nil {
		return nil, err
	}
	out := make([]SecurityGroupRule, len(rules))
	for i, rule := range rules {
		out[i] = securityGroupRuleOut(rule)
	}
	return out, nil
}

// sgLegacyPermission turns the request's IpPermissions, or the old top-level
// parameters (IpProtocol, FromPort, ToPort, CidrIp, SourceSecurityGroupName),
// into control permissions.
func sgLegacyPermission(perms []IpPermission, proto *string, from, to *int32, cidr, srcName, srcOwner *string) []control.SGPermission {
	out := sgPermissionsIn(perms)
	if len(out) > 0 || proto == nil && cidr == nil && srcName == nil {
		return out
	}
	p := control.SGPermission{Protocol: deref(proto), FromPort: from, ToPort: to}
	if p.Protocol == "" && srcName != nil {
		p.Protocol = "-1"
	}
	if cidr != nil {
		p.IPv4 = []control.SGPeer{{Value: *cidr}}
	}
	if srcName != nil {
		p.Groups = []control.SGGroupPeer{{GroupName: *srcName, UserID: deref(srcOwner)}}
	}
	return []control.SGPermission{p}
}

func sgPermissionsIn(perms []IpPermission) []control.SGPermission {
	out := make([]control.SGPermission, 0, len(perms))
	for _, p := range perms {
		c := control.SGPermission{Protocol: deref(p.IpProtocol), FromPort: p.FromPort, ToPort: p.ToPort}
		for _, r := range p.IpRanges {
			c.IPv4 = append(c.IPv4, control.SGPeer{Value: deref(r.CidrIp), Description: deref(r.Description)})
		}
		for _, r := range p.Ipv6Ranges {
			c.IPv6 = append(c.IPv6, control.SGPeer{Value: deref(r.CidrIpv6), Description: deref(r.Description)})
		}
		for _, r := range p.PrefixListIds {
			c.PrefixLists = append(c.PrefixLists, control.SGPeer{Value: deref(r.PrefixListId), Description: deref(r.Description)})
		}
		for _, g := range p.UserIdGroupPairs {
			c.Groups = append(c.Groups, control.SGGroupPeer{
				GroupID: deref(g.GroupId), GroupName: deref(g.GroupName), UserID: deref(g.UserId),
				VpcID: deref(g.VpcId), PeeringID: deref(g.VpcPeeringConnectionId), Description: deref(g.Description),
			})
		}
		out = append(out, c)
	}
	return out
}

func sgDescriptionsIn(ds []SecurityGroupRuleDescription) map[string]string {
	if len(ds) == 0 {
		return nil
	}
	out := make(map[string]string, len(ds))
	for _, d := range ds {
		out[deref(d.SecurityGroupRuleId)] = deref(d.Description)
	}
	return out
}

func sgArn(g *model.SecurityGroup) string {
	return "arn:aws:ec2:" + g.Region + ":" + g.Account + ":security-group/" + g.ID
}

func securityGroupRuleOut(r *model.SecurityGroupRule) SecurityGroupRule {
	out := SecurityGroupRule{
		SecurityGroupRuleId:  str(r.ID),
		GroupId:              str(r.GroupID),
		GroupOwnerId:         str(r.Account),
		IsEgress:             boolp(r.Egress),
		IpProtocol:           str(r.Protocol),
		FromPort:             i32(r.FromPort),
		ToPort:               i32(r.ToPort),
		CidrIpv4:             optPrefix(r.CidrIPv4),
		CidrIpv6:             optPrefix(r.CidrIPv6),
		PrefixListId:         optStr(r.PrefixListID),
		Description:          optStr(r.Description),
		Tags:                 tagSet(&r.Meta),
		SecurityGroupRuleArn: str("arn:aws:ec2:" + r.Region + ":" + r.Account + ":security-group-rule/" + r.ID),
	}
	if r.RefGroupID != "" {
		out.ReferencedGroupInfo = &ReferencedSecurityGroup{GroupId: str(r.RefGroupID), UserId: optStr(r.RefUserID), VpcId: optStr(r.RefVpcID), VpcPeeringConnectionId: optStr(r.RefPeeringID)}
	}
	return out
}

func sgRevokedOut(rs []*model.SecurityGroupRule) []RevokedSecurityGroupRule {
	var out []RevokedSecurityGroupRule
	for _, r := range rs {
		out = append(out, RevokedSecurityGroupRule{
			SecurityGroupRuleId: str(r.ID), GroupId: str(r.GroupID), IsEgress: boolp(r.Egress), IpProtocol: str(r.Protocol),
			FromPort: i32(r.FromPort), ToPort: i32(r.ToPort), CidrIpv4: optPrefix(r.CidrIPv4), CidrIpv6: optPrefix(r.CidrIPv6),
			PrefixListId: optStr(r.PrefixListID), ReferencedGroupId: optStr(r.RefGroupID), Description: optStr(r.Description),
		})
	}
	return out
}

func sgUnknownOut(ps []control.SGPermission) []IpPermission {
	var out []IpPermission
	for _, p := range ps {
		ip := IpPermission{IpProtocol: str(p.Protocol)}
		if sgPortsShown(p.Protocol) {
			ip.FromPort, ip.ToPort = p.FromPort, p.ToPort
		}
		for _, c := range p.IPv4 {
			ip.IpRanges = append(ip.IpRanges, IpRange{CidrIp: str(c.Value), Description: optStr(c.Description)})
		}
		for _, c := range p.IPv6 {
			ip.Ipv6Ranges = append(ip.Ipv6Ranges, Ipv6Range{CidrIpv6: str(c.Value), Description: optStr(c.Description)})
		}
		for _, c := range p.PrefixLists {
			ip.PrefixListIds = append(ip.PrefixListIds, PrefixListId{PrefixListId: str(c.Value), Description: optStr(c.Description)})
		}
		for _, g := range p.Groups {
			ip.UserIdGroupPairs = append(ip.UserIdGroupPairs, UserIdGroupPair{GroupId: str(g.GroupID), UserId: optStr(g.UserID), Description: optStr(g.Description)})
		}
		out = append(out, ip)
	}
	return out
}

// sgPortsShown reports whether EC2 shows fromPort/toPort in an IpPermission:
// not for all-protocol rules or protocols without ports.
func sgPortsShown(proto string) bool {
	switch proto {
	case "tcp", "udp", "icmp", "icmpv6":
		return true
	}
	return false
}

// ipPermissions groups a direction's rules back into IpPermissions, one per
// protocol and port range with all their peers, as DescribeSecurityGroups
// shows them.
func sgIpPermissions(rules []*model.SecurityGroupRule, egress bool) []IpPermission {
	type key struct {
		proto    string
		from, to int32
	}
	var out []IpPermission
	idx := map[key]int{}
	for _, r := range rules {
		if r.Egress != egress {
			continue
		}
		k := key{r.Protocol, r.FromPort, r.ToPort}
		i, ok := idx[k]
		if !ok {
			ip := IpPermission{IpProtocol: str(r.Protocol)}
			if sgPortsShown(r.Protocol) {
				ip.FromPort, ip.ToPort = i32(r.FromPort), i32(r.ToPort)
			}
			out = append(out, ip)
			i = len(out) - 1
			idx[k] = i
		}
		ip := &out[i]
		switch {
		case r.CidrIPv4.IsValid():
			ip.IpRanges = append(ip.IpRanges, IpRange{CidrIp: str(r.CidrIPv4.String()), Description: optStr(r.Description)})
		case r.CidrIPv6.IsValid():
			ip.Ipv6Ranges = append(ip.Ipv6Ranges, Ipv6Range{CidrIpv6: str(r.CidrIPv6.String()), Description: optStr(r.Description)})
		case r.PrefixListID != "":
			ip.PrefixListIds = append(ip.PrefixListIds, PrefixListId{PrefixListId: str(r.PrefixListID), Description: optStr(r.Description)})
		case r.RefGroupID != "":
			ip.UserIdGroupPairs = append(ip.UserIdGroupPairs, UserIdGroupPair{GroupId: str(r.RefGroupID), UserId: optStr(r.RefUserID), VpcId: optStr(r.RefVpcID), VpcPeeringConnectionId: optStr(r.RefPeeringID), Description: optStr(r.Description)})
		}
	}
	return out
}

func sgOut(w *store.World, g *model.SecurityGroup) SecurityGroup {
	rules := control.GroupRules(w, g.ID)
	return SecurityGroup{
		GroupId:             str(g.ID),
		GroupName:           str(g.Name),
		Description:         str(g.Description),
		VpcId:               str(g.VpcID),
		OwnerId:             str(g.Account),
		SecurityGroupArn:    str(sgArn(g)),
		Tags:                tagSet(&g.Meta),
		IpPermissions:       sgIpPermissions(rules, false),
		IpPermissionsEgress: sgIpPermissions(rules, true),
	}
}

// sgFilters are DescribeSecurityGroups' 25 filters; the ip-permission.*
// filters match any rule of the direction [EC2 API DescribeSecurityGroups].
func sgFilters(w *store.World) filterTable[model.SecurityGroup] {
	rulesOf := func(g *model.SecurityGroup, egress bool) []*model.SecurityGroupRule {
		var out []*model.SecurityGroupRule
		for _, r := range control.GroupRules(w, g.ID) {
			if r.Egress == egress {
				out = append(out, r)
			}
		}
		return out
	}
	perRule := func(egress bool, f func(r *model.SecurityGroupRule) string) func(g *model.SecurityGroup) []string {
		return func(g *model.SecurityGroup) []string {
			var out []string
			for _, r := range rulesOf(g, egress) {
				if v := f(r); v != "" {
					out = append(out, v)
				}
			}
			return out
		}
	}
	cidr4 := func(r *model.SecurityGroupRule) string {
		if r.CidrIPv4.IsValid() {
			return r.CidrIPv4.String()
		}
		return ""
	}
	cidr6 := func(r *model.SecurityGroupRule) string {
		if r.CidrIPv6.IsValid() {
			return r.CidrIPv6.String()
		}
		return ""
	}
	fromPort := func(r *model.SecurityGroupRule) string { return strconv.Itoa(int(r.FromPort)) }
	toPort := func(r *model.SecurityGroupRule) string { return strconv.Itoa(int(r.ToPort)) }
	groupID := func(r *model.SecurityGroupRule) string { return r.RefGroupID }
	groupName := func(r *model.SecurityGroupRule) string { return control.GroupName(w, r.RefGroupID) }
	plID := func(r *model.SecurityGroupRule) string { return r.PrefixListID }
	proto := func(r *model.SecurityGroupRule) string { return r.Protocol }
	userID := func(r *model.SecurityGroupRule) string { return r.RefUserID }
	t := filterTable[model.SecurityGroup]{
		"description": func(g *model.SecurityGroup) []string { return one(g.Description) },
		"group-id":    func(g *model.SecurityGroup) []string { return one(g.ID) },
		"group-name":  func(g *model.SecurityGroup) []string { return one(g.Name) },
		"owner-id":    func(g *model.SecurityGroup) []string { return one(g.Account) },
		"vpc-id":      func(g *model.SecurityGroup) []string { return one(g.VpcID) },
	}
	for _, dir := range []struct {
		prefix string
		egress bool
	}{{"ip-permission.", false}, {"egress.ip-permission.", true}} {
		t[dir.prefix+"cidr"] = perRule(dir.egress, cidr4)
		t[dir.prefix+"ipv6-cidr"] = perRule(dir.egress, cidr6)
		t[dir.prefix+"from-port"] = perRule(dir.egress, fromPort)
		t[dir.prefix+"to-port"] = perRule(dir.egress, toPort)
		t[dir.prefix+"group-id"] = perRule(dir.egress, groupID)
		t[dir.prefix+"group-name"] = perRule(dir.egress, groupName)
		t[dir.prefix+"prefix-list-id"] = perRule(dir.egress, plID)
		t[dir.prefix+"protocol"] = perRule(dir.egress, proto)
		t[dir.prefix+"user-id"] = perRule(dir.egress, userID)
	}
	return t
}

func (a *API) describeSecurityGroups(ctx context.Context, r *Request, in *DescribeSecurityGroupsRequest) (*DescribeSecurityGroupsResult, error) {
	w := a.ctl.View(ctx)
	m, err := compileFilters(sgFilters(w), in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	ids, err := control.SecurityGroupIDs(w, r.Scope, in.GroupIds, in.GroupNames)
	if err != nil {
		return nil, err
	}
	gs, next, err := describe(w.SecurityGroups, r.Scope, ids, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeSecurityGroupsResult{NextToken: next, SecurityGroups: make([]SecurityGroup, len(gs))}
	for i, g := range gs {
		out.SecurityGroups[i] = sgOut(w, g)
	}
	return out, nil
}

var sgRuleFilters = filterTable[model.SecurityGroupRule]{
	"group-id":               func(r *model.SecurityGroupRule) []string { return one(r.GroupID) },
	"security-group-rule-id": func(r *model.SecurityGroupRule) []string { return one(r.ID) },
}

func (a *API) describeSecurityGroupRules(ctx context.Context, r *Request, in *DescribeSecurityGroupRulesRequest) (*DescribeSecurityGroupRulesResult, error) {
	for _, f := range in.Filters {
		if deref(f.Name) == "group-id" {
			if err := control.CheckRuleFilterGroupIDs(f.Values); err != nil {
				return nil, err
			}
		}
	}
	m, err := compileFilters(sgRuleFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	rs, next, err := describe(a.ctl.View(ctx).SecurityGroupRules, r.Scope, in.SecurityGroupRuleIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeSecurityGroupRulesResult{NextToken: next, SecurityGroupRules: make([]SecurityGroupRule, len(rs))}
	for i, rule := range rs {
		out.SecurityGroupRules[i] = securityGroupRuleOut(rule)
	}
	return out, nil
}
