package elbv2

import "github.com/vpcsim/vpcsim/internal/model"

// Listener checks for connection requests on a load balancer's port. Its
// Meta.ID is its ARN.
type Listener struct {
	model.Meta
	LoadBalancerARN string   `json:"loadBalancerArn"`
	Port            int32    `json:"port,omitempty"`
	Protocol        string   `json:"protocol,omitempty"`
	SslPolicy       string   `json:"sslPolicy,omitempty"`
	Certificates    []string `json:"certificates,omitempty"`
	AlpnPolicy      []string `json:"alpnPolicy,omitempty"`
	DefaultActions  []Action `json:"defaultActions"`
	// DefaultRuleARN names the listener's default rule (DescribeRules).
	DefaultRuleARN string `json:"defaultRuleArn"`
	// Attributes holds the listener attributes by key.
	Attributes map[string]string `json:"attributes,omitempty"`
}

// Rule is a non-default listener rule. Its Meta.ID is its ARN.
type Rule struct {
	model.Meta
	ListenerARN string      `json:"listenerArn"`
	Priority    int32       `json:"priority"`
	Conditions  []Condition `json:"conditions"`
	Actions     []Action    `json:"actions"`
}

// Action is a listener or rule action.
type Action struct {
	Type  string `json:"type"` // forward | redirect | fixed-response | authenticate-oidc | authenticate-cognito
	Order int32  `json:"order,omitempty"`
	// Forward lists the target groups of a forward action with weights.
	Forward            []WeightedTargetGroup `json:"forward,omitempty"`
	StickinessEnabled  bool                  `json:"stickinessEnabled,omitempty"`
	StickinessDuration int32                 `json:"stickinessDuration,omitempty"`
	// SingleTarget records that the action named TargetGroupArn directly.
	SingleTarget  bool           `json:"singleTarget,omitempty"`
	Redirect      *Redirect      `json:"redirect,omitempty"`
	FixedResponse *FixedResponse `json:"fixedResponse,omitempty"`
	// Auth holds an authenticate-oidc or authenticate-cognito action's
	// settings by their API member names.
	Auth       map[string]string `json:"auth,omitempty"`
	AuthParams map[string]string `json:"authParams,omitempty"`
}

// WeightedTargetGroup is one target group of a forward action.
type WeightedTargetGroup struct {
	ARN    string `json:"arn"`
	Weight int32  `json:"weight"`
}

// Redirect is a redirect action's configuration.
type Redirect struct {
	Protocol   string `json:"protocol"`
	Port       string `json:"port"`
	Host       string `json:"host"`
	Path       string `json:"path"`
	Query      string `json:"query"`
	StatusCode string `json:"statusCode"`
}

// FixedResponse is a fixed-response action's configuration.
type FixedResponse struct {
	StatusCode  string `json:"statusCode"`
	ContentType string `json:"contentType,omitempty"`
	MessageBody string `json:"messageBody,omitempty"`
}

// Condition is one rule condition.
type Condition struct {
	Field string `json:"field"`
	// Values are the condition's values (host names, path patterns,
	// header values, methods, source CIDRs).
	Values []string `json:"values,omitempty"`
	// HeaderName is the http-header condition's header.
	HeaderName string `json:"headerName,omitempty"`
	// Query holds a query-string condition's key/value pairs.
	Query []KeyValue `json:"query,omitempty"`
	// Legacy records that the values came in the top-level Values member.
	Legacy bool `json:"legacy,omitempty"`
}

// KeyValue is a query-string condition pair (Key may be empty).
type KeyValue struct {
	Key   string `json:"key,omitempty"`
	Value string `json:"value"`
}
