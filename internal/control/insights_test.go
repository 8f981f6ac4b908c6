package control

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

// insightsNet is a small world built through the control plane: a VPC
// with a public subnet (route table 0.0.0.0/0 -> attached IGW) and a
// private subnet, instance "web" (public subnet, Elastic IP, group allowing
// tcp/443 from anywhere), instance "app" (private subnet, default group)
// and instance "db" (private subnet, a group without inbound rules).
type insightsNet struct {
	s                *Service
	vpc              *model.VPC
	pub, priv        *model.Subnet
	igw              string
	web, app, db     *model.Instance
	webENI           string
	sgWeb, sgNoRules string
}

func newInsightsNet(t *testing.T) *insightsNet {
	t.Helper()
	ctx := context.Background()
	s := newTestService(t)
	n := &insightsNet{s: s, vpc: subnetTestVpc(t, s)}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var err error
	n.pub, err = s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: n.vpc.ID, CidrBlock: "10.0.1.0/24"})
	must(err)
	n.priv, err = s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: n.vpc.ID, CidrBlock: "10.0.2.0/24"})
	must(err)
	igw, err := s.CreateInternetGateway(ctx, testScope, nil)
	must(err)
	n.igw = igw.ID
	must(s.AttachInternetGateway(ctx, testScope, n.igw, n.vpc.ID))
	rt, err := s.CreateRouteTable(ctx, testScope, n.vpc.ID, nil)
	must(err)
	must(s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: rt.ID, DestinationCidrBlock: "0.0.0.0/0", GatewayID: n.igw}))
	_, err = s.AssociateRouteTable(ctx, testScope, rt.ID, n.pub.ID, "")
	must(err)
	sg := func(name string) string {
		g, err := s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: name, Description: name, VpcID: n.vpc.ID})
		must(err)
		return g.ID
	}
	n.sgWeb, n.sgNoRules = sg("web"), sg("norules")
	_, err = s.AuthorizeSecurityGroupRules(ctx, testScope, AuthorizeSecurityGroupRulesInput{GroupID: n.sgWeb,
		Permissions: []SGPermission{{Protocol: "tcp", FromPort: p32(443), ToPort: p32(443), IPv4: []SGPeer{{Value: "0.0.0.0/0"}}}}})
	must(err)
	run := func(sn string, groups []string) *model.Instance {
		in := runIn(sn, 1)
		in.SecurityGroupIDs = groups
		got, err := s.RunInstances(ctx, testScope, in)
		must(err)
		return got[0]
	}
	n.web = run(n.pub.ID, []string{n.sgWeb})
	n.app = run(n.priv.ID, nil)
	n.db = run(n.priv.ID, []string{n.sgNoRules})
	n.webENI = n.web.PrimaryENI
	eip, err := s.AllocateAddress(ctx, testScope, AllocateAddressInput{Domain: "vpc"})
	must(err)
	_, err = s.AssociateAddress(ctx, testScope, AssociateAddressInput{AllocationID: eip.ID, InstanceID: n.web.ID})
	must(err)
	return n
}

func (n *insightsNet) path(t *testing.T, in CreateInsightsPathInput) *model.NetworkInsightsPath {
	t.Helper()
	if in.Protocol == "" {
		in.Protocol = "tcp"
	}
	p, err := n.s.CreateNetworkInsightsPath(context.Background(), testScope, in)
	if err != nil {
		t.Fatalf("CreateNetworkInsightsPath(%+v): %v", in, err)
	}
	return p
}

func (n *insightsNet) analyse(t *testing.T, in StartAnalysisInput) *model.NetworkInsightsAnalysis {
	t.Helper()
	a, err := n.s.StartNetworkInsightsAnalysis(context.Background(), testScope, in)
	if err != nil {
		t.Fatalf("StartNetworkInsightsAnalysis: %v", err)
	}
	if a.Status != "succeeded" || a.Result == nil {
		t.Fatalf("analysis status %s (%s)", a.Status, a.StatusMessage)
	}
	return a
}

func p32(v int32) *int32 { return &v }

// ip returns the primary private IPv4 address of an instance.
func (n *insightsNet) ip(t *testing.T, in *model.Instance) string {
	t.Helper()
	e, ok := n.s.Snapshot().NetworkInterfaces.Get(in.PrimaryENI)
	if !ok {
		t.Fatalf("instance %s: no interface %s", in.ID, in.PrimaryENI)
	}
	return e.PrimaryIP().String()
}

