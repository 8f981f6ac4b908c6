package control

import (
	"context"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

func sgP32(n int32) *int32 { return &n }

// sgFixture is a non-default VPC with one custom group.
type sgFixture struct {
	s   *Service
	vpc *model.VPC
	g   *model.SecurityGroup
}

func newSGFixture(t *testing.T, opts Options) *sgFixture {
	t.Helper()
	st, err := store.Open(store.Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := New(st, opts)
	ctx := context.Background()
	if err := s.EnsureScope(ctx, testScope); err != nil {
		t.Fatal(err)
	}
	v, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	g, err := s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "web", Description: "web tier", VpcID: v.ID})
	if err != nil {
		t.Fatal(err)
	}
	return &sgFixture{s: s, vpc: v, g: g}
}

func (f *sgFixture) rules(egress bool) []*model.SecurityGroupRule {
	var out []*model.SecurityGroupRule
	for _, r := range f.s.Snapshot().SecurityGroupRules.Children(f.g.ID) {
		if r.Egress == egress {
			out = append(out, r)
		}
	}
	return out
}

func tcpPerm(port int32, cidrs ...string) SGPermission {
	p := SGPermission{Protocol: "tcp", FromPort: sgP32(port), ToPort: sgP32(port)}
	for _, c := range cidrs {
		p.IPv4 = append(p.IPv4, SGPeer{Value: c})
	}
	return p
}

func wantMessage(t *testing.T, err error, code, msg string) {
	t.Helper()
	wantCode(t, err, code)
	if e, _ := awserr.As(err); e.Message != msg {
		t.Fatalf("message %q, want %q", e.Message, msg)
	}
}

// TestCreateSecurityGroup pins VPC-UG security-groups.md "Security group
// basics" and security-group-rules.md "Characteristics": a new group has no
// inbound rules and an outbound allow-all IPv4 rule, plus the allow-all
// IPv6 rule when its VPC has an IPv6 CIDR block (vpc-migrate-ipv6.md
// "Step 3": the rule is added to "your security groups", not only to the
// default one, default-security-group.md).
func TestCreateSecurityGroup(t *testing.T) {
	ctx := context.Background()
	st, _ := store.Open(store.Options{Seed: 3})
	defer st.Close()
	s := New(st, Options{})
	if err := s.EnsureScope(ctx, testScope); err != nil {
		t.Fatal(err)
	}
	v6, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.1.0.0/16", AmazonProvidedIpv6CidrBlock: true})
	if err != nil {
		t.Fatal(err)
	}
	g, err := s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "app  ", Description: "d", VpcID: v6.ID, Tags: map[string]string{"k": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	if g.Name != "app" {
		t.Errorf("trailing spaces kept: %q", g.Name)
	}
	rules := s.Snapshot().SecurityGroupRules.Children(g.ID)
	var n4, n6 int
	for _, r := range rules {
		if !r.Egress || r.Protocol != "-1" || !strings.HasPrefix(r.ID, "sgr-") {
			t.Fatalf("new group rule = %+v", r)
		}
		if isAllTrafficTo(r, anyIPv4) {
			n4++
		}
		if isAllTrafficTo(r, anyIPv6) {
			n6++
		}
	}
	if len(rules) != 2 || n4 != 1 || n6 != 1 {
		t.Fatalf("new group rules in an IPv6 VPC = %+v, want allow-all to 0.0.0.0/0 and ::/0", rules)
	}
	// In a VPC without IPv6, only the IPv4 rule.
	v4only, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.2.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	g4, err := s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "app", Description: "d", VpcID: v4only.ID})
	if err != nil {
		t.Fatal(err)
	}
	if rs := s.Snapshot().SecurityGroupRules.Children(g4.ID); len(rs) != 1 || !isAllTrafficTo(rs[0], anyIPv4) {
		t.Fatalf("new group rules in an IPv4 VPC = %+v", rs)
	}
	// The VPC's default group has the ::/0 egress rule too.
	def := sgByName(s.Snapshot(), v6.ID, "default")
	n6 = 0
	for _, r := range s.Snapshot().SecurityGroupRules.Children(def.ID) {
		if r.CidrIPv6 == anyIPv6 {
			n6++
		}
	}
	if n6 != 1 {
		t.Errorf("default group of an IPv6 VPC has %d ::/0 rules", n6)
	}
	// Without VpcId, the default VPC is used.
	dg, err := s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "x", Description: "d"})
	if err != nil {
		t.Fatal(err)
	}
	st2, _ := s.Snapshot().Scopes.Get(scopeKey(testScope))
	if dg.VpcID != st2.DefaultVpcID {
		t.Errorf("group in %s, want default VPC %s", dg.VpcID, st2.DefaultVpcID)
	}

	cases := []struct {
		name string
		in   CreateSecurityGroupInput
		code string
	}{
		{"missing name", CreateSecurityGroupInput{Description: "d", VpcID: v6.ID}, "MissingParameter"},
		{"missing description", CreateSecurityGroupInput{GroupName: "n", VpcID: v6.ID}, "MissingParameter"},
		{"duplicate name in VPC", CreateSecurityGroupInput{GroupName: "app", Description: "d", VpcID: v6.ID}, "InvalidGroup.Duplicate"},
		{"reserved default", CreateSecurityGroupInput{GroupName: "default", Description: "d", VpcID: v6.ID}, "InvalidGroup.Reserved"},
		{"sg- prefix", CreateSecurityGroupInput{GroupName: "sg-abc", Description: "d", VpcID: v6.ID}, "InvalidParameterValue"},
		{"name too long", CreateSecurityGroupInput{GroupName: strings.Repeat("a", 256), Description: "d", VpcID: v6.ID}, "InvalidParameterValue"},
		{"description too long", CreateSecurityGroupInput{GroupName: "n", Description: strings.Repeat("a", 256), VpcID: v6.ID}, "InvalidParameterValue"},
		{"non-ascii", CreateSecurityGroupInput{GroupName: "né", Description: "d", VpcID: v6.ID}, "InvalidParameterValue"},
		{"unknown vpc", CreateSecurityGroupInput{GroupName: "n", Description: "d", VpcID: "vpc-0123456789abcdef0"}, "InvalidVpcID.NotFound"},
		{"malformed vpc", CreateSecurityGroupInput{GroupName: "n", Description: "d", VpcID: "vpc-zz"}, "InvalidVpcID.Malformed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.CreateSecurityGroup(ctx, testScope, c.in)
			wantCode(t, err, c.code)
		})
	}
	_, err = s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "app", Description: "d", VpcID: v6.ID})
	wantMessage(t, err, "InvalidGroup.Duplicate", "The security group 'app' already exists for VPC '"+v6.ID+"'")
	// The same name is fine in another VPC.
	if _, err := s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "app", Description: "d"}); err != nil {
		t.Fatal(err)
	}
}

