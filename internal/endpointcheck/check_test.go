package endpointcheck

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
	iamctl "github.com/vpcsim/vpcsim/internal/control/iam"
)

const trustEC2 = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// TestChecklist pins the seven steps against the documents they come
// from: vpc-endpoints-privatelink-2021 (gateway endpoints for S3, interface
// endpoints, "Control access to VPC endpoints using endpoint policies"),
// s3-user-guide-core example-bucket-policies-vpc-endpoint.md (aws:SourceVpce
// / aws:SourceVpc), the IAM User Guide (policy evaluation logic, aws:SourceIp
// unavailable through endpoints) and vpc-dns.md (DNS attributes).
func TestChecklist(t *testing.T) {
	ctx := context.Background()
	object := "arn:aws:s3:::reports/2026/q4.csv"
	cases := []struct {
		name string
		// setup changes the world; it returns the input's changes.
		setup     func(w *world, in *Input)
		failed    int
		status    map[int]string // expected statuses besides pass
		detail    string         // in the failing step's detail
		statement string         // the failing step's deciding statement
	}{
		{name: "gateway endpoint, default policy, root caller: every step passes", failed: -1,
			status: map[int]string{6: StatusNotApplicable}},
		{name: "endpoint policy allows another bucket only", failed: 4,
			setup: func(w *world, in *Input) {
				w.setEndpointPolicy(w.gateway.ID, `{"Statement":[{"Sid":"OnlyLogs","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::logs/*"}]}`)
			}, detail: "no statement of the endpoint policy allows"},
		{name: "endpoint policy denies the action", failed: 4, statement: "statement 1 (NoGet)",
			setup: func(w *world, in *Input) {
				w.setEndpointPolicy(w.gateway.ID, `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Sid":"NoGet","Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`)
			}, detail: "denied by a Deny statement of the endpoint policy"},
		{name: "bucket policy denies unless another endpoint (aws:SourceVpce)", failed: 5, statement: "statement 0 (Access-to-specific-VPCE-only)",
			setup: func(w *world, in *Input) {
				w.setBucketPolicy(`{"Version":"2012-10-17","Statement":[{"Sid":"Access-to-specific-VPCE-only","Principal":"*","Action":"s3:*","Effect":"Deny","Resource":["arn:aws:s3:::reports","arn:aws:s3:::reports/*"],"Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}`)
			}},
		{name: "bucket policy denies unless this VPC (aws:SourceVpc): allowed", failed: -1, status: map[int]string{6: StatusNotApplicable},
			setup: func(w *world, in *Input) {
				w.setBucketPolicy(`{"Version":"2012-10-17","Statement":[{"Sid":"Access-to-specific-VPC-only","Principal":"*","Action":"s3:*","Effect":"Deny","Resource":["arn:aws:s3:::reports","arn:aws:s3:::reports/*"],"Condition":{"StringNotEquals":{"aws:SourceVpc":"` + w.vpc.ID + `"}}}]}`)
			}},
		{name: "aws:SourceIp is not in the context: an IP allow-list denies endpoint traffic", failed: 5, statement: "statement 0 (IPAllow)",
			setup: func(w *world, in *Input) {
				w.setBucketPolicy(`{"Version":"2012-10-17","Statement":[{"Sid":"IPAllow","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::reports/*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`)
			}},
		{name: "role without permissions: step 1 fails", failed: 1, detail: "no identity-based policy allows",
			setup: func(w *world, in *Input) {
				in.Principal = w.role("reader", "").ARN
			}},
		{name: "role allowed by its identity policy", failed: -1, status: map[int]string{6: StatusNotApplicable},
			setup: func(w *world, in *Input) {
				in.Principal = w.role("reader", `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}`).ARN
			}},
		{name: "source subnet's route table lacks the endpoint route", failed: 3, detail: "has no route to",
			setup: func(w *world, in *Input) {
				rt, err := w.ctl.CreateRouteTable(ctx, testScope, w.vpc.ID, nil)
				if err != nil {
					w.t.Fatal(err)
				}
				if _, err := w.ctl.AssociateRouteTable(ctx, testScope, rt.ID, w.subnets[0].ID, ""); err != nil {
					w.t.Fatal(err)
				}
			}},
		{name: "caller security group without egress", failed: 2, detail: "do not allow egress",
			setup: func(w *world, in *Input) {
				w.revokeEgress(w.appSG.ID)
			}},
		{name: "enableDnsSupport false", failed: 7, detail: "enableDnsSupport false",
			setup: func(w *world, in *Input) {
				off := false
				if err := w.ctl.ModifyVpcAttribute(ctx, testScope, control.ModifyVpcAttributeInput{VpcID: w.vpc.ID, EnableDnsHostnames: &off}); err != nil {
					w.t.Fatal(err)
				}
				if err := w.ctl.ModifyVpcAttribute(ctx, testScope, control.ModifyVpcAttributeInput{VpcID: w.vpc.ID, EnableDnsSupport: &off}); err != nil {
					w.t.Fatal(err)
				}
			}},
		{name: "endpoint of another service", failed: 0, detail: "is an endpoint for com.amazonaws.us-east-1.ssm",
			status: map[int]string{5: StatusPass},
			setup: func(w *world, in *Input) {
				in.Endpoint = w.iface.ID
			}},
		{name: "interface endpoint with private DNS: every step passes", failed: -1, status: map[int]string{5: StatusNotApplicable},
			setup: func(w *world, in *Input) {
				in.Endpoint, in.Action, in.Resource = w.iface.ID, "ssm:GetParameter", "arn:aws:ssm:us-east-1:123456789012:parameter/app"
			}},
		{name: "interface endpoint security group without the caller's port", failed: 2, detail: "the endpoint's security groups do not allow ingress",
			setup: func(w *world, in *Input) {
				in.Endpoint, in.Action, in.Resource, in.Port = w.iface.ID, "ssm:GetParameter", "arn:aws:ssm:us-east-1:123456789012:parameter/app", 8443
			}},
		{name: "interface endpoint without private DNS", failed: 6, detail: "private DNS is off",
			setup: func(w *world, in *Input) {
				off := false
				if err := w.ctl.ModifyVpcEndpoint(ctx, testScope, control.ModifyVpcEndpointInput{ID: w.iface.ID, PrivateDNSEnabled: &off}); err != nil {
					w.t.Fatal(err)
				}
				in.Endpoint, in.Action, in.Resource = w.iface.ID, "ssm:GetParameter", "arn:aws:ssm:us-east-1:123456789012:parameter/app"
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			in := Input{Source: w.instance.ID, Endpoint: w.gateway.ID, Action: "s3:GetObject", Resource: object}
			if c.setup != nil {
				c.setup(w, &in)
			}
			res := w.check(in)
			if res.Failed != c.failed || res.OK != (c.failed == -1) {
				t.Fatalf("failed step %d (ok %v), want %d:\n%s", res.Failed, res.OK, c.failed, dump(res))
			}
			for _, s := range res.Steps {
				want := StatusPass
				if s.Number == c.failed {
					want = StatusFail
				} else if st, ok := c.status[s.Number]; ok {
					want = st
				} else if c.failed >= 0 && s.Number != c.failed {
					continue // other steps may fail too
				}
				if s.Status != want {
					t.Errorf("step %d %s = %s, want %s: %s", s.Number, s.Name, s.Status, want, s.Detail)
				}
			}
			if c.failed >= 0 {
				s := res.Steps[c.failed]
				if c.detail != "" && !strings.Contains(s.Detail, c.detail) {
					t.Errorf("step %d detail %q, want %q", c.failed, s.Detail, c.detail)
				}
				if c.statement != "" && s.Statement != c.statement {
					t.Errorf("step %d statement %q, want %q", c.failed, s.Statement, c.statement)
				}
			}
		})
	}
}

