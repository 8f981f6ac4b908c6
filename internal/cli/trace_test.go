package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

var traceTestScope = model.Scope{Account: "123456789012", Region: "us-east-1"}

// traceWorld names what buildTraceWorld creates.
type traceWorld struct {
	web, db, igw, vpcA, vpcB string
}

// buildTraceWorld creates through the control plane: VPC A (10.0.0.0/16)
// with a public subnet routed to an attached IGW, instance web
// (10.0.1.10, Elastic IP, group allowing tcp/443) and instance db
// (10.0.1.20, a group without inbound rules); and VPC B with the same
// CIDR and an instance also at 10.0.1.10 (an ambiguous address).
func buildTraceWorld(t *testing.T, st *store.Store) traceWorld {
	t.Helper()
	ctx := context.Background()
	s := control.New(st, control.Options{})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.EnsureScope(ctx, traceTestScope))
	var tw traceWorld
	one := int32(1)
	port := int32(443)
	vpc := func() (string, string) {
		v, err := s.CreateVpc(ctx, traceTestScope, control.CreateVpcInput{CidrBlock: "10.0.0.0/16"})
		must(err)
		sn, err := s.CreateSubnet(ctx, traceTestScope, control.CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.1.0/24"})
		must(err)
		return v.ID, sn.ID
	}
	run := func(subnet, ip string, groups []string) string {
		got, err := s.RunInstances(ctx, traceTestScope, control.RunInstancesInput{ImageID: "ami-12345678", InstanceType: "t3.micro",
			MinCount: &one, MaxCount: &one, SubnetID: subnet, PrivateIPAddress: ip, SecurityGroupIDs: groups})
		must(err)
		return got[0].ID
	}
	sg := func(vpc, name string) string {
		g, err := s.CreateSecurityGroup(ctx, traceTestScope, control.CreateSecurityGroupInput{GroupName: name, Description: name, VpcID: vpc})
		must(err)
		return g.ID
	}
	var subA, subB string
	tw.vpcA, subA = vpc()
	tw.vpcB, subB = vpc()
	igw, err := s.CreateInternetGateway(ctx, traceTestScope, nil)
	must(err)
	tw.igw = igw.ID
	must(s.AttachInternetGateway(ctx, traceTestScope, tw.igw, tw.vpcA))
	var mainRT string
	s.Snapshot().RouteTables.ByParent(tw.vpcA, func(rt *model.RouteTable) bool {
		for _, a := range rt.Associations {
			if a.Main {
				mainRT = rt.ID
			}
		}
		return true
	})
	must(s.CreateRoute(ctx, traceTestScope, control.RouteInput{RouteTableID: mainRT, DestinationCidrBlock: "0.0.0.0/0", GatewayID: tw.igw}))
	web := sg(tw.vpcA, "web")
	_, err = s.AuthorizeSecurityGroupRules(ctx, traceTestScope, control.AuthorizeSecurityGroupRulesInput{GroupID: web,
		Permissions: []control.SGPermission{{Protocol: "tcp", FromPort: &port, ToPort: &port, IPv4: []control.SGPeer{{Value: "0.0.0.0/0"}}}}})
	must(err)
	tw.web = run(subA, "10.0.1.10", []string{web})
	tw.db = run(subA, "10.0.1.20", []string{sg(tw.vpcA, "norules")})
	run(subB, "10.0.1.10", nil)
	eip, err := s.AllocateAddress(ctx, traceTestScope, control.AllocateAddressInput{Domain: "vpc"})
	must(err)
	_, err = s.AssociateAddress(ctx, traceTestScope, control.AssociateAddressInput{AllocationID: eip.ID, InstanceID: tw.web})
	must(err)
	return tw
}

type traceCase struct {
	name   string
	args   []string
	status int
	stdout []string // substrings
	stderr []string
}

func runTraceCases(t *testing.T, target []string, cases []traceCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			args := append(append([]string{"trace"}, target...), c.args...)
			got := Main(context.Background(), args, strings.NewReader(""), &out, &errb)
			if got != c.status {
				t.Fatalf("vpcsim %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), got, c.status, out.String(), errb.String())
			}
			for _, s := range c.stdout {
				if !strings.Contains(out.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, out.String())
				}
			}
			for _, s := range c.stderr {
				if !strings.Contains(errb.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, errb.String())
				}
			}
			if c.status == 2 && out.Len() > 0 {
				t.Errorf("an error wrote to stdout:\n%s", out.String())
			}
			if c.status != 2 && errb.Len() > 0 {
				t.Errorf("stderr:\n%s", errb.String())
			}
			if len(c.args) > 1 && slicesContain(c.args, "json") && c.status != 2 {
				var tr struct {
					Reachable    bool              `json:"reachable"`
					Forward      []json.RawMessage `json:"forward"`
					Explanations []struct {
						Code string `json:"explanationCode"`
					} `json:"explanations"`
				}
				if err := json.Unmarshal(out.Bytes(), &tr); err != nil {
					t.Fatalf("json output: %v\n%s", err, out.String())
				}
				if tr.Reachable != (c.status == 0) || len(tr.Forward) == 0 {
					t.Errorf("json reachable=%v with %d forward hops, exit %d", tr.Reachable, len(tr.Forward), c.status)
				}
				if c.status == 1 && (len(tr.Explanations) == 0 || tr.Explanations[0].Code == "") {
					t.Errorf("json of a blocked path without explanation codes:\n%s", out.String())
				}
			}
		})
	}
}

