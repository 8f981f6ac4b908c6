package control

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Security group limits [VPC-UG amazon-vpc-limits.md "Security groups"].
const (
	sgNameMaxLen           = 255
	defaultSGsPerRegion    = 2500 // adjustable: enforced with AWSQuotas
	defaultRulesPerSGDir   = 60   // inbound or outbound, IPv4 and IPv6 separately
	sgDescriptionMaxLength = 255
)

// createDefaultSecurityGroup creates a VPC's default security group: inbound
// from itself, outbound to everywhere (and ::/0 when the VPC has IPv6)
// [VPC-UG default-security-group.md].
func createDefaultSecurityGroup(tx *store.Tx, v *model.VPC) *model.SecurityGroup {
	g := &model.SecurityGroup{
		Meta:        newMeta(tx, v.Scope(), tx.NewID("sg"), nil),
		VpcID:       v.ID,
		Name:        "default",
		Description: "default VPC security group",
	}
	tx.SecurityGroups.Put(g)
	tx.SecurityGroupRules.Put(&model.SecurityGroupRule{Meta: newMeta(tx, v.Scope(), tx.NewID("sgr"), nil), GroupID: g.ID, Protocol: "-1", FromPort: -1, ToPort: -1, RefGroupID: g.ID, RefUserID: v.Account})
	putDefaultEgress(tx, g, vpcHasIpv6(v))
	return g
}

// vpcHasIpv6 reports whether v has an associated IPv6 CIDR block.
func vpcHasIpv6(v *model.VPC) bool {
	for _, c := range v.Ipv6CidrBlocks {
		if c.State == "associated" {
			return true
		}
	}
	return false
}

// putDefaultEgress adds the outbound rules every new group starts with:
// all traffic to 0.0.0.0/0, and to ::/0 when its VPC has an IPv6 CIDR
// block [VPC-UG default-security-group.md; vpc-migrate-ipv6.md "Step 3"].
func putDefaultEgress(tx *store.Tx, g *model.SecurityGroup, ipv6 bool) {
	tx.SecurityGroupRules.Put(&model.SecurityGroupRule{Meta: newMeta(tx, g.Scope(), tx.NewID("sgr"), nil), GroupID: g.ID, Egress: true, Protocol: "-1", FromPort: -1, ToPort: -1, CidrIPv4: anyIPv4})
	if ipv6 {
		putIpv6AllEgress(tx, g)
	}
}

func putIpv6AllEgress(tx *store.Tx, g *model.SecurityGroup) {
	tx.SecurityGroupRules.Put(&model.SecurityGroupRule{Meta: newMeta(tx, g.Scope(), tx.NewID("sgr"), nil), GroupID: g.ID, Egress: true, Protocol: "-1", FromPort: -1, ToPort: -1, CidrIPv6: anyIPv6})
}

// addDefaultSGIpv6Egress adds the outbound allow-all IPv6 rule to the
// groups of vpcID when the VPC gets an IPv6 CIDR block, except to groups
// whose original outbound rules were modified: "By default, an outbound
// rule that allows all IPv6 traffic is automatically added to your security
// groups when you associate an IPv6 CIDR block with your VPC. However, if
// you modified the original outbound rules for your security group, this
// rule is not automatically added" [VPC-UG vpc-migrate-ipv6.md "Step 3"].
func addDefaultSGIpv6Egress(tx *store.Tx, vpcID string) {
	for _, g := range tx.SecurityGroups.Children(vpcID) {
		var egress []*model.SecurityGroupRule
		for _, r := range tx.SecurityGroupRules.Children(g.ID) {
			if r.Egress {
				egress = append(egress, r)
			}
		}
		if len(egress) == 1 && isAllTrafficTo(egress[0], anyIPv4) {
			putIpv6AllEgress(tx, g)
		}
	}
}

// isAllTrafficTo reports whether r is an all-traffic rule to exactly the CIDR p.
func isAllTrafficTo(r *model.SecurityGroupRule, p netip.Prefix) bool {
	peer := r.CidrIPv4
	if p.Addr().Is6() {
		peer = r.CidrIPv6
	}
	return r.Protocol == "-1" && peer == p && r.PrefixListID == "" && r.RefGroupID == ""
}

// ---------------------------------------------------------------------------
// Lookups

// sgNotFound is EC2's answer for an unknown group id or name.
func sgNotFound(idOrName string) *awserr.Error {
	return awserr.New("InvalidGroup.NotFound", "The security group '%s' does not exist", idOrName)
}

