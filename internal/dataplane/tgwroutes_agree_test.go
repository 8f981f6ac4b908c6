package dataplane

import (
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

// TestTGWRoutesAgreeWithModel holds the compiled transit gateway route
// tables to model.TGWRoutes (what SearchTransitGatewayRoutes reports) on
// the world of every golden scenario: for each destination, the route the
// plane keeps has the same type, attachment and state.
func TestTGWRoutesAgreeWithModel(t *testing.T) {
	checked := 0
	for name, src := range goldenTopologies(t) {
		w := newTopo(t).parse(src).world()
		p := Compile(w)
		att := func(id string) (*model.TransitGatewayAttachment, bool) { return w.TGWAttachments.Get(id) }
		vpc := func(id string) (*model.VPC, bool) { return w.VPCs.Get(id) }
		pl := func(id string) []netip.Prefix {
			l, ok := w.PrefixLists.Get(id)
			if !ok {
				return nil
			}
			var out []netip.Prefix
			for _, e := range l.Entries {
				out = append(out, e.Cidr)
			}
			return out
		}
		for ri := range p.tgwRtbs {
			rt := p.tgwRtbs[ri].m
			extra := tgwExtraPropagation(w)
			want := model.TGWRoutes(w.TGWRoutes.Children(rt.ID), p.tgwSelectVPN(w, ri, model.PropagatedRoutes(rt, att, vpc, extra), att), pl, att)
			for _, e := range want {
				i, ok := p.tgwRtbs[ri].lpm.Get(e.Destination.Masked())
				if !ok {
					t.Errorf("%s: %s: no compiled route for %s", name, rt.ID, e.Destination)
					continue
				}
				got := &p.tgwRtbs[ri].routes[i]
				state := "active"
				if got.Blackhole || got.State == RouteBlackhole {
					state = "blackhole"
				}
				gotAtt := got.AttachmentID
				if got.Blackhole {
					gotAtt = ""
				}
				if len(got.ecmp) != len(e.ECMP) {
					t.Errorf("%s: %s %s: plane %d equal-cost attachments, model %d", name, rt.ID, e.Destination, len(got.ecmp), len(e.ECMP))
				}
				if got.Type != e.Type || gotAtt != e.AttachmentID || state != e.State {
					t.Errorf("%s: %s %s: plane %s %s %s, model %s %s %s", name, rt.ID, e.Destination,
						got.Type, gotAtt, state, e.Type, e.AttachmentID, e.State)
				}
				checked++
			}
		}
	}
	t.Logf("%d transit gateway routes compared", checked)
	if checked < 20 {
		t.Errorf("only %d transit gateway routes compared", checked)
	}
}
