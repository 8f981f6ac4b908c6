package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
)

// The hop table is rendered from a trace's JSON form (what a server's
// /_vpcsim/trace answers and what `--output json` prints), so that a trace
// from a server and one from a data directory print alike.

type refView struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

func (r *refView) text() string {
	if r == nil || r.ID == "" && r.Type == "" {
		return ""
	}
	if r.ID == "" || r.ID == r.Type {
		return r.Type
	}
	return r.Type + " " + r.ID
}

type headerView struct {
	Protocol string `json:"protocol"`
	Src      string `json:"source"`
	Dst      string `json:"destination"`
	SrcPort  string `json:"sourcePort"`
	DstPort  string `json:"destinationPort"`
	IcmpType *int   `json:"icmpType"`
	IcmpCode *int   `json:"icmpCode"`
}

func (h *headerView) text() string {
	if h == nil {
		return ""
	}
	src, dst := h.Src, h.Dst
	if h.SrcPort != "" {
		src += ":" + h.SrcPort
	}
	if h.DstPort != "" {
		dst += ":" + h.DstPort
	}
	s := h.Protocol + " " + src + " > " + dst
	if h.IcmpType != nil {
		s += " type " + strconv.Itoa(*h.IcmpType)
		if h.IcmpCode != nil {
			s += " code " + strconv.Itoa(*h.IcmpCode)
		}
	}
	return s
}

type routeView struct {
	Table      string `json:"routeTableId"`
	Dst        string `json:"destinationCidr"`
	PrefixList string `json:"destinationPrefixListId"`
	TargetID   string `json:"targetId"`
	State      string `json:"state"`
}

func (r *routeView) text() string {
	dst := r.Dst
	if r.PrefixList != "" {
		dst = r.PrefixList
	}
	s := "route " + dst + " -> " + r.TargetID
	if r.Table != "" {
		s += " in " + r.Table
	}
	if r.State != "" && r.State != "active" {
		s += " (" + r.State + ")"
	}
	return s
}

type sgRuleView struct {
	ID         string `json:"securityGroupRuleId"`
	GroupID    string `json:"groupId"`
	Egress     bool   `json:"egress"`
	Protocol   string `json:"protocol"`
	FromPort   int    `json:"fromPort"`
	ToPort     int    `json:"toPort"`
	Cidr       string `json:"cidr"`
	PrefixList string `json:"prefixListId"`
	RefGroup   string `json:"referencedGroupId"`
}

func (r *sgRuleView) text() string {
	dir, peerDir := "inbound", "from"
	if r.Egress {
		dir, peerDir = "outbound", "to"
	}
	peer := r.Cidr
	switch {
	case r.PrefixList != "":
		peer = r.PrefixList
	case r.RefGroup != "":
		peer = r.RefGroup
	}
	s := "security group " + r.GroupID + " " + dir + " rule"
	if r.ID != "" {
		s += " " + r.ID
	}
	return s + ": " + protoPorts(r.Protocol, r.FromPort, r.ToPort) + " " + peerDir + " " + peer
}

type aclRuleView struct {
	ACL      string `json:"networkAclId"`
	Number   int    `json:"ruleNumber"`
	Egress   bool   `json:"egress"`
	Protocol string `json:"protocol"`
	Allow    bool   `json:"allow"`
	Cidr     string `json:"cidr"`
	PortFrom int    `json:"portFrom"`
	PortTo   int    `json:"portTo"`
}

