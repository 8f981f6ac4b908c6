package control

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

var (
	peerScope = model.Scope{Account: "222222222222", Region: "us-east-1"}
	westScope = model.Scope{Account: "123456789012", Region: "us-west-2"}
)

// pcxNet is a service with a steppable clock and one VPC per scope.
type pcxNet struct {
	s   *Service
	mu  sync.Mutex
	now time.Time
}

func newPcxNet(t *testing.T, opts Options) *pcxNet {
	t.Helper()
	n := &pcxNet{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	st, err := store.Open(store.Options{Seed: 7, Clock: func() time.Time { n.mu.Lock(); defer n.mu.Unlock(); return n.now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	n.s = New(st, opts)
	for _, sc := range []model.Scope{testScope, peerScope, westScope} {
		if err := n.s.EnsureScope(context.Background(), sc); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

func (n *pcxNet) advance(d time.Duration) { n.mu.Lock(); n.now = n.now.Add(d); n.mu.Unlock() }

func (n *pcxNet) vpc(t *testing.T, sc model.Scope, cidr string) *model.VPC {
	t.Helper()
	v, err := n.s.CreateVpc(context.Background(), sc, CreateVpcInput{CidrBlock: cidr})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (n *pcxNet) create(t *testing.T, sc model.Scope, in CreatePeeringInput) *model.VpcPeeringConnection {
	t.Helper()
	p, err := n.s.CreateVpcPeeringConnection(context.Background(), sc, in)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// status reads connection id as sc sees it, "" when not visible.
func (n *pcxNet) status(sc model.Scope, id string) string {
	p, err := GetPeeringConnection(n.s.Snapshot(), sc, id, n.s.Now())
	if err != nil {
		return ""
	}
	return p.Status
}

// TestPeeringLifecycle pins vpc-peering-basics.md "VPC peering connection
// lifecycle" and create/accept-vpc-peering-connection.md: the accepter
// sees the request in its own account and Region, only it accepts, in its
// Region, and the connection becomes active.
func TestPeeringLifecycle(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		peer  model.Scope
		wrong []model.Scope // scopes that see it but cannot accept
	}{
		{"same account and Region", testScope, nil},
		{"cross-account", peerScope, []model.Scope{testScope}},
		{"cross-Region", westScope, []model.Scope{testScope}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := newPcxNet(t, Options{})
			a := n.vpc(t, testScope, "10.0.0.0/16")
			b := n.vpc(t, tc.peer, "10.1.0.0/16")
			p := n.create(t, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: b.ID, PeerOwnerID: tc.peer.Account, PeerRegion: tc.peer.Region})
			if p.Status != model.PeeringPendingAcceptance || p.StatusMessage != "Pending Acceptance by "+tc.peer.Account || !p.ExpirationTime.Equal(n.now.Add(7*24*time.Hour)) {
				t.Fatalf("created %+v", p)
			}
			if got := n.status(tc.peer, p.ID); got != model.PeeringPendingAcceptance {
				t.Fatalf("accepter sees %q", got)
			}
			if tc.peer != testScope {
				// An unrelated scope sees nothing.
				if got := n.status(model.Scope{Account: "333333333333", Region: "us-east-1"}, p.ID); got != "" {
					t.Fatalf("stranger sees %q", got)
				}
			}
			for _, sc := range tc.wrong {
				_, err := n.s.AcceptVpcPeeringConnection(ctx, sc, p.ID)
				wantCode(t, err, "OperationNotPermitted")
			}
			got, err := n.s.AcceptVpcPeeringConnection(ctx, tc.peer, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != model.PeeringActive || !got.ExpirationTime.IsZero() || len(got.Accepter.CidrBlocks) != 1 || got.Accepter.CidrBlocks[0].String() != "10.1.0.0/16" {
				t.Fatalf("accepted %+v", got)
			}
			_, err = n.s.AcceptVpcPeeringConnection(ctx, tc.peer, p.ID)
			wantCode(t, err, "InvalidStateTransition")
			wantCode(t, n.s.RejectVpcPeeringConnection(ctx, tc.peer, p.ID), "InvalidStateTransition")
			// Either owner deletes an active connection [delete-vpc-peering-connection.md].
			if err := n.s.DeleteVpcPeeringConnection(ctx, tc.peer, p.ID); err != nil {
				t.Fatal(err)
			}
			if got := n.status(testScope, p.ID); got != model.PeeringDeleted {
				t.Fatalf("after delete the requester sees %q", got)
			}
			wantCode(t, n.s.DeleteVpcPeeringConnection(ctx, testScope, p.ID), "InvalidStateTransition")
		})
	}
}

// TestPeeringFailsOnOverlap pins create-vpc-peering-connection.md
// "Prerequisites" and vpc-peering-basics.md "Overlapping CIDR blocks": the
// call succeeds and the connection is failed, for any overlapping block,
// IPv4 or IPv6, and for an accepter VPC that does not exist elsewhere.
func TestPeeringFailsOnOverlap(t *testing.T) {
	ctx := context.Background()
	n := newPcxNet(t, Options{})
	a := n.vpc(t, testScope, "10.0.0.0/16")
	same := n.vpc(t, testScope, "10.0.0.0/16")
	inside := n.vpc(t, peerScope, "10.0.128.0/20")
	second := n.vpc(t, testScope, "10.9.0.0/16")
	if _, _, err := n.s.AssociateVpcCidrBlock(ctx, testScope, AssociateVpcCidrInput{VpcID: second.ID, CidrBlock: "10.0.64.0/18"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		sc   model.Scope
		peer string
	}{
		{"matching", testScope, same.ID},
		{"contained", peerScope, inside.ID},
		{"secondary block", testScope, second.ID},
		{"unknown VPC in another account", peerScope, "vpc-0123456789abcdef0"},
	} {
		p := n.create(t, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: tc.peer, PeerOwnerID: tc.sc.Account})
		if p.Status != model.PeeringFailed || p.StatusMessage != peeringFailedMessage {
			t.Errorf("%s: %s %q", tc.name, p.Status, p.StatusMessage)
		}
		// Failed: visible to the requester for 2 hours, never accepted.
		_, err := n.s.AcceptVpcPeeringConnection(ctx, tc.sc, p.ID)
		if tc.sc == testScope {
			wantCode(t, err, "InvalidStateTransition")
		} else {
			wantCode(t, err, "InvalidVpcPeeringConnectionID.NotFound")
		}
	}
	// Same account and Region: an unknown accepter VPC is an error.
	_, err := n.s.CreateVpcPeeringConnection(ctx, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: "vpc-0123456789abcdef0"})
	wantCode(t, err, "InvalidVpcID.NotFound")
	_, err = n.s.CreateVpcPeeringConnection(ctx, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: a.ID})
	wantCode(t, err, "InvalidParameterValue")
	_, err = n.s.CreateVpcPeeringConnection(ctx, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: "vpc-x"})
	wantCode(t, err, "InvalidVpcID.Malformed")
}

// TestPeeringExpiryAndRetention pins vpc-peering-basics.md's lifecycle:
// an unaccepted request expires after 7 days and stays visible 2 days;
// rejected and deleted connections stay visible 2 hours to the acting
// party and 2 days to the other (2 hours within one account).
func TestPeeringExpiryAndRetention(t *testing.T) {
	ctx := context.Background()
	n := newPcxNet(t, Options{})
	a := n.vpc(t, testScope, "10.0.0.0/16")
	b := n.vpc(t, peerScope, "10.1.0.0/16")
	c := n.vpc(t, peerScope, "10.2.0.0/16")
	d := n.vpc(t, testScope, "10.3.0.0/16")
	exp := n.create(t, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: b.ID, PeerOwnerID: peerScope.Account})
	rej := n.create(t, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: c.ID, PeerOwnerID: peerScope.Account})
	own := n.create(t, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: d.ID})
	if err := n.s.RejectVpcPeeringConnection(ctx, peerScope, rej.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, n.s.RejectVpcPeeringConnection(ctx, testScope, exp.ID), "OperationNotPermitted")
	// The accepter of a pending request rejects it; it cannot delete it.
	wantCode(t, n.s.DeleteVpcPeeringConnection(ctx, peerScope, exp.ID), "OperationNotPermitted")
	if err := n.s.DeleteVpcPeeringConnection(ctx, testScope, own.ID); err != nil {
		t.Fatal(err)
	}
	n.advance(3 * time.Hour)
	if got := n.status(peerScope, rej.ID); got != "" {
		t.Errorf("rejected visible to the accepter after 3h: %q", got)
	}
	if got := n.status(testScope, rej.ID); got != model.PeeringRejected {
		t.Errorf("rejected as the requester sees it after 3h: %q", got)
	}
	if got := n.status(testScope, own.ID); got != "" {
		t.Errorf("same-account deleted visible after 3h: %q", got)
	}
	n.advance(7 * 24 * time.Hour)
	for _, sc := range []model.Scope{testScope, peerScope} {
		if got := n.status(sc, exp.ID); got != model.PeeringExpired {
			t.Errorf("after 7 days %v sees %q", sc, got)
		}
	}
	_, err := n.s.AcceptVpcPeeringConnection(ctx, peerScope, exp.ID)
	wantCode(t, err, "InvalidStateTransition")
	n.advance(2 * 24 * time.Hour)
	if got := n.status(testScope, exp.ID); got != "" {
		t.Errorf("expired still visible after 2 more days: %q", got)
	}
	// A new request purges what nobody sees any more.
	n.create(t, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: b.ID, PeerOwnerID: peerScope.Account})
	if _, ok := n.s.Snapshot().PeeringConnections.Get(exp.ID); ok {
		t.Error("expired connection not purged")
	}
}

