package troubleshoot

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Culprit names what rejects a flow in vpcsim's world: the data plane's
// first drop on the re-traced flow (Reachability Analyzer's vocabulary).
type Culprit struct {
	// Code is the explanation code (for example ACL_RESTRICTS_TRAFFIC,
	// SECURITY_GROUPS_RESTRICT_TRAFFIC).
	Code string `json:"explanationCode,omitempty"`
	// Component is the security group, network ACL or other component
	// that dropped the packet, as type/id.
	ComponentType string `json:"componentType,omitempty"`
	ComponentID   string `json:"componentId,omitempty"`
	// SecurityGroups are the groups of the interface none of whose rules
	// allowed the packet.
	SecurityGroups []string `json:"securityGroups,omitempty"`
	// ACLEntry is the network ACL entry that denied it ("acl-… in 100
	// deny tcp/22 0.0.0.0/0"; the rule number is * for the default entry).
	ACLEntry   string `json:"aclEntry,omitempty"`
	RuleNumber int32  `json:"ruleNumber,omitempty"`
	Direction  string `json:"direction,omitempty"`
	// ReturnPath is true when the response, not the request, is dropped.
	ReturnPath bool   `json:"returnPath,omitempty"`
	Detail     string `json:"detail"`
	// Allowed is true when the world allows the flow now: it changed
	// since the records were written.
	Allowed bool `json:"allowedNow,omitempty"`
}

// Addresses returns every network interface's addresses in w, the
// primary private IPv4 first (for Options.Addresses).
func Addresses(w *store.World) map[string][]netip.Addr {
	out := map[string][]netip.Addr{}
	store.NetworkInterfaceKind.In(w).All(func(n *model.NetworkInterface) bool {
		var as []netip.Addr
		for _, p := range n.PrivateIPs {
			as = append(as, p.Address)
		}
		for _, p := range n.PrivateIPs {
			if p.PublicIP.IsValid() {
				as = append(as, p.PublicIP)
			}
		}
		as = append(as, n.Ipv6Addresses...)
		out[n.ID] = as
		return true
	})
	return out
}

// vpcOf returns each network interface's VPC in w.
func vpcOf(w *store.World) map[string]string {
	out := map[string]string{}
	store.NetworkInterfaceKind.In(w).All(func(n *model.NetworkInterface) bool {
		out[n.ID] = n.VpcID
		return true
	})
	return out
}

// TraceFunc traces a query in the world that wrote the records and
// returns what drops it (Culprit.Allowed when nothing does).
type TraceFunc func(q dataplane.Query) (*Culprit, error)

// PlaneTracer traces with a compiled data plane.
func PlaneTracer(p *dataplane.Plane) TraceFunc {
	var tr dataplane.Trace
	return func(q dataplane.Query) (*Culprit, error) {
		p.TraceInto(&q, &tr)
		if tr.Err != nil {
			return nil, tr.Err
		}
		b := tr.Blocked()
		if tr.Reachable || b == nil {
			return &Culprit{Allowed: true}, nil
		}
		c := &Culprit{Code: string(b.Code), ComponentType: b.Component.Type.String(), ComponentID: b.Component.ID,
			Direction: b.Direction.String(), ReturnPath: b.Return, Detail: b.Detail}
		for _, g := range b.SecurityGroups {
			c.SecurityGroups = append(c.SecurityGroups, g.ID)
		}
		if b.ACLRule != nil {
			c.ACLEntry = aclEntryText(b.ACLRule)
			c.RuleNumber = b.ACLRule.RuleNumber
		}
		return c, nil
	}
}

// Explain re-traces each rejected flow of rep with plane p over world w
// (the world that wrote the records) and sets Rejection.Rule: the
// security group or network ACL entry that drops it.
func Explain(rep *Report, p *dataplane.Plane, w *store.World) {
	ExplainWith(rep, Addresses(w), vpcOf(w), PlaneTracer(p))
}

// ExplainWith is Explain with the interfaces' addresses and VPCs given
// and a tracer (a running server's trace route, for example).
func ExplainWith(rep *Report, addrs map[string][]netip.Addr, vpcs map[string]string, trace TraceFunc) {
	for i := range rep.Rejections {
		x := &rep.Rejections[i]
		x.Rule = explainOne(trace, x, addrs[x.InterfaceID], vpcs[x.InterfaceID])
	}
}