// TestAuthorizeRules pins security-group-rules.md: one rule (sgr-) per
// peer, protocol spellings, ports, and the duplicate rule error.
func TestAuthorizeRules(t *testing.T) {
	ctx := context.Background()
	f := newSGFixture(t, Options{})
	other, err := f.s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "db", Description: "d", VpcID: f.vpc.ID})
	if err != nil {
		t.Fatal(err)
	}
	w := f.s.Snapshot()
	var plID string
	w.PrefixLists.All(func(p *model.ManagedPrefixList) bool {
		if p.IsAWSManaged() && p.Region == testScope.Region {
			plID = p.ID
			return false
		}
		return true
	})
	perm := SGPermission{Protocol: "6", FromPort: sgP32(443), ToPort: sgP32(443),
		IPv4:        []SGPeer{{"203.0.113.0/24", "https"}, {"198.51.100.7/32", ""}},
		IPv6:        []SGPeer{{"2001:db8::/32", ""}},
		PrefixLists: []SGPeer{{plID, ""}},
		Groups:      []SGGroupPeer{{GroupID: other.ID}},
	}
	rules, err := f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{perm}, Tags: map[string]string{"a": "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 5 {
		t.Fatalf("%d rules, want one per peer (5)", len(rules))
	}
	for _, r := range rules {
		if r.Protocol != "tcp" || r.FromPort != 443 || r.Egress || r.Tags["a"] != "b" || !strings.HasPrefix(r.ID, "sgr-") {
			t.Errorf("rule %+v", r)
		}
	}
	if rules[4].RefGroupID != other.ID || rules[4].RefUserID != testScope.Account {
		t.Errorf("group pair rule %+v", rules[4])
	}
	// Identical rule again: InvalidPermission.Duplicate in AWS's format.
	_, err = f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{tcpPerm(443, "203.0.113.0/24")}})
	wantMessage(t, err, "InvalidPermission.Duplicate", `the specified rule "peer: 203.0.113.0/24, TCP, from port: 443, to port: 443, ALLOW" already exists`)
	// Duplicate within one request.
	_, err = f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{tcpPerm(80, "10.0.0.0/8"), tcpPerm(80, "10.0.0.0/8")}})
	wantCode(t, err, "InvalidPermission.Duplicate")
	// The default egress rule exists already.
	_, err = f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Egress: true, Permissions: []SGPermission{{Protocol: "-1", IPv4: []SGPeer{{"0.0.0.0/0", ""}}}}})
	wantMessage(t, err, "InvalidPermission.Duplicate", `the specified rule "peer: 0.0.0.0/0, ALL, ALLOW" already exists`)
	if n := len(f.rules(false)); n != 5 {
		t.Fatalf("a rejected request changed the group: %d ingress rules", n)
	}

	// Protocols: a number other than 6/17/1/58 allows all ports.
	rs, err := f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{
		{Protocol: "50", FromPort: sgP32(1), ToPort: sgP32(2), IPv4: []SGPeer{{"10.0.0.0/8", ""}}},
		{Protocol: "all", IPv4: []SGPeer{{"10.1.0.0/16", ""}}},
		{Protocol: "icmp", FromPort: sgP32(8), ToPort: sgP32(-1), IPv4: []SGPeer{{"10.2.0.0/16", ""}}},
		{Protocol: "icmpv6", IPv6: []SGPeer{{"::/0", ""}}},
		{Protocol: "17", FromPort: sgP32(53), ToPort: sgP32(53), IPv4: []SGPeer{{"10.3.0.5/16", ""}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		proto    string
		from, to int32
	}{{"50", -1, -1}, {"-1", -1, -1}, {"icmp", 8, -1}, {"icmpv6", -1, -1}, {"udp", 53, 53}}
	for i, w := range want {
		if rs[i].Protocol != w.proto || rs[i].FromPort != w.from || rs[i].ToPort != w.to {
			t.Errorf("rule %d = %s %d-%d, want %+v", i, rs[i].Protocol, rs[i].FromPort, rs[i].ToPort, w)
		}
	}
	if rs[4].CidrIPv4.String() != "10.3.0.0/16" {
		t.Errorf("CIDR not canonicalised: %s", rs[4].CidrIPv4)
	}

	bad := []struct {
		name string
		in   AuthorizeSecurityGroupRulesInput
		code string
	}{
		{"unknown protocol", AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{{Protocol: "tcpx", IPv4: []SGPeer{{"1.0.0.0/8", ""}}}}}, "InvalidParameterValue"},
		{"tcp without ports", AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{{Protocol: "tcp", IPv4: []SGPeer{{"1.0.0.0/8", ""}}}}}, "InvalidParameterValue"},
		{"port out of range", AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{{Protocol: "tcp", FromPort: sgP32(1), ToPort: sgP32(70000), IPv4: []SGPeer{{"1.0.0.0/8", ""}}}}}, "InvalidParameterValue"},
		{"from > to", AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{{Protocol: "tcp", FromPort: sgP32(90), ToPort: sgP32(80), IPv4: []SGPeer{{"1.0.0.0/8", ""}}}}}, "InvalidParameterValue"},
		{"bad cidr", AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{tcpPerm(22, "1.2.3.4/33")}}, "InvalidParameterValue"},
		{"ipv6 in IpRanges", AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{tcpPerm(22, "::/0")}}, "InvalidParameterValue"},
		{"no peer", AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{{Protocol: "-1"}}}, "InvalidPermission.Malformed"},
		{"unknown group", AuthorizeSecurityGroupRulesInput{GroupID: "sg-0123456789abcdef0", Permissions: []SGPermission{tcpPerm(22, "1.0.0.0/8")}}, "InvalidGroup.NotFound"},
		{"malformed group", AuthorizeSecurityGroupRulesInput{GroupID: "sg-xyz", Permissions: []SGPermission{tcpPerm(22, "1.0.0.0/8")}}, "InvalidGroupId.Malformed"},
		{"unknown referenced group", AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{{Protocol: "-1", Groups: []SGGroupPeer{{GroupID: "sg-0123456789abcdef0"}}}}}, "InvalidGroup.NotFound"},
		{"unknown prefix list", AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{{Protocol: "-1", PrefixLists: []SGPeer{{"pl-0123456789abcdef0", ""}}}}}, "InvalidPrefixListID.NotFound"},
		{"bad description", AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{{Protocol: "-1", IPv4: []SGPeer{{"9.0.0.0/8", "a<b"}}}}}, "InvalidParameterValue"},
		{"bad tag", AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{tcpPerm(1, "9.0.0.0/8")}, Tags: map[string]string{"aws:x": "y"}}, "InvalidParameterValue"},
		{"no group", AuthorizeSecurityGroupRulesInput{Permissions: []SGPermission{tcpPerm(1, "9.0.0.0/8")}}, "MissingParameter"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.s.AuthorizeSecurityGroupRules(ctx, testScope, c.in)
			wantCode(t, err, c.code)
		})
	}

	// A referenced group must be in the same VPC [security-group-rules.md
	// "Security group referencing"].
	v2, _ := f.s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.9.0.0/16"})
	far, _ := f.s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "far", Description: "d", VpcID: v2.ID})
	_, err = f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{{Protocol: "-1", Groups: []SGGroupPeer{{GroupID: far.ID}}}}})
	wantCode(t, err, "InvalidGroup.NotFound")
}

