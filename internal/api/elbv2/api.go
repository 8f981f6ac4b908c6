// Package elbv2 serves Elastic Load Balancing (v2) on the query protocol:
// generated shapes (shapes_gen.go, from operations.txt) and thin handlers
// over internal/control/elbv2. Every other operation of the API answers the
// protocol's unsupported-operation error.
package elbv2

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/control"
	ctl "github.com/vpcsim/vpcsim/internal/control/elbv2"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// handlers binds the operations to one control plane.
type handlers struct{ ctl *ctl.Service }

// New returns the Elastic Load Balancing binding over the EC2 control plane.
func New(ec2 *control.Service) *api.Binding { return NewWith(ctl.New(ec2)) }

// NewWith returns the binding over svc.
func NewWith(svc *ctl.Service) *api.Binding {
	h := handlers{ctl: svc}
	r := api.NewRouter()
	api.Handle(r, "CreateLoadBalancer", h.createLoadBalancer)
	api.Handle(r, "DescribeLoadBalancers", h.describeLoadBalancers)
	api.Handle(r, "DeleteLoadBalancer", h.deleteLoadBalancer)
	api.Handle(r, "SetSubnets", h.setSubnets)
	api.Handle(r, "SetSecurityGroups", h.setSecurityGroups)
	api.Handle(r, "SetIpAddressType", h.setIPAddressType)
	api.Handle(r, "DescribeLoadBalancerAttributes", h.describeLBAttributes)
	api.Handle(r, "ModifyLoadBalancerAttributes", h.modifyLBAttributes)
	api.Handle(r, "CreateTargetGroup", h.createTargetGroup)
	api.Handle(r, "DescribeTargetGroups", h.describeTargetGroups)
	api.Handle(r, "ModifyTargetGroup", h.modifyTargetGroup)
	api.Handle(r, "DeleteTargetGroup", h.deleteTargetGroup)
	api.Handle(r, "DescribeTargetGroupAttributes", h.describeTGAttributes)
	api.Handle(r, "ModifyTargetGroupAttributes", h.modifyTGAttributes)
	api.Handle(r, "RegisterTargets", h.registerTargets)
	api.Handle(r, "DeregisterTargets", h.deregisterTargets)
	api.Handle(r, "DescribeTargetHealth", h.describeTargetHealth)
	api.Handle(r, "CreateListener", h.createListener)
	api.Handle(r, "DescribeListeners", h.describeListeners)
	api.Handle(r, "ModifyListener", h.modifyListener)
	api.Handle(r, "DeleteListener", h.deleteListener)
	api.Handle(r, "DescribeListenerAttributes", h.describeListenerAttributes)
	api.Handle(r, "ModifyListenerAttributes", h.modifyListenerAttributes)
	api.Handle(r, "CreateRule", h.createRule)
	api.Handle(r, "DescribeRules", h.describeRules)
	api.Handle(r, "ModifyRule", h.modifyRule)
	api.Handle(r, "DeleteRule", h.deleteRule)
	api.Handle(r, "SetRulePriorities", h.setRulePriorities)
	api.Handle(r, "AddTags", h.addTags)
	api.Handle(r, "RemoveTags", h.removeTags)
	api.Handle(r, "DescribeTags", h.describeTags)
	api.Handle(r, "DescribeAccountLimits", h.describeAccountLimits)
	api.Handle(r, "DescribeSSLPolicies", h.describeSSLPolicies)
	return &api.Binding{Service: Service, Handler: r}
}

func next(marker string) *string {
	if marker == "" {
		return nil
	}
	return &marker
}

func (h handlers) createLoadBalancer(ctx context.Context, c *protocol.Call, in *CreateLoadBalancerInput) (*CreateLoadBalancerOutput, error) {
	if err := checkIpamPools(in.IpamPools); err != nil {
		return nil, err
	}
	lb, err := h.ctl.CreateLoadBalancer(ctx, api.Scope(c), ctl.CreateLoadBalancerInput{
		Name: api.Str(in.Name), Type: api.Str(in.Type), Scheme: api.Str(in.Scheme), IPAddressType: api.Str(in.IpAddressType),
		Subnets: in.Subnets, SubnetMappings: fromMappings(in.SubnetMappings), SecurityGroups: in.SecurityGroups, Tags: fromTags(in.Tags),
	})
	if err != nil {
		return nil, err
	}
	return &CreateLoadBalancerOutput{LoadBalancers: []LoadBalancer{h.toLB(lb, "provisioning")}}, nil
}