// TestPeeringRulesAndQuotas pins vpc-peering-basics.md "Connections" (one
// connection between two VPCs) and vpc-peering-connection-quotas.md (25
// outstanding requests; 50 active connections per VPC).
func TestPeeringRulesAndQuotas(t *testing.T) {
	ctx := context.Background()
	n := newPcxNet(t, Options{AWSQuotas: true})
	hub := n.vpc(t, testScope, "10.0.0.0/16")
	b := n.vpc(t, testScope, "10.1.0.0/16")
	p := n.create(t, testScope, CreatePeeringInput{VpcID: hub.ID, PeerVpcID: b.ID})
	_, err := n.s.CreateVpcPeeringConnection(ctx, testScope, CreatePeeringInput{VpcID: b.ID, PeerVpcID: hub.ID})
	wantCode(t, err, "VpcPeeringConnectionAlreadyExists")
	if err := n.s.DeleteVpcPeeringConnection(ctx, testScope, p.ID); err != nil {
		t.Fatal(err)
	}
	n.create(t, testScope, CreatePeeringInput{VpcID: b.ID, PeerVpcID: hub.ID}) // allowed again
	// 24 more outstanding requests (one is pending already) reach the quota.
	putPeerings(t, n.s, hub.ID, model.PeeringPendingAcceptance, defaultOutstandingPeeringRequests-1, n.now.Add(time.Hour))
	v := n.vpc(t, peerScope, "10.201.0.0/24")
	_, err = n.s.CreateVpcPeeringConnection(ctx, testScope, CreatePeeringInput{VpcID: hub.ID, PeerVpcID: v.ID, PeerOwnerID: peerScope.Account})
	wantCode(t, err, "OutstandingVpcPeeringConnectionLimitExceeded")

	// 50 active per VPC.
	m := newPcxNet(t, Options{AWSQuotas: true})
	h := m.vpc(t, testScope, "10.0.0.0/16")
	putPeerings(t, m.s, h.ID, model.PeeringActive, defaultActivePeeringsPerVPC, time.Time{})
	w := m.vpc(t, peerScope, "10.5.0.0/16")
	q := m.create(t, testScope, CreatePeeringInput{VpcID: h.ID, PeerVpcID: w.ID, PeerOwnerID: peerScope.Account})
	_, err = m.s.AcceptVpcPeeringConnection(ctx, peerScope, q.ID)
	wantCode(t, err, "ActiveVpcPeeringConnectionPerVpcLimitExceeded")
}

