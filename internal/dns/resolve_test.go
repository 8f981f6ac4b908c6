package dns

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

var testScope = model.Scope{Account: "123456789012", Region: "us-east-1"}

func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("fixture: %v", err))
	}
	return v
}

type fixture struct {
	ctl       *control.Service
	vpc, vpc2 *model.VPC
	subnets   []*model.Subnet
	inst      *model.Instance // public IP, subnet 0
	other     *model.Instance // in vpc2
	ep        *model.VpcEndpoint
}

func (f *fixture) eni(t *testing.T, inst *model.Instance) *model.NetworkInterface {
	t.Helper()
	n, ok := f.ctl.Snapshot().NetworkInterfaces.Get(inst.PrimaryENI)
	if !ok {
		t.Fatal("no eni")
	}
	return n
}

func setDNS(t *testing.T, ctl *control.Service, vpc string, support, hostnames *bool) {
	t.Helper()
	if err := ctl.ModifyVpcAttribute(context.Background(), testScope, control.ModifyVpcAttributeInput{VpcID: vpc, EnableDnsHostnames: hostnames}); hostnames != nil && err != nil {
		t.Fatal(err)
	}
	if support != nil {
		if err := ctl.ModifyVpcAttribute(context.Background(), testScope, control.ModifyVpcAttributeInput{VpcID: vpc, EnableDnsSupport: support}); err != nil {
			t.Fatal(err)
		}
	}
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st := must(store.Open(store.Options{Seed: 1}))
	t.Cleanup(func() { st.Close() })
	f := &fixture{ctl: control.New(st, control.Options{})}
	if err := f.ctl.EnsureScope(ctx, testScope); err != nil {
		t.Fatal(err)
	}
	on := true
	f.vpc = must(f.ctl.CreateVpc(ctx, testScope, control.CreateVpcInput{CidrBlock: "10.0.0.0/16"}))
	setDNS(t, f.ctl, f.vpc.ID, nil, &on)
	f.vpc2 = must(f.ctl.CreateVpc(ctx, testScope, control.CreateVpcInput{CidrBlock: "10.1.0.0/16"}))
	setDNS(t, f.ctl, f.vpc2.ID, nil, &on)
	for _, c := range []struct{ vpc, cidr, az string }{{f.vpc.ID, "10.0.1.0/24", "us-east-1a"}, {f.vpc.ID, "10.0.2.0/24", "us-east-1b"}, {f.vpc2.ID, "10.1.1.0/24", "us-east-1a"}} {
		f.subnets = append(f.subnets, must(f.ctl.CreateSubnet(ctx, testScope, control.CreateSubnetInput{VpcID: c.vpc, CidrBlock: c.cidr, AvailabilityZone: c.az})))
	}
	one, zero := int32(1), int32(0)
	f.inst = must(f.ctl.RunInstances(ctx, testScope, control.RunInstancesInput{ImageID: "ami-12345678", InstanceType: "t3.micro", MinCount: &one, MaxCount: &one,
		NetworkInterfaces: []control.InstanceENISpec{{DeviceIndex: &zero, ENISpec: control.ENISpec{SubnetID: f.subnets[0].ID}, AssociatePublicIP: &on}}}))[0]
	f.other = must(f.ctl.RunInstances(ctx, testScope, control.RunInstancesInput{ImageID: "ami-12345678", InstanceType: "t3.micro", MinCount: &one, MaxCount: &one, SubnetID: f.subnets[2].ID}))[0]
	f.ep = must(f.ctl.CreateVpcEndpoint(ctx, testScope, control.CreateVpcEndpointInput{Type: model.EndpointTypeInterface, VpcID: f.vpc.ID,
		ServiceName: "com.amazonaws.us-east-1.ssm", SubnetIDs: []string{f.subnets[0].ID, f.subnets[1].ID}}))
	return f
}

