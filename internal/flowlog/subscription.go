package flowlog

import (
	"context"
	"time"
)

// ResourceType is the kind of resource a flow log is attached to
// (CreateFlowLogs ResourceType).
type ResourceType string

// Resource types (botocore FlowLogsResourceType).
const (
	ResourceVPC                      ResourceType = "VPC"
	ResourceSubnet                   ResourceType = "Subnet"
	ResourceNetworkInterface         ResourceType = "NetworkInterface"
	ResourceTransitGateway           ResourceType = "TransitGateway"
	ResourceTransitGatewayAttachment ResourceType = "TransitGatewayAttachment"
	ResourceRegionalNatGateway       ResourceType = "RegionalNatGateway"
)

// TrafficFilter is the flow log's TrafficType: which records it keeps.
type TrafficFilter string

// Traffic types (botocore TrafficType).
const (
	TrafficAll    TrafficFilter = "ALL"
	TrafficAccept TrafficFilter = "ACCEPT"
	TrafficReject TrafficFilter = "REJECT"
)

// Aggregation intervals in seconds (MaxAggregationInterval); 600 is the
// default (VPC-UG flow-logs.md "Aggregation interval").
const (
	Aggregation60  = 60
	Aggregation600 = 600
)

// Subscription is what the engine needs to know of one flow log: which
// interfaces it covers, which records it keeps and how they are rendered.
// The API layer builds one per stored flow log.
type Subscription struct {
	FlowLogID string
	// Account and Region own the flow log (and its delivery).
	Account string
	Region  string
	// ResourceID and ResourceType name what is logged: a VPC or subnet
	// covers every interface in it; a NetworkInterface only that one.
	ResourceID   string
	ResourceType ResourceType
	// TrafficType filters records by action; "" is ALL.
	TrafficType TrafficFilter
	// Format renders the records; the zero Format is the default.
	Format Format
	// MaxAggregationInterval is 60 or 600 seconds; 0 means 600.
	MaxAggregationInterval int
	// Created is when the flow log was created: capture windows are
	// aligned on it (the zero time aligns them on the Unix epoch).
	Created time.Time
}

// Interval returns the aggregation interval in seconds (600 when unset).
func (s *Subscription) Interval() int64 {
	if s.MaxAggregationInterval == Aggregation60 {
		return Aggregation60
	}
	return Aggregation600
}

// Keeps reports whether the subscription's traffic type keeps a record
// with action a. NODATA and SKIPDATA records (no action) are kept by
// every traffic type.
func (s *Subscription) Keeps(a Action) bool {
	switch s.TrafficType {
	case TrafficAccept:
		return a != ActionReject
	case TrafficReject:
		return a != ActionAccept
	}
	return true
}

// Batch is the unit the engine delivers: the records of one flow log for
// one network interface, in capture order.
type Batch struct {
	FlowLogID   string
	InterfaceID string
	// Subscription is the flow log the records belong to (its Format
	// renders them; Account and Region place them).
	Subscription *Subscription
	// Records are valid only during the Deliver call: the engine reuses
	// their storage. A sink that keeps them must copy them.
	Records []Record
}

// Sink receives the records the engine produces: a text writer, CloudWatch
// Logs (one stream per interface, one event per record), S3 objects. A
// Sink is called from one goroutine at a time, in simulated time order
// (each call holds the records of one or more closed aggregation
// windows).
type Sink interface {
	Deliver(ctx context.Context, batches []Batch) error
}

// SinkFunc adapts a function to Sink.
type SinkFunc func(ctx context.Context, batches []Batch) error

// Deliver calls fn.
func (fn SinkFunc) Deliver(ctx context.Context, batches []Batch) error { return fn(ctx, batches) }
