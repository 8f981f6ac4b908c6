package directconnect

import (
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// attachedVGWIn returns a virtual private gateway of sc attached to a new
// VPC of sc.
func (w *world) attachedVGWIn(t *testing.T, sc Scope, cidr string) string {
	t.Helper()
	v := must[*model.VPC](t)(w.ec2.CreateVpc(ctx, sc, control.CreateVpcInput{CidrBlock: cidr}))
	g := must[*model.VpnGateway](t)(w.ec2.CreateVpnGateway(ctx, sc, control.CreateVpnGatewayInput{Type: "ipsec.1"}))
	if err := w.ec2.AttachVpnGateway(ctx, sc, g.ID, v.ID); err != nil {
		t.Fatal(err)
	}
	return g.ID
}

// Cross-account associations of a virtual private gateway [DX
// multi-account-associate-vgw.md]: the gateway's owner (other) proposes,
// the Direct Connect gateway's owner (scope) accepts; the association is
// the gateway owner's, both see it, and the Direct Connect gateway's
// private interfaces reach the other account's VGW (route selection).
func TestProposalVGWCrossAccount(t *testing.T) {
	w := newWorld(t)
	gw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "hub", 0, nil))
	vgw := w.attachedVGWIn(t, other, "10.20.0.0/16")

	// The only way across accounts is the proposal: the Direct Connect
	// gateway's owner cannot name the other account's gateway.
	_, err := w.dx.CreateAssociation(ctx, scope, gw.ID, vgw, nil)
	wantErr(t, err, codeClient, "does not exist")
	_, err = w.dx.CreateAssociation(ctx, other, gw.ID, vgw, nil)
	wantErr(t, err, codeClient, "Direct Connect Gateway "+gw.ID+" does not exist")

	cases := []struct {
		name string
		in   ProposalInput
		sub  string
	}{
		{"wrong owner account", ProposalInput{GatewayID: gw.ID, GatewayOwner: other.Account, AssociatedID: vgw}, "does not exist in account"},
		{"unknown gateway", ProposalInput{GatewayID: "00000000-0000-0000-0000-000000000000", GatewayOwner: scope.Account, AssociatedID: vgw}, "does not exist"},
		{"not the caller's vgw", ProposalInput{GatewayID: gw.ID, GatewayOwner: scope.Account, AssociatedID: "vgw-0123456789abcdef0"}, "does not exist"},
		{"not a gateway", ProposalInput{GatewayID: gw.ID, GatewayOwner: scope.Account, AssociatedID: "igw-0123"}, "not a virtual private gateway"},
		{"bad prefix", ProposalInput{GatewayID: gw.ID, GatewayOwner: scope.Account, AssociatedID: vgw, Add: []string{"10.0.0.0/33"}}, "not a valid CIDR"},
		{"remove without association", ProposalInput{GatewayID: gw.ID, GatewayOwner: scope.Account, AssociatedID: vgw, Remove: []string{"10.20.0.0/16"}}, "no allowed prefixes to remove"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := w.dx.CreateProposal(ctx, other, c.in)
			wantErr(t, err, codeClient, c.sub)
		})
	}

	p := must[*dx.Proposal](t)(w.dx.CreateProposal(ctx, other, ProposalInput{GatewayID: gw.ID, GatewayOwner: scope.Account, AssociatedID: vgw}))
	if p.State != dx.ProposalRequested || p.AssociatedType != dx.GatewayTypeVGW || p.Account != other.Account || p.GatewayOwner != scope.Account {
		t.Fatalf("proposal = %+v", p)
	}
	// Both accounts see it; a third does not.
	for _, sc := range []Scope{scope, other} {
		if ps, _, err := w.dx.DescribeProposals(ctx, sc, ProposalFilter{GatewayID: gw.ID}, Page{}); err != nil || len(ps) != 1 || ps[0].ID != p.ID {
			t.Fatalf("%s sees %+v, %v", sc.Account, ps, err)
		}
	}
	third := Scope{Account: "333333333333", Region: "us-east-1"}
	if ps, _, _ := w.dx.DescribeProposals(ctx, third, ProposalFilter{}, Page{}); len(ps) != 0 {
		t.Fatalf("third account sees %+v", ps)
	}

	accepts := []struct {
		name string
		sc   Scope
		in   AcceptInput
		sub  string
	}{
		{"proposer cannot accept", other, AcceptInput{GatewayID: gw.ID, ProposalID: p.ID, AssociatedGatewayOwner: other.Account}, "does not exist"},
		{"unknown proposal", scope, AcceptInput{GatewayID: gw.ID, ProposalID: "nope", AssociatedGatewayOwner: other.Account}, "Proposal nope does not exist"},
		{"wrong gateway owner account", scope, AcceptInput{GatewayID: gw.ID, ProposalID: p.ID, AssociatedGatewayOwner: third.Account}, "owned by account " + other.Account},
		{"third account", third, AcceptInput{GatewayID: gw.ID, ProposalID: p.ID, AssociatedGatewayOwner: other.Account}, "does not exist"},
	}
	for _, c := range accepts {
		t.Run(c.name, func(t *testing.T) {
			_, err := w.dx.AcceptProposal(ctx, c.sc, c.in)
			wantErr(t, err, codeClient, c.sub)
		})
	}

	a := must[*dx.Association](t)(w.dx.AcceptProposal(ctx, scope, AcceptInput{GatewayID: gw.ID, ProposalID: p.ID, AssociatedGatewayOwner: other.Account}))
	if a.State != dx.AssocAssociating || a.Account != other.Account || a.GatewayOwner != scope.Account || strings.Join(a.AllowedPrefixes, ",") != "10.20.0.0/16" {
		t.Fatalf("association = %+v", a)
	}
	_, err = w.dx.AcceptProposal(ctx, scope, AcceptInput{GatewayID: gw.ID, ProposalID: p.ID, AssociatedGatewayOwner: other.Account})
	wantErr(t, err, codeClient, "has been accepted")
	for _, sc := range []Scope{scope, other} {
		as, _, err := w.dx.DescribeAssociations(ctx, sc, AssociationFilter{GatewayID: gw.ID}, Page{})
		if err != nil || len(as) != 1 || as[0].Account != other.Account || as[0].State != dx.AssocAssociated {
			t.Fatalf("%s sees associations %+v, %v", sc.Account, as, err)
		}
		ps, _, _ := w.dx.DescribeProposals(ctx, sc, ProposalFilter{ProposalID: p.ID}, Page{})
		if len(ps) != 1 || ps[0].State != dx.ProposalAccepted || strings.Join(ps[0].Existing, ",") != "10.20.0.0/16" {
			t.Fatalf("%s sees proposal %+v", sc.Account, ps)
		}
	}

	// The Direct Connect gateway's private interface reaches the VGW.
	c := w.conn(t, "10Gbps")
	v := must[*dx.VirtualInterface](t)(w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifPrivate, PortID: c.ID, Name: "p", Vlan: 10, Asn: 65100, DxGatewayID: gw.ID,
		Tags: map[string]string{model.BGPTagKey: "172.16.0.0/16"}}))
	sel := control.VGWSelectedRoutes(w.st.Snapshot(), vgw)
	if len(sel) != 1 || sel[0].Best.NextHop != v.ID || sel[0].Best.Kind != model.SourceDirectConnect {
		t.Fatalf("selected routes of the other account's VGW = %+v", sel)
	}

	// Only the Direct Connect gateway's owner updates the association; the
	// gateway's owner proposes the change [DX multi-account-associate-vgw.md
	// "Updating the allowed prefixes for an association"].
	_, err = w.dx.UpdateAssociation(ctx, other, a.ID, []string{"10.21.0.0/16"}, nil)
	wantErr(t, err, codeClient, "creates an association proposal")
	up := must[*dx.Proposal](t)(w.dx.CreateProposal(ctx, other, ProposalInput{GatewayID: gw.ID, GatewayOwner: scope.Account, AssociatedID: vgw,
		Add: []string{"10.21.0.0/16"}, Remove: []string{"10.20.0.0/16"}}))
	ps, _, _ := w.dx.DescribeProposals(ctx, scope, ProposalFilter{ProposalID: up.ID}, Page{})
	if len(ps) != 1 || strings.Join(ps[0].Existing, ",") != "10.20.0.0/16" || strings.Join(ps[0].Requested, ",") != "10.21.0.0/16" {
		t.Fatalf("update proposal = %+v", ps)
	}
	u := must[*dx.Association](t)(w.dx.AcceptProposal(ctx, scope, AcceptInput{GatewayID: gw.ID, ProposalID: up.ID, AssociatedGatewayOwner: other.Account}))
	if u.ID != a.ID || u.State != dx.AssocUpdating || strings.Join(u.AllowedPrefixes, ",") != "10.21.0.0/16" {
		t.Fatalf("updated association = %+v", u)
	}
	// The owner of the Direct Connect gateway updates directly.
	u = must[*dx.Association](t)(w.dx.UpdateAssociation(ctx, scope, a.ID, []string{"10.20.0.0/16"}, nil))
	if len(u.AllowedPrefixes) != 2 {
		t.Fatalf("owner's update = %+v", u)
	}
	// Deleting the accepted proposal leaves the association in place.
	if d := must[ProposalView](t)(w.dx.DeleteProposal(ctx, other, p.ID)); d.State != dx.ProposalDeleted {
		t.Fatalf("deleted accepted proposal = %+v", d)
	}
	if as, _, _ := w.dx.DescribeAssociations(ctx, scope, AssociationFilter{GatewayID: gw.ID}, Page{}); len(as) != 1 {
		t.Fatalf("association after deleting its proposal: %+v", as)
	}
	if ps, _, _ := w.dx.DescribeProposals(ctx, other, ProposalFilter{ProposalID: p.ID}, Page{}); len(ps) != 0 {
		t.Fatalf("deleted accepted proposal still listed: %+v", ps)
	}
	// Either party disassociates.
	must[*dx.Association](t)(w.dx.DeleteAssociation(ctx, other, a.ID, "", ""))
	if sel := control.VGWSelectedRoutes(w.st.Snapshot(), vgw); len(sel) != 0 {
		t.Fatalf("after disassociation: %+v", sel)
	}
}

