package control

import (
	"context"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

func aclP32(n int32) *int32 { return &n }

func aclEntry(acl *model.NetworkACL, rule int32, egress bool) *model.NetworkACLEntry {
	for i := range acl.Entries {
		if acl.Entries[i].RuleNumber == rule && acl.Entries[i].Egress == egress {
			return &acl.Entries[i]
		}
	}
	return nil
}

func tcpEntry(aclID string, rule int32, from, to int32) NetworkAclEntryInput {
	return NetworkAclEntryInput{NetworkAclID: aclID, RuleNumber: aclP32(rule), Protocol: "6", RuleAction: "allow", CidrBlock: "0.0.0.0/0", PortRange: true, PortFrom: aclP32(from), PortTo: aclP32(to)}
}

// TestCreateNetworkAcl pins VPC-UG vpc-network-acls.md "Custom network
// ACL": a new custom ACL denies everything in both directions (the `*`
// rules, IPv6 ones when the VPC has IPv6) and is associated with nothing.
func TestCreateNetworkAcl(t *testing.T) {
	ctx := context.Background()
	s := newTestService(t)
	for _, ipv6 := range []bool{false, true} {
		v, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16", AmazonProvidedIpv6CidrBlock: ipv6})
		if err != nil {
			t.Fatal(err)
		}
		acl, err := s.CreateNetworkAcl(ctx, testScope, v.ID, map[string]string{"Name": "x"})
		if err != nil {
			t.Fatal(err)
		}
		want := 2
		if ipv6 {
			want = 4
		}
		if len(acl.Entries) != want || acl.IsDefault || len(acl.Associations) != 0 || acl.Tags["Name"] != "x" {
			t.Fatalf("ipv6=%v: acl %+v", ipv6, acl)
		}
		for _, e := range acl.Entries {
			if e.Action != "deny" || e.RuleNumber < model.DefaultRuleNumber {
				t.Errorf("entry %+v", e)
			}
		}
		if ipv6 {
			if e := aclEntry(acl, model.DefaultRuleNumber+1, true); e == nil || e.Ipv6Cidr != anyIPv6 {
				t.Errorf("no IPv6 * rule (32768): %+v", acl.Entries)
			}
		}
		if !acl.Entries[0].Egress {
			t.Errorf("entries not egress first: %+v", acl.Entries)
		}
	}
	_, err := s.CreateNetworkAcl(ctx, testScope, "", nil)
	wantCode(t, err, "MissingParameter")
	_, err = s.CreateNetworkAcl(ctx, testScope, "vpc-0123456789abcdef0", nil)
	wantCode(t, err, "InvalidVpcID.NotFound")
}

// TestNetworkAclEntries pins the CreateNetworkAclEntry rules: rule numbers
// 1..32766, one entry per (rule number, direction), ports for TCP/UDP, ICMP
// type/code, exactly one CIDR, protocol names accepted and numbers stored.
func TestNetworkAclEntries(t *testing.T) {
	ctx := context.Background()
	s := newTestService(t)
	v, _ := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	acl, _ := s.CreateNetworkAcl(ctx, testScope, v.ID, nil)
	if err := s.CreateNetworkAclEntry(ctx, testScope, tcpEntry(acl.ID, 100, 1024, 65535)); err != nil {
		t.Fatal(err)
	}
	// Same number in the other direction is a different entry.
	eg := tcpEntry(acl.ID, 100, 443, 443)
	eg.Egress = true
	if err := s.CreateNetworkAclEntry(ctx, testScope, eg); err != nil {
		t.Fatal(err)
	}
	err := s.CreateNetworkAclEntry(ctx, testScope, tcpEntry(acl.ID, 100, 1, 2))
	wantMessage(t, err, "NetworkAclEntryAlreadyExists", "The network acl entry identified by 100 already exists.")
	// Names are accepted and stored as numbers; ICMP type/code kept.
	if err := s.CreateNetworkAclEntry(ctx, testScope, NetworkAclEntryInput{NetworkAclID: acl.ID, RuleNumber: aclP32(110), Protocol: "icmp", RuleAction: "DENY", CidrBlock: "10.1.2.3/16", Icmp: true, IcmpType: aclP32(8), IcmpCode: aclP32(-1)}); err != nil {
		t.Fatal(err)
	}
	// Ports for a protocol without ports are ignored.
	if err := s.CreateNetworkAclEntry(ctx, testScope, NetworkAclEntryInput{NetworkAclID: acl.ID, RuleNumber: aclP32(120), Protocol: "-1", RuleAction: "allow", Ipv6CidrBlock: "2001:db8::/32", PortRange: true, PortFrom: aclP32(0), PortTo: aclP32(0)}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Snapshot().NetworkACLs.Get(acl.ID)
	e := aclEntry(got, 110, false)
	if e == nil || e.Protocol != "1" || e.Action != "deny" || e.CidrBlock.String() != "10.1.0.0/16" || *e.IcmpType != 8 || *e.IcmpCode != -1 || e.PortFrom != nil {
		t.Fatalf("icmp entry %+v", e)
	}
	if e := aclEntry(got, 120, false); e == nil || e.PortFrom != nil || e.Ipv6Cidr.String() != "2001:db8::/32" {
		t.Fatalf("all-protocol entry %+v", e)
	}
	if e := aclEntry(got, 100, false); e == nil || *e.PortFrom != 1024 || *e.PortTo != 65535 || e.Protocol != "6" {
		t.Fatalf("tcp entry %+v", e)
	}

	bad := []struct {
		name string
		in   NetworkAclEntryInput
		code string
		msg  string
	}{
		{"rule 0", tcpEntry(acl.ID, 0, 1, 1), "InvalidParameterValue", "Value (0) for parameter ruleNumber is invalid. Rulenumber must be in range 1..32766"},
		{"rule 32767", tcpEntry(acl.ID, 32767, 1, 1), "InvalidParameterValue", "Value (32767) for parameter ruleNumber is invalid. Rulenumber must be in range 1..32766"},
		{"no rule number", NetworkAclEntryInput{NetworkAclID: acl.ID, Protocol: "-1", RuleAction: "allow", CidrBlock: "0.0.0.0/0"}, "MissingParameter", ""},
		{"tcp without ports", NetworkAclEntryInput{NetworkAclID: acl.ID, RuleNumber: aclP32(5), Protocol: "6", RuleAction: "allow", CidrBlock: "0.0.0.0/0"}, "MissingParameter", ""},
		{"ports reversed", tcpEntry(acl.ID, 5, 90, 80), "InvalidParameterValue", ""},
		{"port too big", tcpEntry(acl.ID, 5, 1, 65536), "InvalidParameterValue", ""},
		{"icmp without type", NetworkAclEntryInput{NetworkAclID: acl.ID, RuleNumber: aclP32(5), Protocol: "1", RuleAction: "allow", CidrBlock: "0.0.0.0/0"}, "MissingParameter", ""},
		{"bad protocol", NetworkAclEntryInput{NetworkAclID: acl.ID, RuleNumber: aclP32(5), Protocol: "999", RuleAction: "allow", CidrBlock: "0.0.0.0/0"}, "InvalidParameterValue", ""},
		{"bad action", NetworkAclEntryInput{NetworkAclID: acl.ID, RuleNumber: aclP32(5), Protocol: "-1", RuleAction: "maybe", CidrBlock: "0.0.0.0/0"}, "InvalidParameterValue", ""},
		{"no cidr", NetworkAclEntryInput{NetworkAclID: acl.ID, RuleNumber: aclP32(5), Protocol: "-1", RuleAction: "allow"}, "MissingParameter", ""},
		{"two cidrs", NetworkAclEntryInput{NetworkAclID: acl.ID, RuleNumber: aclP32(5), Protocol: "-1", RuleAction: "allow", CidrBlock: "0.0.0.0/0", Ipv6CidrBlock: "::/0"}, "InvalidParameterCombination", ""},
		{"ipv6 in CidrBlock", NetworkAclEntryInput{NetworkAclID: acl.ID, RuleNumber: aclP32(5), Protocol: "-1", RuleAction: "allow", CidrBlock: "::/0"}, "InvalidParameterValue", ""},
		{"unknown acl", tcpEntry("acl-0123456789abcdef0", 5, 1, 1), "InvalidNetworkAclID.NotFound", ""},
		{"malformed acl", tcpEntry("acl-x", 5, 1, 1), "InvalidNetworkAclId.Malformed", ""},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			err := s.CreateNetworkAclEntry(ctx, testScope, c.in)
			if c.msg != "" {
				wantMessage(t, err, c.code, c.msg)
			} else {
				wantCode(t, err, c.code)
			}
		})
	}

	// Replace and delete.
	if err := s.ReplaceNetworkAclEntry(ctx, testScope, tcpEntry(acl.ID, 100, 22, 22)); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Snapshot().NetworkACLs.Get(acl.ID)
	if e := aclEntry(got, 100, false); *e.PortFrom != 22 {
		t.Fatalf("replace: %+v", e)
	}
	err = s.ReplaceNetworkAclEntry(ctx, testScope, tcpEntry(acl.ID, 200, 22, 22))
	wantCode(t, err, "InvalidNetworkAclEntry.NotFound")
	if err := s.DeleteNetworkAclEntry(ctx, testScope, acl.ID, aclP32(100), true); err != nil {
		t.Fatal(err)
	}
	err = s.DeleteNetworkAclEntry(ctx, testScope, acl.ID, aclP32(100), true)
	wantCode(t, err, "InvalidNetworkAclEntry.NotFound")
	// The `*` rule cannot be removed.
	err = s.DeleteNetworkAclEntry(ctx, testScope, acl.ID, aclP32(32767), false)
	wantCode(t, err, "InvalidParameterValue")
}

