package elbv2

import (
	"fmt"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// Request members vpcsim does not emulate are refused, never accepted and
// dropped: a client that asks for mutual TLS, IPAM pools, regex
// conditions or rule transforms learns that it did not get them.

func notEmulated(member, detail string) error {
	return awserr.New("ValidationError", "vpcsim does not emulate %s yet (%s); remove it from the request", member, detail)
}

// checkMutualAuth refuses mutual TLS; mode "off" is the default and accepted.
func checkMutualAuth(m *MutualAuthenticationAttributes) error {
	if m == nil || m.Mode == nil || *m.Mode == "off" {
		return nil
	}
	return notEmulated("MutualAuthentication", "mode "+*m.Mode)
}

// checkIpamPools refuses load balancer IPv4 addresses from IPAM pools.
func checkIpamPools(p *IpamPools) error {
	if p == nil || p.Ipv4IpamPoolId == nil {
		return nil
	}
	return notEmulated("IpamPools", "pool "+*p.Ipv4IpamPoolId)
}

// checkTransforms refuses rule transforms (host header and URL rewrites).
func checkTransforms(t []RuleTransform) error {
	if len(t) == 0 {
		return nil
	}
	return notEmulated("Transforms", fmt.Sprintf("%d transform(s)", len(t)))
}

// checkRegexConditions refuses regular-expression rule conditions.
func checkRegexConditions(cs []RuleCondition) error {
	for i, c := range cs {
		n := len(c.RegexValues)
		if h := c.HostHeaderConfig; h != nil {
			n += len(h.RegexValues)
		}
		if h := c.HttpHeaderConfig; h != nil {
			n += len(h.RegexValues)
		}
		if p := c.PathPatternConfig; p != nil {
			n += len(p.RegexValues)
		}
		if n > 0 {
			return notEmulated("RegexValues", fmt.Sprintf("condition %d", i+1))
		}
	}
	return nil
}