func (r *aclRuleView) text(port int) string {
	n := strconv.Itoa(r.Number)
	if r.Number >= 32767 {
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
	s := "network ACL " + r.ACL + " " + dir + " rule " + n + ": " + action + " " + protoPorts(r.Protocol, r.PortFrom, r.PortTo) + " " + r.Cidr
	if port != 0 {
		s += " (port " + strconv.Itoa(port) + ")"
	}
	return s
}

type tgwRouteView struct {
	Table      string `json:"transitGatewayRouteTableId"`
	Dst        string `json:"destinationCidr"`
	PrefixList string `json:"prefixListId"`
	Attachment string `json:"attachmentId"`
	Type       string `json:"type"`
	Blackhole  bool   `json:"blackhole"`
	State      string `json:"state"`
}

func (r *tgwRouteView) text() string {
	dst := r.Dst
	if r.PrefixList != "" {
		dst = r.PrefixList
	}
	target := r.Attachment
	if r.Blackhole {
		target = "blackhole"
	}
	s := "transit gateway route " + dst + " -> " + target + " in " + r.Table
	if r.Type != "" {
		s += " (" + r.Type + ")"
	}
	if r.State != "" && r.State != "active" && !r.Blackhole {
		s += " (" + r.State + ")"
	}
	return s
}

// protoPorts renders a protocol and its port range ("tcp 443",
// "tcp 1024-65535", "all").
func protoPorts(proto string, from, to int) string {
	switch strings.ToLower(proto) {
	case "-1", "all", "":
		return "all traffic"
	case "tcp", "udp", "6", "17":
		switch {
		case from == -1 || from == 0 && to == 65535:
			return proto + " all ports"
		case from == to:
			return proto + " " + strconv.Itoa(from)
		}
		return proto + " " + strconv.Itoa(from) + "-" + strconv.Itoa(to)
	}
	return proto
}

type hopView struct {
	Component  refView       `json:"component"`
	AttachedTo *refView      `json:"attachedTo"`
	Direction  string        `json:"direction"`
	In         *headerView   `json:"inboundHeader"`
	Out        *headerView   `json:"outboundHeader"`
	Verdict    string        `json:"verdict"`
	Reason     string        `json:"reason"`
	Code       string        `json:"explanationCode"`
	Route      *routeView    `json:"route"`
	SGRule     *sgRuleView   `json:"securityGroupRule"`
	ACLRule    *aclRuleView  `json:"aclRule"`
	TGWRoute   *tgwRouteView `json:"transitGatewayRoute"`
	Port       int           `json:"port"`
}

type explanationView struct {
	Code        string     `json:"explanationCode"`
	Direction   string     `json:"direction"`
	Component   *refView   `json:"component"`
	Address     string     `json:"address"`
	PacketField string     `json:"packetField"`
	Port        int        `json:"port"`
	Return      bool       `json:"returnPath"`
	Detail      string     `json:"detail"`
	Groups      []*refView `json:"securityGroups"`
	Subnet      *refView   `json:"subnet"`
}

type traceView struct {
	Reachable    bool              `json:"reachable"`
	ForwardOK    bool              `json:"forwardReachable"`
	ReturnOK     bool              `json:"returnReachable"`
	Revision     uint64            `json:"revision"`
	Forward      []hopView         `json:"forward"`
	Return       []hopView         `json:"return"`
	Explanations []explanationView `json:"explanations"`
}

// hopTable renders a trace's JSON as aligned text: the verdict, then for
// each direction one row per hop (number, component, direction, verdict,
// explanation code, reason) with the deciding route, rule or entry and the
// packet header where it is set or changed on the rows below, then every
// explanation code with its component and detail.
func hopTable(raw []byte) ([]byte, error) {
	var tr traceView
	if err := json.Unmarshal(raw, &tr); err != nil {
		return nil, fmt.Errorf("read the trace: %w", err)
	}
	var b bytes.Buffer
	verdict := "reachable"
	if !tr.Reachable {
		verdict = "not reachable"
		switch {
		case !tr.ForwardOK:
			verdict += " (forward path blocked)"
		case !tr.ReturnOK:
			verdict += " (return path blocked)"
		}
	}
	fmt.Fprintf(&b, "%s\n", verdict)
	for _, part := range []struct {
		name string
		hops []hopView
	}{{"forward", tr.Forward}, {"return", tr.Return}} {
		if len(part.hops) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s:\n", part.name)
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  #\tCOMPONENT\tDIRECTION\tVERDICT\tCODE\tREASON")
		var last string
		for i := range part.hops {
			h := &part.hops[i]
			comp := h.Component.text()
			if at := h.AttachedTo; at != nil && at.ID != "" {
				comp += " (" + at.ID + ")"
			}
			code := h.Code
			if code == "" {
				code = "-"
			}
			dir := h.Direction
			if dir == "" {
				dir = "-"
			}
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", i+1, comp, dir, h.Verdict, code, h.Reason)
			detail := func(s string) { fmt.Fprintf(tw, "\t\t\t\t\t  %s\n", s) }
			switch {
			case h.Route != nil:
				detail(h.Route.text())
			case h.SGRule != nil:
				detail(h.SGRule.text())
			case h.TGWRoute != nil:
				detail(h.TGWRoute.text())
			case h.ACLRule != nil:
				port := 0
				if h.Verdict == "drop" {
					port = h.Port
				}
				detail(h.ACLRule.text(port))
			}
			in, out := h.In.text(), h.Out.text()
			if in != "" && (i == 0 || in != last) {
				detail("in:  " + in)
			}
			if h.Verdict != "drop" && out != "" && out != in {
				detail("out: " + out)
			}
			if h.Verdict != "drop" && out != "" {
				last = out
			}
		}
		if err := tw.Flush(); err != nil {
			return nil, fmt.Errorf("render the trace: %w", err)
		}
	}
	if len(tr.Explanations) > 0 {
		b.WriteString("\nexplanations:\n")
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  CODE\tPATH\tCOMPONENT\tDIRECTION\tDETAIL")
		for _, x := range tr.Explanations {
			path := "forward"
			if x.Return {
				path = "return"
			}
			comp := x.Component.text()
			if comp == "" {
				comp = "-"
			}
			dir := x.Direction
			if dir == "" {
				dir = "-"
			}
			detail := x.Detail
			var extra []string
			if x.Address != "" {
				extra = append(extra, "address "+x.Address)
			}
			if x.PacketField != "" {
				extra = append(extra, "field "+x.PacketField)
			}
			if x.Port != 0 {
				extra = append(extra, "port "+strconv.Itoa(x.Port))
			}
			if len(x.Groups) > 0 {
				ids := make([]string, 0, len(x.Groups))
				for _, g := range x.Groups {
					if g != nil {
						ids = append(ids, g.ID)
					}
				}
				extra = append(extra, "groups "+strings.Join(ids, ","))
			}
			if s := x.Subnet; s != nil && s.ID != "" {
				extra = append(extra, "subnet "+s.ID)
			}
			if len(extra) > 0 {
				if detail != "" {
					detail += " "
				}
				detail += "[" + strings.Join(extra, "; ") + "]"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", x.Code, path, comp, dir, detail)
		}
		if err := tw.Flush(); err != nil {
			return nil, fmt.Errorf("render the trace: %w", err)
		}
	}
	return b.Bytes(), nil
}
