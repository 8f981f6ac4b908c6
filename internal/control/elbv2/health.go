package elbv2

import (
	"net/netip"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/model"

	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Target health [ALB-UG target-group-health-checks.md "Health check
// reason codes"; NLB-UG target-group-health-checks.md]. vpcsim has no
// packets in flight, so a target's health is the steady state its health
// check reaches at once (no "initial" state): the load balancer node
// interfaces that check it are those in the target's Availability Zone, or
// every node when cross-zone load balancing is on (or the target is an IP
// address outside the VPC); the target is healthy when the data plane
// carries TCP to its health check port from every such node and back
// (routes, security groups, network ACLs), else unhealthy with
// Target.Timeout (a drop on the path) or Target.FailedHealthChecks (nothing
// answers at the address). Other states:
//   - unused, Target.NotRegistered: not registered with the group;
//   - unused, Target.NotInUse: no listener or rule forwards to the group,
//     or the target's zone has no node and cross-zone is off;
//   - unused, Target.InvalidState: the instance is stopped or terminated;
//   - unavailable, Target.HealthCheckDisabled: health checks are off.

// Health states and reason codes.
const (
	StateHealthy     = "healthy"
	StateUnhealthy   = "unhealthy"
	StateUnused      = "unused"
	StateUnavailable = "unavailable"
)

// TargetHealth is one DescribeTargetHealth entry.
type TargetHealth struct {
	Target          elbv2.Target
	HealthCheckPort string
	State           string
	Reason          string
	Description     string
}

// DescribeTargetHealth computes the health of a group's targets (all, or
// those asked for).
func (s *Service) DescribeTargetHealth(scope Scope, arn string, targets []elbv2.Target) ([]TargetHealth, error) {
	w := s.st.Snapshot()
	tg, err := getTG(w, scope, arn)
	if err != nil {
		return nil, err
	}
	list := tg.Targets
	if len(targets) > 0 {
		list = targets
	}
	var nodes []nodeENI
	users := tgUsers(w, scope)[tg.ID]
	for _, lbARN := range users {
		lb, ok := store.LoadBalancerKind.In(w).Get(lbARN)
		if !ok {
			continue
		}
		cross := lb.Type == elbv2.TypeApplication
		if v, ok := lb.Attributes["load_balancing.cross_zone.enabled"]; ok {
			cross = v == "true"
		}
		switch tg.Attributes["load_balancing.cross_zone.enabled"] {
		case "true":
			cross = true
		case "false":
			cross = false
		}
		for _, z := range lb.Zones {
			nodes = append(nodes, nodeENI{zone: z.ZoneName, eni: z.NetworkInterfaceID, cross: cross})
		}
	}
	var plane *dataplane.Plane
	if len(nodes) > 0 {
		plane = s.planes.Get(w)
	}
	tr := new(dataplane.Trace)
	out := make([]TargetHealth, 0, len(list))
	for _, t := range list {
		out = append(out, s.targetHealth(w, plane, tr, tg, t, users, nodes))
	}
	return out, nil
}

type nodeENI struct {
	zone, eni string
	cross     bool
}

func (s *Service) targetHealth(w *store.World, plane *dataplane.Plane, tr *dataplane.Trace, tg *elbv2.TargetGroup, t elbv2.Target, users []string, nodes []nodeENI) TargetHealth {
	i := indexTarget(tg.Targets, t.ID, t.Port)
	if i < 0 {
		if t.Port == 0 {
			t.Port = tg.Port
		}
		return TargetHealth{Target: t, HealthCheckPort: hcPort(tg, t), State: StateUnused, Reason: "Target.NotRegistered", Description: "Target is not registered to the target group"}
	}
	t = tg.Targets[i]
	h := TargetHealth{Target: t, HealthCheckPort: hcPort(tg, t)}
	if len(users) == 0 {
		h.State, h.Reason, h.Description = StateUnused, "Target.NotInUse", "Target group is not configured to receive traffic from the load balancer"
		return h
	}
	zone := t.AvailabilityZone
	dest := t.ID
	switch tg.TargetType {
	case elbv2.TargetInstance:
		inst, ok := w.Instances.Get(t.ID)
		if !ok || inst.State != "running" {
			st := "terminated"
			if ok {
				st = inst.State
			}
			h.State, h.Reason, h.Description = StateUnused, "Target.InvalidState", "Target is in the "+st+" state"
			return h
		}
		zone = inst.AvailabilityZone
	case elbv2.TargetLambda:
		if !tg.HealthCheck.Enabled {
			h.State, h.Reason, h.Description = StateUnavailable, "Target.HealthCheckDisabled", "Health checks disabled"
			return h
		}
		h.State, h.Reason, h.Description = StateUnavailable, "Elb.InternalError", "Lambda functions are not simulated: the health of a Lambda target is unknown"
		return h
	case elbv2.TargetALB:
		lb, ok := store.LoadBalancerKind.In(w).Get(t.ID)
		if !ok || len(lb.Zones) == 0 {
			h.State, h.Reason, h.Description = StateUnhealthy, "Target.FailedHealthChecks", "Health checks failed"
			return h
		}
		dest = lb.Zones[0].NetworkInterfaceID
		zone = "all"
	case elbv2.TargetIP:
		if zone == "" {
			zone = s.ipZone(w, plane, tg.VpcID, t.ID)
		}
	}
	if !tg.HealthCheck.Enabled {
		h.State, h.Reason, h.Description = StateUnavailable, "Target.HealthCheckDisabled", "Health checks disabled"
		return h
	}
	port, _ := strconv.Atoi(h.HealthCheckPort)
	checked := 0
	for _, n := range nodes {
		if zone != "all" && zone != "" && !n.cross && n.zone != zone {
			continue
		}
		checked++
		q := dataplane.Query{Source: n.eni, Destination: dest, Protocol: "tcp", DestinationPort: uint16(port), VPC: tg.VpcID}
		plane.TraceInto(&q, tr)
		if tr.Err != nil {
			h.State, h.Reason, h.Description = StateUnhealthy, "Target.FailedHealthChecks", "Health checks failed"
			return h
		}
		if !tr.Reachable {
			h.State, h.Reason, h.Description = StateUnhealthy, "Target.Timeout", "Request timed out"
			if b := tr.Blocked(); b != nil {
				h.Description = "Request timed out (" + string(b.Code) + ")"
			}
			return h
		}
	}
	if checked == 0 {
		h.State, h.Reason, h.Description = StateUnused, "Target.NotInUse", "Target is in an Availability Zone that is not enabled for the load balancer"
		return h
	}
	h.State = StateHealthy
	return h
}

// ipZone returns the zone of the subnet of vpcID holding address ip, or
// "all" when none does.
func (s *Service) ipZone(w *store.World, _ *dataplane.Plane, vpcID, ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return "all"
	}
	zone := "all"
	w.Subnets.All(func(sn *model.Subnet) bool {
		if sn.VpcID != vpcID {
			return true
		}
		v6, _ := sn.Ipv6CidrBlock()
		if sn.CidrBlock.Contains(a) || v6.Contains(a) {
			zone = sn.AvailabilityZone
			return false
		}
		return true
	})
	return zone
}

// hcPort is the target's health check port.
func hcPort(tg *elbv2.TargetGroup, t elbv2.Target) string {
	if tg.HealthCheck.Port == "" || tg.HealthCheck.Port == "traffic-port" {
		if t.Port == 0 {
			return ""
		}
		return strconv.Itoa(int(t.Port))
	}
	return tg.HealthCheck.Port
}