func (h handlers) describeLoadBalancers(_ context.Context, c *protocol.Call, in *DescribeLoadBalancersInput) (*DescribeLoadBalancersOutput, error) {
	lbs, marker, err := h.ctl.DescribeLoadBalancers(api.Scope(c), ctl.DescribeLoadBalancersInput{ARNs: in.LoadBalancerArns, Names: in.Names, Marker: api.Str(in.Marker), PageSize: i32(in.PageSize)})
	if err != nil {
		return nil, err
	}
	out := &DescribeLoadBalancersOutput{LoadBalancers: make([]LoadBalancer, 0, len(lbs)), NextMarker: next(marker)}
	for _, lb := range lbs {
		out.LoadBalancers = append(out.LoadBalancers, h.toLB(lb, ""))
	}
	return out, nil
}

func (h handlers) deleteLoadBalancer(ctx context.Context, c *protocol.Call, in *DeleteLoadBalancerInput) (*DeleteLoadBalancerOutput, error) {
	return &DeleteLoadBalancerOutput{}, h.ctl.DeleteLoadBalancer(ctx, api.Scope(c), api.Str(in.LoadBalancerArn))
}

func (h handlers) setSubnets(ctx context.Context, c *protocol.Call, in *SetSubnetsInput) (*SetSubnetsOutput, error) {
	lb, err := h.ctl.SetSubnets(ctx, api.Scope(c), api.Str(in.LoadBalancerArn), in.Subnets, fromMappings(in.SubnetMappings), api.Str(in.IpAddressType))
	if err != nil {
		return nil, err
	}
	v := h.toLB(lb, "")
	return &SetSubnetsOutput{AvailabilityZones: v.AvailabilityZones, IpAddressType: v.IpAddressType}, nil
}

func (h handlers) setSecurityGroups(ctx context.Context, c *protocol.Call, in *SetSecurityGroupsInput) (*SetSecurityGroupsOutput, error) {
	lb, err := h.ctl.SetSecurityGroups(ctx, api.Scope(c), api.Str(in.LoadBalancerArn), in.SecurityGroups, api.Str(in.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic))
	if err != nil {
		return nil, err
	}
	out := &SetSecurityGroupsOutput{SecurityGroupIds: lb.SecurityGroupIDs}
	if v := lb.PrivateLinkInboundSetting(); v != "" {
		out.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic = ptr(v)
	}
	return out, nil
}

func (h handlers) setIPAddressType(ctx context.Context, c *protocol.Call, in *SetIpAddressTypeInput) (*SetIpAddressTypeOutput, error) {
	lb, err := h.ctl.SetIPAddressType(ctx, api.Scope(c), api.Str(in.LoadBalancerArn), api.Str(in.IpAddressType))
	if err != nil {
		return nil, err
	}
	return &SetIpAddressTypeOutput{IpAddressType: ptr(lb.IPAddressType)}, nil
}

func lbAttrsIn(in []LoadBalancerAttribute) []ctl.Attribute {
	kvs := make([]kv, len(in))
	for i, a := range in {
		kvs[i] = kv{a.Key, a.Value}
	}
	return fromKV(kvs)
}

func lbAttrsOut(in []ctl.Attribute) []LoadBalancerAttribute {
	out := make([]LoadBalancerAttribute, 0, len(in))
	for _, a := range toKV(in) {
		out = append(out, LoadBalancerAttribute{Key: a.Key, Value: a.Value})
	}
	return out
}

func (h handlers) describeLBAttributes(_ context.Context, c *protocol.Call, in *DescribeLoadBalancerAttributesInput) (*DescribeLoadBalancerAttributesOutput, error) {
	attrs, err := h.ctl.DescribeLoadBalancerAttributes(api.Scope(c), api.Str(in.LoadBalancerArn))
	if err != nil {
		return nil, err
	}
	return &DescribeLoadBalancerAttributesOutput{Attributes: lbAttrsOut(attrs)}, nil
}