// TestCreateNetworkInsightsPathValidation pins the request rules of
// CreateNetworkInsightsPath [aws-semantics §1.2, RA API "CreateNetworkInsightsPath";
// RA-guide "Considerations": IPv4 only].
func TestCreateNetworkInsightsPathValidation(t *testing.T) {
	n := newInsightsNet(t)
	ctx := context.Background()
	web, app := n.web.ID, n.app.ID
	for _, c := range []struct {
		name string
		in   CreateInsightsPathInput
		code string
	}{
		{"source required", CreateInsightsPathInput{Destination: app, Protocol: "tcp"}, "MissingParameter"},
		{"protocol required", CreateInsightsPathInput{Source: web, Destination: app}, "MissingParameter"},
		{"protocol icmp", CreateInsightsPathInput{Source: web, Destination: app, Protocol: "icmp"}, "InvalidParameterValue"},
		{"protocol -1", CreateInsightsPathInput{Source: web, Destination: app, Protocol: "-1"}, "InvalidParameterValue"},
		{"FilterAtSource with SourceIp", CreateInsightsPathInput{Source: web, Destination: app, Protocol: "tcp", SourceIP: "10.0.1.9",
			FilterAtSource: &model.PathFilter{SourceAddress: "10.0.1.9"}}, "InvalidParameterCombination"},
		{"FilterAtSource with DestinationPort", CreateInsightsPathInput{Source: web, Destination: app, Protocol: "tcp", DestinationPort: p32(443),
			FilterAtSource: &model.PathFilter{DestinationPortRange: &model.PortRange{From: 443, To: 443}}}, "InvalidParameterCombination"},
		{"FilterAtDestination with DestinationIp", CreateInsightsPathInput{Source: web, Destination: app, Protocol: "tcp", DestinationIP: "10.0.2.9",
			FilterAtDestination: &model.PathFilter{DestinationAddress: "10.0.2.9"}}, "InvalidParameterCombination"},
		{"no destination at all", CreateInsightsPathInput{Source: web, Protocol: "tcp"}, "MissingParameter"},
		// DestinationIp alone is not a destination: AWS wants Destination
		// or FilterAtSource.DestinationAddress (MissingParameter, as the
		// real API answers in hashicorp/terraform-provider-aws#38132).
		{"DestinationIp without a destination", CreateInsightsPathInput{Source: web, Protocol: "tcp", DestinationIP: "8.8.8.8", DestinationPort: p32(443)}, "MissingParameter"},
		{"FilterAtSource without DestinationAddress", CreateInsightsPathInput{Source: web, Protocol: "tcp", DestinationIP: "8.8.8.8",
			FilterAtSource: &model.PathFilter{SourceAddress: "10.0.1.0/24"}}, "MissingParameter"},
		{"IPv6 SourceIp", CreateInsightsPathInput{Source: web, Destination: app, Protocol: "tcp", SourceIP: "2600:1f18::1"}, "InvalidParameterValue"},
		{"IPv6 DestinationIp", CreateInsightsPathInput{Source: web, Protocol: "tcp", DestinationIP: "2600:1f18::1"}, "InvalidParameterValue"},
		{"IPv6 FilterAtSource.DestinationAddress", CreateInsightsPathInput{Source: web, Protocol: "tcp",
			FilterAtSource: &model.PathFilter{DestinationAddress: "2600:1f18::1"}}, "InvalidParameterValue"},
		{"bad port range", CreateInsightsPathInput{Source: web, Destination: app, Protocol: "tcp",
			FilterAtSource: &model.PathFilter{DestinationPortRange: &model.PortRange{From: 500, To: 400}}}, "InvalidParameterValue"},
		{"unknown instance", CreateInsightsPathInput{Source: "i-0123456789abcdef0", Destination: app, Protocol: "tcp"}, "InvalidInstanceID.NotFound"},
		{"unknown ENI", CreateInsightsPathInput{Source: "eni-0123456789abcdef0", Destination: app, Protocol: "tcp"}, "InvalidNetworkInterfaceID.NotFound"},
		{"unknown IGW destination", CreateInsightsPathInput{Source: web, Destination: "igw-0123456789abcdef0", Protocol: "tcp"}, "InvalidInternetGatewayID.NotFound"},
		{"unsupported source type", CreateInsightsPathInput{Source: n.pub.ID, Destination: app, Protocol: "tcp"}, "InvalidParameterValue"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := n.s.CreateNetworkInsightsPath(ctx, testScope, c.in)
			wantCode(t, err, c.code)
		})
	}

	_, err := n.s.CreateNetworkInsightsPath(ctx, testScope, CreateInsightsPathInput{Source: web, Protocol: "tcp", DestinationIP: "8.8.8.8"})
	if want := "MissingParameter: The request must include either the Destination parameter or the FilterAtSource.DestinationAddress parameter. Add the required parameter and retry the request."; err == nil || err.Error() != want {
		t.Errorf("DestinationIp alone: %v, want %s", err, want)
	}

	// Destination forms: instance, network interface, internet gateway,
	// an IP address via DestinationIp or FilterAtSource.DestinationAddress
	// (RA-guide "Supported source and destination types"), by id or ARN.
	for _, in := range []CreateInsightsPathInput{
		{Source: web, Destination: app},
		{Source: web, Destination: n.app.PrimaryENI, DestinationPort: p32(443)},
		{Source: web, Destination: n.igw},
		{Source: web, Destination: app, DestinationIP: n.ip(t, n.app), DestinationPort: p32(22)},
		{Source: web, FilterAtSource: &model.PathFilter{DestinationAddress: "8.8.8.8", DestinationPortRange: &model.PortRange{From: 443, To: 443}}},
		{Source: ARN(testScope, web), Destination: ARN(testScope, app), FilterAtDestination: &model.PathFilter{SourceAddress: "10.0.1.0/24"}},
	} {
		p := n.path(t, in)
		if !strings.HasPrefix(p.ID, "nip-") || p.Source != web || p.SourceArn != ARN(testScope, web) {
			t.Errorf("path %+v: id %s source %s arn %s", in, p.ID, p.Source, p.SourceArn)
		}
		if p.Destination != "" && p.DestinationArn != ARN(testScope, p.Destination) {
			t.Errorf("destination arn %s for %s", p.DestinationArn, p.Destination)
		}
	}
}

