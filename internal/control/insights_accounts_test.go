package control

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Accounts and Regions of the cross-account world.
var (
	scopeA  = testScope                                                 // the caller
	scopeB  = model.Scope{Account: "210987654321", Region: "us-east-1"} // the peer
	scopeC  = model.Scope{Account: "333333333333", Region: "us-east-1"} // the network account
	scopeAW = model.Scope{Account: testScope.Account, Region: "us-west-2"}
)

// crossNet is a world of three accounts and two Regions: VPC a
// (10.0.0.0/16, account A) with instance ia, VPC b (10.1.0.0/16, account
// B) with instance ib (a group allowing tcp/22 from 10.0.0.0/16), an
// active peering connection pcx between them (requested by A, routes
// both ways), VPC w (10.2.0.0/16, account A, us-west-2) peered with a
// across Regions (pcxW), and a transit gateway of account C with an
// attachment of VPC a and a route table. The peering and transit gateway
// objects are written with the model types directly.
type crossNet struct {
	s                      *Service
	vpcA, vpcB, vpcW       string
	rtbA, rtbB, rtbW       string
	subA, subB             string
	ia, ib                 *model.Instance
	sgB                    string
	pcx, pcxW, pcxGone     string
	tgw, tgwAttach, tgwRtb string
	ibIP                   string
}

func newCrossNet(t *testing.T) *crossNet {
	t.Helper()
	ctx := context.Background()
	s := newTestService(t)
	n := &crossNet{s: s}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, sc := range []model.Scope{scopeA, scopeB, scopeC, scopeAW} {
		must(s.EnsureScope(ctx, sc))
	}
	vpc := func(sc model.Scope, cidr, sub string) (string, string, string) {
		v, err := s.CreateVpc(ctx, sc, CreateVpcInput{CidrBlock: cidr})
		must(err)
		sn, err := s.CreateSubnet(ctx, sc, CreateSubnetInput{VpcID: v.ID, CidrBlock: sub})
		must(err)
		var main string
		s.Snapshot().RouteTables.ByParent(v.ID, func(rt *model.RouteTable) bool {
			for _, a := range rt.Associations {
				if a.Main {
					main = rt.ID
				}
			}
			return true
		})
		return v.ID, sn.ID, main
	}
	n.vpcA, n.subA, n.rtbA = vpc(scopeA, "10.0.0.0/16", "10.0.1.0/24")
	n.vpcB, n.subB, n.rtbB = vpc(scopeB, "10.1.0.0/16", "10.1.1.0/24")
	n.vpcW, _, n.rtbW = vpc(scopeAW, "10.2.0.0/16", "10.2.1.0/24")
	g, err := s.CreateSecurityGroup(ctx, scopeB, CreateSecurityGroupInput{GroupName: "ssh", Description: "ssh", VpcID: n.vpcB})
	must(err)
	n.sgB = g.ID
	_, err = s.AuthorizeSecurityGroupRules(ctx, scopeB, AuthorizeSecurityGroupRulesInput{GroupID: n.sgB,
		Permissions: []SGPermission{{Protocol: "tcp", FromPort: p32(22), ToPort: p32(22), IPv4: []SGPeer{{Value: "10.0.0.0/16"}}}}})
	must(err)
	got, err := s.RunInstances(ctx, scopeA, runIn(n.subA, 1))
	must(err)
	n.ia = got[0]
	in := runIn(n.subB, 1)
	in.SecurityGroupIDs = []string{n.sgB}
	got, err = s.RunInstances(ctx, scopeB, in)
	must(err)
	n.ib = got[0]
	e, _ := s.Snapshot().NetworkInterfaces.Get(n.ib.PrimaryENI)
	n.ibIP = e.PrimaryIP().String()

	_, err = s.Store().Update(ctx, func(tx *store.Tx) error {
		side := func(sc model.Scope, vpc string) model.PeeringSide {
			return model.PeeringSide{OwnerID: sc.Account, Region: sc.Region, VpcID: vpc}
		}
		put := func(acc model.Scope, vpc, status string) string {
			p := &model.VpcPeeringConnection{Meta: newMeta(tx, scopeA, tx.NewID("pcx"), nil),
				Requester: side(scopeA, n.vpcA), Accepter: side(acc, vpc), Status: status}
			tx.PeeringConnections.Put(p)
			return p.ID
		}
		n.pcx = put(scopeB, n.vpcB, model.PeeringActive)
		n.pcxW = put(scopeAW, n.vpcW, model.PeeringActive)
		n.pcxGone = put(scopeB, n.vpcB, model.PeeringDeleted)
		route := func(rtb, dst, pcx string) {
			rt, _ := tx.RouteTables.Get(rtb)
			c := *rt
			c.Routes = append(slices.Clone(rt.Routes), model.Route{Destination: netip.MustParsePrefix(dst), Target: model.TargetPeering, TargetID: pcx, Origin: "CreateRoute"})
			tx.RouteTables.Put(&c)
		}
		route(n.rtbA, "10.1.0.0/16", n.pcx)
		route(n.rtbB, "10.0.0.0/16", n.pcx)
		route(n.rtbA, "10.2.0.0/16", n.pcxW)
		route(n.rtbW, "10.0.0.0/16", n.pcxW)

		tg := &model.TransitGateway{Meta: newMeta(tx, scopeC, tx.NewID("tgw"), nil), State: model.TGWAvailable}
		tx.TransitGateways.Put(tg)
		n.tgw = tg.ID
		rt := &model.TransitGatewayRouteTable{Meta: newMeta(tx, scopeC, tx.NewID("tgw-rtb"), nil), TransitGatewayID: tg.ID, State: model.TGWAvailable}
		tx.TGWRouteTables.Put(rt)
		n.tgwRtb = rt.ID
		at := &model.TransitGatewayAttachment{Meta: newMeta(tx, scopeA, tx.NewID("tgw-attach"), nil), TransitGatewayID: tg.ID,
			TransitGatewayOwnerID: scopeC.Account, ResourceType: model.TGWAttachVPC, ResourceID: n.vpcA, ResourceOwnerID: scopeA.Account,
			State: model.TGWAvailable, VpcID: n.vpcA, SubnetIDs: []string{n.subA}, Association: &model.TGWAssociation{RouteTableID: rt.ID, State: "associated"}}
		tx.TGWAttachments.Put(at)
		n.tgwAttach = at.ID
		return nil
	})
	must(err)
	return n
}

