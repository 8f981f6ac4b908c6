package elbv2

import "github.com/vpcsim/vpcsim/internal/model"

// Target types.
const (
	TargetInstance = "instance"
	TargetIP       = "ip"
	TargetLambda   = "lambda"
	TargetALB      = "alb"
)

// TargetGroup routes requests to registered targets. Its Meta.ID is its ARN.
type TargetGroup struct {
	model.Meta
	Name            string `json:"name"`
	TargetType      string `json:"targetType"`
	Protocol        string `json:"protocol,omitempty"`
	ProtocolVersion string `json:"protocolVersion,omitempty"`
	Port            int32  `json:"port,omitempty"`
	VpcID           string `json:"vpcId,omitempty"`
	IPAddressType   string `json:"ipAddressType,omitempty"`
	// HealthCheck holds the group's health check settings.
	HealthCheck HealthCheck `json:"healthCheck"`
	// Attributes holds the target group attributes by key.
	Attributes map[string]string `json:"attributes,omitempty"`
	// Targets lists the registered targets in registration order.
	Targets []Target `json:"targets,omitempty"`
}

// HealthCheck is a target group's health check configuration.
type HealthCheck struct {
	Enabled            bool   `json:"enabled"`
	Protocol           string `json:"protocol,omitempty"`
	Port               string `json:"port,omitempty"` // traffic-port or a number
	Path               string `json:"path,omitempty"`
	IntervalSeconds    int32  `json:"intervalSeconds"`
	TimeoutSeconds     int32  `json:"timeoutSeconds"`
	HealthyThreshold   int32  `json:"healthyThreshold"`
	UnhealthyThreshold int32  `json:"unhealthyThreshold"`
	HTTPCode           string `json:"httpCode,omitempty"`
	GrpcCode           string `json:"grpcCode,omitempty"`
}

// Target is one registered target: an instance id, an IP address, a Lambda
// function ARN or an Application Load Balancer ARN.
type Target struct {
	ID               string `json:"id"`
	Port             int32  `json:"port,omitempty"`
	AvailabilityZone string `json:"availabilityZone,omitempty"`
}