func (h handlers) modifyLBAttributes(ctx context.Context, c *protocol.Call, in *ModifyLoadBalancerAttributesInput) (*ModifyLoadBalancerAttributesOutput, error) {
	attrs, err := h.ctl.ModifyLoadBalancerAttributes(ctx, api.Scope(c), api.Str(in.LoadBalancerArn), lbAttrsIn(in.Attributes))
	if err != nil {
		return nil, err
	}
	return &ModifyLoadBalancerAttributesOutput{Attributes: lbAttrsOut(attrs)}, nil
}

func (h handlers) createTargetGroup(ctx context.Context, c *protocol.Call, in *CreateTargetGroupInput) (*CreateTargetGroupOutput, error) {
	tg, err := h.ctl.CreateTargetGroup(ctx, api.Scope(c), ctl.CreateTargetGroupInput{
		Name: api.Str(in.Name), TargetType: api.Str(in.TargetType), Protocol: api.Str(in.Protocol), ProtocolVersion: api.Str(in.ProtocolVersion),
		Port: i32(in.Port), VpcID: api.Str(in.VpcId), IPAddressType: api.Str(in.IpAddressType), Tags: fromTags(in.Tags),
		HealthCheck: fromHealthCheck(in.HealthCheckEnabled, in.HealthCheckProtocol, in.HealthCheckPort, in.HealthCheckPath,
			in.HealthCheckIntervalSeconds, in.HealthCheckTimeoutSeconds, in.HealthyThresholdCount, in.UnhealthyThresholdCount, in.Matcher),
	})
	if err != nil {
		return nil, err
	}
	return &CreateTargetGroupOutput{TargetGroups: []TargetGroup{toTG(ctl.TargetGroupView{TargetGroup: tg})}}, nil
}

func (h handlers) describeTargetGroups(_ context.Context, c *protocol.Call, in *DescribeTargetGroupsInput) (*DescribeTargetGroupsOutput, error) {
	tgs, marker, err := h.ctl.DescribeTargetGroups(api.Scope(c), ctl.DescribeTargetGroupsInput{
		LoadBalancerARN: api.Str(in.LoadBalancerArn), ARNs: in.TargetGroupArns, Names: in.Names, Marker: api.Str(in.Marker), PageSize: i32(in.PageSize),
	})
	if err != nil {
		return nil, err
	}
	out := &DescribeTargetGroupsOutput{TargetGroups: make([]TargetGroup, 0, len(tgs)), NextMarker: next(marker)}
	for _, tg := range tgs {
		out.TargetGroups = append(out.TargetGroups, toTG(tg))
	}
	return out, nil
}

func (h handlers) modifyTargetGroup(ctx context.Context, c *protocol.Call, in *ModifyTargetGroupInput) (*ModifyTargetGroupOutput, error) {
	tg, err := h.ctl.ModifyTargetGroup(ctx, api.Scope(c), api.Str(in.TargetGroupArn), fromHealthCheck(in.HealthCheckEnabled, in.HealthCheckProtocol,
		in.HealthCheckPort, in.HealthCheckPath, in.HealthCheckIntervalSeconds, in.HealthCheckTimeoutSeconds, in.HealthyThresholdCount, in.UnhealthyThresholdCount, in.Matcher))
	if err != nil {
		return nil, err
	}
	return &ModifyTargetGroupOutput{TargetGroups: []TargetGroup{toTG(*tg)}}, nil
}

func (h handlers) deleteTargetGroup(ctx context.Context, c *protocol.Call, in *DeleteTargetGroupInput) (*DeleteTargetGroupOutput, error) {
	return &DeleteTargetGroupOutput{}, h.ctl.DeleteTargetGroup(ctx, api.Scope(c), api.Str(in.TargetGroupArn))
}

func tgAttrsIn(in []TargetGroupAttribute) []ctl.Attribute {
	kvs := make([]kv, len(in))
	for i, a := range in {
		kvs[i] = kv{a.Key, a.Value}
	}
	return fromKV(kvs)
}

func tgAttrsOut(in []ctl.Attribute) []TargetGroupAttribute {
	out := make([]TargetGroupAttribute, 0, len(in))
	for _, a := range toKV(in) {
		out = append(out, TargetGroupAttribute{Key: a.Key, Value: a.Value})
	}
	return out
}

func (h handlers) describeTGAttributes(_ context.Context, c *protocol.Call, in *DescribeTargetGroupAttributesInput) (*DescribeTargetGroupAttributesOutput, error) {
	attrs, err := h.ctl.DescribeTargetGroupAttributes(api.Scope(c), api.Str(in.TargetGroupArn))
	if err != nil {
		return nil, err
	}
	return &DescribeTargetGroupAttributesOutput{Attributes: tgAttrsOut(attrs)}, nil
}