// arnOf is the ARN of id owned by sc.
func arnOf(sc model.Scope, id string) string { return ARN(sc, id) }

// TestNetworkInsightsPathAcrossAccounts pins which sources and
// destinations a path takes across accounts and Regions: a resource of
// another account by ARN only ("If the resource is in another account, you
// must specify an ARN" [botocore CreateNetworkInsightsPathRequest]; every
// account of a vpcsim server is a member of one organization
// [RA-guide "Cross-account analyses"]), in the path's Region only ("The
// source and destination resources must be in the same Region"
// [RA-guide "How Reachability Analyzer works"]); transit gateways, their
// attachments and peering connections as endpoints (ibid., "Source and
// destination resources").
func TestNetworkInsightsPathAcrossAccounts(t *testing.T) {
	n := newCrossNet(t)
	ctx := context.Background()
	bad := []struct {
		name  string
		scope model.Scope
		src   string
		dst   string
		code  string
	}{
		{"another account's instance by id", scopeA, n.ia.ID, n.ib.ID, "InvalidInstanceID.NotFound"},
		{"an ARN naming the wrong account", scopeA, n.ia.ID, arnOf(scopeA, n.ib.ID), "InvalidInstanceID.NotFound"},
		{"an ARN of another Region", scopeA, n.ia.ID, arnOf(model.Scope{Account: scopeB.Account, Region: "us-west-2"}, n.ib.ID), "InvalidParameterValue"},
		{"an ARN whose type is not the id's", scopeA, n.ia.ID, "arn:aws:ec2:us-east-1:" + scopeB.Account + ":network-interface/" + n.ib.ID, "InvalidParameterValue"},
		{"an ARN with a malformed account", scopeA, n.ia.ID, "arn:aws:ec2:us-east-1:2109:instance/" + n.ib.ID, "InvalidParameterValue"},
		{"not an EC2 ARN", scopeA, "arn:aws:s3:::bucket/" + n.ia.ID, n.ib.ID, "InvalidParameterValue"},
		{"another account's transit gateway by id", scopeA, n.tgw, n.ia.ID, "InvalidTransitGatewayID.NotFound"},
		{"a malformed transit gateway id", scopeA, "tgw-xyz", n.ia.ID, "InvalidTransitGatewayID.Malformed"},
		{"an unknown attachment", scopeA, "tgw-attach-0123456789abcdef0", n.ia.ID, "InvalidTransitGatewayAttachmentID.NotFound"},
		{"an attachment of another's VPC to another's gateway", scopeB, "tgw-attach-0123456789abcdef0", n.ib.ID, "InvalidTransitGatewayAttachmentID.NotFound"},
		{"a peering connection the account is no side of", scopeC, n.pcx, arnOf(scopeA, n.ia.ID), "InvalidVpcPeeringConnectionID.NotFound"},
		{"a deleted peering connection", scopeA, n.pcxGone, n.ia.ID, "InvalidVpcPeeringConnectionID.NotFound"},
		{"a malformed peering connection id", scopeA, "pcx-1", n.ia.ID, "InvalidVpcPeeringConnectionId.Malformed"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := n.s.CreateNetworkInsightsPath(ctx, c.scope, CreateInsightsPathInput{Source: c.src, Destination: c.dst, Protocol: "tcp"})
			wantCode(t, err, c.code)
		})
	}
	good := []struct {
		name             string
		scope            model.Scope
		src, dst         string
		srcArn, dstArn   string
		wantSrc, wantDst string
	}{
		{"another account's instance by ARN", scopeA, n.ia.ID, arnOf(scopeB, n.ib.ID), arnOf(scopeA, n.ia.ID), arnOf(scopeB, n.ib.ID), n.ia.ID, n.ib.ID},
		{"both ends of other accounts", scopeC, arnOf(scopeA, n.ia.ID), arnOf(scopeB, n.ib.ID), arnOf(scopeA, n.ia.ID), arnOf(scopeB, n.ib.ID), n.ia.ID, n.ib.ID},
		{"a peering connection, by its requester", scopeA, n.pcx, n.ia.ID, arnOf(scopeA, n.pcx), arnOf(scopeA, n.ia.ID), n.pcx, n.ia.ID},
		{"a peering connection, by its accepter", scopeB, n.pcx, n.ib.ID, arnOf(scopeB, n.pcx), arnOf(scopeB, n.ib.ID), n.pcx, n.ib.ID},
		{"a transit gateway of another account by ARN", scopeA, arnOf(scopeC, n.tgw), n.ia.ID, arnOf(scopeC, n.tgw), arnOf(scopeA, n.ia.ID), n.tgw, n.ia.ID},
		{"a transit gateway, by its owner", scopeC, n.tgw, arnOf(scopeA, n.ia.ID), arnOf(scopeC, n.tgw), arnOf(scopeA, n.ia.ID), n.tgw, n.ia.ID},
		{"an attachment, by the VPC owner", scopeA, n.ia.ID, n.tgwAttach, arnOf(scopeA, n.ia.ID), arnOf(scopeA, n.tgwAttach), n.ia.ID, n.tgwAttach},
		{"an attachment, by the gateway owner", scopeC, n.tgwAttach, arnOf(scopeA, n.ia.ID), arnOf(scopeC, n.tgwAttach), arnOf(scopeA, n.ia.ID), n.tgwAttach, n.ia.ID},
	}
	for _, c := range good {
		t.Run(c.name, func(t *testing.T) {
			p, err := n.s.CreateNetworkInsightsPath(ctx, c.scope, CreateInsightsPathInput{Source: c.src, Destination: c.dst, Protocol: "tcp"})
			if err != nil {
				t.Fatal(err)
			}
			if p.Source != c.wantSrc || p.Destination != c.wantDst || p.SourceArn != c.srcArn || p.DestinationArn != c.dstArn {
				t.Errorf("path %s %s (%s, %s), want %s %s (%s, %s)", p.Source, p.Destination, p.SourceArn, p.DestinationArn, c.wantSrc, c.wantDst, c.srcArn, c.dstArn)
			}
			if !p.InScope(c.scope) {
				t.Errorf("the path belongs to %s/%s, not the caller", p.Account, p.Region)
			}
		})
	}
}

