package troubleshoot

import (
	"cmp"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/internal/flowlog"
)

// Transit gateway flow log records (TGW guide tgw-flow-logs.md, version
// 6) have no action and no interface-id: a transit gateway records what
// it forwarded and, per flow, the packets it dropped in
// packets-lost-no-route (no route in the attachment's route table),
// packets-lost-blackhole (a blackhole route), packets-lost-mtu-exceeded
// and packets-lost-ttl-expired. The analyzer counts them per gateway,
// attachment and flow.

// TGWLoss is one flow a transit gateway dropped packets of, at one
// attachment.
type TGWLoss struct {
	TransitGatewayID string `json:"transitGatewayId"`
	AttachmentID     string `json:"attachmentId"`
	Flow             Flow   `json:"flow"`
	NoRoute          int64  `json:"packetsLostNoRoute"`
	Blackhole        int64  `json:"packetsLostBlackhole"`
	MTUExceeded      int64  `json:"packetsLostMtuExceeded"`
	TTLExpired       int64  `json:"packetsLostTtlExpired"`
	Records          int64  `json:"records"`
	First            int64  `json:"first"`
	Last             int64  `json:"last"`
}

// Lost is the packets lost for every reason.
func (l *TGWLoss) Lost() int64 { return l.NoRoute + l.Blackhole + l.MTUExceeded + l.TTLExpired }

// Cause names the reason that lost the most packets.
func (l *TGWLoss) Cause() string {
	best, cause := int64(0), ""
	for _, c := range []struct {
		n    int64
		what string
	}{{l.NoRoute, "no route in the transit gateway route table"}, {l.Blackhole, "blackhole route in the transit gateway route table"},
		{l.MTUExceeded, "packet larger than the transit gateway MTU"}, {l.TTLExpired, "TTL expired"}} {
		if c.n > best {
			best, cause = c.n, c.what
		}
	}
	return cause
}

type lossKey struct {
	tgw, attachment string
	proto           int32
	src, dst        netip.Addr
	sport, dport    int32
}

// maxLosses bounds the flows with lost packets kept (the report shows
// the top ones).
const maxLosses = 100000

func (a *Analyzer) addTGW(r *flowlog.Record) {
	t := r.TGW
	if t == nil {
		return
	}
	lost := max(t.LostNoRoute, 0) + max(t.LostBlackhole, 0) + max(t.LostMTUExceeded, 0) + max(t.LostTTLExpired, 0)
	if lost == 0 {
		return
	}
	k := lossKey{tgw: t.TGWID, attachment: t.AttachmentID, proto: r.Protocol, src: r.SrcAddr, dst: r.DstAddr,
		sport: max(r.SrcPort, 0), dport: max(r.DstPort, 0)}
	l := a.losses[k]
	if l == nil {
		if len(a.losses) >= maxLosses {
			return
		}
		l = &TGWLoss{TransitGatewayID: t.TGWID, AttachmentID: t.AttachmentID, First: r.Start,
			Flow: Flow{Protocol: r.Protocol, Source: addrText(r.SrcAddr), SourcePort: k.sport, Destination: addrText(r.DstAddr), DestinationPort: k.dport}}
		a.losses[k] = l
	}
	l.NoRoute += max(t.LostNoRoute, 0)
	l.Blackhole += max(t.LostBlackhole, 0)
	l.MTUExceeded += max(t.LostMTUExceeded, 0)
	l.TTLExpired += max(t.LostTTLExpired, 0)
	l.Records++
	if r.Start >= 0 && (l.First < 0 || r.Start < l.First) {
		l.First = r.Start
	}
	l.Last = max(l.Last, r.End)
}

func addrText(a netip.Addr) string {
	if !a.IsValid() {
		return "-"
	}
	return a.String()
}

func (a *Analyzer) tgwLosses() []TGWLoss {
	out := make([]TGWLoss, 0, len(a.losses))
	for _, l := range a.losses {
		out = append(out, *l)
	}
	slices.SortFunc(out, func(x, y TGWLoss) int {
		return cmp.Or(cmp.Compare(y.Lost(), x.Lost()), cmp.Compare(x.TransitGatewayID, y.TransitGatewayID), cmp.Compare(x.AttachmentID, y.AttachmentID),
			cmp.Compare(x.Flow.Source, y.Flow.Source), cmp.Compare(x.Flow.Destination, y.Flow.Destination),
			cmp.Compare(x.Flow.SourcePort, y.Flow.SourcePort), cmp.Compare(x.Flow.DestinationPort, y.Flow.DestinationPort))
	})
	if len(out) == 0 {
		return nil
	}
	return out[:min(len(out), a.opts.Top)]
}
