package elbv2

import (
	"github.com/vpcsim/vpcsim/internal/api"
	ctl "github.com/vpcsim/vpcsim/internal/control/elbv2"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
)

func ptr[T any](v T) *T { return &v }

func i32(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}

func fromTags(in []Tag) []model.Tag {
	out := make([]model.Tag, 0, len(in))
	for _, t := range in {
		out = append(out, model.Tag{Key: api.Str(t.Key), Value: api.Str(t.Value)})
	}
	return out
}

func toTags(in []model.Tag) []Tag {
	out := make([]Tag, 0, len(in))
	for _, t := range in {
		out = append(out, Tag{Key: ptr(t.Key), Value: ptr(t.Value)})
	}
	return out
}

func fromMappings(in []SubnetMapping) []ctl.SubnetMapping {
	var out []ctl.SubnetMapping
	for _, m := range in {
		out = append(out, ctl.SubnetMapping{SubnetID: api.Str(m.SubnetId), AllocationID: api.Str(m.AllocationId),
			PrivateIPv4: api.Str(m.PrivateIPv4Address), IPv6: api.Str(m.IPv6Address)})
	}
	return out
}

// toLB renders a load balancer; state overrides the stored state
// (CreateLoadBalancer answers provisioning).
func (h handlers) toLB(lb *elbv2.LoadBalancer, state string) LoadBalancer {
	if state == "" {
		state = lb.State
	}
	out := LoadBalancer{
		LoadBalancerArn:       ptr(lb.ID),
		DNSName:               ptr(lb.DNSName),
		CanonicalHostedZoneId: ptr(lb.CanonicalHostedZoneID),
		CreatedTime:           ptr(lb.Created),
		LoadBalancerName:      ptr(lb.Name),
		VpcId:                 ptr(lb.VpcID),
		State:                 &LoadBalancerState{Code: ptr(state)},
		Type:                  ptr(lb.Type),
		IpAddressType:         ptr(lb.IPAddressType),
		SecurityGroups:        lb.SecurityGroupIDs,
	}
	if lb.Type != elbv2.TypeGateway {
		out.Scheme = ptr(lb.Scheme)
	}
	if v := lb.PrivateLinkInboundSetting(); v != "" {
		out.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic = ptr(v)
	}
	for _, z := range lb.Zones {
		out.AvailabilityZones = append(out.AvailabilityZones, h.toZone(lb, z))
	}
	return out
}

func (h handlers) toZone(lb *elbv2.LoadBalancer, z elbv2.Zone) AvailabilityZone {
	az := AvailabilityZone{ZoneName: ptr(z.ZoneName), SubnetId: ptr(z.SubnetID)}
	if lb.Type == elbv2.TypeNetwork {
		private, public, v6 := h.ctl.ZoneAddresses(z)
		a := LoadBalancerAddress{}
		if z.AllocationID != "" {
			a.AllocationId = ptr(z.AllocationID)
			a.IpAddress = ptr(public)
		}
		if lb.Scheme == ctl.SchemeInternal {
			a.PrivateIPv4Address = ptr(private)
		}
		if v6 != "" {
			a.IPv6Address = ptr(v6)
		}
		if a != (LoadBalancerAddress{}) {
			az.LoadBalancerAddresses = []LoadBalancerAddress{a}
		}
	}
	return az
}

func fromHealthCheck(enabled *bool, protocol, port, path *string, interval, timeout, healthy, unhealthy *int32, m *Matcher) ctl.HealthCheckInput {
	in := ctl.HealthCheckInput{Enabled: enabled, Protocol: protocol, Port: port, Path: path, IntervalSeconds: interval,
		TimeoutSeconds: timeout, HealthyThreshold: healthy, UnhealthyThreshold: unhealthy}
	if m != nil {
		in.HTTPCode, in.GrpcCode = m.HttpCode, m.GrpcCode
	}
	return in
}

