package endpointcheck

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/control"
	s3ctl "github.com/vpcsim/vpcsim/internal/control/s3"
	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/dns"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// ErrBadInput wraps every error about the check's input (unknown ids,
// malformed action or resource); the caller answers it as a usage error.
var ErrBadInput = errors.New("invalid endpoint check")

// Input is one checklist run: a request for Action on Resource, made by
// Principal from Source through Endpoint.
type Input struct {
	// Source is an instance (i-) or network interface (eni-).
	Source string `json:"source"`
	// Endpoint is the VPC endpoint (vpce-).
	Endpoint string `json:"endpoint"`
	// Action is "service:Action", e.g. s3:GetObject.
	Action string `json:"action"`
	// Resource is the resource ARN, e.g. arn:aws:s3:::bucket/key.
	Resource string `json:"resource"`
	// Principal is the caller: a role or assumed-role ARN, the account
	// root ARN or an account id; "" is the source's account root user.
	Principal string `json:"principal,omitempty"`
	// Port is the HTTPS port the request uses (0: 443).
	Port uint16 `json:"port,omitempty"`
	// Time is the request time for time conditions (zero: now).
	Time time.Time `json:"-"`
}

// Step statuses.
const (
	StatusPass = "pass"
	StatusFail = "fail"
	// StatusNotApplicable: the step does not apply to this endpoint or
	// resource.
	StatusNotApplicable = "n/a"
	// StatusNotReached: an earlier drop on the same path hides it.
	StatusNotReached = "not-reached"
)

// Step is one item of the checklist.
type Step struct {
	Number int    `json:"step"`
	Name   string `json:"name"`
	Status string `json:"status"`
	Detail string `json:"detail"`
	// Policy and Statement name the policy statement that decided.
	Policy    string `json:"policy,omitempty"`
	Statement string `json:"statement,omitempty"`
	// Code is the Reachability Analyzer explanation code of a network
	// drop.
	Code string `json:"explanationCode,omitempty"`
}

// Result is the whole checklist.
type Result struct {
	Source    string `json:"source"`
	Endpoint  string `json:"endpoint"`
	Type      string `json:"endpointType"`
	Service   string `json:"serviceName"`
	Action    string `json:"action"`
	Resource  string `json:"resource"`
	Principal string `json:"principal"`
	// OK is true when every step passes (or does not apply).
	OK bool `json:"ok"`
	// Failed is the first failing step's number (0 = the endpoint
	// itself), -1 when none fails.
	Failed int `json:"failedStep"`
	// Context is the request context the policies were evaluated with.
	Context map[string][]string `json:"requestContext"`
	Steps   []Step              `json:"steps"`
}

// Step names, in the checklist's order.
var stepNames = [...]string{
	"endpoint",
	"caller permission (identity-based policy)",
	"security groups (caller egress, endpoint ingress)",
	"route table",
	"endpoint policy",
	"resource policy",
	"private DNS",
	"VPC DNS attributes",
}

