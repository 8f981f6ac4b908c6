package dataplane

import (
	"testing"

	"github.com/vpcsim/vpcsim/internal/model/elbv2"
)

// TestPickGroupWeights pins the weighted forward action (ALB-UG
// load-balancer-listeners.md "Forward actions": "the target group with a
// weight of 20 receives twice as many requests as the other"; weight 0
// receives none) over many flow hashes.
func TestPickGroupWeights(t *testing.T) {
	for _, c := range []struct {
		name    string
		weights []int32
		want    []float64 // share of each group
	}{
		{"one group, weight ignored", []int32{0}, []float64{1}},
		{"0/100", []int32{0, 100}, []float64{0, 1}},
		{"10/20", []int32{10, 20}, []float64{1.0 / 3, 2.0 / 3}},
		{"50/50", []int32{50, 50}, []float64{0.5, 0.5}},
		{"all zero", []int32{0, 0}, []float64{0, 0}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var l lsnNode
			for i, w := range c.weights {
				l.fwd = append(l.fwd, fwdGroup{tg: int32(i), weight: w})
				l.wsum += int64(w)
			}
			const n = 20000
			got := make([]int, len(c.weights))
			for i := range n {
				if g := l.pickGroup(mix64(uint64(i))); g >= 0 {
					got[g]++
				}
			}
			for i, share := range c.want {
				f := float64(got[i]) / n
				if f < share-0.02 || f > share+0.02 || share == 0 && got[i] != 0 {
					t.Errorf("group %d: share %.3f, want %.3f", i, f, share)
				}
			}
		})
	}
}

// TestRoutingThreshold pins the parsing of the routing failover threshold
// attributes (NLB-UG load-balancer-target-groups.md: count default 1,
// percentage default off).
func TestRoutingThreshold(t *testing.T) {
	const pre = "target_group_health.unhealthy_state_routing.minimum_healthy_targets."
	for _, c := range []struct {
		attrs      map[string]string
		count, pct int32
	}{
		{nil, 1, 0},
		{map[string]string{pre + "count": "3"}, 3, 0},
		{map[string]string{pre + "count": "off", pre + "percentage": "50"}, 0, 50},
		{map[string]string{pre + "percentage": "off"}, 1, 0},
		{map[string]string{pre + "percentage": "150"}, 1, 0},
	} {
		count, pct := routingThreshold(&elbv2.TargetGroup{Attributes: c.attrs})
		if count != c.count || pct != c.pct {
			t.Errorf("%v: count %d pct %d, want %d %d", c.attrs, count, pct, c.count, c.pct)
		}
	}
}