// TestPeeringOptions pins modify-peering-connections.md: options only on
// an active connection, each owner its own side (both within one account
// and Region), and DNS hostnames and resolution on in both VPCs.
func TestPeeringOptions(t *testing.T) {
	ctx := context.Background()
	n := newPcxNet(t, Options{})
	a := n.vpc(t, testScope, "10.0.0.0/16")
	b := n.vpc(t, peerScope, "10.1.0.0/16")
	p := n.create(t, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: b.ID, PeerOwnerID: peerScope.Account})
	on := &PeeringOptionsInput{AllowDNSResolutionFromRemoteVpc: boolP(true)}
	_, err := n.s.ModifyVpcPeeringConnectionOptions(ctx, testScope, p.ID, on, nil)
	wantCode(t, err, "IncorrectState")
	if _, err := n.s.AcceptVpcPeeringConnection(ctx, peerScope, p.ID); err != nil {
		t.Fatal(err)
	}
	_, err = n.s.ModifyVpcPeeringConnectionOptions(ctx, testScope, p.ID, on, nil)
	wantCode(t, err, "InvalidVpcPeeringConnectionState.DnsHostnamesDisabled")
	for _, sc := range []struct {
		s model.Scope
		v string
	}{{testScope, a.ID}, {peerScope, b.ID}} {
		if err := n.s.ModifyVpcAttribute(ctx, sc.s, ModifyVpcAttributeInput{VpcID: sc.v, EnableDnsHostnames: boolP(true)}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = n.s.ModifyVpcPeeringConnectionOptions(ctx, testScope, p.ID, nil, on)
	wantCode(t, err, "OperationNotPermitted")
	_, err = n.s.ModifyVpcPeeringConnectionOptions(ctx, peerScope, p.ID, on, nil)
	wantCode(t, err, "OperationNotPermitted")
	got, err := n.s.ModifyVpcPeeringConnectionOptions(ctx, testScope, p.ID, on, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Requester.AllowDNSResolutionFromRemoteVpc || got.Accepter.AllowDNSResolutionFromRemoteVpc {
		t.Fatalf("options %+v %+v", got.Requester, got.Accepter)
	}
	if got, err = n.s.ModifyVpcPeeringConnectionOptions(ctx, peerScope, p.ID, nil, on); err != nil || !got.Accepter.AllowDNSResolutionFromRemoteVpc {
		t.Fatalf("accepter options: %v %+v", err, got)
	}
}

// TestPeeringRoutes pins vpc-peering-routing.md: a route to a pending
// connection is a blackhole until it is active; the route's VPC must be a
// side; deleting the connection blackholes the routes again.
func TestPeeringRoutes(t *testing.T) {
	ctx := context.Background()
	n := newPcxNet(t, Options{})
	a := n.vpc(t, testScope, "10.0.0.0/16")
	b := n.vpc(t, peerScope, "10.1.0.0/16")
	c := n.vpc(t, testScope, "10.2.0.0/16")
	p := n.create(t, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: b.ID, PeerOwnerID: peerScope.Account})
	rtA, _ := n.s.CreateRouteTable(ctx, testScope, a.ID, nil)
	rtB, _ := n.s.CreateRouteTable(ctx, peerScope, b.ID, nil)
	rtC, _ := n.s.CreateRouteTable(ctx, testScope, c.ID, nil)
	state := func(rtID, dst string) string {
		t.Helper()
		w := n.s.Snapshot()
		rt, _ := w.RouteTables.Get(rtID)
		for i := range rt.Routes {
			if rt.Routes[i].Destination.String() == dst {
				return RouteState(w, rt, &rt.Routes[i])
			}
		}
		t.Fatalf("no route to %s in %s", dst, rtID)
		return ""
	}
	if err := n.s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: rtA.ID, DestinationCidrBlock: "10.1.0.0/16", VpcPeeringConnectionID: p.ID}); err != nil {
		t.Fatal(err)
	}
	if got := state(rtA.ID, "10.1.0.0/16"); got != RouteBlackhole {
		t.Fatalf("route to a pending connection is %s", got)
	}
	err := n.s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: rtC.ID, DestinationCidrBlock: "10.1.0.0/16", VpcPeeringConnectionID: p.ID})
	wantCode(t, err, "InvalidParameterValue")
	err = n.s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: rtC.ID, DestinationCidrBlock: "10.1.0.0/16", VpcPeeringConnectionID: "pcx-0123456789abcdef0"})
	wantCode(t, err, "InvalidVpcPeeringConnectionID.NotFound")
	if _, err := n.s.AcceptVpcPeeringConnection(ctx, peerScope, p.ID); err != nil {
		t.Fatal(err)
	}
	// The accepter routes to the connection from its own account.
	if err := n.s.CreateRoute(ctx, peerScope, RouteInput{RouteTableID: rtB.ID, DestinationCidrBlock: "10.0.0.0/24", VpcPeeringConnectionID: p.ID}); err != nil {
		t.Fatal(err)
	}
	if a, b := state(rtA.ID, "10.1.0.0/16"), state(rtB.ID, "10.0.0.0/24"); a != RouteActive || b != RouteActive {
		t.Fatalf("active connection routes: %s %s", a, b)
	}
	// An active connection keeps its VPCs [delete-vpc-peering-connection.md].
	wantCode(t, n.s.DeleteVpc(ctx, peerScope, b.ID), "DependencyViolation")
	if err := n.s.DeleteVpcPeeringConnection(ctx, testScope, p.ID); err != nil {
		t.Fatal(err)
	}
	if got := state(rtB.ID, "10.0.0.0/24"); got != RouteBlackhole {
		t.Fatalf("route to a deleted connection is %s", got)
	}
	err = n.s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: rtA.ID, DestinationCidrBlock: "10.1.5.0/24", VpcPeeringConnectionID: p.ID})
	wantCode(t, err, "InvalidVpcPeeringConnectionID.NotFound")
}