// Check walks the checklist for in over w; plane is the data plane
// compiled from w (dataplane.Compile or a cache). A non-empty account
// limits the source and endpoint to that account's resources.
func Check(w *store.World, plane *dataplane.Plane, account string, in Input) (*Result, error) {
	if in.Port == 0 {
		in.Port = 443
	}
	svcPrefix, _, ok := strings.Cut(in.Action, ":")
	if !ok || svcPrefix == "" || strings.ContainsAny(in.Action, " *?") {
		return nil, fmt.Errorf("%w: action %q is not service:Action", ErrBadInput, in.Action)
	}
	if in.Resource != "*" && !strings.HasPrefix(in.Resource, "arn:") {
		return nil, fmt.Errorf("%w: resource %q is not an ARN", ErrBadInput, in.Resource)
	}
	src, err := dns.FindSource(w, account, in.Source)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadInput, err)
	}
	if src.ENI == nil {
		return nil, fmt.Errorf("%w: the source must be an instance or a network interface (the checklist traces its security groups), not %s", ErrBadInput, in.Source)
	}
	e, ok := w.VpcEndpoints.Get(in.Endpoint)
	if !ok || account != "" && e.Account != account {
		return nil, fmt.Errorf("%w: unknown VPC endpoint %q", ErrBadInput, in.Endpoint)
	}
	p, err := ResolvePrincipal(w, src.ENI.Account, in.Principal)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadInput, err)
	}
	bucket, bucketDoc, bucketAccount := bucketOf(w, in.Resource)
	req := &Request{Principal: p, Action: in.Action, Resource: in.Resource, ResourceAccount: bucketAccount,
		Context: RequestContext(e, src.Address, e.Region), Time: in.Time}
	res := &Result{Source: in.Source, Endpoint: e.ID, Type: e.Type, Service: e.ServiceName, Action: in.Action,
		Resource: in.Resource, Principal: p.Caller.ARN, Context: req.Context, Failed: -1}
	steps := make([]Step, len(stepNames))
	for i := range steps {
		steps[i] = Step{Number: i, Name: stepNames[i], Status: StatusPass}
	}
	endpointStep(&steps[0], e, src, svcPrefix)
	policyStep(&steps[1], Identity(req, bucketDoc))
	networkSteps(w, plane, &steps[2], &steps[3], e, src, in.Port)
	policyStep(&steps[4], EndpointPolicy(e, req))
	resourceStep(&steps[5], in.Resource, bucket, bucketDoc, req)
	dnsSteps(w, account, &steps[6], &steps[7], e, src, bucket)
	res.Steps = steps
	res.OK = true
	for _, s := range steps {
		if s.Status == StatusFail {
			res.OK = false
			res.Failed = s.Number
			break
		}
	}
	return res, nil
}

// endpointStep checks the endpoint itself: available, for the action's
// service, and (gateway endpoints) used from inside its VPC: "Gateway
// endpoints ... You cannot use a gateway endpoint from outside the VPC"
// (PrivateLink Guide, gateway endpoints).
func endpointStep(s *Step, e *model.VpcEndpoint, src *dns.Source, svcPrefix string) {
	short := strings.TrimPrefix(e.ServiceName, "com.amazonaws."+e.Region+".")
	switch {
	case e.State != model.EndpointAvailable:
		s.Status, s.Detail = StatusFail, fmt.Sprintf("%s is %s, not available", e.ID, e.State)
	case e.ServiceID == "" && short != svcPrefix && !strings.HasPrefix(short, svcPrefix+"."):
		s.Status, s.Detail = StatusFail, fmt.Sprintf("%s is an endpoint for %s; %s requests go to the %s service", e.ID, e.ServiceName, svcPrefix+":", svcPrefix)
	case e.Type == model.EndpointTypeGateway && src.VPC.ID != e.VpcID:
		s.Status, s.Detail = StatusFail, fmt.Sprintf("%s is a gateway endpoint of %s; %s is in %s, and a gateway endpoint is usable only from inside its VPC", e.ID, e.VpcID, src.ID, src.VPC.ID)
	default:
		s.Detail = fmt.Sprintf("%s endpoint %s for %s is available", strings.ToLower(e.Type), e.ID, e.ServiceName)
	}
}

func policyStep(s *Step, v Verdict) {
	s.Policy, s.Statement, s.Detail = v.Policy, v.Statement, v.Note
	if !v.Allowed {
		s.Status = StatusFail
	}
}

// resourceStep checks the bucket policy of an S3 resource.
func resourceStep(s *Step, resource, bucket, doc string, req *Request) {
	switch {
	case !strings.HasPrefix(resource, "arn:aws:s3:::"):
		s.Status, s.Detail = StatusNotApplicable, "vpcsim holds no resource-based policy for "+resource
		return
	case req.ResourceAccount == "":
		s.Status, s.Detail = StatusFail, "no bucket "+bucket+" (NoSuchBucket)"
		return
	}
	policyStep(s, ResourcePolicy(doc, req))
}