func toTG(v ctl.TargetGroupView) TargetGroup {
	tg := v.TargetGroup
	hc := tg.HealthCheck
	out := TargetGroup{
		TargetGroupArn:             ptr(tg.ID),
		TargetGroupName:            ptr(tg.Name),
		HealthCheckEnabled:         ptr(hc.Enabled),
		HealthCheckIntervalSeconds: ptr(hc.IntervalSeconds),
		HealthCheckTimeoutSeconds:  ptr(hc.TimeoutSeconds),
		HealthyThresholdCount:      ptr(hc.HealthyThreshold),
		UnhealthyThresholdCount:    ptr(hc.UnhealthyThreshold),
		LoadBalancerArns:           v.LoadBalancerARNs,
		TargetType:                 ptr(tg.TargetType),
	}
	if out.LoadBalancerArns == nil {
		out.LoadBalancerArns = []string{}
	}
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return ptr(s)
	}
	out.Protocol, out.ProtocolVersion, out.VpcId, out.IpAddressType = opt(tg.Protocol), opt(tg.ProtocolVersion), opt(tg.VpcID), opt(tg.IPAddressType)
	out.HealthCheckProtocol, out.HealthCheckPort, out.HealthCheckPath = opt(hc.Protocol), opt(hc.Port), opt(hc.Path)
	if tg.Port != 0 {
		out.Port = ptr(tg.Port)
	}
	if hc.HTTPCode != "" || hc.GrpcCode != "" {
		out.Matcher = &Matcher{HttpCode: opt(hc.HTTPCode), GrpcCode: opt(hc.GrpcCode)}
	}
	return out
}

func fromTargets(in []TargetDescription) []elbv2.Target {
	out := make([]elbv2.Target, 0, len(in))
	for _, t := range in {
		out = append(out, elbv2.Target{ID: api.Str(t.Id), Port: i32(t.Port), AvailabilityZone: api.Str(t.AvailabilityZone)})
	}
	return out
}

func fromActions(in []Action) []elbv2.Action {
	if in == nil {
		return nil
	}
	out := make([]elbv2.Action, 0, len(in))
	for _, a := range in {
		x := elbv2.Action{Type: api.Str(a.Type), Order: i32(a.Order)}
		if f := a.ForwardConfig; f != nil {
			for _, g := range f.TargetGroups {
				w := int32(1)
				if g.Weight != nil {
					w = *g.Weight
				}
				x.Forward = append(x.Forward, elbv2.WeightedTargetGroup{ARN: api.Str(g.TargetGroupArn), Weight: w})
			}
		}
		if a.TargetGroupArn != nil {
			found := false
			for _, g := range x.Forward {
				found = found || g.ARN == *a.TargetGroupArn
			}
			if !found {
				x.Forward = append(x.Forward, elbv2.WeightedTargetGroup{ARN: *a.TargetGroupArn, Weight: 1})
			}
			x.SingleTarget = len(x.Forward) == 1
		}
		if f := a.ForwardConfig; f != nil {
			if s := f.TargetGroupStickinessConfig; s != nil {
				if s.Enabled != nil {
					x.StickinessEnabled = *s.Enabled
				}
				x.StickinessDuration = i32(s.DurationSeconds)
			}
		}
		if r := a.RedirectConfig; r != nil {
			x.Redirect = &elbv2.Redirect{Protocol: api.Str(r.Protocol), Port: api.Str(r.Port), Host: api.Str(r.Host),
				Path: api.Str(r.Path), Query: api.Str(r.Query), StatusCode: api.Str(r.StatusCode)}
		}
		if f := a.FixedResponseConfig; f != nil {
			x.FixedResponse = &elbv2.FixedResponse{StatusCode: api.Str(f.StatusCode), ContentType: api.Str(f.ContentType), MessageBody: api.Str(f.MessageBody)}
		}
		if c := a.AuthenticateOidcConfig; c != nil {
			x.Auth = map[string]string{"Issuer": api.Str(c.Issuer), "AuthorizationEndpoint": api.Str(c.AuthorizationEndpoint),
				"TokenEndpoint": api.Str(c.TokenEndpoint), "UserInfoEndpoint": api.Str(c.UserInfoEndpoint), "ClientId": api.Str(c.ClientId),
				"SessionCookieName": orStr(c.SessionCookieName, "AWSELBAuthSessionCookie"), "Scope": orStr(c.Scope, "openid"),
				"OnUnauthenticatedRequest": orStr(c.OnUnauthenticatedRequest, "authenticate"), "SessionTimeout": i64s(c.SessionTimeout)}
			x.AuthParams = c.AuthenticationRequestExtraParams
		}
		if c := a.AuthenticateCognitoConfig; c != nil {
			x.Auth = map[string]string{"UserPoolArn": api.Str(c.UserPoolArn), "UserPoolClientId": api.Str(c.UserPoolClientId),
				"UserPoolDomain": api.Str(c.UserPoolDomain), "SessionCookieName": orStr(c.SessionCookieName, "AWSELBAuthSessionCookie"),
				"Scope": orStr(c.Scope, "openid"), "OnUnauthenticatedRequest": orStr(c.OnUnauthenticatedRequest, "authenticate"),
				"SessionTimeout": i64s(c.SessionTimeout)}
			x.AuthParams = c.AuthenticationRequestExtraParams
		}
		out = append(out, x)
	}
	return out
}