// TestResolve pins the answers of the Amazon DNS server: vpc-dns.md ("DNS
// hostnames", "DNS attributes in your VPC", "Rules and considerations")
// and the PrivateLink Guide (interface endpoint DNS names, private DNS).
func TestResolve(t *testing.T) {
	off := false
	cases := []struct {
		name   string
		setup  func(t *testing.T, f *fixture)
		from   func(f *fixture) string
		query  func(t *testing.T, f *fixture) string
		status string
		want   func(t *testing.T, f *fixture) []string // record values
		rule   string
	}{
		{name: "private DNS of an interface endpoint: its interfaces", status: StatusNoError,
			query: func(*testing.T, *fixture) string { return "SSM.us-east-1.amazonaws.com." },
			want:  func(t *testing.T, f *fixture) []string { return f.endpointIPs(t, "") }, rule: "private DNS of interface endpoint"},
		{name: "private DNS is per VPC: another VPC does not see it", status: StatusNotModelled,
			from:  func(f *fixture) string { return f.other.ID },
			query: func(*testing.T, *fixture) string { return "ssm.us-east-1.amazonaws.com" }},
		{name: "private DNS off: the public name is not the endpoint", status: StatusNotModelled,
			setup: func(t *testing.T, f *fixture) {
				if err := f.ctl.ModifyVpcEndpoint(context.Background(), testScope, control.ModifyVpcEndpointInput{ID: f.ep.ID, PrivateDNSEnabled: &off}); err != nil {
					t.Fatal(err)
				}
			},
			query: func(*testing.T, *fixture) string { return "ssm.us-east-1.amazonaws.com" }},
		{name: "Regional endpoint name: every interface, from any VPC", status: StatusNoError,
			from:  func(f *fixture) string { return f.subnets[2].ID },
			query: func(t *testing.T, f *fixture) string { return f.endpoint(t).DNSEntries[0].DNSName },
			want:  func(t *testing.T, f *fixture) []string { return f.endpointIPs(t, "") }, rule: "Regional DNS name"},
		{name: "zonal endpoint name: the interface in that zone", status: StatusNoError,
			query: func(t *testing.T, f *fixture) string { return f.endpoint(t).DNSEntries[2].DNSName },
			want:  func(t *testing.T, f *fixture) []string { return f.endpointIPs(t, "us-east-1b") }, rule: "zonal DNS name"},
		{name: "unknown vpce name", status: StatusNXDomain,
			query: func(*testing.T, *fixture) string { return "vpce-0000-abc.ssm.us-east-1.vpce.amazonaws.com" }},
		{name: "private IP DNS name in the VPC", status: StatusNoError,
			query: func(t *testing.T, f *fixture) string {
				return control.PrivateDNSName("us-east-1", f.eni(t, f.inst).PrimaryIP())
			},
			want: func(t *testing.T, f *fixture) []string { return []string{f.eni(t, f.inst).PrimaryIP().String()} }},
		{name: "private IP DNS name of another VPC (RFC 1918)", status: StatusNoError,
			query: func(t *testing.T, f *fixture) string {
				return control.PrivateDNSName("us-east-1", f.eni(t, f.other).PrimaryIP())
			},
			want: func(t *testing.T, f *fixture) []string { return []string{f.eni(t, f.other).PrimaryIP().String()} }},
		{name: "private IP DNS name of no interface", status: StatusNXDomain,
			query: func(*testing.T, *fixture) string { return "ip-10-0-9-9.ec2.internal" }},
		{name: "private IP DNS name needs both attributes", status: StatusNXDomain, rule: "cannot resolve Amazon-provided private DNS hostnames",
			setup: func(t *testing.T, f *fixture) { setDNS(t, f.ctl, f.vpc.ID, nil, &off) },
			query: func(t *testing.T, f *fixture) string {
				return control.PrivateDNSName("us-east-1", f.eni(t, f.inst).PrimaryIP())
			}},
		{name: "public DNS name from inside the VPC: the private address", status: StatusNoError,
			query: func(t *testing.T, f *fixture) string {
				return control.PublicDNSName("us-east-1", f.eni(t, f.inst).PrivateIPs[0].PublicIP)
			},
			want: func(t *testing.T, f *fixture) []string { return []string{f.eni(t, f.inst).PrimaryIP().String()} }},
		{name: "public DNS name from another VPC: the public address", status: StatusNoError,
			from: func(f *fixture) string { return f.other.ID },
			query: func(t *testing.T, f *fixture) string {
				return control.PublicDNSName("us-east-1", f.eni(t, f.inst).PrivateIPs[0].PublicIP)
			},
			want: func(t *testing.T, f *fixture) []string {
				return []string{f.eni(t, f.inst).PrivateIPs[0].PublicIP.String()}
			}},
		{name: "no public DNS name without enableDnsHostnames", status: StatusNXDomain,
			from:  func(f *fixture) string { return f.other.ID },
			setup: func(t *testing.T, f *fixture) { setDNS(t, f.ctl, f.vpc.ID, nil, &off) },
			query: func(t *testing.T, f *fixture) string {
				return control.PublicDNSName("us-east-1", f.eni(t, f.inst).PrivateIPs[0].PublicIP)
			}},
		{name: "enableDnsSupport false: no answer", status: StatusNoAnswer, rule: "enableDnsSupport is false",
			setup: func(t *testing.T, f *fixture) {
				setDNS(t, f.ctl, f.vpc2.ID, nil, &off)
				setDNS(t, f.ctl, f.vpc2.ID, &off, nil)
			},
			from:  func(f *fixture) string { return f.other.ID },
			query: func(*testing.T, *fixture) string { return "example.com" }},
		{name: "public DNS name from a peer VPC allowed to resolve it: the private address", status: StatusNoError,
			rule: "asked from a peer VPC", from: func(f *fixture) string { return f.other.ID },
			setup: func(t *testing.T, f *fixture) { f.peer(t, true, false) },
			query: func(t *testing.T, f *fixture) string {
				return control.PublicDNSName("us-east-1", f.eni(t, f.inst).PrivateIPs[0].PublicIP)
			},
			want: func(t *testing.T, f *fixture) []string { return []string{f.eni(t, f.inst).PrimaryIP().String()} }},
		{name: "public DNS name from a peer VPC, option on the other side: the public address", status: StatusNoError,
			from:  func(f *fixture) string { return f.other.ID },
			setup: func(t *testing.T, f *fixture) { f.peer(t, false, true) },
			query: func(t *testing.T, f *fixture) string {
				return control.PublicDNSName("us-east-1", f.eni(t, f.inst).PrivateIPs[0].PublicIP)
			},
			want: func(t *testing.T, f *fixture) []string {
				return []string{f.eni(t, f.inst).PrivateIPs[0].PublicIP.String()}
			}},
		{name: "public DNS name from a peer VPC without DNS hostnames: the public address", status: StatusNoError,
			from: func(f *fixture) string { return f.other.ID },
			setup: func(t *testing.T, f *fixture) {
				f.peer(t, true, false)
				setDNS(t, f.ctl, f.vpc2.ID, nil, &off)
			},
			query: func(t *testing.T, f *fixture) string {
				return control.PublicDNSName("us-east-1", f.eni(t, f.inst).PrivateIPs[0].PublicIP)
			},
			want: func(t *testing.T, f *fixture) []string {
				return []string{f.eni(t, f.inst).PrivateIPs[0].PublicIP.String()}
			}},
		{name: "an internet name is not modelled", status: StatusNotModelled,
			query: func(*testing.T, *fixture) string { return "example.com" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			if c.setup != nil {
				c.setup(t, f)
			}
			from := f.inst.ID
			if c.from != nil {
				from = c.from(f)
			}
			w := f.ctl.Snapshot()
			src, err := FindSource(w, "", from)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Resolve(w, "", src, c.query(t, f))
			if err != nil {
				t.Fatal(err)
			}
			if a.Status != c.status {
				t.Fatalf("status %s, want %s: %+v", a.Status, c.status, a)
			}
			if c.rule != "" && !strings.Contains(a.Rule, c.rule) {
				t.Errorf("rule %q, want %q", a.Rule, c.rule)
			}
			if a.Reference == "" {
				t.Error("no reference")
			}
			var got []string
			for _, r := range a.Records {
				got = append(got, r.Value)
			}
			var want []string
			if c.want != nil {
				want = c.want(t, f)
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("records %v, want %v", got, want)
			}
		})
	}
}