// TestRevokeRules pins the EC2 API reference for RevokeSecurityGroupIngress:
// exact match (descriptions aside) or, in a non-default VPC,
// InvalidPermission.NotFound with nothing revoked; in the default VPC the
// unmatched permissions are returned; revoke by rule id.
func TestRevokeRules(t *testing.T) {
	ctx := context.Background()
	f := newSGFixture(t, Options{})
	_, err := f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{
		{Protocol: "tcp", FromPort: sgP32(22), ToPort: sgP32(22), IPv4: []SGPeer{{"10.0.0.0/8", "ssh"}, {"192.168.0.0/16", ""}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	// Terraform's revoke of the default egress rules after create: -1 with
	// ports 0/0 matches; ::/0 does not exist.
	res, err := f.s.RevokeSecurityGroupRules(ctx, testScope, RevokeSecurityGroupRulesInput{GroupID: f.g.ID, Egress: true, Permissions: []SGPermission{{Protocol: "-1", FromPort: sgP32(0), ToPort: sgP32(0), IPv4: []SGPeer{{"0.0.0.0/0", ""}}}}})
	if err != nil || len(res.Revoked) != 1 {
		t.Fatalf("revoke default egress: %v %+v", err, res)
	}
	_, err = f.s.RevokeSecurityGroupRules(ctx, testScope, RevokeSecurityGroupRulesInput{GroupID: f.g.ID, Egress: true, Permissions: []SGPermission{{Protocol: "-1", FromPort: sgP32(0), ToPort: sgP32(0), IPv6: []SGPeer{{"::/0", ""}}}}})
	wantMessage(t, err, "InvalidPermission.NotFound", "The specified rule does not exist in this security group.")

	// One match and one mismatch: nothing is revoked.
	_, err = f.s.RevokeSecurityGroupRules(ctx, testScope, RevokeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{tcpPerm(22, "10.0.0.0/8", "172.16.0.0/12")}})
	wantCode(t, err, "InvalidPermission.NotFound")
	if n := len(f.rules(false)); n != 2 {
		t.Fatalf("%d ingress rules after a failed revoke, want 2", n)
	}
	// Description is not part of the match.
	res, err = f.s.RevokeSecurityGroupRules(ctx, testScope, RevokeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{tcpPerm(22, "10.0.0.0/8")}})
	if err != nil || len(res.Revoked) != 1 || res.Revoked[0].Description != "ssh" {
		t.Fatalf("revoke = %+v, %v", res, err)
	}
	// By rule id; an unknown id or the wrong direction is not found.
	left := f.rules(false)[0]
	_, err = f.s.RevokeSecurityGroupRules(ctx, testScope, RevokeSecurityGroupRulesInput{GroupID: f.g.ID, Egress: true, RuleIDs: []string{left.ID}})
	wantCode(t, err, "InvalidSecurityGroupRuleId.NotFound")
	_, err = f.s.RevokeSecurityGroupRules(ctx, testScope, RevokeSecurityGroupRulesInput{GroupID: f.g.ID, RuleIDs: []string{"sgr-0123456789abcdef0"}})
	wantCode(t, err, "InvalidSecurityGroupRuleId.NotFound")
	_, err = f.s.RevokeSecurityGroupRules(ctx, testScope, RevokeSecurityGroupRulesInput{GroupID: f.g.ID, RuleIDs: []string{"sgr-bad"}})
	wantCode(t, err, "InvalidSecurityGroupRuleId.Malformed")
	if res, err = f.s.RevokeSecurityGroupRules(ctx, testScope, RevokeSecurityGroupRulesInput{GroupID: f.g.ID, RuleIDs: []string{left.ID}}); err != nil || len(res.Revoked) != 1 {
		t.Fatalf("revoke by id: %v", err)
	}
	if n := len(f.rules(false)); n != 0 {
		t.Fatalf("%d ingress rules left", n)
	}

	// Default VPC: no error, unmatched permissions reported.
	dg, err := f.s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "indef", Description: "d"})
	if err != nil {
		t.Fatal(err)
	}
	res, err = f.s.RevokeSecurityGroupRules(ctx, testScope, RevokeSecurityGroupRulesInput{GroupName: "indef", Egress: false, Permissions: []SGPermission{tcpPerm(80, "1.0.0.0/8")}})
	if err != nil || len(res.Unknown) != 1 || len(res.Revoked) != 0 {
		t.Fatalf("default VPC revoke = %+v, %v", res, err)
	}
	_ = dg
}