func orStr(p *string, def string) string {
	if p == nil || *p == "" {
		return def
	}
	return *p
}

func i64s(p *int64) string {
	if p == nil {
		return "604800"
	}
	return itoa64(*p)
}

func itoa64(n int64) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

func atoi64(s string) *int64 {
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			return nil
		}
		n = n*10 + int64(c-'0')
	}
	return &n
}

func toActions(in []elbv2.Action) []Action {
	out := make([]Action, 0, len(in))
	for _, a := range in {
		x := Action{Type: ptr(a.Type), Order: ptr(a.Order)}
		if len(a.Forward) > 0 {
			if len(a.Forward) == 1 {
				x.TargetGroupArn = ptr(a.Forward[0].ARN)
			}
			fc := &ForwardActionConfig{TargetGroupStickinessConfig: &TargetGroupStickinessConfig{Enabled: ptr(a.StickinessEnabled)}}
			if a.StickinessEnabled {
				fc.TargetGroupStickinessConfig.DurationSeconds = ptr(a.StickinessDuration)
			}
			for _, g := range a.Forward {
				fc.TargetGroups = append(fc.TargetGroups, TargetGroupTuple{TargetGroupArn: ptr(g.ARN), Weight: ptr(g.Weight)})
			}
			x.ForwardConfig = fc
		}
		if r := a.Redirect; r != nil {
			x.RedirectConfig = &RedirectActionConfig{Protocol: ptr(r.Protocol), Port: ptr(r.Port), Host: ptr(r.Host), Path: ptr(r.Path), Query: ptr(r.Query), StatusCode: ptr(r.StatusCode)}
		}
		if f := a.FixedResponse; f != nil {
			x.FixedResponseConfig = &FixedResponseActionConfig{StatusCode: ptr(f.StatusCode)}
			if f.ContentType != "" {
				x.FixedResponseConfig.ContentType = ptr(f.ContentType)
			}
			if f.MessageBody != "" {
				x.FixedResponseConfig.MessageBody = ptr(f.MessageBody)
			}
		}
		switch a.Type {
		case "authenticate-oidc":
			m := a.Auth
			x.AuthenticateOidcConfig = &AuthenticateOidcActionConfig{Issuer: ptr(m["Issuer"]), AuthorizationEndpoint: ptr(m["AuthorizationEndpoint"]),
				TokenEndpoint: ptr(m["TokenEndpoint"]), UserInfoEndpoint: ptr(m["UserInfoEndpoint"]), ClientId: ptr(m["ClientId"]),
				SessionCookieName: ptr(m["SessionCookieName"]), Scope: ptr(m["Scope"]), OnUnauthenticatedRequest: ptr(m["OnUnauthenticatedRequest"]),
				SessionTimeout: atoi64(m["SessionTimeout"]), AuthenticationRequestExtraParams: a.AuthParams}
		case "authenticate-cognito":
			m := a.Auth
			x.AuthenticateCognitoConfig = &AuthenticateCognitoActionConfig{UserPoolArn: ptr(m["UserPoolArn"]), UserPoolClientId: ptr(m["UserPoolClientId"]),
				UserPoolDomain: ptr(m["UserPoolDomain"]), SessionCookieName: ptr(m["SessionCookieName"]), Scope: ptr(m["Scope"]),
				OnUnauthenticatedRequest: ptr(m["OnUnauthenticatedRequest"]), SessionTimeout: atoi64(m["SessionTimeout"]), AuthenticationRequestExtraParams: a.AuthParams}
		}
		out = append(out, x)
	}
	return out
}

