package model

// FlowLog is a VPC flow log (CreateFlowLogs): what it logs, which records
// it keeps, how they are written and where they are delivered. A flow log
// cannot be changed after it is created (VPC-UG flow-logs.md "Flow log
// limitations"); only its tags and its delivery status change.
type FlowLog struct {
	Meta
	// ResourceID and ResourceType name the logged VPC, subnet or network
	// interface (ResourceType VPC | Subnet | NetworkInterface).
	ResourceID   string `json:"resourceId"`
	ResourceType string `json:"resourceType"`
	// TrafficType is ACCEPT | REJECT | ALL.
	TrafficType string `json:"trafficType"`
	// LogFormat is the record format as DescribeFlowLogs reports it.
	LogFormat string `json:"logFormat"`
	// MaxAggregationInterval is 60 or 600 seconds.
	MaxAggregationInterval int32 `json:"maxAggregationInterval"`
	// LogDestinationType is cloud-watch-logs | s3 | kinesis-data-firehose;
	// LogDestination the destination ARN as given (or derived from
	// LogGroupName).
	LogDestinationType string `json:"logDestinationType"`
	LogDestination     string `json:"logDestination"`
	// LogGroupName is the CloudWatch Logs group (cloud-watch-logs only).
	LogGroupName string `json:"logGroupName,omitempty"`
	// DeliverLogsPermissionArn is the IAM role the flow logs service
	// assumes to publish to CloudWatch Logs.
	DeliverLogsPermissionArn string `json:"deliverLogsPermissionArn,omitempty"`
	DeliverCrossAccountRole  string `json:"deliverCrossAccountRole,omitempty"`
	// S3 destination options.
	FileFormat               string `json:"fileFormat,omitempty"`
	HiveCompatiblePartitions bool   `json:"hiveCompatiblePartitions,omitempty"`
	PerHourPartition         bool   `json:"perHourPartition,omitempty"`
	// DeliverLogsStatus is SUCCESS or FAILED; DeliverLogsErrorMessage is
	// set when FAILED ("Access error", "Rate limited", "Unknown error").
	DeliverLogsStatus       string `json:"deliverLogsStatus"`
	DeliverLogsErrorMessage string `json:"deliverLogsErrorMessage,omitempty"`
}