// A transit gateway of another account [DX multi-account-associate-tgw.md]:
// the accepter may override the requested prefixes; the association
// creates the transit gateway's direct-connect-gateway attachment in the
// transit gateway owner's account, with the Direct Connect gateway's
// owner as resource owner, and the transit interfaces' prefixes propagate.
func TestProposalTGWCrossAccount(t *testing.T) {
	w := newWorld(t)
	gw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "hub", 65010, nil))
	tgw := must[*model.TransitGateway](t)(w.ec2.CreateTransitGateway(ctx, other, control.CreateTransitGatewayInput{}))
	p := must[*dx.Proposal](t)(w.dx.CreateProposal(ctx, other, ProposalInput{GatewayID: gw.ID, GatewayOwner: scope.Account, AssociatedID: tgw.ID, Add: []string{"10.0.0.0/16"}}))
	if p.AssociatedType != dx.GatewayTypeTGW {
		t.Fatalf("proposal = %+v", p)
	}
	a := must[*dx.Association](t)(w.dx.AcceptProposal(ctx, scope, AcceptInput{GatewayID: gw.ID, ProposalID: p.ID, AssociatedGatewayOwner: other.Account,
		Override: []string{"10.0.0.0/8"}}))
	if strings.Join(a.AllowedPrefixes, ",") != "10.0.0.0/8" || a.Account != other.Account {
		t.Fatalf("association = %+v", a)
	}
	snap := w.st.Snapshot()
	att, ok := snap.TGWAttachments.Get(a.TGWAttachmentID)
	if !ok || att.Account != other.Account || att.ResourceOwnerID != scope.Account || att.ResourceID != gw.ID || att.State != model.TGWAvailable {
		t.Fatalf("attachment = %+v", att)
	}
	c := w.conn(t, "10Gbps")
	v := must[*dx.VirtualInterface](t)(w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifTransit, PortID: c.ID, Name: "t", Vlan: 2, Asn: 65100, DxGatewayID: gw.ID,
		Tags: map[string]string{model.BGPTagKey: "172.16.0.0/16"}}))
	snap = w.st.Snapshot()
	g, _ := snap.TransitGateways.Get(tgw.ID)
	rt, _ := snap.TGWRouteTables.Get(g.Options.PropagationDefaultRouteTableID)
	found := false
	for _, r := range control.TGWTableRoutes(snap, rt) {
		if r.Destination == netip.MustParsePrefix("172.16.0.0/16") && r.ResourceID == gw.ID {
			found = true
		}
	}
	if !found {
		t.Fatalf("the transit interface %s's prefix is not propagated in the other account's TGW", v.ID)
	}
	// A transit gateway proposal without prefixes, accepted without
	// override, fails the association's checks.
	tgw2 := must[*model.TransitGateway](t)(w.ec2.CreateTransitGateway(ctx, other, control.CreateTransitGatewayInput{AmazonSideAsn: 64600}))
	p2 := must[*dx.Proposal](t)(w.dx.CreateProposal(ctx, other, ProposalInput{GatewayID: gw.ID, GatewayOwner: scope.Account, AssociatedID: tgw2.ID}))
	_, err := w.dx.AcceptProposal(ctx, scope, AcceptInput{GatewayID: gw.ID, ProposalID: p2.ID, AssociatedGatewayOwner: other.Account})
	wantErr(t, err, codeClient, "Allowed prefixes are required")
	// The Direct Connect gateway's owner rejects it.
	d := must[ProposalView](t)(w.dx.DeleteProposal(ctx, scope, p2.ID))
	if d.State != dx.ProposalDeleted {
		t.Fatalf("rejected = %+v", d)
	}
	_, err = w.dx.AcceptProposal(ctx, scope, AcceptInput{GatewayID: gw.ID, ProposalID: p2.ID, AssociatedGatewayOwner: other.Account})
	wantErr(t, err, codeClient, "has been deleted")
	_, err = w.dx.DeleteProposal(ctx, other, p2.ID)
	wantErr(t, err, codeClient, "has been deleted")
}