func toListener(l *elbv2.Listener) Listener {
	out := Listener{ListenerArn: ptr(l.ID), LoadBalancerArn: ptr(l.LoadBalancerARN), DefaultActions: toActions(l.DefaultActions), AlpnPolicy: l.AlpnPolicy}
	if l.Port != 0 {
		out.Port = ptr(l.Port)
	}
	if l.Protocol != "" {
		out.Protocol = ptr(l.Protocol)
	}
	if l.SslPolicy != "" {
		out.SslPolicy = ptr(l.SslPolicy)
	}
	for _, c := range l.Certificates {
		out.Certificates = append(out.Certificates, Certificate{CertificateArn: ptr(c)})
	}
	return out
}

func fromCertificates(in []Certificate) []string {
	if in == nil {
		return nil
	}
	out := make([]string, 0, len(in))
	for _, c := range in {
		out = append(out, api.Str(c.CertificateArn))
	}
	return out
}

func fromConditions(in []RuleCondition) []elbv2.Condition {
	if in == nil {
		return nil
	}
	out := make([]elbv2.Condition, 0, len(in))
	for _, c := range in {
		x := elbv2.Condition{Field: api.Str(c.Field)}
		if len(c.Values) > 0 {
			x.Values, x.Legacy = c.Values, true
		}
		switch {
		case c.HostHeaderConfig != nil:
			x.Values = append(x.Values, c.HostHeaderConfig.Values...)
		case c.PathPatternConfig != nil:
			x.Values = append(x.Values, c.PathPatternConfig.Values...)
		case c.HttpHeaderConfig != nil:
			x.HeaderName = api.Str(c.HttpHeaderConfig.HttpHeaderName)
			x.Values = append(x.Values, c.HttpHeaderConfig.Values...)
		case c.HttpRequestMethodConfig != nil:
			x.Values = append(x.Values, c.HttpRequestMethodConfig.Values...)
		case c.SourceIpConfig != nil:
			x.Values = append(x.Values, c.SourceIpConfig.Values...)
		case c.QueryStringConfig != nil:
			for _, q := range c.QueryStringConfig.Values {
				x.Query = append(x.Query, elbv2.KeyValue{Key: api.Str(q.Key), Value: api.Str(q.Value)})
			}
		}
		out = append(out, x)
	}
	return out
}

func toConditions(in []elbv2.Condition) []RuleCondition {
	out := make([]RuleCondition, 0, len(in))
	for _, c := range in {
		x := RuleCondition{Field: ptr(c.Field)}
		vals := append([]string{}, c.Values...)
		switch c.Field {
		case "host-header":
			x.HostHeaderConfig = &HostHeaderConditionConfig{Values: vals}
			x.Values = vals
		case "path-pattern":
			x.PathPatternConfig = &PathPatternConditionConfig{Values: vals}
			x.Values = vals
		case "http-header":
			x.HttpHeaderConfig = &HttpHeaderConditionConfig{HttpHeaderName: ptr(c.HeaderName), Values: vals}
		case "http-request-method":
			x.HttpRequestMethodConfig = &HttpRequestMethodConditionConfig{Values: vals}
		case "source-ip":
			x.SourceIpConfig = &SourceIpConditionConfig{Values: vals}
		case "query-string":
			q := &QueryStringConditionConfig{}
			for _, kv := range c.Query {
				p := QueryStringKeyValuePair{Value: ptr(kv.Value)}
				if kv.Key != "" {
					p.Key = ptr(kv.Key)
				}
				q.Values = append(q.Values, p)
			}
			x.QueryStringConfig = q
		}
		out = append(out, x)
	}
	return out
}

func toRule(r ctl.RuleView) Rule {
	return Rule{RuleArn: ptr(r.ARN), Priority: ptr(r.Priority), IsDefault: ptr(r.IsDefault), Conditions: toConditions(r.Conditions), Actions: toActions(r.Actions)}
}

type kv struct{ Key, Value *string }

func fromKV(in []kv) []ctl.Attribute {
	out := make([]ctl.Attribute, 0, len(in))
	for _, a := range in {
		out = append(out, ctl.Attribute{Key: api.Str(a.Key), Value: api.Str(a.Value)})
	}
	return out
}

func toKV(in []ctl.Attribute) []kv {
	out := make([]kv, 0, len(in))
	for _, a := range in {
		out = append(out, kv{ptr(a.Key), ptr(a.Value)})
	}
	return out
}