func dump(r *Result) string {
	var b strings.Builder
	for _, s := range r.Steps {
		b.WriteString(s.Name + ": " + s.Status + ": " + s.Detail + " " + s.Statement + "\n")
	}
	return b.String()
}

// TestRequestContext pins the keys of endpoint traffic: aws:SourceVpce and
// aws:SourceVpc set, aws:VpcSourceIp the private address, aws:SourceIp
// absent (IAM User Guide, aws:SourceIp: "If the request comes from a host
// that uses an Amazon VPC endpoint, then the aws:SourceIp key is not
// available").
func TestRequestContext(t *testing.T) {
	w := newWorld(t)
	res := w.check(Input{Source: w.instance.ID, Endpoint: w.gateway.ID, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/x"})
	c := res.Context
	if c["aws:SourceVpce"][0] != w.gateway.ID || c["aws:SourceVpc"][0] != w.vpc.ID || !strings.HasPrefix(c["aws:VpcSourceIp"][0], "10.0.1.") {
		t.Fatalf("context %v", c)
	}
	if _, ok := c["aws:SourceIp"]; ok {
		t.Fatalf("aws:SourceIp present: %v", c)
	}
}

// TestCheckInputErrors: unknown ids and malformed input are errors, not
// failing steps.
func TestCheckInputErrors(t *testing.T) {
	w := newWorld(t)
	snap := w.ctl.Snapshot()
	for _, in := range []Input{
		{Source: "i-0000000000000000", Endpoint: w.gateway.ID, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/x"},
		{Source: w.instance.ID, Endpoint: "vpce-00000000000000000", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/x"},
		{Source: w.instance.ID, Endpoint: w.gateway.ID, Action: "GetObject", Resource: "arn:aws:s3:::reports/x"},
		{Source: w.instance.ID, Endpoint: w.gateway.ID, Action: "s3:GetObject", Resource: "reports/x"},
		{Source: w.subnets[0].ID, Endpoint: w.gateway.ID, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/x"},
		{Source: w.instance.ID, Endpoint: w.gateway.ID, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/x", Principal: "arn:aws:iam::123456789012:user/bob"},
		{Source: w.instance.ID, Endpoint: w.gateway.ID, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/x", Principal: "arn:aws:iam::123456789012:role/nope"},
	} {
		if _, err := Check(snap, w.ctl.Plane(), "", in); !errors.Is(err, ErrBadInput) {
			t.Errorf("%+v: err %v, want ErrBadInput", in, err)
		}
	}
	// Another account's endpoint is unknown to the caller.
	in := Input{Source: w.instance.ID, Endpoint: w.gateway.ID, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/x"}
	if _, err := Check(snap, w.ctl.Plane(), "210987654321", in); !errors.Is(err, ErrBadInput) {
		t.Errorf("other account: err %v", err)
	}
}

func (w *world) setEndpointPolicy(id, doc string) {
	w.t.Helper()
	if err := w.ctl.ModifyVpcEndpoint(context.Background(), testScope, control.ModifyVpcEndpointInput{ID: id, PolicyDocument: &doc}); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) setBucketPolicy(doc string) {
	w.t.Helper()
	if err := w.s3.PutPolicy(context.Background(), testScope, "reports", doc); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) role(name, doc string) *roleRef {
	w.t.Helper()
	r, err := w.iam.CreateRole(context.Background(), iamctl.RoleInput{Account: testScope.Account, Name: name, TrustPolicy: trustEC2})
	if err != nil {
		w.t.Fatal(err)
	}
	if doc != "" {
		if err := w.iam.PutRolePolicy(context.Background(), testScope.Account, name, "inline", doc); err != nil {
			w.t.Fatal(err)
		}
	}
	return &roleRef{ARN: r.ARN}
}

type roleRef struct{ ARN string }

func (w *world) revokeEgress(sg string) {
	w.t.Helper()
	if _, err := w.ctl.RevokeSecurityGroupRules(context.Background(), testScope, control.RevokeSecurityGroupRulesInput{GroupID: sg, Egress: true,
		Permissions: []control.SGPermission{{Protocol: "-1", IPv4: []control.SGPeer{{Value: "0.0.0.0/0"}}}}}); err != nil {
		w.t.Fatal(err)
	}
}