// TestModifyAndDescribeRules covers ModifySecurityGroupRules (replace in
// place, keeping the id) and UpdateSecurityGroupRuleDescriptions*.
func TestModifyAndDescribeRules(t *testing.T) {
	ctx := context.Background()
	f := newSGFixture(t, Options{})
	rs, err := f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{tcpPerm(22, "10.0.0.0/8"), tcpPerm(23, "10.0.0.0/8")}, Tags: map[string]string{"t": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	id := rs[0].ID
	err = f.s.ModifySecurityGroupRules(ctx, testScope, f.g.ID, []SGRuleUpdate{{RuleID: id, Rule: SGRuleSpec{Protocol: "tcp", FromPort: sgP32(443), ToPort: sgP32(443), CidrIPv6: "2001:db8::/32", Description: "new"}}})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := f.s.Snapshot().SecurityGroupRules.Get(id)
	if r.FromPort != 443 || r.CidrIPv6.String() != "2001:db8::/32" || r.CidrIPv4.IsValid() || r.Description != "new" || r.Tags["t"] != "1" || r.Egress {
		t.Fatalf("modified rule %+v", r)
	}
	// Modifying into a copy of another rule is a duplicate.
	err = f.s.ModifySecurityGroupRules(ctx, testScope, f.g.ID, []SGRuleUpdate{{RuleID: id, Rule: SGRuleSpec{Protocol: "tcp", FromPort: sgP32(23), ToPort: sgP32(23), CidrIPv4: "10.0.0.0/8"}}})
	wantCode(t, err, "InvalidPermission.Duplicate")
	err = f.s.ModifySecurityGroupRules(ctx, testScope, f.g.ID, []SGRuleUpdate{{RuleID: id, Rule: SGRuleSpec{Protocol: "tcp", FromPort: sgP32(1), ToPort: sgP32(1), CidrIPv4: "10.0.0.0/8", CidrIPv6: "::/0"}}})
	wantCode(t, err, "InvalidParameterCombination")
	err = f.s.ModifySecurityGroupRules(ctx, testScope, f.g.ID, []SGRuleUpdate{{RuleID: "sgr-0123456789abcdef0", Rule: SGRuleSpec{Protocol: "-1", CidrIPv4: "10.0.0.0/8"}}})
	wantCode(t, err, "InvalidSecurityGroupRuleId.NotFound")

	// Descriptions by permission and by id.
	if err := f.s.UpdateSecurityGroupRuleDescriptions(ctx, testScope, RuleDescriptionsInput{GroupID: f.g.ID, Permissions: []SGPermission{{Protocol: "tcp", FromPort: sgP32(23), ToPort: sgP32(23), IPv4: []SGPeer{{"10.0.0.0/8", "telnet"}}}}}); err != nil {
		t.Fatal(err)
	}
	if r, _ := f.s.Snapshot().SecurityGroupRules.Get(rs[1].ID); r.Description != "telnet" {
		t.Fatalf("description %q", r.Description)
	}
	if err := f.s.UpdateSecurityGroupRuleDescriptions(ctx, testScope, RuleDescriptionsInput{GroupID: f.g.ID, Descriptions: map[string]string{rs[1].ID: "x"}}); err != nil {
		t.Fatal(err)
	}
	err = f.s.UpdateSecurityGroupRuleDescriptions(ctx, testScope, RuleDescriptionsInput{GroupID: f.g.ID, Permissions: []SGPermission{tcpPerm(99, "10.0.0.0/8")}})
	wantCode(t, err, "InvalidPermission.NotFound")
}

// TestDeleteSecurityGroup pins default-security-group.md (CannotDelete) and
// the DependencyViolation rules (in use by an ENI, referenced by a rule).
func TestDeleteSecurityGroup(t *testing.T) {
	ctx := context.Background()
	f := newSGFixture(t, Options{})
	def := sgByName(f.s.Snapshot(), f.vpc.ID, "default")
	_, err := f.s.DeleteSecurityGroup(ctx, testScope, def.ID, "")
	wantMessage(t, err, "CannotDelete", `the specified group: "`+def.ID+`" name: "default" cannot be deleted by a user`)

	ref, _ := f.s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "ref", Description: "d", VpcID: f.vpc.ID})
	rs, err := f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: ref.ID, Permissions: []SGPermission{{Protocol: "-1", Groups: []SGGroupPeer{{GroupID: f.g.ID}}}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.s.DeleteSecurityGroup(ctx, testScope, f.g.ID, "")
	wantMessage(t, err, "DependencyViolation", "resource "+f.g.ID+" has a dependent object")
	if _, err := f.s.RevokeSecurityGroupRules(ctx, testScope, RevokeSecurityGroupRulesInput{GroupID: ref.ID, RuleIDs: []string{rs[0].ID}}); err != nil {
		t.Fatal(err)
	}
	// In use by an interface.
	if _, err := f.s.st.Update(ctx, func(tx *store.Tx) error {
		tx.NetworkInterfaces.Put(&model.NetworkInterface{Meta: newMeta(tx, testScope, tx.NewID("eni"), nil), SubnetID: "subnet-00000000", SecurityGroupIDs: []string{f.g.ID}})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	_, err = f.s.DeleteSecurityGroup(ctx, testScope, f.g.ID, "")
	wantCode(t, err, "DependencyViolation")
	// A self-reference does not block deletion; its rules go with it.
	self, _ := f.s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "self", Description: "d", VpcID: f.vpc.ID})
	if _, err := f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: self.ID, Permissions: []SGPermission{{Protocol: "-1", Groups: []SGGroupPeer{{GroupID: self.ID}}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.DeleteSecurityGroup(ctx, testScope, self.ID, ""); err != nil {
		t.Fatal(err)
	}
	if n := len(f.s.Snapshot().SecurityGroupRules.Children(self.ID)); n != 0 {
		t.Fatalf("%d rules left behind", n)
	}
	_, err = f.s.DeleteSecurityGroup(ctx, testScope, self.ID, "")
	wantCode(t, err, "InvalidGroup.NotFound")
	// By name: looked up in the default VPC.
	if _, err := f.s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "byname", Description: "d"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.DeleteSecurityGroup(ctx, testScope, "", "byname"); err != nil {
		t.Fatal(err)
	}
	_, err = f.s.DeleteSecurityGroup(ctx, testScope, "", "web") // lives in a non-default VPC
	wantCode(t, err, "InvalidGroup.NotFound")
}

// TestSecurityGroupQuotas pins amazon-vpc-limits.md: 60 inbound and 60
// outbound rules per group (IPv4 and IPv6 counted separately), with
// AWSQuotas.
func TestSecurityGroupQuotas(t *testing.T) {
	ctx := context.Background()
	f := newSGFixture(t, Options{AWSQuotas: true})
	var perms []SGPermission
	for i := range 60 {
		perms = append(perms, tcpPerm(int32(1000+i), "10.0.0.0/8"))
	}
	if _, err := f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: perms}); err != nil {
		t.Fatal(err)
	}
	_, err := f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{tcpPerm(1, "10.0.0.0/8")}})
	wantCode(t, err, "RulesPerSecurityGroupLimitExceeded")
	// IPv6 rules have their own 60.
	if _, err := f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{{Protocol: "-1", IPv6: []SGPeer{{"::/0", ""}}}}}); err != nil {
		t.Fatal(err)
	}
	// Outbound has its own 60 too.
	if _, err := f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Egress: true, Permissions: []SGPermission{tcpPerm(1, "10.0.0.0/8")}}); err != nil {
		t.Fatal(err)
	}
}