func slicesContain(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func traceCases(tw traceWorld) []traceCase {
	return []traceCase{
		{"reachable table", []string{"--from", tw.web, "--to", "8.8.8.8", "--protocol", "tcp", "--port", "443"}, 0,
			[]string{"reachable", tw.web, tw.igw, "forward:", "return:"}, nil},
		{"reachable json", []string{"--from", tw.web, "--to", "8.8.8.8", "--port", "443", "--output", "json"}, 0,
			nil, nil},
		{"internet to web", []string{"--from", tw.igw, "--to", tw.web, "--port", "443"}, 0, []string{"reachable"}, nil},
		{"blocked table", []string{"--from", tw.web, "--to", tw.db, "--port", "5432"}, 1,
			[]string{"not reachable", "SG_HAS_NO_RULES"}, nil},
		{"blocked json", []string{"--from", tw.web, "--to", tw.db, "--port", "5432", "--output", "json"}, 1,
			[]string{"SG_HAS_NO_RULES"}, nil},
		{"address disambiguated by --vpc", []string{"--from", "10.0.1.10", "--vpc", tw.vpcA, "--to", "8.8.8.8", "--port", "443"}, 0,
			[]string{"reachable"}, nil},
		{"unknown instance", []string{"--from", "i-0123456789abcdef0", "--to", "8.8.8.8", "--port", "443"}, 2,
			nil, []string{"unknown resource id", "i-0123456789abcdef0"}},
		{"unknown interface", []string{"--from", tw.web, "--to", "eni-0123456789abcdef0", "--port", "443"}, 2,
			nil, []string{"unknown resource id", "eni-0123456789abcdef0"}},
		{"ambiguous address", []string{"--from", "10.0.1.10", "--to", "8.8.8.8", "--port", "443"}, 2,
			nil, []string{"ambiguous address", "10.0.1.10", "2 VPCs"}},
		{"not an id or address", []string{"--from", "web", "--to", "8.8.8.8", "--port", "443"}, 2,
			nil, []string{`"web"`}},
		{"no port for tcp", []string{"--from", tw.web, "--to", "8.8.8.8"}, 2, nil, []string{"destination port"}},
		{"missing --to", []string{"--from", tw.web}, 2, nil, []string{"--from and --to are required"}},
		{"bad output", []string{"--from", tw.web, "--to", "8.8.8.8", "--port", "443", "--output", "yaml"}, 2, nil, []string{"--output"}},
	}
}

// TestTraceEndpoint runs `vpcsim trace --endpoint` against an in-process
// server.
func TestTraceEndpoint(t *testing.T) {
	st, err := store.Open(store.Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tw := buildTraceWorld(t, st)
	srv := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	defer srv.Close()
	runTraceCases(t, []string{"--endpoint", srv.URL}, traceCases(tw))
	runTraceCases(t, []string{"--endpoint", "http://127.0.0.1:1"}, []traceCase{
		{"server down", []string{"--from", tw.web, "--to", "8.8.8.8", "--port", "443"}, 2, nil, []string{"cannot reach vpcsim"}},
	})
}

// TestTraceData runs `vpcsim trace --data` on a data directory whose
// server is stopped.
func TestTraceData(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(store.Options{Dir: dir, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	tw := buildTraceWorld(t, st)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	runTraceCases(t, []string{"--data", dir}, traceCases(tw))
	runTraceCases(t, []string{"--data", dir, "--endpoint", "http://127.0.0.1:1"}, []traceCase{
		{"both --data and --endpoint", []string{"--from", tw.web, "--to", "8.8.8.8", "--port", "443"}, 2, nil, []string{"not both"}},
	})
}

// TestTraceAdditionalAccounts: a server traces in the caller's account;
// --additional-accounts lets the query name (and the path cross) the
// resources of other accounts too, as AdditionalAccounts does for a
// Network Insights analysis.
func TestTraceAdditionalAccounts(t *testing.T) {
	st, err := store.Open(store.Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tw := buildTraceWorld(t, st)
	srv := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	defer srv.Close()
	const other = "999999999999"
	owner := traceTestScope.Account
	runTraceCases(t, []string{"--endpoint", srv.URL, "--account", other}, []traceCase{
		{"another account's instance", []string{"--from", tw.web, "--to", "8.8.8.8", "--port", "443"}, 2,
			nil, []string{"unknown resource id", tw.web}},
		{"listed in --additional-accounts", []string{"--from", tw.web, "--to", "8.8.8.8", "--port", "443", "--additional-accounts", owner}, 0,
			[]string{"reachable", tw.web, tw.igw}, nil},
		{"several, with spaces", []string{"--from", tw.web, "--to", tw.db, "--port", "5432", "--additional-accounts", "111111111111, " + owner}, 1,
			[]string{"SG_HAS_NO_RULES"}, nil},
		{"an address in the listed account's VPCs", []string{"--from", "10.0.1.10", "--to", "8.8.8.8", "--port", "443", "--additional-accounts", owner}, 2,
			nil, []string{"ambiguous address", "10.0.1.10", "2 VPCs"}},
		{"malformed account", []string{"--from", tw.web, "--to", "8.8.8.8", "--port", "443", "--additional-accounts", "1234"}, 2,
			nil, []string{"--additional-accounts", `"1234"`}},
	})
}