// findSG fetches a security group by id within scope.
func findSG(w *store.World, scope model.Scope, id string) (*model.SecurityGroup, error) {
	if err := kindSG.check(id); err != nil {
		return nil, err
	}
	g, ok := w.SecurityGroups.Get(id)
	if !ok || !g.InScope(scope) {
		return nil, sgNotFound(id)
	}
	return g, nil
}

// sgByName finds the group called name in vpcID.
func sgByName(w *store.World, vpcID, name string) *model.SecurityGroup {
	for _, g := range w.SecurityGroups.Children(vpcID) {
		if g.Name == name {
			return g
		}
	}
	return nil
}

// defaultVpcID returns the scope's default VPC, or VPCIdNotSpecified.
func defaultVpcID(w *store.World, scope model.Scope) (string, error) {
	if st, ok := w.Scopes.Get(scopeKey(scope)); ok && st.DefaultVpcID != "" {
		if _, ok := w.VPCs.Get(st.DefaultVpcID); ok {
			return st.DefaultVpcID, nil
		}
	}
	return "", awserr.New("VPCIdNotSpecified", "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.")
}

// resolveSG finds a group by id, or by name in the default VPC, as the
// GroupId/GroupName parameters of the security group operations do.
func resolveSG(w *store.World, scope model.Scope, id, name string) (*model.SecurityGroup, error) {
	if id != "" {
		return findSG(w, scope, id)
	}
	if name == "" {
		return nil, awserr.MissingParameter("groupName or groupId")
	}
	vpc, err := defaultVpcID(w, scope)
	if err != nil {
		return nil, err
	}
	g := sgByName(w, vpc, name)
	if g == nil {
		return nil, awserr.New("InvalidGroup.NotFound", "The security group '%s' does not exist in default VPC '%s'", name, vpc)
	}
	return g, nil
}

// SecurityGroupIDs resolves DescribeSecurityGroups' GroupId.N and
// GroupName.N lists (names are looked up in the default VPC) to ids; every
// one must exist.
func SecurityGroupIDs(w *store.World, scope model.Scope, ids, names []string) ([]string, error) {
	var out []string
	for _, id := range ids {
		if _, err := findSG(w, scope, id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	for _, n := range names {
		g, err := resolveSG(w, scope, "", n)
		if err != nil {
			return nil, err
		}
		out = append(out, g.ID)
	}
	return out, nil
}

// sgPrefixList fetches a customer-managed list in scope or an AWS-managed
// list of the region, for a rule's peer.
func sgPrefixList(w *store.World, scope model.Scope, id string) (*model.ManagedPrefixList, error) {
	if err := kindPL.check(id); err != nil {
		return nil, err
	}
	pl, ok := w.PrefixLists.Get(id)
	if !ok || !(pl.InScope(scope) || pl.IsAWSManaged() && pl.Region == scope.Region) {
		return nil, kindPL.NotFound(id)
	}
	return pl, nil
}

// ---------------------------------------------------------------------------
// Create and delete

// CreateSecurityGroupInput is what CreateSecurityGroup needs.
type CreateSecurityGroupInput struct {
	GroupName   string
	Description string
	VpcID       string
	Tags        map[string]string
}

// sgAllowed is the character set of group names and descriptions
// [VPC-UG security-groups.md "Security group basics"].
func sgAllowed(r rune, amp bool) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	case r == '&':
		return amp
	}
	return strings.ContainsRune(" ._-:/()#,@[]+=;{}!$*", r)
}

func checkSGText(value, param string) error {
	if len(value) > sgNameMaxLen {
		return awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid. Length exceeds maximum of %d.", value, param, sgNameMaxLen)
	}
	for _, r := range value {
		if r > 127 {
			return awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid. Character sets beyond ASCII are not supported.", value, param)
		}
		if !sgAllowed(r, true) {
			return awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid. Valid characters are a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*", value, param)
		}
	}
	return nil
}

