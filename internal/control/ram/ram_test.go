package ram_test

import (
	"context"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/control/ram"
	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model"
	rm "github.com/vpcsim/vpcsim/internal/model/ram"
	"github.com/vpcsim/vpcsim/internal/store"
)

var (
	owner  = model.Scope{Account: "111111111111", Region: "us-east-1"}
	member = model.Scope{Account: "222222222222", Region: "us-east-1"}
	third  = model.Scope{Account: "333333333333", Region: "us-east-1"}
)

type env struct {
	st  *store.Store
	ec2 *control.Service
	ram *ram.Service
	now time.Time
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{now: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
	st, err := store.Open(store.Options{Seed: 7, Clock: func() time.Time { return e.now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e.st, e.ec2, e.ram = st, control.New(st, control.Options{}), ram.New(st, ram.Options{})
	for _, sc := range []model.Scope{owner, member, third} {
		if err := e.ec2.EnsureScope(context.Background(), sc); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	e, ok := awserr.As(err)
	if !ok || e.Code != code || e.Status != 400 {
		t.Fatalf("error = %v, want %s (400)", err, code)
	}
}

// must returns v, panicking (failing the test) on err.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// spoke is a VPC with one subnet and one interface, its main route table
// sending 10.0.0.0/8 to a transit gateway, its default group open to
// 10.0.0.0/8.
type spoke struct {
	vpc    *model.VPC
	subnet *model.Subnet
	eni    *model.NetworkInterface
}

func newSpoke(t *testing.T, e *env, sc model.Scope, cidr, subnet string) spoke {
	t.Helper()
	ctx := context.Background()
	v := must(e.ec2.CreateVpc(ctx, sc, control.CreateVpcInput{CidrBlock: cidr}))
	sn := must(e.ec2.CreateSubnet(ctx, sc, control.CreateSubnetInput{VpcID: v.ID, CidrBlock: subnet, AvailabilityZone: sc.Region + "a"}))
	eni := must(e.ec2.CreateNetworkInterface(ctx, sc, control.ENISpec{SubnetID: sn.ID}))
	w := e.st.Snapshot()
	w.SecurityGroups.All(func(g *model.SecurityGroup) bool {
		if g.VpcID == v.ID && g.Name == "default" {
			_, err := e.ec2.AuthorizeSecurityGroupRules(ctx, sc, control.AuthorizeSecurityGroupRulesInput{GroupID: g.ID,
				Permissions: []control.SGPermission{{Protocol: "-1", IPv4: []control.SGPeer{{Value: "10.0.0.0/8"}}}}})
			if err != nil {
				t.Fatal(err)
			}
		}
		return true
	})
	return spoke{vpc: v, subnet: sn, eni: eni}
}

func (s spoke) routeTo(t *testing.T, e *env, sc model.Scope, tgw string) {
	t.Helper()
	var main string
	e.st.Snapshot().RouteTables.All(func(rt *model.RouteTable) bool {
		if rt.VpcID == s.vpc.ID && rt.IsMain() {
			main = rt.ID
		}
		return true
	})
	if err := e.ec2.CreateRoute(context.Background(), sc, control.RouteInput{RouteTableID: main, DestinationCidrBlock: "10.0.0.0/8", TransitGatewayID: tgw}); err != nil {
		t.Fatal(err)
	}
}

// TestShareTransitGatewayWithInvitation pins the flow of [RAM
// working-with-shared-invitations] and [TGW transit-gateway-share.md,
// tgw-vpc-attachments.md]: without sharing in the organization enabled,
// the member gets an invitation; once accepted it sees the gateway and
// attaches its VPC, pendingAcceptance until the owner accepts; the owner's
// default route table associates it; traffic flows between the accounts;
// after unsharing the attachment keeps working but the gateway is no
// longer visible and no new attachment can be made.
func TestShareTransitGatewayWithInvitation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	g := must(e.ec2.CreateTransitGateway(ctx, owner, control.CreateTransitGatewayInput{}))
	arn := control.TGWArn(g)
	hub := newSpoke(t, e, owner, "10.1.0.0/16", "10.1.0.0/24")
	ha := must(e.ec2.CreateTransitGatewayVpcAttachment(ctx, owner, control.VpcAttachmentInput{TransitGatewayID: g.ID, VpcID: hub.vpc.ID, SubnetIDs: []string{hub.subnet.ID}}))
	hub.routeTo(t, e, owner, g.ID)
	sp := newSpoke(t, e, member, "10.2.0.0/16", "10.2.0.0/24")
	attach := control.VpcAttachmentInput{TransitGatewayID: g.ID, VpcID: sp.vpc.ID, SubnetIDs: []string{sp.subnet.ID}}

	// Not shared: the gateway does not exist for the member.
	_, err := e.ec2.CreateTransitGatewayVpcAttachment(ctx, member, attach)
	wantCode(t, err, "InvalidTransitGatewayID.NotFound")

	sh := must(e.ram.CreateResourceShare(ctx, owner, ram.CreateShareInput{Name: "tgw", ResourceArns: []string{arn}, Principals: []string{member.Account}}))
	if sh.Status != rm.ShareActive || !sh.AllowExternalPrincipals || len(sh.Permissions) != 1 ||
		sh.Permissions[0].Arn != "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionTransitGateway" {
		t.Fatalf("share %+v", sh)
	}
	if ram.SharedWith(e.st.Snapshot(), arn, member.Account, e.now) {
		t.Fatal("shared before the invitation was accepted")
	}
	invs, _ := must2(e.ram.GetResourceShareInvitations(ctx, member, nil, []string{sh.ID}, ram.Page{}))
	if len(invs) != 1 || invs[0].Status != rm.InvitePending || invs[0].Account != owner.Account {
		t.Fatalf("invitations %+v", invs)
	}
	pending, _ := must2(e.ram.ListPendingInvitationResources(ctx, member, invs[0].ID, ram.Page{}))
	if len(pending) != 1 || pending[0].Entity != arn {
		t.Fatalf("pending resources %+v", pending)
	}
	// Only the receiver answers.
	_, err = e.ram.AcceptResourceShareInvitation(ctx, third, invs[0].ID)
	wantCode(t, err, "ResourceShareInvitationArnNotFoundException")
	if _, err := e.ram.AcceptResourceShareInvitation(ctx, member, invs[0].ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.ram.AcceptResourceShareInvitation(ctx, member, invs[0].ID)
	wantCode(t, err, "ResourceShareInvitationAlreadyAcceptedException")
	_, err = e.ram.RejectResourceShareInvitation(ctx, member, invs[0].ID)
	wantCode(t, err, "ResourceShareInvitationAlreadyAcceptedException")

	w := e.st.Snapshot()
	if !ram.SharedWith(w, arn, member.Account, e.now) || ram.SharedWith(w, arn, third.Account, e.now) {
		t.Fatal("SharedWith after acceptance")
	}
	if !control.TGWVisibleTo(w, g, member, e.now) || control.TGWVisibleTo(w, g, third, e.now) {
		t.Fatal("gateway visibility")
	}
	res, _ := must2(e.ram.ListResources(ctx, member, ram.ListInput{OtherAccounts: true}))
	if len(res) != 1 || res[0].Entity != arn || res[0].ResourceType != "ec2:TransitGateway" {
		t.Fatalf("ListResources OTHER-ACCOUNTS %+v", res)
	}
	ps, _ := must2(e.ram.ListPrincipals(ctx, member, ram.ListInput{OtherAccounts: true}))
	if len(ps) != 1 || ps[0].ID != owner.Account {
		t.Fatalf("ListPrincipals OTHER-ACCOUNTS %+v", ps)
	}
	ps, _ = must2(e.ram.ListPrincipals(ctx, owner, ram.ListInput{}))
	if len(ps) != 1 || ps[0].ID != member.Account || !ps[0].External {
		t.Fatalf("ListPrincipals SELF %+v", ps)
	}

	// The member attaches its VPC: pendingAcceptance until the owner accepts.
	a := must(e.ec2.CreateTransitGatewayVpcAttachment(ctx, member, attach))
	if a.State != model.TGWPendingAcceptance || a.TransitGatewayOwnerID != owner.Account || a.ResourceOwnerID != member.Account || a.Association != nil {
		t.Fatalf("cross-account attachment %+v", a)
	}
	if !control.TGWAttachmentVisibleTo(a, owner) || control.TGWAttachmentVisibleTo(a, third) {
		t.Fatal("attachment visibility")
	}
	_, err = e.ec2.AcceptTransitGatewayVpcAttachment(ctx, member, a.ID)
	wantCode(t, err, "InvalidTransitGatewayAttachmentID.NotFound")
	acc := must(e.ec2.AcceptTransitGatewayVpcAttachment(ctx, owner, a.ID))
	if acc.State != model.TGWAvailable || acc.Association == nil || acc.Association.RouteTableID != g.Options.AssociationDefaultRouteTableID {
		t.Fatalf("accepted %+v", acc)
	}
	_, err = e.ec2.AcceptTransitGatewayVpcAttachment(ctx, owner, a.ID)
	wantCode(t, err, "IncorrectState")
	// Each account keeps its own tags on the attachment
	// (control/transitgateway_tags.go).
	if err := e.ec2.CreateTags(ctx, owner, []string{a.ID}, map[string]string{"Name": "spoke-b"}); err != nil {
		t.Fatalf("gateway owner tags the attachment: %v", err)
	}
	w = e.st.Snapshot()
	live, _ := w.TGWAttachments.Get(a.ID)
	if o, m := control.TGWAttachmentForScope(live, owner), control.TGWAttachmentForScope(live, member); o.Tags["Name"] != "spoke-b" || m.Tags["Name"] == "spoke-b" {
		t.Fatalf("tags per account: owner %v, member %v", o.Tags, m.Tags)
	}
	// The member cannot touch the owner's route tables.
	_, err = e.ec2.DisassociateTransitGatewayRouteTable(ctx, member, g.Options.AssociationDefaultRouteTableID, a.ID)
	wantCode(t, err, "InvalidRouteTableID.NotFound")
	sp.routeTo(t, e, member, g.ID)

	trace := func() *dataplane.Trace {
		return dataplane.Compile(e.st.Snapshot()).Trace(dataplane.Query{Source: sp.eni.ID, Destination: hub.eni.ID, Protocol: "tcp", DestinationPort: 443})
	}
	if tr := trace(); !tr.Reachable {
		t.Fatalf("member -> owner through the shared gateway not reachable: %+v", tr)
	}

	// Unshare: the attachment stays and keeps working; no new attachment.
	if _, err := e.ram.DisassociateResourceShare(ctx, owner, sh.ID, nil, []string{member.Account}); err != nil {
		t.Fatal(err)
	}
	w = e.st.Snapshot()
	if control.TGWVisibleTo(w, g, member, e.now) {
		t.Fatal("gateway still visible after unsharing")
	}
	if tr := trace(); !tr.Reachable {
		t.Fatalf("existing attachment stopped working after unsharing: %+v", tr)
	}
	sp2 := newSpoke(t, e, member, "10.3.0.0/16", "10.3.0.0/24")
	_, err = e.ec2.CreateTransitGatewayVpcAttachment(ctx, member, control.VpcAttachmentInput{TransitGatewayID: g.ID, VpcID: sp2.vpc.ID, SubnetIDs: []string{sp2.subnet.ID}})
	wantCode(t, err, "InvalidTransitGatewayID.NotFound")
	// The gateway owner may still delete it.
	if _, err := e.ec2.DeleteTransitGatewayAttachment(ctx, owner, a.ID, model.TGWAttachVPC); err != nil {
		t.Fatal(err)
	}
	_ = ha
}

// must2 returns a and b, panicking (failing the test) on err.
func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

// TestOrganizationSharing pins [RAM working-with-shared-invitations]:
// with sharing in the organization enabled, accounts of the organization
// (every account of a vpcsim server) get access without an invitation,
// and the gateway's AutoAcceptSharedAttachments makes the attachment
// available at once [TGW tgw-transit-gateways.md "Auto accept shared
// attachments"].
func TestOrganizationSharing(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	g := must(e.ec2.CreateTransitGateway(ctx, owner, control.CreateTransitGatewayInput{AutoAcceptSharedAttachments: "enable"}))
	arn := control.TGWArn(g)
	org := "arn:aws:organizations::111111111111:organization/o-abcdefghij"
	_, err := e.ram.CreateResourceShare(ctx, owner, ram.CreateShareInput{Name: "org", ResourceArns: []string{arn}, Principals: []string{org}})
	wantCode(t, err, "OperationNotPermittedException")
	if err := e.ram.EnableSharingWithAwsOrganization(ctx, owner); err != nil {
		t.Fatal(err)
	}
	f := false
	sh := must(e.ram.CreateResourceShare(ctx, owner, ram.CreateShareInput{Name: "direct", ResourceArns: []string{arn}, Principals: []string{member.Account}, AllowExternalPrincipals: &f}))
	invs, _ := must2(e.ram.GetResourceShareInvitations(ctx, member, nil, nil, ram.Page{}))
	if len(invs) != 0 {
		t.Fatalf("invitation inside the organization: %+v", invs)
	}
	w := e.st.Snapshot()
	if !ram.SharedWith(w, arn, member.Account, e.now) || ram.SharedWith(w, arn, third.Account, e.now) {
		t.Fatal("direct share in the organization")
	}
	must(e.ram.CreateResourceShare(ctx, owner, ram.CreateShareInput{Name: "whole-org", ResourceArns: []string{arn}, Principals: []string{org}}))
	if !ram.SharedWith(e.st.Snapshot(), arn, third.Account, e.now) {
		t.Fatal("organization principal does not reach every account")
	}
	sp := newSpoke(t, e, third, "10.9.0.0/16", "10.9.0.0/24")
	a := must(e.ec2.CreateTransitGatewayVpcAttachment(ctx, third, control.VpcAttachmentInput{TransitGatewayID: g.ID, VpcID: sp.vpc.ID, SubnetIDs: []string{sp.subnet.ID}}))
	if a.State != model.TGWAvailable || a.Association == nil {
		t.Fatalf("auto-accepted attachment %+v", a)
	}
	// Deleting the share ends the direct principal's access; the
	// organization share still grants it.
	if err := e.ram.DeleteResourceShare(ctx, owner, sh.ID); err != nil {
		t.Fatal(err)
	}
	err = e.ram.DeleteResourceShare(ctx, owner, sh.ID)
	wantCode(t, err, "InvalidStateTransitionException")
	got, _ := must2(e.ram.GetResourceShares(ctx, owner, ram.SharesInput{Arns: []string{sh.ID}}))
	if len(got) != 1 || got[0].Status != rm.ShareDeleted {
		t.Fatalf("deleted share %+v", got)
	}
}

// TestResourceShareErrors pins the errors of the RAM API reference (the
// botocore model's error shapes for each operation).
func TestResourceShareErrors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	g := must(e.ec2.CreateTransitGateway(ctx, owner, control.CreateTransitGatewayInput{}))
	arn := control.TGWArn(g)
	f := false
	sh := must(e.ram.CreateResourceShare(ctx, owner, ram.CreateShareInput{Name: "s", ClientToken: "tok-1"}))
	for _, c := range []struct {
		name string
		in   ram.CreateShareInput
		code string
	}{
		{"malformed resource arn", ram.CreateShareInput{Name: "x", ResourceArns: []string{"tgw-1"}}, "MalformedArnException"},
		{"unknown gateway", ram.CreateShareInput{Name: "x", ResourceArns: []string{"arn:aws:ec2:us-east-1:111111111111:transit-gateway/tgw-0123456789abcdef0"}}, "UnknownResourceException"},
		{"another account's gateway", ram.CreateShareInput{Name: "x", ResourceArns: []string{"arn:aws:ec2:us-east-1:999999999999:transit-gateway/" + g.ID}}, "UnknownResourceException"},
		{"unshareable type", ram.CreateShareInput{Name: "x", ResourceArns: []string{"arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0123456789abcdef0"}}, "InvalidParameterException"},
		{"bad principal", ram.CreateShareInput{Name: "x", Principals: []string{"12345"}}, "InvalidParameterException"},
		{"iam role principal", ram.CreateShareInput{Name: "x", Principals: []string{"arn:aws:iam::222222222222:role/r"}}, "InvalidParameterException"},
		{"external refused", ram.CreateShareInput{Name: "x", Principals: []string{member.Account}, AllowExternalPrincipals: &f}, "OperationNotPermittedException"},
		{"unknown permission", ram.CreateShareInput{Name: "x", PermissionArns: []string{"arn:aws:ram::aws:permission/Nope"}}, "UnknownResourceException"},
		{"reserved tag", ram.CreateShareInput{Name: "x", Tags: map[string]string{"aws:x": "y"}}, "TagPolicyViolationException"},
		{"empty name", ram.CreateShareInput{Name: " "}, "InvalidParameterException"},
		{"token reused", ram.CreateShareInput{Name: "other", ClientToken: "tok-1"}, "IdempotentParameterMismatchException"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.ram.CreateResourceShare(ctx, owner, c.in)
			wantCode(t, err, c.code)
		})
	}
	again := must(e.ram.CreateResourceShare(ctx, owner, ram.CreateShareInput{Name: "s", ClientToken: "tok-1"}))
	if again.ID != sh.ID {
		t.Fatal("client token not idempotent")
	}
	// Another account cannot change the share.
	_, err := e.ram.AssociateResourceShare(ctx, member, sh.ID, []string{arn}, nil)
	wantCode(t, err, "UnknownResourceException")
	_, err = e.ram.DisassociateResourceShare(ctx, owner, sh.ID, []string{arn}, nil)
	wantCode(t, err, "UnknownResourceException")
	_, _, err = e.ram.ListResources(ctx, owner, ram.ListInput{ResourceType: "ec2:Nope"})
	wantCode(t, err, "InvalidResourceTypeException")
	_, _, err = e.ram.GetResourceShareInvitations(ctx, member, []string{"arn:aws:ram:us-east-1:111111111111:resource-share-invitation/none"}, nil, ram.Page{})
	wantCode(t, err, "ResourceShareInvitationArnNotFoundException")
	_, _, err = e.ram.GetResourceShares(ctx, owner, ram.SharesInput{Page: ram.Page{NextToken: "%%"}})
	wantCode(t, err, "InvalidNextTokenException")
	err = e.ram.DisassociateResourceSharePermission(ctx, owner, sh.ID, "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionTransitGateway")
	wantCode(t, err, "UnknownResourceException")
	must(e.ram.AssociateResourceShare(ctx, owner, sh.ID, []string{arn}, nil))
	err = e.ram.DisassociateResourceSharePermission(ctx, owner, sh.ID, "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionTransitGateway")
	wantCode(t, err, "OperationNotPermittedException")
}

// TestInvitationExpiry pins [RAM working-with-shared-invitations]: "you
// have seven days to accept the invitation"; after that it is EXPIRED and
// the principal association ends. A rejected invitation ends it too.
func TestInvitationExpiry(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	g := must(e.ec2.CreateTransitGateway(ctx, owner, control.CreateTransitGatewayInput{}))
	arn := control.TGWArn(g)
	must(e.ram.CreateResourceShare(ctx, owner, ram.CreateShareInput{Name: "s", ResourceArns: []string{arn}, Principals: []string{member.Account, third.Account}}))
	invM, _ := must2(e.ram.GetResourceShareInvitations(ctx, member, nil, nil, ram.Page{}))
	invT, _ := must2(e.ram.GetResourceShareInvitations(ctx, third, nil, nil, ram.Page{}))
	must(e.ram.RejectResourceShareInvitation(ctx, third, invT[0].ID))
	_, err := e.ram.AcceptResourceShareInvitation(ctx, third, invT[0].ID)
	wantCode(t, err, "ResourceShareInvitationAlreadyRejectedException")
	e.now = e.now.Add(7*24*time.Hour + time.Second)
	_, err = e.ram.AcceptResourceShareInvitation(ctx, member, invM[0].ID)
	wantCode(t, err, "ResourceShareInvitationExpiredException")
	as, _ := must2(e.ram.GetResourceShareAssociations(ctx, owner, ram.AssociationsInput{Type: rm.TypePrincipal}))
	for _, a := range as {
		if a.Status != rm.AssocDisassociated {
			t.Fatalf("principal association after expiry/rejection %+v", a)
		}
	}
	if ram.SharedWith(e.st.Snapshot(), arn, member.Account, e.now) {
		t.Fatal("expired invitation grants access")
	}
}

// TestPagination pins maxResults/nextToken: pages follow each other
// without gaps or repeats.
func TestPagination(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for i := 0; i < 7; i++ {
		must(e.ram.CreateResourceShare(ctx, owner, ram.CreateShareInput{Name: "s"}))
	}
	seen := map[string]bool{}
	tok := ""
	for pages := 0; ; pages++ {
		shs, next := must2(e.ram.GetResourceShares(ctx, owner, ram.SharesInput{Page: ram.Page{MaxResults: 3, NextToken: tok}}))
		for _, s := range shs {
			if seen[s.ID] {
				t.Fatalf("repeat %s", s.ID)
			}
			seen[s.ID] = true
		}
		if next == "" {
			if pages != 2 {
				t.Fatalf("%d pages", pages+1)
			}
			break
		}
		tok = next
	}
	if len(seen) != 7 {
		t.Fatalf("%d shares", len(seen))
	}
}