// Proposal lifetime [DX virtualgateways.md]: "expires 7 days after it is
// created"; accepted or deleted proposals remain visible for 3 days.
func TestProposalExpiry(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	st, err := store.Open(store.Options{Clock: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	w := &world{st: st, ec2: control.New(st, control.Options{}), dx: New(st, Options{})}
	for _, sc := range []Scope{scope, other} {
		if err := w.ec2.EnsureScope(ctx, sc); err != nil {
			t.Fatal(err)
		}
	}
	gw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "hub", 0, nil))
	vgw := w.attachedVGWIn(t, other, "10.30.0.0/16")
	p := must[*dx.Proposal](t)(w.dx.CreateProposal(ctx, other, ProposalInput{GatewayID: gw.ID, GatewayOwner: scope.Account, AssociatedID: vgw}))
	state := func() string {
		ps, _, err := w.dx.DescribeProposals(ctx, other, ProposalFilter{ProposalID: p.ID}, Page{})
		if err != nil || len(ps) > 1 {
			t.Fatalf("describe: %+v %v", ps, err)
		}
		if len(ps) == 0 {
			return "gone"
		}
		return ps[0].State
	}
	steps := []struct {
		after time.Duration
		want  string
	}{
		{6 * 24 * time.Hour, dx.ProposalRequested},
		{24 * time.Hour, dx.ProposalDeleted}, // 7 days: expired
		{71 * time.Hour, dx.ProposalDeleted},
		{time.Hour, "gone"}, // 3 days after expiry
	}
	for i, s := range steps {
		advance(s.after)
		if got := state(); got != s.want {
			t.Fatalf("step %d: state %s, want %s", i, got, s.want)
		}
	}
	_, err = w.dx.AcceptProposal(ctx, scope, AcceptInput{GatewayID: gw.ID, ProposalID: p.ID, AssociatedGatewayOwner: other.Account})
	wantErr(t, err, codeClient, "does not exist")
	// The next proposal call that commits removes it from the store.
	must[*dx.Proposal](t)(w.dx.CreateProposal(ctx, other, ProposalInput{GatewayID: gw.ID, GatewayOwner: scope.Account, AssociatedID: vgw}))
	if n := ProposalKind.In(st.Snapshot()).Len(); n != 1 {
		t.Fatalf("%d proposals stored after expiry, want the new one only", n)
	}
}