// TestNetworkInsightsAdditionalAccountsValidation pins AdditionalAccounts:
// 12-digit account ids ("the member accounts that contain resources that
// the path can traverse" [botocore StartNetworkInsightsAnalysisRequest]),
// kept with the analysis as given.
func TestNetworkInsightsAdditionalAccountsValidation(t *testing.T) {
	n := newCrossNet(t)
	ctx := context.Background()
	p, err := n.s.CreateNetworkInsightsPath(ctx, scopeA, CreateInsightsPathInput{Source: n.ia.ID, Destination: n.tgwAttach, Protocol: "tcp"})
	if err != nil {
		t.Fatal(err)
	}
	many := make([]string, maxAdditionalAccounts+1)
	for i := range many {
		many[i] = scopeB.Account
	}
	for _, accts := range [][]string{{"12345"}, {"21098765432a"}, {scopeB.Account, ""}, many} {
		_, err := n.s.StartNetworkInsightsAnalysis(ctx, scopeA, StartAnalysisInput{PathID: p.ID, AdditionalAccounts: accts})
		wantCode(t, err, "InvalidParameterValue")
	}
	a, err := n.s.StartNetworkInsightsAnalysis(ctx, scopeA, StartAnalysisInput{PathID: p.ID, AdditionalAccounts: []string{scopeB.Account, scopeC.Account}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.AdditionalAccounts, []string{scopeB.Account, scopeC.Account}) {
		t.Errorf("AdditionalAccounts stored as %v", a.AdditionalAccounts)
	}
}

// comp names a component of the world by id, with its ARN in sc.
func comp(sc model.Scope, id string) *model.PathComponent {
	return &model.PathComponent{Component: &model.AnalysisComponent{ID: id, Arn: ARN(sc, id)}}
}

func pathOf(cs ...*model.PathComponent) []model.PathComponent {
	out := make([]model.PathComponent, len(cs))
	for i, c := range cs {
		out[i] = *c
		out[i].SequenceNumber = int32(i + 1)
	}
	return out
}

// TestNetworkInsightsResultScope pins what an analysis shows of a path
// that crosses accounts and Regions, on results written by hand (so that
// it does not depend on how far the data plane follows the path): the
// components of the caller's account, of the path's ends and of
// AdditionalAccounts are shown; the path stops at the first component of
// another account with NO_POSSIBLE_DESTINATION ("the destination is in
// another account or Region") or, for a transit gateway route table,
// TGW_RTB_ROUTES_ARE_UNKNOWN [RA-codes], and SuggestedAccounts names the
// account ("potential intermediate accounts" [botocore
// NetworkInsightsAnalysis]); a component in another Region stops it with
// NO_POSSIBLE_DESTINATION and suggests nothing (Reachability Analyzer
// does not analyse "TGW peering to other Regions" [RA-guide]).
func TestNetworkInsightsResultScope(t *testing.T) {
	n := newCrossNet(t)
	w := n.s.Snapshot()
	eniA, eniB := n.ia.PrimaryENI, n.ib.PrimaryENI
	toB := pathOf(comp(scopeA, n.ia.ID), comp(scopeA, eniA), comp(scopeA, n.rtbA), comp(scopeA, n.pcx), comp(scopeB, n.rtbB), comp(scopeB, n.sgB), comp(scopeB, n.ib.ID))
	backFromB := pathOf(comp(scopeB, n.ib.ID), comp(scopeB, n.rtbB), comp(scopeA, n.pcx), comp(scopeA, eniA), comp(scopeA, n.ia.ID))
	viaTGW := pathOf(comp(scopeA, n.ia.ID), comp(scopeA, n.rtbA), comp(scopeA, n.tgwAttach), comp(scopeC, n.tgw), comp(scopeC, n.tgwRtb), comp(scopeB, eniB))
	toRtbC := pathOf(comp(scopeA, n.ia.ID), comp(scopeA, n.tgwAttach), comp(scopeC, n.tgwRtb))
	toWest := pathOf(comp(scopeA, n.ia.ID), comp(scopeA, n.rtbA), comp(scopeA, n.pcxW), comp(scopeAW, n.rtbW))
	pathIP := &model.NetworkInsightsPath{Source: n.ia.ID, SourceArn: ARN(scopeA, n.ia.ID)}
	pathToB := &model.NetworkInsightsPath{Source: n.ia.ID, SourceArn: ARN(scopeA, n.ia.ID), Destination: n.ib.ID, DestinationArn: ARN(scopeB, n.ib.ID)}
	for _, c := range []struct {
		name       string
		path       *model.NetworkInsightsPath
		additional []string
		in         model.AnalysisResult
		found      bool
		fwd, ret   int // components kept
		code       string
		comp       string // the explanation's component
		suggested  []string
	}{
		{"destination of B named by ARN: all shown", pathToB, nil,
			model.AnalysisResult{NetworkPathFound: true, ForwardPathComponents: toB, ReturnPathComponents: backFromB}, true, len(toB), len(backFromB), "", "", nil},
		{"IP destination in B: stops at the peering connection", pathIP, nil,
			model.AnalysisResult{NetworkPathFound: true, ForwardPathComponents: toB, ReturnPathComponents: backFromB}, false, 4, 0, "NO_POSSIBLE_DESTINATION", n.pcx, []string{scopeB.Account}},
		{"IP destination in B, B additional: all shown", pathIP, []string{scopeB.Account},
			model.AnalysisResult{NetworkPathFound: true, ForwardPathComponents: toB, ReturnPathComponents: backFromB}, true, len(toB), len(backFromB), "", "", nil},
		{"gateway of C: stops at the attachment", pathToB, nil,
			model.AnalysisResult{NetworkPathFound: true, ForwardPathComponents: viaTGW}, false, 3, 0, "NO_POSSIBLE_DESTINATION", n.tgwAttach, []string{scopeC.Account}},
		{"gateway of C additional", pathToB, []string{scopeC.Account},
			model.AnalysisResult{NetworkPathFound: true, ForwardPathComponents: viaTGW}, true, len(viaTGW), 0, "", "", nil},
		{"route table of C: its routes are unknown", pathIP, nil,
			model.AnalysisResult{NetworkPathFound: true, ForwardPathComponents: toRtbC}, false, 2, 0, "TGW_RTB_ROUTES_ARE_UNKNOWN", n.tgwRtb, []string{scopeC.Account}},
		{"another Region: stops at the peering connection", pathIP, []string{scopeB.Account, scopeC.Account},
			model.AnalysisResult{NetworkPathFound: true, ForwardPathComponents: toWest}, false, 3, 0, "NO_POSSIBLE_DESTINATION", n.pcxW, nil},
		{"return path through B: stops there", pathIP, nil,
			model.AnalysisResult{NetworkPathFound: true, ForwardPathComponents: toB[:2], ReturnPathComponents: toB[1:]}, false, 2, 3, "NO_POSSIBLE_DESTINATION", n.pcx, []string{scopeB.Account}},
		{"a block in B explained only in B's terms", pathIP, nil,
			model.AnalysisResult{ForwardPathComponents: toB[:4], Explanations: []model.Explanation{{ExplanationCode: "ENI_SG_RULES_MISMATCH", Component: &model.AnalysisComponent{ID: n.sgB}}}},
			false, 4, 0, "NO_POSSIBLE_DESTINATION", n.pcx, []string{scopeB.Account}},
		{"a block in A stays", pathIP, nil,
			model.AnalysisResult{ForwardPathComponents: toB[:3], Explanations: []model.Explanation{{ExplanationCode: "NO_ROUTE_TO_DESTINATION", Component: &model.AnalysisComponent{ID: n.rtbA}}}},
			false, 3, 0, "NO_ROUTE_TO_DESTINATION", n.rtbA, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := c.in
			got := newAnalysisScope(w, scopeA, c.path, c.additional).apply(&in)
			if got.NetworkPathFound != c.found || len(got.ForwardPathComponents) != c.fwd || len(got.ReturnPathComponents) != c.ret {
				t.Fatalf("found %v, %d forward, %d return components; want %v, %d, %d (%v / %v)", got.NetworkPathFound,
					len(got.ForwardPathComponents), len(got.ReturnPathComponents), c.found, c.fwd, c.ret,
					componentIDs(got.ForwardPathComponents), componentIDs(got.ReturnPathComponents))
			}
			if c.code == "" {
				if len(got.Explanations) != 0 {
					t.Errorf("explanations %v", codes(got))
				}
			} else if len(got.Explanations) != 1 || got.Explanations[0].ExplanationCode != c.code || got.Explanations[0].Component == nil || got.Explanations[0].Component.ID != c.comp {
				t.Errorf("explanations %+v, want one %s at %s", got.Explanations, c.code, c.comp)
			}
			if !slices.Equal(got.SuggestedAccounts, c.suggested) {
				t.Errorf("suggested accounts %v, want %v", got.SuggestedAccounts, c.suggested)
			}
			// Nothing of an account or Region not analysed is shown.
			shown := slices.Concat(got.ForwardPathComponents, got.ReturnPathComponents)
			for _, pc := range shown {
				if v, _ := newAnalysisScope(w, scopeA, c.path, c.additional).classify(pc.Component); v != visible {
					t.Errorf("component %s is shown", pc.Component.ID)
				}
			}
			if c.code == "NO_POSSIBLE_DESTINATION" {
				x := got.Explanations[0]
				switch {
				case strings.HasPrefix(c.comp, "pcx-") && x.VpcPeeringConnection == nil,
					strings.HasPrefix(c.comp, "tgw-attach-") && x.TransitGatewayAttachment == nil:
					t.Errorf("explanation %+v does not name the component in its typed field", x)
				}
				if x.ComponentAccount != scopeA.Account || x.ComponentRegion != scopeA.Region {
					t.Errorf("explanation component account %s region %s", x.ComponentAccount, x.ComponentRegion)
				}
			}
			if c.code == "TGW_RTB_ROUTES_ARE_UNKNOWN" {
				if x := got.Explanations[0]; x.TransitGatewayRouteTable == nil || x.ComponentAccount != scopeC.Account {
					t.Errorf("explanation %+v", x)
				}
			}
		})
	}
}