// TestPeeringDeleteVpc pins delete-vpc-peering-connection.md: the
// accepter cannot delete a VPC with a pending request from another
// account; the requester's pending request goes with its VPC.
func TestPeeringDeleteVpc(t *testing.T) {
	ctx := context.Background()
	n := newPcxNet(t, Options{})
	a := n.vpc(t, testScope, "10.0.0.0/16")
	b := n.vpc(t, peerScope, "10.1.0.0/16")
	p := n.create(t, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: b.ID, PeerOwnerID: peerScope.Account})
	wantCode(t, n.s.DeleteVpc(ctx, peerScope, b.ID), "DependencyViolation")
	if err := n.s.DeleteVpc(ctx, testScope, a.ID); err != nil {
		t.Fatal(err)
	}
	if got := n.status(peerScope, p.ID); got != model.PeeringDeleted {
		t.Fatalf("request after its VPC went: %q", got)
	}
	if err := n.s.DeleteVpc(ctx, peerScope, b.ID); err != nil {
		t.Fatal(err)
	}
}

// TestPeeringSecurityGroups pins vpc-peering-security-groups.md: a rule
// may reference another account's group in a VPC peered in the same
// Region over an active connection; not across Regions, not without
// peering; the rule goes stale when the connection or the group goes, and
// is no longer stale once the VPCs are peered again.
func TestPeeringSecurityGroups(t *testing.T) {
	ctx := context.Background()
	n := newPcxNet(t, Options{})
	a := n.vpc(t, testScope, "10.0.0.0/16")
	b := n.vpc(t, peerScope, "10.1.0.0/16")
	w := n.vpc(t, westScope, "10.2.0.0/16")
	ga, _ := n.s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "app", Description: "app", VpcID: a.ID})
	gb, _ := n.s.CreateSecurityGroup(ctx, peerScope, CreateSecurityGroupInput{GroupName: "db", Description: "db", VpcID: b.ID})
	gw, _ := n.s.CreateSecurityGroup(ctx, westScope, CreateSecurityGroupInput{GroupName: "west", Description: "west", VpcID: w.ID})
	ref := func(g *model.SecurityGroup) error {
		_, err := n.s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: ga.ID, Permissions: []SGPermission{{
			Protocol: "tcp", FromPort: sgP32(5432), ToPort: sgP32(5432), Groups: []SGGroupPeer{{GroupID: g.ID, UserID: g.Account}},
		}}})
		return err
	}
	wantCode(t, ref(gb), "InvalidGroup.NotFound") // not peered yet
	p := n.create(t, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: b.ID, PeerOwnerID: peerScope.Account})
	wantCode(t, ref(gb), "InvalidGroup.NotFound") // pending is not active
	if _, err := n.s.AcceptVpcPeeringConnection(ctx, peerScope, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := ref(gb); err != nil {
		t.Fatal(err)
	}
	pw := n.create(t, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: w.ID, PeerRegion: westScope.Region})
	if _, err := n.s.AcceptVpcPeeringConnection(ctx, westScope, pw.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, ref(gw), "InvalidGroup.NotFound") // inter-Region peering
	var rule *model.SecurityGroupRule
	for _, r := range n.s.Snapshot().SecurityGroupRules.Children(ga.ID) {
		if r.RefGroupID == gb.ID {
			rule = r
		}
	}
	if rule == nil || rule.RefUserID != peerScope.Account || rule.RefVpcID != b.ID || rule.RefPeeringID != p.ID {
		t.Fatalf("rule %+v", rule)
	}
	stale := func() []StaleGroup {
		var out []StaleGroup
		if err := StaleSecurityGroups(n.s.Snapshot(), testScope, a.ID, "", n.s.Now(), func(g StaleGroup) bool { out = append(out, g); return true }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := stale(); len(got) != 0 {
		t.Fatalf("stale while active: %+v", got)
	}
	if err := n.s.DeleteVpcPeeringConnection(ctx, peerScope, p.ID); err != nil {
		t.Fatal(err)
	}
	got := stale()
	if len(got) != 1 || got[0].Group.ID != ga.ID || len(got[0].Ingress) != 1 || got[0].Ingress[0].PeeringStatus != model.PeeringDeleted || got[0].Ingress[0].RefGroupName != "db" {
		t.Fatalf("stale after delete: %+v", got)
	}
	p2 := n.create(t, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: b.ID, PeerOwnerID: peerScope.Account})
	if _, err := n.s.AcceptVpcPeeringConnection(ctx, peerScope, p2.ID); err != nil {
		t.Fatal(err)
	}
	if got := stale(); len(got) != 0 {
		t.Fatalf("stale after peering again: %+v", got)
	}
	// The peer may delete its referenced group; the rule goes stale.
	if _, err := n.s.DeleteSecurityGroup(ctx, peerScope, gb.ID, ""); err != nil {
		t.Fatal(err)
	}
	if got := stale(); len(got) != 1 {
		t.Fatalf("stale after the group went: %+v", got)
	}
	err := StaleSecurityGroups(n.s.Snapshot(), testScope, b.ID, "", n.s.Now(), func(StaleGroup) bool { return true })
	wantCode(t, err, "InvalidVpcID.NotFound")
}