// TestAssociateIpv6AddsGroupEgress pins VPC-UG vpc-migrate-ipv6.md "Step 3":
// "an outbound rule that allows all IPv6 traffic is automatically added to
// your security groups when you associate an IPv6 CIDR block with your VPC.
// However, if you modified the original outbound rules for your security
// group, this rule is not automatically added".
func TestAssociateIpv6AddsGroupEgress(t *testing.T) {
	ctx := context.Background()
	f := newSGFixture(t, Options{})
	mod, err := f.s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "modified", Description: "d", VpcID: f.vpc.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: mod.ID, Egress: true, Permissions: []SGPermission{tcpPerm(443, "10.0.0.0/8")}}); err != nil {
		t.Fatal(err)
	}
	assoc := func() {
		t.Helper()
		if _, _, err := f.s.AssociateVpcCidrBlock(ctx, testScope, AssociateVpcCidrInput{VpcID: f.vpc.ID, AmazonProvidedIpv6CidrBlock: true}); err != nil {
			t.Fatal(err)
		}
	}
	assoc()
	count6 := func(groupID string) int {
		n := 0
		for _, r := range f.s.Snapshot().SecurityGroupRules.Children(groupID) {
			if r.Egress && isAllTrafficTo(r, anyIPv6) {
				n++
			}
		}
		return n
	}
	def := sgByName(f.s.Snapshot(), f.vpc.ID, "default")
	for _, c := range []struct {
		name, id string
		want     int
	}{{"custom group", f.g.ID, 1}, {"default group", def.ID, 1}, {"modified group", mod.ID, 0}} {
		if got := count6(c.id); got != c.want {
			t.Errorf("%s: %d ::/0 egress rules, want %d", c.name, got, c.want)
		}
	}
	// A second IPv6 block adds no second rule.
	assoc()
	if got := count6(f.g.ID); got != 1 {
		t.Errorf("after a second IPv6 block: %d ::/0 egress rules, want 1", got)
	}
}