// TestDeleteNetworkInsightsPathWithAnalyses pins that a path with analyses
// cannot be deleted (AnalysisExistsForNetworkInsightsPath) until they are.
func TestDeleteNetworkInsightsPathWithAnalyses(t *testing.T) {
	n := newInsightsNet(t)
	ctx := context.Background()
	p := n.path(t, CreateInsightsPathInput{Source: n.web.ID, Destination: n.app.ID, DestinationPort: p32(22)})
	a := n.analyse(t, StartAnalysisInput{PathID: p.ID})
	wantCode(t, n.s.DeleteNetworkInsightsPath(ctx, testScope, p.ID), "AnalysisExistsForNetworkInsightsPath")
	if err := n.s.DeleteNetworkInsightsAnalysis(ctx, testScope, a.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, n.s.DeleteNetworkInsightsAnalysis(ctx, testScope, a.ID), "InvalidNetworkInsightsAnalysisId.NotFound")
	if err := n.s.DeleteNetworkInsightsPath(ctx, testScope, p.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, n.s.DeleteNetworkInsightsPath(ctx, testScope, p.ID), "InvalidNetworkInsightsPathId.NotFound")
	_, err := n.s.StartNetworkInsightsAnalysis(ctx, testScope, StartAnalysisInput{PathID: p.ID})
	wantCode(t, err, "InvalidNetworkInsightsPathId.NotFound")
	_, err = n.s.StartNetworkInsightsAnalysis(ctx, testScope, StartAnalysisInput{PathID: "nip-0123"})
	wantCode(t, err, "InvalidNetworkInsightsPathId.Malformed")
}

func codes(res *model.AnalysisResult) []string {
	var out []string
	for _, e := range res.Explanations {
		out = append(out, e.ExplanationCode)
	}
	return out
}

func componentIDs(cs []model.PathComponent) []string {
	var out []string
	for _, c := range cs {
		if c.Component != nil {
			out = append(out, c.Component.ID)
		}
	}
	return out
}