// TestPeeringTagsPerSide pins vpc-peering-basics.md "Connections": tags
// apply only in the account and Region in which they are created.
func TestPeeringTagsPerSide(t *testing.T) {
	ctx := context.Background()
	n := newPcxNet(t, Options{})
	a := n.vpc(t, testScope, "10.0.0.0/16")
	b := n.vpc(t, peerScope, "10.1.0.0/16")
	p := n.create(t, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: b.ID, PeerOwnerID: peerScope.Account, Tags: map[string]string{"Side": "requester"}})
	if err := n.s.CreateTags(ctx, peerScope, []string{p.ID}, map[string]string{"Side": "accepter", "Team": "db"}); err != nil {
		t.Fatal(err)
	}
	w := n.s.Snapshot()
	got, _ := w.PeeringConnections.Get(p.ID)
	if got.Tags["Side"] != "requester" || len(got.Tags) != 1 || got.AccepterTags["Side"] != "accepter" || got.AccepterTags["Team"] != "db" {
		t.Fatalf("tags %v / %v", got.Tags, got.AccepterTags)
	}
	if v := PeeringForScope(got, peerScope); v.Tags["Side"] != "accepter" {
		t.Fatalf("accepter view %v", v.Tags)
	}
	if err := n.s.DeleteTags(ctx, peerScope, []string{p.ID}, []TagFilter{{Key: "Team"}}); err != nil {
		t.Fatal(err)
	}
	list := ListTags(n.s.Snapshot(), peerScope)
	n1 := 0
	for _, tr := range list {
		if tr.ResourceID == p.ID {
			n1++
			if tr.Key != "Side" || tr.Value != "accepter" || tr.ResourceType != "vpc-peering-connection" {
				t.Fatalf("accepter tag %+v", tr)
			}
		}
	}
	if n1 != 1 {
		t.Fatalf("accepter tags listed: %d", n1)
	}
	wantCode(t, n.s.CreateTags(ctx, model.Scope{Account: "333333333333", Region: "us-east-1"}, []string{p.ID}, map[string]string{"k": "v"}), "InvalidVpcPeeringConnectionID.NotFound")
}

// putPeerings stores n connections from vpcID to made-up accepter VPCs.
func putPeerings(t *testing.T, s *Service, vpcID, status string, n int, expires time.Time) {
	t.Helper()
	err := s.Store().Join(context.Background(), func(tx *store.Tx) error {
		for i := 0; i < n; i++ {
			tx.PeeringConnections.Put(&model.VpcPeeringConnection{
				Meta:           model.Meta{ID: tx.NewID("pcx"), Account: testScope.Account, Region: testScope.Region},
				Requester:      model.PeeringSide{OwnerID: testScope.Account, Region: testScope.Region, VpcID: vpcID},
				Accepter:       model.PeeringSide{OwnerID: peerScope.Account, Region: peerScope.Region, VpcID: tx.NewID("vpc")},
				Status:         status,
				ExpirationTime: expires,
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