// TestNetworkAclAssociations pins vpc-network-acls.md: every subnet has
// exactly one ACL; ReplaceNetworkAclAssociation moves it with a new
// association id; an associated or default ACL cannot be deleted.
func TestNetworkAclAssociations(t *testing.T) {
	ctx := context.Background()
	s := newTestService(t)
	v, _ := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	sn, err := s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.1.0/24"})
	if err != nil {
		t.Fatal(err)
	}
	acl, _ := s.CreateNetworkAcl(ctx, testScope, v.ID, nil)
	var def *model.NetworkACL
	for _, a := range s.Snapshot().NetworkACLs.Children(v.ID) {
		if a.IsDefault {
			def = a
		}
	}
	if len(def.Associations) != 1 || def.Associations[0].SubnetID != sn.ID {
		t.Fatalf("default ACL associations %+v", def.Associations)
	}
	newID, err := s.ReplaceNetworkAclAssociation(ctx, testScope, def.Associations[0].ID, acl.ID)
	if err != nil {
		t.Fatal(err)
	}
	w := s.Snapshot()
	d2, _ := w.NetworkACLs.Get(def.ID)
	a2, _ := w.NetworkACLs.Get(acl.ID)
	if len(d2.Associations) != 0 || len(a2.Associations) != 1 || a2.Associations[0].ID != newID || newID == def.Associations[0].ID {
		t.Fatalf("after replace: default %+v custom %+v", d2.Associations, a2.Associations)
	}
	_, err = s.ReplaceNetworkAclAssociation(ctx, testScope, def.Associations[0].ID, acl.ID)
	wantCode(t, err, "InvalidAssociationID.NotFound")
	// Another VPC's ACL is refused.
	v2, _ := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.1.0.0/16"})
	far, _ := s.CreateNetworkAcl(ctx, testScope, v2.ID, nil)
	_, err = s.ReplaceNetworkAclAssociation(ctx, testScope, newID, far.ID)
	wantCode(t, err, "InvalidParameterValue")

	err = s.DeleteNetworkAcl(ctx, testScope, acl.ID)
	wantCode(t, err, "DependencyViolation")
	err = s.DeleteNetworkAcl(ctx, testScope, def.ID)
	wantCode(t, err, "InvalidParameterValue")
	back, err := s.ReplaceNetworkAclAssociation(ctx, testScope, newID, def.ID)
	if err != nil || back == "" {
		t.Fatal(err)
	}
	if err := s.DeleteNetworkAcl(ctx, testScope, acl.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteNetworkAcl(ctx, testScope, acl.ID), "InvalidNetworkAclID.NotFound")
}

// TestNetworkAclQuotas pins amazon-vpc-limits.md "Rules per network ACL":
// 20 per direction and address family, the `*` rule included.
func TestNetworkAclQuotas(t *testing.T) {
	ctx := context.Background()
	f := newSGFixture(t, Options{AWSQuotas: true})
	acl, err := f.s.CreateNetworkAcl(ctx, testScope, f.vpc.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 19 {
		if err := f.s.CreateNetworkAclEntry(ctx, testScope, tcpEntry(acl.ID, int32(i+1), 80, 80)); err != nil {
			t.Fatal(i, err)
		}
	}
	wantCode(t, f.s.CreateNetworkAclEntry(ctx, testScope, tcpEntry(acl.ID, 50, 80, 80)), "NetworkAclEntryLimitExceeded")
	eg := tcpEntry(acl.ID, 50, 80, 80)
	eg.Egress = true
	if err := f.s.CreateNetworkAclEntry(ctx, testScope, eg); err != nil {
		t.Fatal(err)
	}
}