// TestStartNetworkInsightsAnalysisResults pins the analysis of a reachable
// and of blocked paths: NetworkPathFound, forward and return components,
// explanation codes [aws-semantics §1.2, §1.3; RA-guide CLI example].
func TestStartNetworkInsightsAnalysisResults(t *testing.T) {
	n := newInsightsNet(t)

	// Reachable: the internet through the IGW to web on 443 (EIP, group
	// allows 443 from anywhere, default network ACL).
	p := n.path(t, CreateInsightsPathInput{Source: n.igw, Destination: n.web.ID, DestinationPort: p32(443)})
	a := n.analyse(t, StartAnalysisInput{PathID: p.ID})
	res := a.Result
	if !a.NetworkPathFound || !res.NetworkPathFound || len(res.Explanations) != 0 {
		t.Fatalf("igw -> web:443 found=%v explanations %v", res.NetworkPathFound, codes(res))
	}
	fwd, ret := componentIDs(res.ForwardPathComponents), componentIDs(res.ReturnPathComponents)
	if len(fwd) == 0 || fwd[0] != n.igw || fwd[len(fwd)-1] != n.web.ID || !slices.Contains(fwd, n.sgWeb) {
		t.Errorf("forward components %v", fwd)
	}
	if len(ret) == 0 || ret[0] != n.web.ID || !slices.Contains(ret, n.igw) {
		t.Errorf("return components %v", ret)
	}
	for i, c := range res.ForwardPathComponents {
		if c.SequenceNumber != int32(i+1) {
			t.Errorf("component %d sequence %d", i, c.SequenceNumber)
		}
		if i > 0 && c.InboundHeader != nil {
			t.Errorf("component %d has an inbound header (only the first has one)", i)
		}
		if c.Component != nil && c.Component.ID == n.igw && c.Component.Arn != ARN(testScope, n.igw) {
			t.Errorf("IGW arn %s", c.Component.Arn)
		}
	}
	if h := res.ForwardPathComponents[0].InboundHeader; h == nil || h.Protocol != "6" {
		t.Errorf("first inbound header %+v, want protocol \"6\"", h)
	}

	// Blocked: web -> db:5432, db's group has no inbound rule.
	p = n.path(t, CreateInsightsPathInput{Source: n.web.ID, Destination: n.db.ID, DestinationPort: p32(5432)})
	a = n.analyse(t, StartAnalysisInput{PathID: p.ID})
	res = a.Result
	if a.NetworkPathFound || res.NetworkPathFound || len(res.Explanations) == 0 {
		t.Fatalf("web -> db:5432 found=%v explanations %v", res.NetworkPathFound, codes(res))
	}
	x := res.Explanations[0]
	if x.ExplanationCode != "SG_HAS_NO_RULES" {
		t.Errorf("explanation code %s", x.ExplanationCode)
	}
	if x.Direction != "ingress" || len(x.SecurityGroups) == 0 || x.SecurityGroups[0].ID != n.sgNoRules || x.NetworkInterface == nil {
		t.Errorf("explanation %+v", x)
	}
	if len(res.ReturnPathComponents) != 0 {
		t.Errorf("a blocked forward path has return components %v", componentIDs(res.ReturnPathComponents))
	}

	// Blocked: app (private subnet, no public address, main route table
	// without a route to the internet) -> 8.8.8.8.
	p = n.path(t, CreateInsightsPathInput{Source: n.app.ID, FilterAtSource: &model.PathFilter{DestinationAddress: "8.8.8.8",
		DestinationPortRange: &model.PortRange{From: 443, To: 443}}})
	res = n.analyse(t, StartAnalysisInput{PathID: p.ID}).Result
	if res.NetworkPathFound || !slices.Contains(codes(res), "NO_ROUTE_TO_DESTINATION") {
		t.Errorf("app -> 8.8.8.8 found=%v codes %v", res.NetworkPathFound, codes(res))
	}

	// An IP destination given only as FilterAtSource.DestinationAddress.
	p = n.path(t, CreateInsightsPathInput{Source: n.web.ID, FilterAtSource: &model.PathFilter{DestinationAddress: "8.8.8.8",
		DestinationPortRange: &model.PortRange{From: 443, To: 443}}})
	res = n.analyse(t, StartAnalysisInput{PathID: p.ID}).Result
	if !res.NetworkPathFound {
		t.Errorf("web -> FilterAtSource 8.8.8.8:443 not found: %v", codes(res))
	}
	if len(res.AlternatePathHints) != 0 {
		t.Errorf("alternate path hints %v (the plane has no multipath)", res.AlternatePathHints)
	}
}