func (h handlers) modifyTGAttributes(ctx context.Context, c *protocol.Call, in *ModifyTargetGroupAttributesInput) (*ModifyTargetGroupAttributesOutput, error) {
	attrs, err := h.ctl.ModifyTargetGroupAttributes(ctx, api.Scope(c), api.Str(in.TargetGroupArn), tgAttrsIn(in.Attributes))
	if err != nil {
		return nil, err
	}
	return &ModifyTargetGroupAttributesOutput{Attributes: tgAttrsOut(attrs)}, nil
}

func (h handlers) registerTargets(ctx context.Context, c *protocol.Call, in *RegisterTargetsInput) (*RegisterTargetsOutput, error) {
	return &RegisterTargetsOutput{}, h.ctl.RegisterTargets(ctx, api.Scope(c), api.Str(in.TargetGroupArn), fromTargets(in.Targets))
}

func (h handlers) deregisterTargets(ctx context.Context, c *protocol.Call, in *DeregisterTargetsInput) (*DeregisterTargetsOutput, error) {
	return &DeregisterTargetsOutput{}, h.ctl.DeregisterTargets(ctx, api.Scope(c), api.Str(in.TargetGroupArn), fromTargets(in.Targets))
}

func (h handlers) describeTargetHealth(_ context.Context, c *protocol.Call, in *DescribeTargetHealthInput) (*DescribeTargetHealthOutput, error) {
	hs, err := h.ctl.DescribeTargetHealth(api.Scope(c), api.Str(in.TargetGroupArn), fromTargets(in.Targets))
	if err != nil {
		return nil, err
	}
	out := &DescribeTargetHealthOutput{TargetHealthDescriptions: make([]TargetHealthDescription, 0, len(hs))}
	for _, th := range hs {
		d := TargetHealthDescription{Target: &TargetDescription{Id: ptr(th.Target.ID)}, TargetHealth: &TargetHealth{State: ptr(th.State)}}
		if th.Target.Port != 0 {
			d.Target.Port = ptr(th.Target.Port)
		}
		if th.Target.AvailabilityZone != "" {
			d.Target.AvailabilityZone = ptr(th.Target.AvailabilityZone)
		}
		if th.HealthCheckPort != "" {
			d.HealthCheckPort = ptr(th.HealthCheckPort)
		}
		if th.Reason != "" {
			d.TargetHealth.Reason, d.TargetHealth.Description = ptr(th.Reason), ptr(th.Description)
		}
		out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, d)
	}
	return out, nil
}

func (h handlers) createListener(ctx context.Context, c *protocol.Call, in *CreateListenerInput) (*CreateListenerOutput, error) {
	if err := checkMutualAuth(in.MutualAuthentication); err != nil {
		return nil, err
	}
	l, err := h.ctl.CreateListener(ctx, api.Scope(c), ctl.CreateListenerInput{
		LoadBalancerARN: api.Str(in.LoadBalancerArn), Protocol: api.Str(in.Protocol), Port: i32(in.Port), SslPolicy: api.Str(in.SslPolicy),
		Certificates: fromCertificates(in.Certificates), AlpnPolicy: in.AlpnPolicy, DefaultActions: fromActions(in.DefaultActions), Tags: fromTags(in.Tags),
	})
	if err != nil {
		return nil, err
	}
	return &CreateListenerOutput{Listeners: []Listener{toListener(l)}}, nil
}

func (h handlers) describeListeners(_ context.Context, c *protocol.Call, in *DescribeListenersInput) (*DescribeListenersOutput, error) {
	ls, marker, err := h.ctl.DescribeListeners(api.Scope(c), api.Str(in.LoadBalancerArn), in.ListenerArns, api.Str(in.Marker), i32(in.PageSize))
	if err != nil {
		return nil, err
	}
	out := &DescribeListenersOutput{Listeners: make([]Listener, 0, len(ls)), NextMarker: next(marker)}
	for _, l := range ls {
		out.Listeners = append(out.Listeners, toListener(l))
	}
	return out, nil
}