// Pagination [DescribeDirectConnectGatewayAssociationProposals]: pages of
// maxResults (at most 100) with a nextToken.
func TestProposalPagination(t *testing.T) {
	w := newWorld(t)
	gw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "hub", 65010, nil))
	for range 3 {
		tgw := must[*model.TransitGateway](t)(w.ec2.CreateTransitGateway(ctx, other, control.CreateTransitGatewayInput{}))
		must[*dx.Proposal](t)(w.dx.CreateProposal(ctx, other, ProposalInput{GatewayID: gw.ID, GatewayOwner: scope.Account, AssociatedID: tgw.ID}))
	}
	seen := map[string]bool{}
	token := ""
	for i := 0; ; i++ {
		ps, next, err := w.dx.DescribeProposals(ctx, scope, ProposalFilter{}, Page{MaxResults: 2, NextToken: token})
		if err != nil || len(ps) > 2 || i > 2 {
			t.Fatalf("page %d: %d, %v", i, len(ps), err)
		}
		for _, p := range ps {
			seen[p.ID] = true
		}
		if next == "" {
			break
		}
		token = next
	}
	if len(seen) != 3 {
		t.Fatalf("saw %d proposals", len(seen))
	}
	_, _, err := w.dx.DescribeProposals(ctx, scope, ProposalFilter{}, Page{NextToken: "!!"})
	wantErr(t, err, codeClient, "nextToken")
}