// TestNetworkInsightsFilterArns pins FilterInArns (the path must traverse
// every listed component) and FilterOutArns (none of them), and that the
// two are exclusive [aws-semantics §1.2 StartNetworkInsightsAnalysis]. When
// no path satisfies the filter, AWS reports no path and the search filter
// code naming the component: COMPONENT_FILTER_RESTRICTION ("no path
// traverses the specified component") or, for an excluded component,
// COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT [RA-codes "Search filter
// codes", aws-semantics §1.3 C].
func TestNetworkInsightsFilterArns(t *testing.T) {
	n := newInsightsNet(t)
	ctx := context.Background()
	p := n.path(t, CreateInsightsPathInput{Source: n.igw, Destination: n.web.ID, DestinationPort: p32(443)})
	const (
		restriction = "COMPONENT_FILTER_RESTRICTION"
		removed     = "COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT"
	)
	for _, c := range []struct {
		name    string
		in, out []string
		found   bool
		code    string
		comp    string // the component the explanation names
	}{
		{"in: the security group on the path (ARN)", []string{ARN(testScope, n.sgWeb)}, nil, true, "", ""},
		{"in: the subnet on the path (id)", []string{n.pub.ID}, nil, true, "", ""},
		{"in: all of them", []string{ARN(testScope, n.sgWeb), n.pub.ID}, nil, true, "", ""},
		{"in: a component off the path", []string{ARN(testScope, n.sgNoRules)}, nil, false, restriction, n.sgNoRules},
		{"in: one on and one off", []string{n.sgWeb, n.priv.ID}, nil, false, restriction, n.priv.ID},
		{"out: a component on the path", nil, []string{ARN(testScope, n.sgWeb)}, false, removed, n.sgWeb},
		{"out: a component off the path", nil, []string{n.priv.ID}, true, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := n.analyse(t, StartAnalysisInput{PathID: p.ID, FilterInArns: c.in, FilterOutArns: c.out})
			if a.NetworkPathFound != c.found || a.Result.NetworkPathFound != c.found {
				t.Errorf("found %v, want %v", a.NetworkPathFound, c.found)
			}
			res := a.Result
			if c.found {
				if len(res.Explanations) != 0 {
					t.Errorf("explanations %v on a found path", codes(res))
				}
			} else {
				if got := codes(res); !slices.Equal(got, []string{c.code}) {
					t.Errorf("explanation codes %v, want [%s]", got, c.code)
				} else if x := res.Explanations[0].Component; x == nil || x.ID != c.comp || x.Arn != ARN(testScope, c.comp) {
					t.Errorf("explanation component %+v, want %s", x, c.comp)
				}
				if len(res.ForwardPathComponents) != 0 || len(res.ReturnPathComponents) != 0 {
					t.Errorf("no path satisfies the filter, yet the result shows one: %v / %v",
						componentIDs(res.ForwardPathComponents), componentIDs(res.ReturnPathComponents))
				}
			}
			if !slices.Equal(a.FilterInArns, c.in) || !slices.Equal(a.FilterOutArns, c.out) {
				t.Errorf("filters stored as %v / %v", a.FilterInArns, a.FilterOutArns)
			}
		})
	}
	_, err := n.s.StartNetworkInsightsAnalysis(ctx, testScope, StartAnalysisInput{PathID: p.ID, FilterInArns: []string{n.sgWeb}, FilterOutArns: []string{n.priv.ID}})
	wantCode(t, err, "InvalidParameterCombination")
	_, err = n.s.StartNetworkInsightsAnalysis(ctx, testScope, StartAnalysisInput{})
	wantCode(t, err, "MissingParameter")
}

// TestRouteStateMatchesPlane holds control.RouteState (what
// DescribeRouteTables shows) and the data plane's compiled route states to
// agreement over a generated topology and a random sequence of state
// changes: instances stopped, started and terminated, interfaces detached
// and attached, internet gateways detached and attached, NAT gateways
// deleted [VPC-UG VPC_Route_Tables.md "blackhole"].
func TestRouteStateMatchesPlane(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) { routeStateCrossCheck(t, seed) })
	}
}