// TestNetworkInsightsAcrossPeering analyses a path across an active
// peering connection between two accounts through the data plane: with
// the destination of the other account named by ARN the path is found and
// shows both accounts' components [PEER vpc-peering-basics.md; RA-guide
// "Cross-account analyses"]; with the destination given as an address,
// the analysis stops at the peering connection and suggests the peer's
// account until it is listed in AdditionalAccounts.
func TestNetworkInsightsAcrossPeering(t *testing.T) {
	n := newCrossNet(t)
	ctx := context.Background()
	byARN, err := n.s.CreateNetworkInsightsPath(ctx, scopeA, CreateInsightsPathInput{Source: n.ia.ID, Destination: ARN(scopeB, n.ib.ID), Protocol: "tcp", DestinationPort: p32(22)})
	if err != nil {
		t.Fatal(err)
	}
	a, err := n.s.StartNetworkInsightsAnalysis(ctx, scopeA, StartAnalysisInput{PathID: byARN.ID})
	if err != nil || a.Status != "succeeded" {
		t.Fatalf("analysis: %v %+v", err, a)
	}
	fwd := componentIDs(a.Result.ForwardPathComponents)
	if !a.NetworkPathFound && slices.Contains(codes(a.Result), "NO_POSSIBLE_DESTINATION") && !slices.Contains(fwd, n.ib.ID) {
		t.Skipf("data plane across peering not compiled yet: the path ends at NO_POSSIBLE_DESTINATION (forward %v)", fwd)
	}
	if !a.NetworkPathFound || !slices.Contains(fwd, n.pcx) || fwd[len(fwd)-1] != n.ib.ID {
		t.Fatalf("ia -> ib:22 across %s: found %v, forward %v, codes %v", n.pcx, a.NetworkPathFound, fwd, codes(a.Result))
	}
	byIP, err := n.s.CreateNetworkInsightsPath(ctx, scopeA, CreateInsightsPathInput{Source: n.ia.ID, Protocol: "tcp",
		FilterAtSource: &model.PathFilter{DestinationAddress: n.ibIP, DestinationPortRange: &model.PortRange{From: 22, To: 22}}})
	if err != nil {
		t.Fatal(err)
	}
	a, err = n.s.StartNetworkInsightsAnalysis(ctx, scopeA, StartAnalysisInput{PathID: byIP.ID})
	if err != nil {
		t.Fatal(err)
	}
	if a.NetworkPathFound || !slices.Equal(a.Result.SuggestedAccounts, []string{scopeB.Account}) || !slices.Equal(codes(a.Result), []string{"NO_POSSIBLE_DESTINATION"}) {
		t.Errorf("by address without B: found %v, suggested %v, codes %v", a.NetworkPathFound, a.Result.SuggestedAccounts, codes(a.Result))
	}
	a, err = n.s.StartNetworkInsightsAnalysis(ctx, scopeA, StartAnalysisInput{PathID: byIP.ID, AdditionalAccounts: []string{scopeB.Account}})
	if err != nil {
		t.Fatal(err)
	}
	if !a.NetworkPathFound || len(a.Result.SuggestedAccounts) != 0 {
		t.Errorf("by address with B: found %v, suggested %v, codes %v", a.NetworkPathFound, a.Result.SuggestedAccounts, codes(a.Result))
	}
}
