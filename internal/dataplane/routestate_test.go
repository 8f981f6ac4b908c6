package dataplane_test

import (
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model"
)

// TestRouteStatesAgreeWithControl holds the plane's compiled route states
// to control.RouteState (what DescribeRouteTables reports) on the world of
// every golden scenario, including routes to peering connections in every
// state and to transit gateways with and without an available attachment.
// Routes to NAT gateways and instances are compared by internal/control's
// own agreement test (the two differ on a pending NAT gateway, which the
// control plane reports active).
func TestRouteStatesAgreeWithControl(t *testing.T) {
	checked := map[model.TargetKind]int{}
	for name, src := range dataplane.GoldenTopologies(t) {
		w := dataplane.TopologyWorld(t, src)
		p := dataplane.Compile(w)
		w.RouteTables.All(func(rt *model.RouteTable) bool {
			ps := p.RouteStates(rt.ID)
			routes := control.RouteTableRoutes(w, rt)
			if len(ps) != len(routes) {
				t.Fatalf("%s: %s has %d routes, plane %d", name, rt.ID, len(routes), len(ps))
			}
			for i := range routes {
				r := &routes[i]
				if r.Target == model.TargetNAT || r.Target == model.TargetInstance {
					// Instance routes: the topology language stores the
					// instance id as the target, the control plane the
					// interface id; its own test covers them.
					continue
				}
				want := control.RouteState(w, rt, r)
				if got := ps[i].String(); got != want {
					t.Errorf("%s: %s route %s -> %s: control %s, plane %s", name, rt.ID, r.DestinationKey(), r.TargetID, want, got)
				}
				checked[r.Target]++
			}
			return true
		})
	}
	for _, k := range []model.TargetKind{model.TargetPeering, model.TargetTGW, model.TargetIGW, model.TargetENI} {
		if checked[k] < 5 {
			t.Errorf("only %d routes to %s checked", checked[k], k)
		}
	}
}