// CreateSecurityGroup creates a group with AWS's default outbound rules:
// allow all to 0.0.0.0/0, and to ::/0 when the VPC has an IPv6 CIDR block
// [VPC-UG security-groups.md "new security groups start with only an
// outbound rule"; vpc-migrate-ipv6.md "Step 3"].
func (s *Service) CreateSecurityGroup(ctx context.Context, scope model.Scope, in CreateSecurityGroupInput) (*model.SecurityGroup, error) {
	// Trailing spaces are trimmed [VPC-UG security-groups.md].
	name := strings.TrimRight(in.GroupName, " ")
	if name == "" {
		return nil, awserr.MissingParameter("GroupName")
	}
	if in.Description == "" {
		return nil, awserr.MissingParameter("GroupDescription")
	}
	if err := checkSGText(name, "GroupName"); err != nil {
		return nil, err
	}
	if err := checkSGText(in.Description, "GroupDescription"); err != nil {
		return nil, err
	}
	if strings.HasPrefix(name, "sg-") {
		return nil, awserr.InvalidParameterValue("Group names may not be in the format sg-*.")
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.SecurityGroup
	err := s.update(ctx, func(tx *store.Tx) error {
		vpcID := in.VpcID
		if vpcID == "" {
			id, err := defaultVpcID(tx.World, scope)
			if err != nil {
				return awserr.New("VPCIdNotSpecified", "No default VPC for this user")
			}
			vpcID = id
		}
		v, err := find(kindVPC, tx.VPCs, scope, vpcID)
		if err != nil {
			return err
		}
		if name == "default" {
			return awserr.New("InvalidGroup.Reserved", "The security group 'default' is reserved")
		}
		if sgByName(tx.World, v.ID, name) != nil {
			return awserr.New("InvalidGroup.Duplicate", "The security group '%s' already exists for VPC '%s'", name, v.ID)
		}
		if s.opts.AWSQuotas && countInScope(tx.SecurityGroups, scope) >= defaultSGsPerRegion {
			return awserr.New("SecurityGroupLimitExceeded", "The maximum number of security groups has been reached.")
		}
		g := &model.SecurityGroup{Meta: newMeta(tx, scope, tx.NewID("sg"), in.Tags), VpcID: v.ID, Name: name, Description: in.Description}
		tx.SecurityGroups.Put(g)
		putDefaultEgress(tx, g, vpcHasIpv6(v))
		out = g
		return nil
	})
	return out, err
}

// DeleteSecurityGroup deletes a group and its rules. The default group
// cannot be deleted (CannotDelete [VPC-UG default-security-group.md]); a
// group used by an interface or referenced by another group's rule is a
// DependencyViolation.
func (s *Service) DeleteSecurityGroup(ctx context.Context, scope model.Scope, id, name string) (*model.SecurityGroup, error) {
	var out *model.SecurityGroup
	err := s.update(ctx, func(tx *store.Tx) error {
		g, err := resolveSG(tx.World, scope, id, name)
		if err != nil {
			return err
		}
		if g.IsDefault() {
			return awserr.New("CannotDelete", "the specified group: \"%s\" name: \"default\" cannot be deleted by a user", g.ID)
		}
		// Reverse indexes keep these checks O(references), not O(world).
		used := false
		tx.NetworkInterfaces.ByIndex(store.NetworkInterfacesBySecurityGroup, g.ID, func(*model.NetworkInterface) bool {
			used = true
			return false
		})
		tx.SecurityGroupRules.ByIndex(store.SecurityGroupRulesByReferencedGroup, g.ID, func(r *model.SecurityGroupRule) bool {
			// A group's rules naming itself go with it; a peer VPC's rule
			// naming it becomes stale (peering_sg.go).
			used = used || r.GroupID != g.ID && r.RefPeeringID == ""
			return !used
		})
		if used {
			return awserr.DependencyViolation("resource %s has a dependent object", g.ID)
		}
		for _, r := range tx.SecurityGroupRules.Children(g.ID) {
			tx.SecurityGroupRules.Delete(r.ID)
		}
		tx.SecurityGroups.Delete(g.ID)
		out = g
		return nil
	})
	return out, err
}

// ---------------------------------------------------------------------------
// Rules

// SGPermission is one IpPermission of a request: a protocol and port range
// with any number of peers, each of which becomes one rule.
type SGPermission struct {
	Protocol    string
	FromPort    *int32
	ToPort      *int32
	IPv4        []SGPeer // Value = CIDR
	IPv6        []SGPeer // Value = CIDR
	PrefixLists []SGPeer // Value = pl- id
	Groups      []SGGroupPeer
}

// SGPeer is a CIDR or prefix-list peer with its description.
type SGPeer struct {
	Value       string
	Description string
}

// SGGroupPeer is a referenced security group.
type SGGroupPeer struct {
	GroupID     string
	GroupName   string
	UserID      string
	VpcID       string
	PeeringID   string
	Description string
}

// SGRuleSpec is the definition of one rule in ModifySecurityGroupRules.
type SGRuleSpec struct {
	Protocol          string
	FromPort          *int32
	ToPort            *int32
	CidrIPv4          string
	CidrIPv6          string
	PrefixListID      string
	ReferencedGroupID string
	Description       string
}

// normProtocol maps EC2's protocol spellings to the form EC2 echoes:
// tcp/udp/icmp/icmpv6 by name, -1 for all, other protocols by number.
func normProtocol(p string) (string, error) {
	if p == "" {
		return "", awserr.MissingParameter("IpProtocol")
	}
	switch strings.ToLower(p) {
	case "-1", "all":
		return "-1", nil
	case "tcp", "6":
		return "tcp", nil
	case "udp", "17":
		return "udp", nil
	case "icmp", "1":
		return "icmp", nil
	case "icmpv6", "58":
		return "icmpv6", nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 0 || n > 255 {
		return "", awserr.InvalidParameterValue("Invalid value '%s' for IP protocol. Unknown protocol.", p)
	}
	return strconv.Itoa(n), nil
}

// normPorts validates a rule's ports for its protocol. TCP and UDP need a
// range 0..65535; ICMP takes a type and code (-1 for all); any other
// protocol allows all ports, so the ports are dropped [EC2 API
// AuthorizeSecurityGroupIngress IpProtocol].
func normPorts(proto string, from, to *int32) (int32, int32, error) {
	switch proto {
	case "tcp", "udp":
		if from == nil || to == nil {
			return 0, 0, awserr.InvalidParameterValue("Invalid value 'null' for portRange. Must specify both from and to ports with TCP/UDP.")
		}
		f, t := *from, *to
		if f < 0 || f > 65535 {
			return 0, 0, awserr.InvalidParameterValue("Invalid value '%d' for fromPort. Must be in the range 0..65535.", f)
		}
		if t < 0 || t > 65535 {
			return 0, 0, awserr.InvalidParameterValue("Invalid value '%d' for toPort. Must be in the range 0..65535.", t)
		}
		if f > t {
			return 0, 0, awserr.InvalidParameterValue("Invalid TCP/UDP port range: from port %d is greater than to port %d.", f, t)
		}
		return f, t, nil
	case "icmp", "icmpv6":
		typ, code := int32(-1), int32(-1)
		if from != nil {
			typ = *from
		} else if proto == "icmp" {
			return 0, 0, awserr.InvalidParameterValue("Invalid value 'null' for ICMP type. Must specify ICMP type and code with ICMP.")
		}
		if to != nil {
			code = *to
		}
		if typ < -1 || typ > 255 {
			return 0, 0, awserr.InvalidParameterValue("Invalid value '%d' for ICMP type. Must be in the range -1..255.", typ)
		}
		if code < -1 || code > 255 {
			return 0, 0, awserr.InvalidParameterValue("Invalid value '%d' for ICMP code. Must be in the range -1..255.", code)
		}
		return typ, code, nil
	}
	return -1, -1, nil
}

func checkRuleDescription(d string) error {
	if len(d) > sgDescriptionMaxLength || strings.IndexFunc(d, func(r rune) bool { return !sgAllowed(r, false) }) >= 0 {
		return awserr.InvalidParameterValue("Invalid rule description. Valid descriptions are strings less than 256 characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=;{}!$*")
	}
	return nil
}

func parseRuleCidr(s string, v6 bool) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil || p.Addr().Is4() == v6 || p.Addr().Zone() != "" {
		return netip.Prefix{}, awserr.InvalidParameterValue("CIDR block %s is malformed", s)
	}
	return p.Masked(), nil
}

// ruleBuilder turns request permissions into rules of group g. strict
// requires referenced groups and prefix lists to exist (authorize); revoke
// and description updates only need to name them.
type ruleBuilder struct {
	w      *store.World
	scope  model.Scope
	g      *model.SecurityGroup
	egress bool
	strict bool
}

func (b ruleBuilder) base(proto string, from, to int32, desc string) (model.SecurityGroupRule, error) {
	if err := checkRuleDescription(desc); err != nil {
		return model.SecurityGroupRule{}, err
	}
	return model.SecurityGroupRule{GroupID: b.g.ID, Egress: b.egress, Protocol: proto, FromPort: from, ToPort: to, Description: desc}, nil
}

func (b ruleBuilder) refGroup(p SGGroupPeer) (*model.SecurityGroup, error) {
	if p.UserID != "" && p.UserID != b.scope.Account || p.PeeringID != "" || p.VpcID != "" && p.VpcID != b.g.VpcID {
		// A group of a peer VPC, possibly of another account (peering_sg.go).
		return peerGroupRef(b.w, b.scope, b.g, p)
	}
	var ref *model.SecurityGroup
	switch {
	case p.GroupID != "":
		g, err := findSG(b.w, b.scope, p.GroupID)
		if err != nil {
			return nil, err
		}
		ref = g
	case p.GroupName != "":
		ref = sgByName(b.w, b.g.VpcID, p.GroupName)
		if ref == nil {
			return nil, sgNotFound(p.GroupName)
		}
	default:
		return nil, awserr.MissingParameter("groupId")
	}
	if ref.VpcID != b.g.VpcID && activePeeringBetween(b.w, b.g.VpcID, ref.VpcID) == nil {
		return nil, awserr.New("InvalidGroup.NotFound", "You have specified two resources that belong to different networks.")
	}
	return ref, nil
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// build expands permissions into one rule per peer, in request order.
func (b ruleBuilder) build(perms []SGPermission) ([]model.SecurityGroupRule, error) {
	if len(perms) == 0 {
		return nil, awserr.MissingParameter("IpPermissions")
	}
	var out []model.SecurityGroupRule
	for _, perm := range perms {
		proto, err := normProtocol(perm.Protocol)
		if err != nil {
			return nil, err
		}
		from, to, err := normPorts(proto, perm.FromPort, perm.ToPort)
		if err != nil {
			return nil, err
		}
		n := len(perm.IPv4) + len(perm.IPv6) + len(perm.PrefixLists) + len(perm.Groups)
		if n == 0 {
			return nil, awserr.New("InvalidPermission.Malformed", "The permission must specify at least one of IpRanges, Ipv6Ranges, PrefixListIds or UserIdGroupPairs.")
		}
		for _, p := range perm.IPv4 {
			r, err := b.base(proto, from, to, p.Description)
			if err != nil {
				return nil, err
			}
			if r.CidrIPv4, err = parseRuleCidr(p.Value, false); err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		for _, p := range perm.IPv6 {
			r, err := b.base(proto, from, to, p.Description)
			if err != nil {
				return nil, err
			}
			if r.CidrIPv6, err = parseRuleCidr(p.Value, true); err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		for _, p := range perm.PrefixLists {
			r, err := b.base(proto, from, to, p.Description)
			if err != nil {
				return nil, err
			}
			if p.Value == "" {
				return nil, awserr.MissingParameter("prefixListId")
			}
			if b.strict {
				if _, err := sgPrefixList(b.w, b.scope, p.Value); err != nil {
					return nil, err
				}
			}
			r.PrefixListID = p.Value
			out = append(out, r)
		}
		for _, p := range perm.Groups {
			r, err := b.base(proto, from, to, p.Description)
			if err != nil {
				return nil, err
			}
			ref, err := b.refGroup(p)
			if err != nil {
				if b.strict {
					return nil, err
				}
				// A missing group cannot be the peer of an existing rule.
				r.RefGroupID = firstNonEmpty(p.GroupID, "name:"+p.GroupName)
				r.RefUserID = firstNonEmpty(p.UserID, b.scope.Account)
			} else {
				r.RefGroupID, r.RefUserID = ref.ID, ref.Account
				setPeerRef(b.w, b.g, ref, &r)
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// fromSpec builds the rule a ModifySecurityGroupRules entry describes.
func (b ruleBuilder) fromSpec(sp SGRuleSpec) (model.SecurityGroupRule, error) {
	if sp.Protocol == "" {
		// Unlike the IpPermissions of authorize and revoke, a rule
		// definition without a protocol is an invalid value, not a
		// missing parameter.
		return model.SecurityGroupRule{}, awserr.InvalidParameterValue("Invalid value 'null' for IP protocol. Unknown protocol.")
	}
	perm := SGPermission{Protocol: sp.Protocol, FromPort: sp.FromPort, ToPort: sp.ToPort}
	n := 0
	if sp.CidrIPv4 != "" {
		perm.IPv4 = []SGPeer{{sp.CidrIPv4, sp.Description}}
		n++
	}
	if sp.CidrIPv6 != "" {
		perm.IPv6 = []SGPeer{{sp.CidrIPv6, sp.Description}}
		n++
	}
	if sp.PrefixListID != "" {
		perm.PrefixLists = []SGPeer{{sp.PrefixListID, sp.Description}}
		n++
	}
	if sp.ReferencedGroupID != "" {
		perm.Groups = []SGGroupPeer{{GroupID: sp.ReferencedGroupID, Description: sp.Description}}
		n++
	}
	if n != 1 {
		return model.SecurityGroupRule{}, awserr.InvalidParameterCombination("Exactly one of CidrIpv4, CidrIpv6, PrefixListId and ReferencedGroupId must be specified.")
	}
	rs, err := b.build([]SGPermission{perm})
	if err != nil {
		return model.SecurityGroupRule{}, err
	}
	return rs[0], nil
}

// sameRule reports whether two rules of one group are the same rule:
// direction, protocol, ports and peer (descriptions do not count).
func sameRule(a, b *model.SecurityGroupRule) bool {
	return a.Egress == b.Egress && a.Protocol == b.Protocol && a.FromPort == b.FromPort && a.ToPort == b.ToPort &&
		a.CidrIPv4 == b.CidrIPv4 && a.CidrIPv6 == b.CidrIPv6 && a.PrefixListID == b.PrefixListID && a.RefGroupID == b.RefGroupID
}

// rulePeer renders a rule's peer as EC2's messages name it.
func rulePeer(r *model.SecurityGroupRule) string {
	switch {
	case r.CidrIPv4.IsValid():
		return r.CidrIPv4.String()
	case r.CidrIPv6.IsValid():
		return r.CidrIPv6.String()
	case r.PrefixListID != "":
		return r.PrefixListID
	}
	return r.RefGroupID
}

// duplicateRule is EC2's InvalidPermission.Duplicate, in its observed form:
// the specified rule "peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW" already exists.
func duplicateRule(r *model.SecurityGroupRule) error {
	var what string
	switch r.Protocol {
	case "-1":
		what = "ALL"
	case "tcp", "udp":
		what = fmt.Sprintf("%s, from port: %d, to port: %d", strings.ToUpper(r.Protocol), r.FromPort, r.ToPort)
	case "icmp", "icmpv6":
		what = fmt.Sprintf("%s, type: %d, code: %d", strings.ToUpper(r.Protocol), r.FromPort, r.ToPort)
	default:
		what = r.Protocol
	}
	return awserr.New("InvalidPermission.Duplicate", "the specified rule \"peer: %s, %s, ALLOW\" already exists", rulePeer(r), what)
}

// ruleWeight is how much a rule counts against the rules-per-group quota,
// and for which address families [VPC-UG security-group-rules.md
// "Security group size"].
func ruleWeight(w *store.World, r *model.SecurityGroupRule) (v4, v6 int) {
	switch {
	case r.CidrIPv4.IsValid():
		return 1, 0
	case r.CidrIPv6.IsValid():
		return 0, 1
	case r.PrefixListID != "":
		n := 1
		fam := "IPv4"
		if pl, ok := w.PrefixLists.Get(r.PrefixListID); ok {
			if !pl.IsAWSManaged() && pl.MaxEntries > 0 {
				n = int(pl.MaxEntries)
			}
			fam = pl.AddressFamily
		}
		if fam == "IPv6" {
			return 0, n
		}
		return n, 0
	}
	return 1, 1
}

// AuthorizeSecurityGroupRulesInput adds rules to a group.
type AuthorizeSecurityGroupRulesInput struct {
	GroupID     string
	GroupName   string
	Egress      bool
	Permissions []SGPermission
	Tags        map[string]string // for every created rule
}

// AuthorizeSecurityGroupRules adds one rule per peer of each permission and
// returns them in request order. A rule identical to an existing one, or
// given twice, is InvalidPermission.Duplicate.
func (s *Service) AuthorizeSecurityGroupRules(ctx context.Context, scope model.Scope, in AuthorizeSecurityGroupRulesInput) ([]*model.SecurityGroupRule, error) {
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out []*model.SecurityGroupRule
	err := s.update(ctx, func(tx *store.Tx) error {
		if in.Egress && in.GroupID == "" {
			return awserr.MissingParameter("groupId")
		}
		g, err := resolveSG(tx.World, scope, in.GroupID, in.GroupName)
		if err != nil {
			return err
		}
		b := ruleBuilder{w: tx.World, scope: scope, g: g, egress: in.Egress, strict: true}
		rules, err := b.build(in.Permissions)
		if err != nil {
			return err
		}
		existing := tx.SecurityGroupRules.Children(g.ID)
		for i := range rules {
			r := &rules[i]
			for _, e := range existing {
				if sameRule(e, r) {
					return duplicateRule(r)
				}
			}
			for j := range i {
				if sameRule(&rules[j], r) {
					return duplicateRule(r)
				}
			}
		}
		if s.opts.AWSQuotas {
			v4, v6 := 0, 0
			for _, e := range existing {
				if e.Egress == in.Egress {
					d4, d6 := ruleWeight(tx.World, e)
					v4, v6 = v4+d4, v6+d6
				}
			}
			for i := range rules {
				d4, d6 := ruleWeight(tx.World, &rules[i])
				v4, v6 = v4+d4, v6+d6
			}
			if v4 > defaultRulesPerSGDir || v6 > defaultRulesPerSGDir {
				return awserr.New("RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group has been reached.")
			}
		}
		for i := range rules {
			r := rules[i]
			r.Meta = newMeta(tx, scope, tx.NewID("sgr"), copyTags(in.Tags))
			tx.SecurityGroupRules.Put(&r)
			out = append(out, &r)
		}
		return nil
	})
	return out, err
}

func copyTags(t map[string]string) map[string]string {
	if len(t) == 0 {
		return nil
	}
	out := make(map[string]string, len(t))
	for k, v := range t {
		out[k] = v
	}
	return out
}

// RevokeSecurityGroupRulesInput removes rules by definition or by id.
type RevokeSecurityGroupRulesInput struct {
	GroupID     string
	GroupName   string
	Egress      bool
	Permissions []SGPermission
	RuleIDs     []string
}

// RevokeResult reports what a revoke removed and, in a default VPC, the
// permissions that matched no rule.
type RevokeResult struct {
	Revoked []*model.SecurityGroupRule
	Unknown []SGPermission
}

// RevokeSecurityGroupRules removes rules. By definition the values must
// match an existing rule exactly (descriptions aside): in a non-default VPC
// a mismatch is InvalidPermission.NotFound and nothing is revoked; in the
// default VPC no error is returned and the unmatched permissions are
// reported [EC2 API RevokeSecurityGroupIngress].
func (s *Service) RevokeSecurityGroupRules(ctx context.Context, scope model.Scope, in RevokeSecurityGroupRulesInput) (*RevokeResult, error) {
	if len(in.RuleIDs) > 0 && len(in.Permissions) > 0 {
		return nil, awserr.InvalidParameterCombination("You may specify either security group rule IDs or IP permissions, but not both.")
	}
	if len(in.RuleIDs) == 0 && len(in.Permissions) == 0 {
		return nil, awserr.MissingParameter("IpPermissions or SecurityGroupRuleIds")
	}
	res := &RevokeResult{}
	err := s.update(ctx, func(tx *store.Tx) error {
		var g *model.SecurityGroup
		if in.GroupID != "" || in.GroupName != "" || len(in.RuleIDs) == 0 {
			var err error
			if g, err = resolveSG(tx.World, scope, in.GroupID, in.GroupName); err != nil {
				return err
			}
		}
		if len(in.RuleIDs) > 0 {
			seen := map[string]bool{}
			for _, id := range in.RuleIDs {
				if seen[id] {
					continue
				}
				seen[id] = true
				if err := kindSGR.check(id); err != nil {
					return err
				}
				r, ok := tx.SecurityGroupRules.Get(id)
				if !ok || !r.InScope(scope) || r.Egress != in.Egress || g != nil && r.GroupID != g.ID {
					return kindSGR.NotFound(id)
				}
				res.Revoked = append(res.Revoked, r)
			}
		} else {
			b := ruleBuilder{w: tx.World, scope: scope, g: g, egress: in.Egress}
			existing := tx.SecurityGroupRules.Children(g.ID)
			v, _ := tx.VPCs.Get(g.VpcID)
			for _, perm := range in.Permissions {
				wanted, err := b.build([]SGPermission{perm})
				if err != nil {
					return err
				}
				for i := range wanted {
					var hit *model.SecurityGroupRule
					for _, e := range existing {
						if sameRule(e, &wanted[i]) {
							hit = e
							break
						}
					}
					if hit == nil {
						if v == nil || !v.IsDefault {
							return awserr.New("InvalidPermission.NotFound", "The specified rule does not exist in this security group.")
						}
						res.Unknown = append(res.Unknown, permissionOf(&wanted[i]))
						continue
					}
					dup := false
					for _, r := range res.Revoked {
						dup = dup || r.ID == hit.ID
					}
					if !dup {
						res.Revoked = append(res.Revoked, hit)
					}
				}
			}
		}
		for _, r := range res.Revoked {
			tx.SecurityGroupRules.Delete(r.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// permissionOf renders one rule as a single-peer permission.
func permissionOf(r *model.SecurityGroupRule) SGPermission {
	from, to := r.FromPort, r.ToPort
	p := SGPermission{Protocol: r.Protocol, FromPort: &from, ToPort: &to}
	switch {
	case r.CidrIPv4.IsValid():
		p.IPv4 = []SGPeer{{r.CidrIPv4.String(), r.Description}}
	case r.CidrIPv6.IsValid():
		p.IPv6 = []SGPeer{{r.CidrIPv6.String(), r.Description}}
	case r.PrefixListID != "":
		p.PrefixLists = []SGPeer{{r.PrefixListID, r.Description}}
	default:
		p.Groups = []SGGroupPeer{{GroupID: strings.TrimPrefix(r.RefGroupID, "name:"), UserID: r.RefUserID, Description: r.Description}}
	}
	return p
}

// SGRuleUpdate replaces one rule's definition in ModifySecurityGroupRules.
type SGRuleUpdate struct {
	RuleID string
	Rule   SGRuleSpec
}

// ModifySecurityGroupRules replaces rule definitions in place: each rule
// keeps its id, direction and tags.
func (s *Service) ModifySecurityGroupRules(ctx context.Context, scope model.Scope, groupID string, updates []SGRuleUpdate) error {
	if groupID == "" {
		return awserr.MissingParameter("GroupId")
	}
	if len(updates) == 0 {
		return awserr.MissingParameter("SecurityGroupRule")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		g, err := findSG(tx.World, scope, groupID)
		if err != nil {
			return err
		}
		changed := map[string]*model.SecurityGroupRule{}
		for _, u := range updates {
			if u.RuleID == "" {
				return awserr.MissingParameter("SecurityGroupRuleId")
			}
			if err := kindSGR.check(u.RuleID); err != nil {
				return err
			}
			old, ok := tx.SecurityGroupRules.Get(u.RuleID)
			if !ok || old.GroupID != g.ID {
				return kindSGR.NotFound(u.RuleID)
			}
			b := ruleBuilder{w: tx.World, scope: scope, g: g, egress: old.Egress, strict: true}
			nr, err := b.fromSpec(u.Rule)
			if err != nil {
				return err
			}
			nr.Meta = old.Meta
			c := &nr
			changed[c.ID] = c
			tx.SecurityGroupRules.Put(c)
		}
		// No two rules of the group may end up identical.
		rules := tx.SecurityGroupRules.Children(g.ID)
		for _, r := range rules {
			if changed[r.ID] == nil {
				continue
			}
			for _, o := range rules {
				if o.ID != r.ID && sameRule(o, r) {
					return duplicateRule(r)
				}
			}
		}
		return nil
	})
}

// RuleDescriptionsInput updates rule descriptions, by permissions (each
// peer's Description) or by rule id.
type RuleDescriptionsInput struct {
	GroupID      string
	GroupName    string
	Egress       bool
	Permissions  []SGPermission
	Descriptions map[string]string // rule id -> description
}

// UpdateSecurityGroupRuleDescriptions sets the descriptions of existing
// rules; a permission that matches no rule is InvalidPermission.NotFound.
func (s *Service) UpdateSecurityGroupRuleDescriptions(ctx context.Context, scope model.Scope, in RuleDescriptionsInput) error {
	if len(in.Permissions) == 0 && len(in.Descriptions) == 0 {
		return awserr.MissingParameter("IpPermissions or SecurityGroupRuleDescriptions")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		g, err := resolveSG(tx.World, scope, in.GroupID, in.GroupName)
		if err != nil {
			return err
		}
		set := func(r *model.SecurityGroupRule, d string) error {
			if err := checkRuleDescription(d); err != nil {
				return err
			}
			c := model.Clone(r)
			c.Description = d
			tx.SecurityGroupRules.Put(c)
			return nil
		}
		for id, d := range in.Descriptions {
			if err := kindSGR.check(id); err != nil {
				return err
			}
			r, ok := tx.SecurityGroupRules.Get(id)
			if !ok || r.GroupID != g.ID || r.Egress != in.Egress {
				return kindSGR.NotFound(id)
			}
			if err := set(r, d); err != nil {
				return err
			}
		}
		if len(in.Permissions) > 0 {
			b := ruleBuilder{w: tx.World, scope: scope, g: g, egress: in.Egress}
			wanted, err := b.build(in.Permissions)
			if err != nil {
				return err
			}
			for i := range wanted {
				var hit *model.SecurityGroupRule
				for _, e := range tx.SecurityGroupRules.Children(g.ID) {
					if sameRule(e, &wanted[i]) {
						hit = e
					}
				}
				if hit == nil {
					return awserr.New("InvalidPermission.NotFound", "The specified rule does not exist in this security group.")
				}
				if err := set(hit, wanted[i].Description); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// CheckRuleFilterGroupIDs validates the values of DescribeSecurityGroupRules'
// group-id filter: unlike most Describe filters, a value that is not a
// security group id is refused with InvalidGroupId.Malformed rather than
// matching nothing.
func CheckRuleFilterGroupIDs(values []string) error {
	for _, v := range values {
		if err := kindSG.check(v); err != nil {
			return err
		}
	}
	return nil
}

// GroupRules returns a security group's rules (both directions) in id order.
func GroupRules(w *store.World, groupID string) []*model.SecurityGroupRule {
	return w.SecurityGroupRules.Children(groupID)
}

// GroupName returns the name of a security group ("" when it does not exist).
func GroupName(w *store.World, groupID string) string {
	if g, ok := w.SecurityGroups.Get(groupID); ok {
		return g.Name
	}
	return ""
}
