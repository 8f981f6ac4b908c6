package elbv2

import (
	"slices"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
)

// Limit is one DescribeAccountLimits entry.
type Limit struct {
	Name string
	Max  string
}

// accountLimits are the default quotas DescribeAccountLimits reports
// [ALB-UG load-balancer-limits.md; NLB-UG load-balancer-limits.md].
var accountLimits = []Limit{
	{"application-load-balancers", strconv.Itoa(maxALBs)},
	{"target-groups", strconv.Itoa(maxTargetGroups)},
	{"targets-per-application-load-balancer", "1000"},
	{"listeners-per-application-load-balancer", strconv.Itoa(maxListeners)},
	{"rules-per-application-load-balancer", strconv.Itoa(maxRulesPerLB)},
	{"network-load-balancers", strconv.Itoa(maxNLBs)},
	{"targets-per-network-load-balancer", "3000"},
	{"targets-per-availability-zone-per-network-load-balancer", "500"},
	{"listeners-per-network-load-balancer", strconv.Itoa(maxListeners)},
	{"condition-values-per-alb-rule", strconv.Itoa(maxConditionValues)},
	{"condition-wildcards-per-alb-rule", "5"},
	{"target-groups-per-application-load-balancer", "100"},
	{"target-groups-per-action-on-application-load-balancer", strconv.Itoa(maxForwardGroups)},
	{"target-groups-per-action-on-network-load-balancer", "1"},
	{"certificates-per-application-load-balancer", "25"},
	{"certificates-per-network-load-balancer", "25"},
	{"targets-per-target-group", "1000"},
	{"target-id-registrations-per-application-load-balancer", "100"},
	{"network-load-balancer-enis-per-vpc", "1200"},
	{"application-load-balancer-rules-per-listener", strconv.Itoa(maxRulesPerLB)},
	{"gateway-load-balancers", strconv.Itoa(maxGWLBs)},
	{"gateway-load-balancers-per-vpc", "100"},
	{"geneve-target-groups", "100"},
	{"targets-per-availability-zone-per-gateway-load-balancer", "300"},
}

// DescribeAccountLimits returns the quotas.
func (s *Service) DescribeAccountLimits(marker string, size int32) ([]Limit, string, error) {
	return page(accountLimits, marker, size)
}

// SSLPolicy is a security policy of HTTPS and TLS listeners.
type SSLPolicy struct {
	Name      string
	Protocols []string
	Ciphers   []string
	LBTypes   []string
}

var (
	tls12       = []string{"TLSv1.2"}
	tls1012     = []string{"TLSv1", "TLSv1.1", "TLSv1.2"}
	tls1213     = []string{"TLSv1.2", "TLSv1.3"}
	tls13       = []string{"TLSv1.3"}
	ciphers2016 = []string{"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256", "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA", "ECDHE-ECDSA-AES256-SHA", "AES128-GCM-SHA256", "AES128-SHA256", "AES128-SHA", "AES256-GCM-SHA384", "AES256-SHA256", "AES256-SHA"}
	ciphers12   = []string{"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384"}
	ciphers13   = []string{"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"}
	albNLB      = []string{elbv2.TypeApplication, elbv2.TypeNetwork}
)

// sslPolicies are a few of Elastic Load Balancing's predefined policies
// [ALB-UG create-https-listener.md "Security policies"].
var sslPolicies = []SSLPolicy{
	{"ELBSecurityPolicy-2016-08", tls1012, ciphers2016, albNLB},
	{"ELBSecurityPolicy-TLS-1-2-2017-01", tls12, ciphers12, albNLB},
	{"ELBSecurityPolicy-TLS-1-2-Ext-2018-06", tls12, ciphers2016, albNLB},
	{"ELBSecurityPolicy-FS-1-2-Res-2020-10", tls12, ciphers12[:4], albNLB},
	{"ELBSecurityPolicy-TLS13-1-2-2021-06", tls1213, append(append([]string{}, ciphers13...), ciphers12...), albNLB},
	{"ELBSecurityPolicy-TLS13-1-3-2021-06", tls13, ciphers13, albNLB},
}

func knownPolicy(name string) bool {
	return slices.ContainsFunc(sslPolicies, func(p SSLPolicy) bool { return p.Name == name })
}

// DescribeSSLPolicies returns policies by name (all when none is given).
func (s *Service) DescribeSSLPolicies(names []string, lbType, marker string, size int32) ([]SSLPolicy, string, error) {
	var out []SSLPolicy
	if len(names) > 0 {
		for _, n := range names {
			i := slices.IndexFunc(sslPolicies, func(p SSLPolicy) bool { return p.Name == n })
			if i < 0 {
				return nil, "", awserr.New("SSLPolicyNotFound", "One or more SSL policies not found")
			}
			out = append(out, sslPolicies[i])
		}
	} else {
		for _, p := range sslPolicies {
			if lbType == "" || slices.Contains(p.LBTypes, lbType) {
				out = append(out, p)
			}
		}
	}
	return page(out, marker, size)
}