// explainOne re-traces the request of x: the interface's own side is
// named by its id (so that overlapping VPCs do not matter and a packet
// from the internet reaches its public address), the other side by the
// recorded address.
func explainOne(trace TraceFunc, x *Rejection, own []netip.Addr, vpc string) *Culprit {
	if vpc == "" {
		return &Culprit{Detail: "network interface " + x.InterfaceID + " is not in this world"}
	}
	endpoint := func(a string) (string, bool) {
		ad, err := netip.ParseAddr(a)
		if err != nil {
			return a, false
		}
		for _, o := range own {
			if o == ad {
				return x.InterfaceID, true
			}
		}
		return a, false
	}
	src, _ := endpoint(x.Flow.Source)
	dst, _ := endpoint(x.Flow.Destination)
	q := dataplane.Query{Source: src, Destination: dst, Protocol: strconv.Itoa(int(x.Flow.Protocol))}
	if x.Flow.Protocol == 6 || x.Flow.Protocol == 17 {
		q.SourcePort, q.DestinationPort = uint16(x.Flow.SourcePort), uint16(x.Flow.DestinationPort)
	}
	c, err := trace(q)
	if errors.Is(err, dataplane.ErrAmbiguous) {
		q.VPC = vpc
		c, err = trace(q)
	}
	if err != nil {
		return &Culprit{Detail: "cannot re-trace the flow: " + err.Error()}
	}
	if c.Allowed && c.Detail == "" {
		c.Detail = "the world allows this flow now (it changed after the records were written)"
	}
	return c
}

// traceJSON is the part of a trace's JSON (POST /_vpcsim/trace, vpcsim
// trace --output json) that names a drop.
type traceJSON struct {
	Reachable    bool   `json:"reachable"`
	Error        string `json:"error"`
	Explanations []struct {
		Code      string `json:"explanationCode"`
		Direction string `json:"direction"`
		Component *struct {
			Type string `json:"type"`
			ID   string `json:"id"`
		} `json:"component"`
		SecurityGroups []struct {
			ID string `json:"id"`
		} `json:"securityGroups"`
		ACLRule *dataplane.ACLRule `json:"aclRule"`
		Return  bool               `json:"returnPath"`
		Detail  string             `json:"detail"`
	} `json:"explanations"`
}

// CulpritFromTraceJSON reads a trace answered as JSON by a running
// server's trace route. An answer with "error" is an error (wrapping
// dataplane.ErrAmbiguous when the address is ambiguous).
func CulpritFromTraceJSON(raw []byte) (*Culprit, error) {
	var t traceJSON
	if err := json.Unmarshal(raw, &t); err != nil {
		return nil, fmt.Errorf("trace answer: %w", err)
	}
	if t.Error != "" {
		if strings.Contains(t.Error, dataplane.ErrAmbiguous.Error()) {
			return nil, fmt.Errorf("%w: %s", dataplane.ErrAmbiguous, t.Error)
		}
		return nil, errors.New(t.Error)
	}
	if t.Reachable || len(t.Explanations) == 0 {
		return &Culprit{Allowed: true}, nil
	}
	b := t.Explanations[0]
	c := &Culprit{Code: b.Code, Direction: b.Direction, ReturnPath: b.Return, Detail: b.Detail}
	if b.Component != nil {
		c.ComponentType, c.ComponentID = b.Component.Type, b.Component.ID
	}
	for _, g := range b.SecurityGroups {
		c.SecurityGroups = append(c.SecurityGroups, g.ID)
	}
	if r := b.ACLRule; r != nil {
		c.ACLEntry, c.RuleNumber = aclEntryText(r), r.RuleNumber
	}
	return c, nil
}

// aclEntryText names a network ACL entry from its exported fields:
// "acl-… outbound rule 100 deny tcp 22 0.0.0.0/0" (rule * for the
// default entry).
func aclEntryText(r *dataplane.ACLRule) string {
	n := strconv.Itoa(int(r.RuleNumber))
	if r.IsDefaultDeny() {
		n = "*"
	}
	dir := "inbound"
	if r.Egress {
		dir = "outbound"
	}
	action := "deny"
	if r.Allow {
		action = "allow"
	}
	p := r.Protocol
	switch p {
	case "-1", "all", "":
		p = "all traffic"
	case "6":
		p = "tcp"
	case "17":
		p = "udp"
	case "1":
		p = "icmp"
	}
	if r.PortFrom >= 0 && (r.Protocol == "6" || r.Protocol == "17" || r.Protocol == "tcp" || r.Protocol == "udp") {
		if r.PortFrom == r.PortTo {
			p += " port " + strconv.Itoa(int(r.PortFrom))
		} else {
			p += " ports " + strconv.Itoa(int(r.PortFrom)) + "-" + strconv.Itoa(int(r.PortTo))
		}
	}
	cidr := ""
	if r.Cidr.IsValid() {
		cidr = " " + r.Cidr.String()
	}
	return r.ACL + " " + dir + " rule " + n + " " + action + " " + p + cidr
}