// bucketOf returns the bucket an S3 ARN names, its policy and owner ("",
// "", "" when not an S3 ARN; owner "" when the bucket does not exist).
func bucketOf(w *store.World, resource string) (name, doc, owner string) {
	rest, ok := strings.CutPrefix(resource, "arn:aws:s3:::")
	if !ok {
		return "", "", ""
	}
	name, _, _ = strings.Cut(rest, "/")
	b, ok := s3ctl.BucketKind.In(w).Get(name)
	if !ok {
		return name, "", ""
	}
	return name, b.Policy, b.Account
}

// networkSteps traces the source to the endpoint (steps 2 and 3).
func networkSteps(w *store.World, plane *dataplane.Plane, sg, rt *Step, e *model.VpcEndpoint, src *dns.Source, port uint16) {
	switch e.Type {
	case model.EndpointTypeGateway:
		gatewayNetwork(w, plane, sg, rt, e, src, port)
	default:
		interfaceNetwork(w, plane, sg, rt, e, src, port)
	}
}

// isSGCode reports whether a drop is a security group's.
func isSGCode(c dataplane.Code) bool {
	return c == dataplane.EniSGRulesMismatch || c == dataplane.SGHasNoRules
}

func sgDetail(x *dataplane.Explanation) string {
	groups := make([]string, 0, len(x.SecurityGroups))
	for _, g := range x.SecurityGroups {
		groups = append(groups, g.ID)
	}
	if len(groups) == 0 {
		groups = append(groups, x.Component.ID)
	}
	on := x.AttachedTo.ID
	if on == "" {
		on = x.Component.ID
	}
	return fmt.Sprintf("%s of %s (security groups %s): %s", x.Direction, on, strings.Join(groups, ", "), x.Detail)
}

// gatewayNetwork: a gateway endpoint has no security group; the caller's
// security groups must allow egress to the service's prefix list (or its
// addresses), and the source subnet's route table must hold the endpoint's
// prefix-list route (PrivateLink Guide, gateway endpoints: "Security" and
// "Routing").
func gatewayNetwork(w *store.World, plane *dataplane.Plane, sg, rt *Step, e *model.VpcEndpoint, src *dns.Source, port uint16) {
	pl := endpointPrefixList(w, e)
	table := control.SubnetRouteTable(w, src.Subnet)
	switch {
	case table == nil:
		rt.Status, rt.Detail = StatusFail, "subnet "+src.Subnet.ID+" has no route table"
	case src.VPC.ID != e.VpcID:
		rt.Status, rt.Detail = StatusFail, "the source is outside the endpoint's VPC "+e.VpcID
	case !slices.ContainsFunc(table.Routes, func(r model.Route) bool { return r.TargetID == e.ID && r.DestinationPrefixListID != "" }):
		rt.Status = StatusFail
		rt.Detail = fmt.Sprintf("route table %s of %s has no route to %s through %s: add the table to the endpoint (ModifyVpcEndpoint AddRouteTableIds)", table.ID, src.Subnet.ID, orDash(pl), e.ID)
	default:
		rt.Detail = fmt.Sprintf("route table %s of %s routes %s to %s", table.ID, src.Subnet.ID, orDash(pl), e.ID)
	}
	addr := prefixListAddr(w, pl)
	if !addr.IsValid() {
		sg.Status, sg.Detail = StatusFail, "the endpoint's service has no prefix list to trace to"
		return
	}
	tr := plane.Trace(dataplane.Query{Source: src.ENI.ID, Destination: addr.String(), Protocol: "tcp", DestinationPort: port})
	if tr.Err != nil {
		sg.Status, sg.Detail = StatusFail, "trace: "+tr.Err.Error()
		return
	}
	if x := tr.Blocked(); x != nil && isSGCode(x.Code) && x.Direction == dataplane.Egress {
		sg.Status, sg.Code = StatusFail, string(x.Code)
		sg.Detail = "the caller's security groups do not allow egress to " + orDash(pl) + " (" + addr.String() + ") on tcp/" + fmt.Sprint(port) + ": " + sgDetail(x)
		return
	}
	sg.Detail = fmt.Sprintf("the security groups of %s allow egress to %s (%s) on tcp/%d; a gateway endpoint has no security group", src.ENI.ID, orDash(pl), addr, port)
}