func routeStateCrossCheck(t *testing.T, seed uint64) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(seed, 99))
	s := newTestService(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	type vpcWorld struct {
		vpc                  *model.VPC
		sn                   *model.Subnet
		igw, eigw            string
		rtbs                 []string
		insts, enis, attachs []string
		nats                 []string
	}
	var vs []*vpcWorld
	for v := 0; v < 2; v++ {
		vw := &vpcWorld{}
		var err error
		vw.vpc, err = s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: fmt.Sprintf("10.%d.0.0/16", v), AmazonProvidedIpv6CidrBlock: true})
		must(err)
		vw.sn, err = s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: vw.vpc.ID, CidrBlock: fmt.Sprintf("10.%d.1.0/24", v)})
		must(err)
		igw, err := s.CreateInternetGateway(ctx, testScope, nil)
		must(err)
		vw.igw = igw.ID
		must(s.AttachInternetGateway(ctx, testScope, igw.ID, vw.vpc.ID))
		eg, err := s.CreateEgressOnlyInternetGateway(ctx, testScope, vw.vpc.ID, nil)
		must(err)
		vw.eigw = eg.ID
		for i := 0; i < 3; i++ {
			got, err := s.RunInstances(ctx, testScope, runIn(vw.sn.ID, 1))
			must(err)
			vw.insts = append(vw.insts, got[0].ID)
			e, err := s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: vw.sn.ID})
			must(err)
			vw.enis = append(vw.enis, e.ID)
			att, err := s.AttachNetworkInterface(ctx, testScope, e.ID, got[0].ID, p32(1))
			must(err)
			vw.attachs = append(vw.attachs, att)
		}
		for i := 0; i < 2; i++ {
			eip, err := s.AllocateAddress(ctx, testScope, AllocateAddressInput{Domain: "vpc"})
			must(err)
			g, err := s.CreateNatGateway(ctx, testScope, CreateNatGatewayInput{SubnetID: vw.sn.ID, AllocationID: eip.ID})
			must(err)
			vw.nats = append(vw.nats, g.ID)
		}
		g, err := s.CreateNatGateway(ctx, testScope, CreateNatGatewayInput{SubnetID: vw.sn.ID, ConnectivityType: "private"})
		must(err)
		vw.nats = append(vw.nats, g.ID)
		// One route table per target kind, so that destinations never clash.
		newRT := func() string {
			rt, err := s.CreateRouteTable(ctx, testScope, vw.vpc.ID, nil)
			must(err)
			vw.rtbs = append(vw.rtbs, rt.ID)
			return rt.ID
		}
		rt := newRT()
		must(s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: rt, DestinationCidrBlock: "0.0.0.0/0", GatewayID: vw.igw}))
		must(s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: rt, DestinationIpv6CidrBlock: "::/0", EgressOnlyInternetGatewayID: vw.eigw}))
		for i, id := range vw.nats {
			must(s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: rt, DestinationCidrBlock: fmt.Sprintf("172.16.%d.0/24", i), NatGatewayID: id}))
		}
		for i, id := range vw.insts {
			// An instance with two interfaces cannot be a route target by
			// instance id; route by its primary interface instead.
			in, _ := s.Snapshot().Instances.Get(id)
			must(s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: rt, DestinationCidrBlock: fmt.Sprintf("172.17.%d.0/24", i), NetworkInterfaceID: in.PrimaryENI}))
		}
		for i, id := range vw.enis {
			must(s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: rt, DestinationCidrBlock: fmt.Sprintf("172.18.%d.0/24", i), NetworkInterfaceID: id}))
		}
		vs = append(vs, vw)
	}
	// Instance-id routes need an instance with a single interface.
	solo, err := s.RunInstances(ctx, testScope, runIn(vs[0].sn.ID, 1))
	must(err)
	soloRT, err := s.CreateRouteTable(ctx, testScope, vs[0].vpc.ID, nil)
	must(err)
	must(s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: soloRT.ID, DestinationCidrBlock: "0.0.0.0/0", InstanceID: solo[0].ID}))
	vs[0].rtbs = append(vs[0].rtbs, soloRT.ID)
	vs[0].insts = append(vs[0].insts, solo[0].ID)

	compare := func(step string) {
		t.Helper()
		w := s.Snapshot()
		p := s.Plane()
		checked := 0
		w.RouteTables.All(func(rt *model.RouteTable) bool {
			ps := p.RouteStates(rt.ID)
			if len(ps) != len(rt.Routes) {
				t.Fatalf("%s: %s has %d routes, plane %d", step, rt.ID, len(rt.Routes), len(ps))
			}
			for i := range rt.Routes {
				want := RouteState(w, rt, &rt.Routes[i])
				if got := ps[i].String(); got != want {
					t.Errorf("%s: %s route %s -> %s: control %s, plane %s", step, rt.ID, rt.Routes[i].DestinationKey(), rt.Routes[i].TargetID, want, got)
				}
				checked++
			}
			return true
		})
		if checked < 20 {
			t.Fatalf("%s: only %d routes checked", step, checked)
		}
	}
	compare("initial")
	for step := 0; step < 40; step++ {
		vw := vs[r.IntN(len(vs))]
		var what string
		switch r.IntN(7) {
		case 0:
			id := vw.insts[r.IntN(len(vw.insts))]
			what = "stop " + id
			_, _ = s.StopInstances(ctx, testScope, []string{id})
		case 1:
			id := vw.insts[r.IntN(len(vw.insts))]
			what = "start " + id
			_, _ = s.StartInstances(ctx, testScope, []string{id})
		case 2:
			if r.IntN(4) == 0 {
				id := vw.insts[r.IntN(len(vw.insts))]
				what = "terminate " + id
				_, _ = s.TerminateInstances(ctx, testScope, []string{id})
			}
		case 3:
			i := r.IntN(len(vw.enis))
			what = "detach " + vw.enis[i]
			_ = s.DetachNetworkInterface(ctx, testScope, vw.attachs[i], true)
		case 4:
			i := r.IntN(len(vw.enis))
			inst := vw.insts[r.IntN(len(vw.insts))]
			what = "attach " + vw.enis[i] + " to " + inst
			if att, err := s.AttachNetworkInterface(ctx, testScope, vw.enis[i], inst, p32(int32(2+r.IntN(3)))); err == nil {
				vw.attachs[i] = att
			}
		case 5:
			if r.IntN(2) == 0 {
				what = "detach " + vw.igw
				_ = s.DetachInternetGateway(ctx, testScope, vw.igw, vw.vpc.ID)
			} else {
				what = "attach " + vw.igw
				_ = s.AttachInternetGateway(ctx, testScope, vw.igw, vw.vpc.ID)
			}
		case 6:
			id := vw.nats[r.IntN(len(vw.nats))]
			what = "delete " + id
			_, _ = s.DeleteNatGateway(ctx, testScope, id)
		}
		compare(fmt.Sprintf("step %d (%s)", step, what))
	}
}