// TestModifyRuleWithoutProtocol: a ModifySecurityGroupRules rule definition
// without IpProtocol is InvalidParameterValue (not MissingParameter, which
// authorize answers for an IpPermissions entry without one).
func TestModifyRuleWithoutProtocol(t *testing.T) {
	ctx := context.Background()
	f := newSGFixture(t, Options{})
	rs, err := f.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: f.g.ID, Permissions: []SGPermission{tcpPerm(22, "10.0.0.0/8")}})
	if err != nil {
		t.Fatal(err)
	}
	err = f.s.ModifySecurityGroupRules(ctx, testScope, f.g.ID, []SGRuleUpdate{{RuleID: rs[0].ID, Rule: SGRuleSpec{FromPort: sgP32(80), ToPort: sgP32(80), CidrIPv4: "10.0.0.0/8"}}})
	wantMessage(t, err, "InvalidParameterValue", "Invalid value 'null' for IP protocol. Unknown protocol.")
	if r, _ := f.s.Snapshot().SecurityGroupRules.Get(rs[0].ID); r.FromPort != 22 {
		t.Fatalf("rule changed by a refused modify: %+v", r)
	}
}

// TestRuleFilterGroupIDs: DescribeSecurityGroupRules' group-id filter
// refuses values that are not security group ids (InvalidGroupId.Malformed).
func TestRuleFilterGroupIDs(t *testing.T) {
	for _, c := range []struct {
		values []string
		code   string
	}{
		{[]string{"sg-0123456789abcdef0"}, ""},
		{[]string{"sg-12345678", "sg-0123456789abcdef0"}, ""},
		{[]string{"foobar"}, "InvalidGroupId.Malformed"},
		{[]string{"sg-0123456789abcdef0", "vpc-0123456789abcdef0"}, "InvalidGroupId.Malformed"},
		{[]string{"sg-*"}, "InvalidGroupId.Malformed"},
	} {
		err := CheckRuleFilterGroupIDs(c.values)
		if c.code == "" {
			if err != nil {
				t.Errorf("%v: %v", c.values, err)
			}
			continue
		}
		wantCode(t, err, c.code)
	}
}
