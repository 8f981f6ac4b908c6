package dataplane

import (
	"fmt"
	"io"
	"strings"
)

// String renders the trace as the readable hop table used by golden tests
// and `vpcsim trace`.
func (t *Trace) String() string {
	var b strings.Builder
	t.Format(&b)
	return b.String()
}

// Format writes the readable hop table: one line per hop (sequence,
// component, direction, verdict, decision), the header where it is set or
// changed, then the explanations.
func (t *Trace) Format(w io.Writer) {
	if t.Err != nil {
		fmt.Fprintf(w, "error: %v\n", t.Err)
		for _, x := range t.Explanations {
			fmt.Fprintf(w, "  %s\n", x.Code)
		}
		return
	}
	verdict := "reachable"
	if !t.Reachable {
		verdict = "not reachable"
		switch {
		case !t.ForwardOK:
			verdict += " (forward path blocked)"
		case !t.ReturnOK:
			verdict += " (return path blocked)"
		}
	}
	fmt.Fprintf(w, "%s\n", verdict)
	fmt.Fprintf(w, "forward:\n")
	formatHops(w, t.Forward)
	if len(t.Return) > 0 {
		fmt.Fprintf(w, "return:\n")
		formatHops(w, t.Return)
	}
	if len(t.Explanations) > 0 {
		fmt.Fprintf(w, "explanations:\n")
		for i := range t.Explanations {
			x := &t.Explanations[i]
			fmt.Fprintf(w, "  %s", x.Code)
			if x.Return {
				fmt.Fprintf(w, " [return]")
			}
			if !x.Component.IsZero() {
				fmt.Fprintf(w, " at %s %s", x.Component.Type, x.Component)
			}
			if x.Direction != DirNone {
				fmt.Fprintf(w, " (%s)", x.Direction)
			}
			if x.Detail != "" {
				fmt.Fprintf(w, ": %s", x.Detail)
			}
			var extra []string
			if x.Address.IsValid() {
				extra = append(extra, "address "+x.Address.String())
			}
			if x.PacketField != "" {
				extra = append(extra, "field "+x.PacketField)
			}
			if x.Port != 0 {
				extra = append(extra, fmt.Sprintf("port %d", x.Port))
			}
			if len(x.SecurityGroups) > 0 {
				ids := make([]string, len(x.SecurityGroups))
				for i, g := range x.SecurityGroups {
					ids[i] = g.ID
				}
				extra = append(extra, "groups "+strings.Join(ids, ","))
			}
			if !x.Subnet.IsZero() {
				extra = append(extra, "subnet "+x.Subnet.ID)
			}
			if !x.TGWAttachment.IsZero() && x.TGWAttachment != x.Component {
				extra = append(extra, "attachment "+x.TGWAttachment.ID)
			}
			if x.TGWRoute != nil {
				extra = append(extra, "transit gateway route "+x.TGWRoute.String())
			}
			if !x.RouteTable.IsZero() {
				extra = append(extra, "gateway route table "+x.RouteTable.ID)
			}
			if !x.SubnetRouteTable.IsZero() {
				extra = append(extra, "subnet route table "+x.SubnetRouteTable.ID)
			}
			if x.Code == IngressRtbNoPublicIP && !x.AttachedTo.IsZero() {
				extra = append(extra, "middlebox "+x.AttachedTo.ID)
			}
			if len(extra) > 0 {
				fmt.Fprintf(w, " [%s]", strings.Join(extra, "; "))
			}
			fmt.Fprintln(w)
		}
	}
}

func formatHops(w io.Writer, hops []Hop) {
	var last Header
	for i := range hops {
		h := &hops[i]
		comp := h.Component.Type.String() + " " + h.Component.String()
		if !h.AttachedTo.IsZero() {
			comp += " (" + h.AttachedTo.String() + ")"
		}
		if h.Direction != DirNone {
			comp += " " + h.Direction.String()
		}
		fmt.Fprintf(w, "  %2d %-48s %-9s %s", i+1, comp, h.Verdict, h.Reason)
		if h.Code != CodeNone {
			fmt.Fprintf(w, " [%s]", h.Code)
		}
		fmt.Fprintln(w)
		switch {
		case h.Route != nil:
			fmt.Fprintf(w, "       route %s\n", h.Route)
		case h.SGRule != nil:
			fmt.Fprintf(w, "       rule %s\n", h.SGRule)
		case h.TGWRoute != nil:
			fmt.Fprintf(w, "       route %s\n", h.TGWRoute)
		case h.ACLRule != nil:
			fmt.Fprintf(w, "       entry %s", h.ACLRule)
			if h.Port != 0 && h.Verdict == Drop {
				fmt.Fprintf(w, " (port %d)", h.Port)
			}
			fmt.Fprintln(w)
		}
		if i == 0 || h.In != last {
			fmt.Fprintf(w, "       in  %s\n", h.In)
		}
		if h.Verdict != Drop && h.Out != h.In {
			fmt.Fprintf(w, "       out %s\n", h.Out)
		}
		if h.Verdict != Drop {
			last = h.Out
		}
	}
}