// peer connects vpc (requester) and vpc2 (accepter) and sets each side's
// AllowDnsResolutionFromRemoteVpc.
func (f *fixture) peer(t *testing.T, requester, accepter bool) {
	t.Helper()
	ctx := context.Background()
	p, err := f.ctl.CreateVpcPeeringConnection(ctx, testScope, control.CreatePeeringInput{VpcID: f.vpc.ID, PeerVpcID: f.vpc2.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.ctl.AcceptVpcPeeringConnection(ctx, testScope, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ctl.ModifyVpcPeeringConnectionOptions(ctx, testScope, p.ID,
		&control.PeeringOptionsInput{AllowDNSResolutionFromRemoteVpc: &requester},
		&control.PeeringOptionsInput{AllowDNSResolutionFromRemoteVpc: &accepter}); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) endpoint(t *testing.T) *model.VpcEndpoint {
	e, ok := f.ctl.Snapshot().VpcEndpoints.Get(f.ep.ID)
	if !ok {
		t.Fatal("no endpoint")
	}
	return e
}

func (f *fixture) endpointIPs(t *testing.T, zone string) []string {
	var out []string
	w := f.ctl.Snapshot()
	for _, id := range f.endpoint(t).NetworkInterfaceIDs {
		n, _ := w.NetworkInterfaces.Get(id)
		if zone == "" || n.AvailabilityZone == zone {
			out = append(out, n.PrimaryIP().String())
		}
	}
	return out
}

// TestResolveCustomDNSServers: DHCP options without AmazonProvidedDNS
// leave the answer the Amazon DNS server's and say which servers the
// instances use [VPC-UG DHCPOptionSet.md "Domain name servers"].
func TestResolveCustomDNSServers(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	name := control.PrivateDNSName("us-east-1", f.eni(t, f.inst).PrimaryIP())
	ask := func() *Answer {
		t.Helper()
		w := f.ctl.Snapshot()
		src, err := FindSource(w, "", f.inst.ID)
		if err != nil {
			t.Fatal(err)
		}
		a, err := Resolve(w, "", src, name)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	if a := ask(); a.DHCPNote != "" || a.Status != StatusNoError {
		t.Fatalf("default options: %+v", a)
	}
	for _, c := range []struct {
		servers []string
		note    bool
	}{{[]string{"10.0.0.10", "10.0.0.11"}, true}, {[]string{"AmazonProvidedDNS", "10.0.0.10"}, false}} {
		o, err := f.ctl.CreateDhcpOptions(ctx, testScope, []model.DhcpConfiguration{{Key: "domain-name-servers", Values: c.servers}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.ctl.AssociateDhcpOptions(ctx, testScope, o.ID, f.vpc.ID); err != nil {
			t.Fatal(err)
		}
		a := ask()
		if got := a.DHCPNote != "" && strings.Contains(a.DHCPNote, "10.0.0.10") && strings.Contains(a.DHCPNote, o.ID); got != c.note || a.Status != StatusNoError {
			t.Errorf("servers %v: note %q status %s", c.servers, a.DHCPNote, a.Status)
		}
	}
}

// TestResolveInput: malformed names and unknown or foreign sources are
// errors.
func TestResolveInput(t *testing.T) {
	f := newFixture(t)
	w := f.ctl.Snapshot()
	for _, id := range []string{"i-00000000", "vpc-123", f.inst.ID + "x"} {
		if _, err := FindSource(w, "", id); err == nil {
			t.Errorf("%s: no error", id)
		}
	}
	if _, err := FindSource(w, "210987654321", f.inst.ID); err == nil {
		t.Error("another account's instance is visible")
	}
	src, err := FindSource(w, "", f.subnets[0].ID)
	if err != nil || src.VPC.ID != f.vpc.ID || ResolverAddress(src.VPC).String() != "10.0.0.2" {
		t.Fatalf("subnet source %+v %v", src, err)
	}
	for _, n := range []string{"", "a..b", strings.Repeat("a", 64) + ".com", "bad name", strings.Repeat("a.", 130)} {
		if _, err := Resolve(w, "", src, n); err == nil {
			t.Errorf("%q: no error", n)
		}
	}
}