func (h handlers) modifyListener(ctx context.Context, c *protocol.Call, in *ModifyListenerInput) (*ModifyListenerOutput, error) {
	if err := checkMutualAuth(in.MutualAuthentication); err != nil {
		return nil, err
	}
	l, err := h.ctl.ModifyListener(ctx, api.Scope(c), ctl.ModifyListenerInput{
		ARN: api.Str(in.ListenerArn), Protocol: api.Str(in.Protocol), Port: i32(in.Port), SslPolicy: api.Str(in.SslPolicy),
		Certificates: fromCertificates(in.Certificates), AlpnPolicy: in.AlpnPolicy, DefaultActions: fromActions(in.DefaultActions),
	})
	if err != nil {
		return nil, err
	}
	return &ModifyListenerOutput{Listeners: []Listener{toListener(l)}}, nil
}

func (h handlers) deleteListener(ctx context.Context, c *protocol.Call, in *DeleteListenerInput) (*DeleteListenerOutput, error) {
	return &DeleteListenerOutput{}, h.ctl.DeleteListener(ctx, api.Scope(c), api.Str(in.ListenerArn))
}

func listenerAttrsIn(in []ListenerAttribute) []ctl.Attribute {
	kvs := make([]kv, len(in))
	for i, a := range in {
		kvs[i] = kv{a.Key, a.Value}
	}
	return fromKV(kvs)
}

func listenerAttrsOut(in []ctl.Attribute) []ListenerAttribute {
	out := make([]ListenerAttribute, 0, len(in))
	for _, a := range toKV(in) {
		out = append(out, ListenerAttribute{Key: a.Key, Value: a.Value})
	}
	return out
}

func (h handlers) describeListenerAttributes(_ context.Context, c *protocol.Call, in *DescribeListenerAttributesInput) (*DescribeListenerAttributesOutput, error) {
	attrs, err := h.ctl.DescribeListenerAttributes(api.Scope(c), api.Str(in.ListenerArn))
	if err != nil {
		return nil, err
	}
	return &DescribeListenerAttributesOutput{Attributes: listenerAttrsOut(attrs)}, nil
}

func (h handlers) modifyListenerAttributes(ctx context.Context, c *protocol.Call, in *ModifyListenerAttributesInput) (*ModifyListenerAttributesOutput, error) {
	attrs, err := h.ctl.ModifyListenerAttributes(ctx, api.Scope(c), api.Str(in.ListenerArn), listenerAttrsIn(in.Attributes))
	if err != nil {
		return nil, err
	}
	return &ModifyListenerAttributesOutput{Attributes: listenerAttrsOut(attrs)}, nil
}

func (h handlers) createRule(ctx context.Context, c *protocol.Call, in *CreateRuleInput) (*CreateRuleOutput, error) {
	if err := checkRegexConditions(in.Conditions); err != nil {
		return nil, err
	}
	if err := checkTransforms(in.Transforms); err != nil {
		return nil, err
	}
	r, err := h.ctl.CreateRule(ctx, api.Scope(c), ctl.CreateRuleInput{
		ListenerARN: api.Str(in.ListenerArn), Priority: i32(in.Priority), Conditions: fromConditions(in.Conditions),
		Actions: fromActions(in.Actions), Tags: fromTags(in.Tags),
	})
	if err != nil {
		return nil, err
	}
	return &CreateRuleOutput{Rules: []Rule{toRule(ctl.RuleView{ARN: r.ID, Priority: itoa64(int64(r.Priority)), Conditions: r.Conditions, Actions: r.Actions})}}, nil
}

func (h handlers) describeRules(_ context.Context, c *protocol.Call, in *DescribeRulesInput) (*DescribeRulesOutput, error) {
	rs, marker, err := h.ctl.DescribeRules(api.Scope(c), api.Str(in.ListenerArn), in.RuleArns, api.Str(in.Marker), i32(in.PageSize))
	if err != nil {
		return nil, err
	}
	out := &DescribeRulesOutput{Rules: make([]Rule, 0, len(rs)), NextMarker: next(marker)}
	for _, r := range rs {
		out.Rules = append(out.Rules, toRule(r))
	}
	return out, nil
}