func orDash(s string) string {
	if s == "" {
		return "the service's prefix list"
	}
	return s
}

// endpointPrefixList returns the prefix list a gateway endpoint's routes
// use, or the AWS-managed list named after its service.
func endpointPrefixList(w *store.World, e *model.VpcEndpoint) string {
	for _, id := range e.RouteTableIDs {
		if t, ok := w.RouteTables.Get(id); ok {
			for _, r := range t.Routes {
				if r.TargetID == e.ID && r.DestinationPrefixListID != "" {
					return r.DestinationPrefixListID
				}
			}
		}
	}
	out := ""
	w.PrefixLists.All(func(pl *model.ManagedPrefixList) bool {
		if pl.IsAWSManaged() && pl.Name == e.ServiceName && pl.Region == e.Region {
			out = pl.ID
			return false
		}
		return true
	})
	return out
}

// prefixListAddr is an address inside the list's first entry.
func prefixListAddr(w *store.World, id string) netip.Addr {
	pl, ok := w.PrefixLists.Get(id)
	if !ok || len(pl.Entries) == 0 {
		return netip.Addr{}
	}
	a := pl.Entries[0].Cidr.Masked().Addr()
	for range 10 {
		if n := a.Next(); pl.Entries[0].Cidr.Contains(n) {
			a = n
		}
	}
	return a
}

// interfaceNetwork traces the source to the endpoint network interface
// in its Availability Zone (else the first): the caller's security group
// egress, the network ACLs, the routes, and the endpoint's security group
// ingress ("The security group associated with the endpoint network
// interface must allow communication between the endpoint network
// interface and the resources in your VPC", PrivateLink Guide).
func interfaceNetwork(w *store.World, plane *dataplane.Plane, sg, rt *Step, e *model.VpcEndpoint, src *dns.Source, port uint16) {
	target := ""
	for _, id := range e.NetworkInterfaceIDs {
		n, ok := w.NetworkInterfaces.Get(id)
		if !ok {
			continue
		}
		if target == "" || n.AvailabilityZone == src.ENI.AvailabilityZone {
			target = id
		}
		if n.AvailabilityZone == src.ENI.AvailabilityZone {
			break
		}
	}
	if target == "" {
		sg.Status, sg.Detail = StatusFail, e.ID+" has no network interface"
		rt.Status, rt.Detail = StatusNotReached, sg.Detail
		return
	}
	tr := plane.Trace(dataplane.Query{Source: src.ENI.ID, Destination: target, Protocol: "tcp", DestinationPort: port})
	if tr.Err != nil {
		sg.Status, sg.Detail = StatusFail, "trace to "+target+": "+tr.Err.Error()
		rt.Status, rt.Detail = StatusNotReached, sg.Detail
		return
	}
	x := tr.Blocked()
	if x == nil {
		sg.Detail = fmt.Sprintf("%s reaches endpoint interface %s on tcp/%d and back: the caller's egress and the endpoint's ingress rules allow it", src.ENI.ID, target, port)
		rt.Detail = fmt.Sprintf("the route from %s to %s is in place (the data plane trace is reachable)", src.Subnet.ID, target)
		return
	}
	if isSGCode(x.Code) {
		sg.Status, sg.Code = StatusFail, string(x.Code)
		who := "the caller's security groups do not allow egress"
		if x.Direction == dataplane.Ingress {
			who = "the endpoint's security groups do not allow ingress"
		}
		sg.Detail = fmt.Sprintf("%s on tcp/%d: %s", who, port, sgDetail(x))
		rt.Status, rt.Detail = StatusNotReached, "the trace stopped at a security group before or after the routes: fix step 2 and check again"
		if x.Direction == dataplane.Ingress {
			rt.Status, rt.Detail = StatusPass, fmt.Sprintf("the route from %s reaches %s (the packet got to its security group)", src.Subnet.ID, target)
		}
		return
	}
	sg.Detail = fmt.Sprintf("the security groups allow tcp/%d from %s to %s", port, src.ENI.ID, target)
	rt.Status, rt.Code = StatusFail, string(x.Code)
	rt.Detail = fmt.Sprintf("the path from %s to endpoint interface %s is blocked at %s: %s", src.ENI.ID, target, x.Component.ID, x.Detail)
}

