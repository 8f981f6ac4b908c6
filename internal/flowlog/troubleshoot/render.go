package troubleshoot

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

func protoName(p int32) string {
	switch p {
	case 1:
		return "icmp"
	case 6:
		return "tcp"
	case 17:
		return "udp"
	case 58:
		return "icmpv6"
	case -1:
		return "-"
	}
	return strconv.Itoa(int(p))
}

func (f Flow) String() string {
	if f.Protocol == 6 || f.Protocol == 17 {
		return fmt.Sprintf("%s %s:%d > %s:%d", protoName(f.Protocol), f.Source, f.SourcePort, f.Destination, f.DestinationPort)
	}
	return fmt.Sprintf("%s %s > %s", protoName(f.Protocol), f.Source, f.Destination)
}

func stamp(t int64) string {
	if t <= 0 {
		return "-"
	}
	return time.Unix(t, 0).UTC().Format(time.RFC3339)
}

// WriteText renders the report for a terminal: the summary, each
// rejected flow with its side and likely cause (and the rule, when
// explained), the rejected ports and the top talkers.
func (r *Report) WriteText(w io.Writer, limit int) error {
	var b strings.Builder
	s := r.Summary
	fmt.Fprintf(&b, "%d records: %d ACCEPT, %d REJECT, %d NODATA, %d SKIPDATA; %d packets, %d bytes", s.Records, s.Accepted, s.Rejected, s.NoData, s.SkipData, s.Packets, s.Bytes)
	if s.First > 0 {
		fmt.Fprintf(&b, "; %s to %s", stamp(s.First), stamp(s.Last))
	}
	b.WriteString("\n")
	if s.SkipData > 0 {
		b.WriteString("note: SKIPDATA records mean AWS skipped records in those intervals; what follows may be incomplete\n")
	}
	fmt.Fprintf(&b, "\nRejected flows: %d (%d network ACL, %d security group or network ACL)\n", r.RejectedFlows, r.NetworkACLCount, r.SGOrACLCount)
	for i, x := range r.Rejections {
		if limit > 0 && i == limit {
			fmt.Fprintf(&b, "  ... %d more (--top or --json for all)\n", len(r.Rejections)-limit)
			break
		}
		fmt.Fprintf(&b, "  %s at %s", x.Flow, x.InterfaceID)
		if x.InstanceID != "" {
			fmt.Fprintf(&b, " (%s)", x.InstanceID)
		}
		side := x.Side
		if side == SideUnknown {
			side = "(side unknown: add ${flow-direction} to the format)"
		}
		fmt.Fprintf(&b, "\n    %s rejected %s; %d records, %d packets, %s to %s\n", x.Rejected, side, x.Records, x.Packets, stamp(x.First), stamp(x.Last))
		switch {
		case x.Rejected == "response" && x.RequestAccepted:
			fmt.Fprintf(&b, "    likely cause: %s (the request was accepted and its response rejected; security groups are stateful, network ACLs are not)\n", x.Cause)
		default:
			fmt.Fprintf(&b, "    likely cause: %s\n", x.Cause)
		}
		if c := x.Rule; c != nil {
			switch {
			case c.ACLEntry != "":
				fmt.Fprintf(&b, "    rule: network ACL entry %s\n", c.ACLEntry)
			case len(c.SecurityGroups) > 0:
				fmt.Fprintf(&b, "    rule: no %s rule of %s allows it\n", orText(c.Direction, "matching"), strings.Join(c.SecurityGroups, ", "))
			case c.ComponentID != "":
				fmt.Fprintf(&b, "    rule: %s %s\n", c.ComponentType, c.ComponentID)
			}
			if c.Code != "" {
				fmt.Fprintf(&b, "    %s: %s\n", c.Code, c.Detail)
			} else {
				fmt.Fprintf(&b, "    %s\n", c.Detail)
			}
		}
	}
	if len(r.TGWLosses) > 0 {
		fmt.Fprintf(&b, "\nTransit gateway packets lost: %d flows\n", len(r.TGWLosses))
		for _, l := range r.TGWLosses {
			fmt.Fprintf(&b, "  %s at %s %s\n    %d packets lost (no route %d, blackhole %d, MTU exceeded %d, TTL expired %d); %d records, %s to %s\n    likely cause: %s\n",
				l.Flow, l.TransitGatewayID, orText(l.AttachmentID, "-"), l.Lost(), l.NoRoute, l.Blackhole, l.MTUExceeded, l.TTLExpired,
				l.Records, stamp(l.First), stamp(l.Last), l.Cause())
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	b.Reset()
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(r.RejectedPorts) == 0 {
		fmt.Fprintf(tw, "\nRejected ports: none\n")
	} else {
		fmt.Fprintf(tw, "\nRejected ports\nPROTOCOL\tPORT\tFLOWS\tRECORDS\tPACKETS\tSOURCES\n")
	}
	for _, p := range r.RejectedPorts {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\n", protoName(p.Protocol), p.Port, p.Flows, p.Records, p.Packets, p.Sources)
	}
	for _, l := range []struct {
		title string
		ts    []Talker
	}{{"Top talkers by bytes", r.TopByBytes}, {"Top talkers by packets", r.TopByPackets}} {
		if len(l.ts) == 0 {
			fmt.Fprintf(tw, "\n%s: none\n", l.title)
			continue
		}
		fmt.Fprintf(tw, "\n%s\nSOURCE\tDESTINATION\tBYTES\tPACKETS\tRECORDS\tREJECTED\n", l.title)
		for _, t := range l.ts {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\n", t.Source, t.Destination, t.Bytes, t.Packets, t.Records, t.Rejected)
		}
	}
	return tw.Flush()
}

func orText(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