func (h handlers) modifyRule(ctx context.Context, c *protocol.Call, in *ModifyRuleInput) (*ModifyRuleOutput, error) {
	if err := checkRegexConditions(in.Conditions); err != nil {
		return nil, err
	}
	if err := checkTransforms(in.Transforms); err != nil {
		return nil, err
	}
	if in.ResetTransforms != nil && *in.ResetTransforms {
		return nil, notEmulated("ResetTransforms", "rules have no transforms in vpcsim")
	}
	r, err := h.ctl.ModifyRule(ctx, api.Scope(c), api.Str(in.RuleArn), fromConditions(in.Conditions), fromActions(in.Actions))
	if err != nil {
		return nil, err
	}
	return &ModifyRuleOutput{Rules: []Rule{toRule(*r)}}, nil
}

func (h handlers) deleteRule(ctx context.Context, c *protocol.Call, in *DeleteRuleInput) (*DeleteRuleOutput, error) {
	return &DeleteRuleOutput{}, h.ctl.DeleteRule(ctx, api.Scope(c), api.Str(in.RuleArn))
}

func (h handlers) setRulePriorities(ctx context.Context, c *protocol.Call, in *SetRulePrioritiesInput) (*SetRulePrioritiesOutput, error) {
	pairs := make([]ctl.RulePriority, 0, len(in.RulePriorities))
	for _, p := range in.RulePriorities {
		pairs = append(pairs, ctl.RulePriority{ARN: api.Str(p.RuleArn), Priority: i32(p.Priority)})
	}
	rs, err := h.ctl.SetRulePriorities(ctx, api.Scope(c), pairs)
	if err != nil {
		return nil, err
	}
	out := &SetRulePrioritiesOutput{Rules: make([]Rule, 0, len(rs))}
	for _, r := range rs {
		out.Rules = append(out.Rules, toRule(r))
	}
	return out, nil
}

func (h handlers) addTags(ctx context.Context, c *protocol.Call, in *AddTagsInput) (*AddTagsOutput, error) {
	return &AddTagsOutput{}, h.ctl.AddTags(ctx, api.Scope(c), in.ResourceArns, fromTags(in.Tags))
}

func (h handlers) removeTags(ctx context.Context, c *protocol.Call, in *RemoveTagsInput) (*RemoveTagsOutput, error) {
	return &RemoveTagsOutput{}, h.ctl.RemoveTags(ctx, api.Scope(c), in.ResourceArns, in.TagKeys)
}

func (h handlers) describeTags(_ context.Context, c *protocol.Call, in *DescribeTagsInput) (*DescribeTagsOutput, error) {
	rts, err := h.ctl.DescribeTags(api.Scope(c), in.ResourceArns)
	if err != nil {
		return nil, err
	}
	out := &DescribeTagsOutput{TagDescriptions: make([]TagDescription, 0, len(rts))}
	for _, rt := range rts {
		out.TagDescriptions = append(out.TagDescriptions, TagDescription{ResourceArn: ptr(rt.ARN), Tags: toTags(rt.Tags)})
	}
	return out, nil
}

func (h handlers) describeAccountLimits(_ context.Context, _ *protocol.Call, in *DescribeAccountLimitsInput) (*DescribeAccountLimitsOutput, error) {
	ls, marker, err := h.ctl.DescribeAccountLimits(api.Str(in.Marker), i32(in.PageSize))
	if err != nil {
		return nil, err
	}
	out := &DescribeAccountLimitsOutput{Limits: make([]Limit, 0, len(ls)), NextMarker: next(marker)}
	for _, l := range ls {
		out.Limits = append(out.Limits, Limit{Name: ptr(l.Name), Max: ptr(l.Max)})
	}
	return out, nil
}

func (h handlers) describeSSLPolicies(_ context.Context, _ *protocol.Call, in *DescribeSSLPoliciesInput) (*DescribeSSLPoliciesOutput, error) {
	ps, marker, err := h.ctl.DescribeSSLPolicies(in.Names, api.Str(in.LoadBalancerType), api.Str(in.Marker), i32(in.PageSize))
	if err != nil {
		return nil, err
	}
	out := &DescribeSSLPoliciesOutput{SslPolicies: make([]SslPolicy, 0, len(ps)), NextMarker: next(marker)}
	for _, p := range ps {
		sp := SslPolicy{Name: ptr(p.Name), SslProtocols: p.Protocols, SupportedLoadBalancerTypes: p.LBTypes}
		for i, c := range p.Ciphers {
			sp.Ciphers = append(sp.Ciphers, Cipher{Name: ptr(c), Priority: ptr(int32(i + 1))})
		}
		out.SslPolicies = append(out.SslPolicies, sp)
	}
	return out, nil
}
