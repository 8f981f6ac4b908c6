package dataplane

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model/elbv2"
)

// The target choice statements of the topology language (lbtargets.go):
//
//	wlistener LB PROTO PORT TG:WEIGHT[,TG:WEIGHT...]
//	                                        listener whose default action forwards to weighted
//	                                        target groups (ALB-UG "Forward actions")
//	albtarget TG LB                         register Application Load Balancer LB with group TG
//	                                        (type alb)
//	tgattr TG KEY=VALUE [KEY=VALUE...]      set target group attributes
//
// The `tg` statement (svc_topology_test.go) makes groups with the TCP
// health check on the traffic port, AWS's default; hc=off disables it.
func (b *topo) stmtLBTargets(f []string) error {
	h := b.svc
	need := func(n int) error {
		if len(f) < n {
			return fmt.Errorf("want at least %d fields", n)
		}
		return nil
	}
	switch f[0] {
	case "wlistener":
		if err := need(5); err != nil {
			return err
		}
		lb, ok := h.lbs[f[1]]
		if !ok {
			return fmt.Errorf("unknown load balancer %s", f[1])
		}
		port, err := strconv.Atoi(f[3])
		if err != nil {
			return err
		}
		a := elbv2.Action{Type: "forward"}
		for _, x := range strings.Split(f[4], ",") {
			name, w, _ := strings.Cut(x, ":")
			tg, ok := h.tgs[name]
			if !ok {
				return fmt.Errorf("unknown target group %s", name)
			}
			n, err := strconv.Atoi(w)
			if err != nil {
				return fmt.Errorf("weight of %s: %w", name, err)
			}
			a.Forward = append(a.Forward, elbv2.WeightedTargetGroup{ARN: tg.ID, Weight: int32(n)})
		}
		l := &elbv2.Listener{Meta: b.meta(strings.Replace(lb.ID, ":loadbalancer/", ":listener/", 1) + "/" + strconv.Itoa(port)),
			LoadBalancerARN: lb.ID, Port: int32(port), Protocol: f[2], DefaultActions: []elbv2.Action{a}}
		h.lsns = append(h.lsns, l)
	case "albtarget":
		if err := need(3); err != nil {
			return err
		}
		tg, ok := h.tgs[f[1]]
		if !ok {
			return fmt.Errorf("unknown target group %s", f[1])
		}
		lb, ok := h.lbs[f[2]]
		if !ok || lb.Type != elbv2.TypeApplication {
			return fmt.Errorf("unknown application load balancer %s", f[2])
		}
		tg.Targets = append(tg.Targets, elbv2.Target{ID: lb.ID, Port: tg.Port})
	case "tgattr":
		if err := need(3); err != nil {
			return err
		}
		tg, ok := h.tgs[f[1]]
		if !ok {
			return fmt.Errorf("unknown target group %s", f[1])
		}
		for _, kv := range f[2:] {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				return fmt.Errorf("tgattr: want KEY=VALUE, not %q", kv)
			}
			tg.Attributes[k] = v
		}
	default:
		return b.stmtBPA(f)
	}
	return nil
}