// dnsSteps checks private DNS (6) and the VPC's DNS attributes (7).
func dnsSteps(w *store.World, account string, pd, attrs *Step, e *model.VpcEndpoint, src *dns.Source, bucket string) {
	v := src.VPC
	needHostnames := e.Type == model.EndpointTypeInterface && e.PrivateDNSEnabled
	switch {
	case !v.EnableDnsSupport:
		attrs.Status, attrs.Detail = StatusFail, v.ID+" has enableDnsSupport false: the Amazon DNS server does not answer, so no service name resolves"
	case needHostnames && !v.EnableDnsHostnames:
		attrs.Status, attrs.Detail = StatusFail, v.ID+" has enableDnsHostnames false: private DNS of interface endpoints needs both enableDnsSupport and enableDnsHostnames"
	default:
		attrs.Detail = fmt.Sprintf("%s: enableDnsSupport %t, enableDnsHostnames %t", v.ID, v.EnableDnsSupport, v.EnableDnsHostnames)
	}
	if e.Type != model.EndpointTypeInterface {
		pd.Status, pd.Detail = StatusNotApplicable, "a gateway endpoint is reached through the service's public DNS names; the route table sends their addresses to it"
		return
	}
	name, private := serviceName(e, bucket)
	if !private {
		pd.Status = StatusFail
		pd.Detail = fmt.Sprintf("private DNS is off for %s: the service's default name resolves to its public addresses, not to the endpoint; enable private DNS or have clients use %s", e.ID, name)
		if e.ServiceID != "" && len(e.DNSEntries) > 0 {
			pd.Status, pd.Detail = StatusNotApplicable, "the endpoint service has no private DNS name; clients use "+name
		}
		return
	}
	ans, err := dns.Resolve(w, account, src, name)
	if err != nil {
		pd.Status, pd.Detail = StatusFail, err.Error()
		return
	}
	if ans.Status != dns.StatusNoError || ans.Resource != e.ID {
		pd.Status = StatusFail
		pd.Detail = fmt.Sprintf("%s from %s: %s (%s)", name, src.ID, ans.Status, ans.Rule)
		return
	}
	ips := make([]string, 0, len(ans.Records))
	for _, r := range ans.Records {
		ips = append(ips, r.Value)
	}
	pd.Detail = fmt.Sprintf("%s resolves in %s to %s of %s", name, v.ID, strings.Join(ips, ", "), e.ID)
}

// serviceName returns the name a client of e uses and whether it is the
// endpoint's private DNS name (else the endpoint's Regional name).
func serviceName(e *model.VpcEndpoint, bucket string) (string, bool) {
	if e.PrivateDNSEnabled {
		for _, d := range e.DNSEntries {
			if e.PrivateDNSHostedZoneID == "" || d.HostedZoneID != e.PrivateDNSHostedZoneID {
				continue
			}
			if rest, ok := strings.CutPrefix(d.DNSName, "*."); ok {
				label := bucket
				if label == "" {
					label = "www"
				}
				return label + "." + rest, true
			}
			return d.DNSName, true
		}
	}
	if len(e.DNSEntries) > 0 {
		return e.DNSEntries[0].DNSName, false
	}
	return e.ServiceName, false
}
