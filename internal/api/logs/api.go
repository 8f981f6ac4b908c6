// Package logs serves Amazon CloudWatch Logs on the json protocol (1.1,
// X-Amz-Target Logs_20140328.*): generated shapes (shapes_gen.go) and thin
// handlers over internal/control/logs.
package logs

import (
	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	ctl "github.com/vpcsim/vpcsim/internal/control/logs"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// handlers holds the control plane the handlers call.
type handlers struct {
	svc *ctl.Service
}

// New returns the CloudWatch Logs binding over the world of the EC2
// control plane (one store for every service).
func New(c *control.Service) *api.Binding {
	return NewWith(ctl.New(c.Store(), ctl.Options{}))
}

// NewWith returns the CloudWatch Logs binding over the control plane svc.
func NewWith(svc *ctl.Service) *api.Binding {
	h := &handlers{svc: svc}
	r := api.NewRouter()
	// Log groups.
	api.HandleNoOutput(r, "CreateLogGroup", h.createLogGroup)
	api.HandleNoOutput(r, "DeleteLogGroup", h.deleteLogGroup)
	api.Handle(r, "DescribeLogGroups", h.describeLogGroups)
	api.HandleNoOutput(r, "PutRetentionPolicy", h.putRetentionPolicy)
	api.HandleNoOutput(r, "DeleteRetentionPolicy", h.deleteRetentionPolicy)
	api.HandleNoOutput(r, "PutLogGroupDeletionProtection", h.putDeletionProtection)
	api.HandleNoOutput(r, "AssociateKmsKey", h.associateKmsKey)
	api.HandleNoOutput(r, "DisassociateKmsKey", h.disassociateKmsKey)
	// Tags.
	api.HandleNoOutput(r, "TagResource", h.tagResource)
	api.HandleNoOutput(r, "UntagResource", h.untagResource)
	api.Handle(r, "ListTagsForResource", h.listTagsForResource)
	api.HandleNoOutput(r, "TagLogGroup", h.tagLogGroup)
	api.HandleNoOutput(r, "UntagLogGroup", h.untagLogGroup)
	api.Handle(r, "ListTagsLogGroup", h.listTagsLogGroup)
	// Log streams and events.
	api.HandleNoOutput(r, "CreateLogStream", h.createLogStream)
	api.HandleNoOutput(r, "DeleteLogStream", h.deleteLogStream)
	api.Handle(r, "DescribeLogStreams", h.describeLogStreams)
	api.Handle(r, "PutLogEvents", h.putLogEvents)
	api.Handle(r, "GetLogEvents", h.getLogEvents)
	api.Handle(r, "FilterLogEvents", h.filterLogEvents)
	// Resource policies.
	api.Handle(r, "PutResourcePolicy", h.putResourcePolicy)
	api.Handle(r, "DescribeResourcePolicies", h.describeResourcePolicies)
	api.HandleNoOutput(r, "DeleteResourcePolicy", h.deleteResourcePolicy)
	// Subscription and metric filters.
	api.HandleNoOutput(r, "PutSubscriptionFilter", h.putSubscriptionFilter)
	api.Handle(r, "DescribeSubscriptionFilters", h.describeSubscriptionFilters)
	api.HandleNoOutput(r, "DeleteSubscriptionFilter", h.deleteSubscriptionFilter)
	api.HandleNoOutput(r, "PutMetricFilter", h.putMetricFilter)
	api.Handle(r, "DescribeMetricFilters", h.describeMetricFilters)
	api.HandleNoOutput(r, "DeleteMetricFilter", h.deleteMetricFilter)
	api.Handle(r, "TestMetricFilter", h.testMetricFilter)
	return &api.Binding{Service: Service, Handler: r, ValidationError: validationError}
}

// validationError: CloudWatch Logs reports model constraint violations
// (a missing required member, a value out of range) as
// InvalidParameterException with the usual "1 validation error detected:
// ..." message, not ValidationException.
func validationError(vs []protocol.Violation) *awserr.Error {
	return awserr.New("InvalidParameterException", "%s", protocol.ValidationMessage(vs))
}

func scope(c *protocol.Call) ctl.Scope { return ctl.Scope{Account: c.Account, Region: c.Region} }

func ptr[T any](v T) *T { return &v }

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