// TestNetworkInsightsOverlappingVpcs pins that an IP destination is looked
// up where the packet is, in the source's VPC, as the VPC router does
// [VPC-UG VPC_Route_Tables.md]: two VPCs with the same CIDR and the same
// addresses do not make an analysis to an address ambiguous.
func TestNetworkInsightsOverlappingVpcs(t *testing.T) {
	ctx := context.Background()
	s := newTestService(t)
	n := &insightsNet{s: s}
	type side struct{ one, two *model.Instance }
	var sides [2]side
	for i := range sides {
		vpc, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
		if err != nil {
			t.Fatal(err)
		}
		sn, err := s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: vpc.ID, CidrBlock: "10.0.1.0/24"})
		if err != nil {
			t.Fatal(err)
		}
		run := func(ip string) *model.Instance {
			in := runIn(sn.ID, 1)
			in.PrivateIPAddress = ip
			got, err := s.RunInstances(ctx, testScope, in)
			if err != nil {
				t.Fatal(err)
			}
			return got[0]
		}
		sides[i] = side{run("10.0.1.10"), run("10.0.1.20")}
	}
	for i, sd := range sides {
		p := n.path(t, CreateInsightsPathInput{Source: sd.one.ID, FilterAtSource: &model.PathFilter{DestinationAddress: "10.0.1.20",
			DestinationPortRange: &model.PortRange{From: 22, To: 22}}})
		a, err := s.StartNetworkInsightsAnalysis(ctx, testScope, StartAnalysisInput{PathID: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != "succeeded" || !a.NetworkPathFound {
			t.Fatalf("VPC %d: status %s (%s), found %v", i, a.Status, a.StatusMessage, a.NetworkPathFound)
		}
		fwd := componentIDs(a.Result.ForwardPathComponents)
		if len(fwd) == 0 || fwd[len(fwd)-1] != sd.two.ID {
			t.Errorf("VPC %d: forward path %v, want it to end at %s (same VPC as the source)", i, fwd, sd.two.ID)
		}
	}
}
