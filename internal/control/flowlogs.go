package control

import (
	"context"
	"sort"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/flowlog"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// VPC Flow Logs [VPC-UG flow-logs.md, flow-logs-cwl.md, flow-logs-s3.md,
// flow-logs-troubleshooting.md; botocore CreateFlowLogs/DescribeFlowLogs/
// DeleteFlowLogs]: a flow log is created for a VPC, subnet or network
// interface and cannot be changed afterwards (only its tags). Errors that
// concern one resource (unknown id, duplicate flow log, a destination that
// does not exist or refuses delivery) are reported in the Unsuccessful list
// while the other resources get their flow logs; errors in the request
// itself fail the call.

// FlowLogKind holds flow logs by id (fl-...), indexed by the logged
// resource.
var FlowLogKind = store.Define[model.FlowLog](model.KindSpec{Name: "vpc-flow-log", Service: "ec2", IDPrefix: "fl", ResourceType: "vpc-flow-log",
	NotFound: "InvalidFlowLogId.NotFound", Malformed: "InvalidFlowLogId.Malformed", Noun: "flow log ID"},
	func(v *model.FlowLog) string { return v.ResourceID })

// Destination types (botocore LogDestinationType).
const (
	DestinationCloudWatchLogs = "cloud-watch-logs"
	DestinationS3             = "s3"
	DestinationFirehose       = "kinesis-data-firehose"
)

// S3 file formats (botocore LogDestinationFileFormat).
const (
	FileFormatPlainText = "plain-text"
	FileFormatParquet   = "parquet"
)

// Delivery status values (FlowLog.DeliverLogsStatus) and the
// DeliverLogsErrorMessage texts botocore documents.
const (
	DeliverySuccess    = "SUCCESS"
	DeliveryFailed     = "FAILED"
	DeliveryAccessErr  = "Access error"
	DeliveryRateLimit  = "Rate limited"
	DeliveryUnknownErr = "Unknown error"
)

// Limits of CreateFlowLogs [botocore ResourceIds: "Maximum of 25 for
// transit gateway resource types. Maximum of 1000 for the other resource
// types."; DescribeFlowLogs/DeleteFlowLogs FlowLogIds: "Maximum of 1000"].
const (
	maxFlowLogResources    = 1000
	maxFlowLogTGWResources = 25
	// MaxFlowLogIDs bounds the ids of one Describe or Delete call.
	MaxFlowLogIDs = 1000
	// flowLogsPerResource is the historical "Flow logs per single network
	// interface, single subnet, or single VPC in a region: 2" quota of the
	// VPC quotas page (no longer listed there; enforced with AWSQuotas).
	flowLogsPerResource = 2
)

// CreateFlowLogsInput is CreateFlowLogs' request.
type CreateFlowLogsInput struct {
	ResourceIDs              []string
	ResourceType             string
	TrafficType              string
	LogDestinationType       string
	LogDestination           string
	LogGroupName             string
	DeliverLogsPermissionArn string
	DeliverCrossAccountRole  string
	LogFormat                string
	MaxAggregationInterval   int32 // 0: default 600
	FileFormat               string
	HiveCompatiblePartitions *bool
	PerHourPartition         *bool
	HasDestinationOptions    bool
	Tags                     map[string]string
}

// FlowLogFailure is one resource CreateFlowLogs could not log, or one id
// DeleteFlowLogs could not delete (an UnsuccessfulItem).
type FlowLogFailure struct {
	ResourceID string
	Err        *awserr.Error
}

// CreateFlowLogsResult is CreateFlowLogs' answer.
type CreateFlowLogsResult struct {
	FlowLogIDs   []string
	Unsuccessful []FlowLogFailure
}

// parseFlowLogFormat parses a LogFormat: transit gateway flow logs have
// their own fields and a version 6 default format (TGW guide
// tgw-flow-logs.md), the others the VPC fields.
func parseFlowLogFormat(resourceType, format string) (flowlog.Format, error) {
	if isTGWType(resourceType) {
		return flowlog.ParseTGWFormat(format)
	}
	return flowlog.ParseFormat(format)
}

// FlowLogFormat is the record format of a stored flow log: a transit
// gateway format for transit gateway resource types, a VPC format for the
// others.
func FlowLogFormat(fl *model.FlowLog) (flowlog.Format, error) {
	return parseFlowLogFormat(fl.ResourceType, fl.LogFormat)
}

func isTGWType(rt string) bool {
	return rt == string(flowlog.ResourceTransitGateway) || rt == string(flowlog.ResourceTransitGatewayAttachment)
}

// destination is a validated log destination.
type destination struct {
	typ string
	arn string // LogDestination as DescribeFlowLogs reports it
	// cloud-watch-logs
	group, groupAccount, groupRegion string
	// s3
	bucket, prefix string
}

// CreateFlowLogs creates one flow log per resource.
func (s *Service) CreateFlowLogs(ctx context.Context, scope model.Scope, in CreateFlowLogsInput) (*CreateFlowLogsResult, error) {
	fl, dst, err := s.validateFlowLogRequest(scope, &in)
	if err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *CreateFlowLogsResult
	err = s.update(ctx, func(tx *store.Tx) error {
		out = &CreateFlowLogsResult{}
		sweepOrphanFlowLogs(tx, scope)
		destErr := destinationError(tx.World, scope, dst)
		if destErr == nil && dst.typ == DestinationS3 {
			// A bucket the caller owns gets the delivery policy with the
			// flow log (flow-logs-s3.md).
			ensureDeliveryBucketPolicy(tx, scope, fl, dst)
		}
		seen := map[string]bool{}
		table := FlowLogKind.In(tx.World)
		for _, id := range in.ResourceIDs {
			if seen[id] {
				continue
			}
			seen[id] = true
			if aerr := flowLogResource(tx.World, scope, in.ResourceType, id); aerr != nil {
				out.Unsuccessful = append(out.Unsuccessful, FlowLogFailure{id, aerr})
				continue
			}
			if aerr := crossAccountError(tx.World, scope, &in, id); aerr != nil {
				out.Unsuccessful = append(out.Unsuccessful, FlowLogFailure{id, aerr})
				continue
			}
			if destErr != nil {
				out.Unsuccessful = append(out.Unsuccessful, FlowLogFailure{id, destErr})
				continue
			}
			dup, n := false, 0
			table.ByParent(id, func(other *model.FlowLog) bool {
				if other.InScope(scope) {
					n++
					if other.TrafficType == fl.TrafficType && sameDestination(other, fl) {
						dup = true
					}
				}
				return true
			})
			if dup {
				out.Unsuccessful = append(out.Unsuccessful, FlowLogFailure{id, awserr.New("FlowLogAlreadyExists",
					"Error. There is an existing Flow Log with the same configuration and log destination.")})
				continue
			}
			if s.opts.AWSQuotas && n >= flowLogsPerResource {
				out.Unsuccessful = append(out.Unsuccessful, FlowLogFailure{id, awserr.New("FlowLogsLimitExceeded",
					"You have reached the limit of %d flow logs for resource %s.", flowLogsPerResource, id)})
				continue
			}
			c := *fl
			c.Meta = newMeta(tx, scope, tx.NewID("fl"), cloneTags(in.Tags))
			c.ResourceID = id
			c.DeliverLogsStatus, c.DeliverLogsErrorMessage = DeliverySuccess, ""
			if msg := DeliveryError(tx.World, &c); msg != "" {
				c.DeliverLogsStatus, c.DeliverLogsErrorMessage = DeliveryFailed, msg
			}
			table.Put(&c)
			out.FlowLogIDs = append(out.FlowLogIDs, c.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func cloneTags(t map[string]string) map[string]string {
	if len(t) == 0 {
		return nil
	}
	out := make(map[string]string, len(t))
	for k, v := range t {
		out[k] = v
	}
	return out
}

// validateFlowLogRequest checks the request itself (errors that fail the
// whole call) and returns the flow log template every resource gets.
func (s *Service) validateFlowLogRequest(scope model.Scope, in *CreateFlowLogsInput) (*model.FlowLog, *destination, error) {
	switch flowlog.ResourceType(in.ResourceType) {
	case flowlog.ResourceVPC, flowlog.ResourceSubnet, flowlog.ResourceNetworkInterface,
		flowlog.ResourceTransitGateway, flowlog.ResourceTransitGatewayAttachment, flowlog.ResourceRegionalNatGateway:
	case "":
		return nil, nil, awserr.MissingParameter("ResourceType")
	default:
		return nil, nil, awserr.InvalidParameterValue("Value (%s) for parameter resourceType is invalid. Valid values: VPC, Subnet, NetworkInterface, TransitGateway, TransitGatewayAttachment, RegionalNatGateway.", in.ResourceType)
	}
	if len(in.ResourceIDs) == 0 {
		return nil, nil, awserr.MissingParameter("ResourceId")
	}
	limit := maxFlowLogResources
	if isTGWType(in.ResourceType) {
		limit = maxFlowLogTGWResources
	}
	if len(in.ResourceIDs) > limit {
		return nil, nil, awserr.InvalidParameterValue("You can specify at most %d resource IDs for resource type %s.", limit, in.ResourceType)
	}
	fl := &model.FlowLog{ResourceType: in.ResourceType, TrafficType: in.TrafficType, MaxAggregationInterval: in.MaxAggregationInterval}
	if isTGWType(in.ResourceType) {
		// botocore: TrafficType "is not supported for transit gateway
		// resource types"; MaxAggregationInterval "must be 60 seconds".
		if in.TrafficType != "" {
			return nil, nil, awserr.InvalidParameter("TrafficType is not supported for transit gateway resource types.")
		}
		if in.MaxAggregationInterval != 0 && in.MaxAggregationInterval != flowlog.Aggregation60 {
			return nil, nil, awserr.InvalidParameterValue("MaxAggregationInterval must be 60 for transit gateway resource types.")
		}
		fl.MaxAggregationInterval = flowlog.Aggregation60
		fl.TrafficType = string(flowlog.TrafficAll)
	} else {
		switch flowlog.TrafficFilter(in.TrafficType) {
		case flowlog.TrafficAll, flowlog.TrafficAccept, flowlog.TrafficReject:
		case "":
			return nil, nil, awserr.MissingParameter("TrafficType")
		default:
			return nil, nil, awserr.InvalidParameterValue("Value (%s) for parameter trafficType is invalid. Valid values: ACCEPT, REJECT, ALL.", in.TrafficType)
		}
		switch in.MaxAggregationInterval {
		case 0:
			fl.MaxAggregationInterval = flowlog.Aggregation600
		case flowlog.Aggregation60, flowlog.Aggregation600:
		default:
			return nil, nil, awserr.InvalidParameterValue("Invalid value for MaxAggregationInterval: %d. Valid values are 60 and 600.", in.MaxAggregationInterval)
		}
	}
	f, err := parseFlowLogFormat(in.ResourceType, in.LogFormat)
	if err != nil {
		return nil, nil, err
	}
	fl.LogFormat = f.String()
	dst, err := validateDestination(scope, in)
	if err != nil {
		return nil, nil, err
	}
	if err := validateCrossAccountRole(scope, in, dst); err != nil {
		return nil, nil, err
	}
	fl.LogDestinationType, fl.LogDestination, fl.LogGroupName = dst.typ, dst.arn, dst.group
	fl.DeliverLogsPermissionArn, fl.DeliverCrossAccountRole = in.DeliverLogsPermissionArn, in.DeliverCrossAccountRole
	if dst.typ == DestinationS3 {
		fl.FileFormat = FileFormatPlainText
		if in.FileFormat != "" {
			fl.FileFormat = in.FileFormat
		}
		fl.HiveCompatiblePartitions = in.HiveCompatiblePartitions != nil && *in.HiveCompatiblePartitions
		fl.PerHourPartition = in.PerHourPartition != nil && *in.PerHourPartition
	}
	return fl, dst, nil
}

// validateDestination checks LogDestinationType and the parameters that go
// with it.
func validateDestination(scope model.Scope, in *CreateFlowLogsInput) (*destination, error) {
	d := &destination{typ: in.LogDestinationType}
	if d.typ == "" {
		d.typ = DestinationCloudWatchLogs // botocore: "Default: cloud-watch-logs"
	}
	if in.HasDestinationOptions && d.typ != DestinationS3 {
		return nil, awserr.InvalidParameterCombination("DestinationOptions can only be specified when LogDestinationType is s3.")
	}
	if in.DeliverLogsPermissionArn != "" && !validRoleARN(in.DeliverLogsPermissionArn) {
		return nil, awserr.InvalidParameter("Invalid DeliverLogsPermissionArn: %s", in.DeliverLogsPermissionArn)
	}
	switch d.typ {
	case DestinationCloudWatchLogs:
		switch {
		case in.LogGroupName != "" && in.LogDestination != "":
			return nil, awserr.InvalidParameterCombination("Please only provide LogGroupName or only provide LogDestination.")
		case in.LogGroupName == "" && in.LogDestination == "":
			return nil, awserr.InvalidParameter("Please provide either LogGroupName or LogDestination.")
		case in.DeliverLogsPermissionArn == "":
			return nil, awserr.InvalidParameter("DeliverLogsPermissionArn is required when the log destination type is cloud-watch-logs.")
		}
		d.groupAccount, d.groupRegion = scope.Account, scope.Region
		if in.LogGroupName != "" {
			d.group = in.LogGroupName
			d.arn = "arn:aws:logs:" + scope.Region + ":" + scope.Account + ":log-group:" + in.LogGroupName
		} else {
			region, account, group, ok := parseLogGroupARN(in.LogDestination)
			if !ok {
				return nil, awserr.InvalidParameter("LogDestination %s is not a valid CloudWatch Logs log group ARN.", in.LogDestination)
			}
			d.group, d.groupAccount, d.groupRegion, d.arn = group, account, region, in.LogDestination
		}
		if !validLogGroupName(d.group) {
			return nil, awserr.InvalidParameter("Invalid log group name: %s", d.group)
		}
	case DestinationS3:
		if in.LogGroupName != "" {
			return nil, awserr.InvalidParameterCombination("LogGroupName can only be specified when LogDestinationType is cloud-watch-logs.")
		}
		if in.DeliverLogsPermissionArn != "" {
			return nil, awserr.InvalidParameterCombination("DeliverLogsPermissionArn is not applicable when LogDestinationType is s3.")
		}
		if in.LogDestination == "" {
			return nil, awserr.InvalidParameter("LogDestination is required when the log destination type is s3.")
		}
		bucket, prefix, ok := parseBucketARN(in.LogDestination)
		if !ok {
			return nil, awserr.InvalidParameter("LogDestination %s is not a valid S3 bucket ARN.", in.LogDestination)
		}
		for _, seg := range strings.Split(prefix, "/") {
			if seg == "AWSLogs" {
				return nil, awserr.InvalidParameter("LogDestination: AWSLogs is a reserved term and cannot be used as a subfolder name.")
			}
		}
		switch in.FileFormat {
		case "", FileFormatPlainText, FileFormatParquet:
		default:
			return nil, awserr.InvalidParameterValue("Value (%s) for parameter fileFormat is invalid. Valid values: plain-text, parquet.", in.FileFormat)
		}
		d.arn, d.bucket, d.prefix = in.LogDestination, bucket, prefix
	case DestinationFirehose:
		if in.LogGroupName != "" {
			return nil, awserr.InvalidParameterCombination("LogGroupName can only be specified when LogDestinationType is cloud-watch-logs.")
		}
		if !strings.HasPrefix(in.LogDestination, "arn:aws:firehose:") || !strings.Contains(in.LogDestination, ":deliverystream/") {
			return nil, awserr.InvalidParameter("LogDestination %s is not a valid Kinesis Data Firehose delivery stream ARN.", in.LogDestination)
		}
		d.arn = in.LogDestination
	default:
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter logDestinationType is invalid. Valid values: cloud-watch-logs, s3, kinesis-data-firehose.", in.LogDestinationType)
	}
	return d, nil
}

func validRoleARN(arn string) bool {
	rest, ok := strings.CutPrefix(arn, "arn:aws:iam::")
	if !ok {
		return false
	}
	account, res, ok := strings.Cut(rest, ":")
	return ok && twelveDigits(account) && strings.HasPrefix(res, "role/") && len(res) > len("role/")
}

func twelveDigits(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseLogGroupARN splits arn:aws:logs:<region>:<account>:log-group:<name>[:*].
func parseLogGroupARN(arn string) (region, account, group string, ok bool) {
	rest, ok := strings.CutPrefix(arn, "arn:aws:logs:")
	if !ok {
		return "", "", "", false
	}
	parts := strings.SplitN(rest, ":", 4)
	if len(parts) != 4 || parts[2] != "log-group" || parts[0] == "" || !twelveDigits(parts[1]) {
		return "", "", "", false
	}
	group = strings.TrimSuffix(parts[3], ":*")
	return parts[0], parts[1], group, group != ""
}

// validLogGroupName follows CloudWatch Logs' naming rule: 1 to 512
// characters of [.-_/#A-Za-z0-9].
func validLogGroupName(n string) bool {
	if n == "" || len(n) > 512 {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._-/#", c) >= 0) {
			return false
		}
	}
	return true
}

// parseBucketARN splits arn:aws:s3:::<bucket>[/<subfolder>/] into the
// bucket and the key prefix without surrounding slashes.
func parseBucketARN(arn string) (bucket, prefix string, ok bool) {
	rest, ok := strings.CutPrefix(arn, "arn:aws:s3:::")
	if !ok || rest == "" {
		return "", "", false
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	if bucket == "" || strings.ContainsAny(bucket, ": ") {
		return "", "", false
	}
	return bucket, strings.Trim(prefix, "/"), true
}

// flowLogResource checks that the resource to log exists in scope.
func flowLogResource(w *store.World, scope model.Scope, rt, id string) *awserr.Error {
	var err error
	switch flowlog.ResourceType(rt) {
	case flowlog.ResourceVPC:
		_, err = find(kindVPC, w.VPCs, scope, id)
	case flowlog.ResourceSubnet:
		_, err = find(kindSubnet, w.Subnets, scope, id)
	case flowlog.ResourceNetworkInterface:
		_, err = find(kindENI, w.NetworkInterfaces, scope, id)
	case flowlog.ResourceTransitGateway:
		_, err = getTGW(w, scope, id)
	case flowlog.ResourceTransitGatewayAttachment:
		_, err = getTGWAttachment(w, scope, id)
	case flowlog.ResourceRegionalNatGateway:
		// Only zonal NAT gateways exist in vpcsim.
		return awserr.New("NatGatewayNotFound", "The Regional NAT gateway %s was not found", id)
	}
	if err != nil {
		if aerr, ok := err.(*awserr.Error); ok {
			return aerr
		}
		return awserr.Internal(err)
	}
	return nil
}

// sameDestination reports whether two flow logs deliver to the same place
// (FlowLogAlreadyExists: "the same configuration and log destination").
func sameDestination(a, b *model.FlowLog) bool {
	if a.LogDestinationType != b.LogDestinationType {
		return false
	}
	switch a.LogDestinationType {
	case DestinationCloudWatchLogs:
		ra, aa, _, _ := cwlTarget(a)
		rb, ab, _, _ := cwlTarget(b)
		return a.LogGroupName == b.LogGroupName && ra == rb && aa == ab
	case DestinationS3:
		ba, pa, _ := parseBucketARN(a.LogDestination)
		bb, pb, _ := parseBucketARN(b.LogDestination)
		return ba == bb && pa == pb
	}
	return a.LogDestination == b.LogDestination
}

// cwlTarget returns the region, account and name of a flow log's log
// group.
func cwlTarget(fl *model.FlowLog) (region, account, group string, ok bool) {
	if r, a, g, ok := parseLogGroupARN(fl.LogDestination); ok {
		return r, a, g, true
	}
	return fl.Region, fl.Account, fl.LogGroupName, fl.LogGroupName != ""
}

// CloudWatchTarget returns the region, account and name of the log group
// a cloud-watch-logs flow log publishes to.
func CloudWatchTarget(fl *model.FlowLog) (region, account, group string) {
	r, a, g, _ := cwlTarget(fl)
	return r, a, g
}

// S3Target returns the bucket and key prefix (no surrounding slashes) an
// s3 flow log publishes to.
func S3Target(fl *model.FlowLog) (bucket, prefix string) {
	b, p, _ := parseBucketARN(fl.LogDestination)
	return b, p
}

// DescribeFlowLogs visits the flow logs of scope in id order, starting
// after the cursor, until visit returns false. With ids, only those are
// visited; unknown ids are skipped, as DescribeFlowLogs answers an
// unknown id with an empty set rather than an error. Flow logs of deleted
// resources are not visited (flowlogs_cascade.go).
func DescribeFlowLogs(w *store.World, scope model.Scope, ids []string, after string, visit func(*model.FlowLog) bool) error {
	if len(ids) > MaxFlowLogIDs {
		return awserr.InvalidParameterValue("You can specify at most %d flow log IDs.", MaxFlowLogIDs)
	}
	var want map[string]bool
	if len(ids) > 0 {
		want = make(map[string]bool, len(ids))
		for _, id := range ids {
			want[id] = true
		}
	}
	FlowLogKind.In(w).From(after, func(fl *model.FlowLog) bool {
		if !fl.InScope(scope) || (want != nil && !want[fl.ID]) || flowLogOrphaned(w, fl) {
			return true
		}
		return visit(fl)
	})
	return nil
}

// DeleteFlowLogs deletes flow logs; an id that is not a flow log of scope
// is reported in the Unsuccessful list and the others are deleted.
func (s *Service) DeleteFlowLogs(ctx context.Context, scope model.Scope, ids []string) ([]FlowLogFailure, error) {
	if len(ids) == 0 {
		return nil, awserr.MissingParameter("FlowLogId")
	}
	if len(ids) > MaxFlowLogIDs {
		return nil, awserr.InvalidParameterValue("You can specify at most %d flow log IDs.", MaxFlowLogIDs)
	}
	kind := idKindOf(FlowLogKind)
	var failed []FlowLogFailure
	err := s.update(ctx, func(tx *store.Tx) error {
		failed = nil
		sweepOrphanFlowLogs(tx, scope)
		t := FlowLogKind.In(tx.World)
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			if _, err := find(kind, t, scope, id); err != nil {
				aerr, _ := err.(*awserr.Error)
				if aerr == nil {
					aerr = awserr.Internal(err)
				}
				failed = append(failed, FlowLogFailure{id, aerr})
				continue
			}
			t.Delete(id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return failed, nil
}

// FlowLogSubscriptions returns the engine's subscriptions for the active
// flow logs of account (all accounts when empty) whose resource still
// exists, in id order.
func FlowLogSubscriptions(w *store.World, account string) ([]flowlog.Subscription, []*model.FlowLog) {
	var subs []flowlog.Subscription
	var logs []*model.FlowLog
	FlowLogKind.In(w).All(func(fl *model.FlowLog) bool {
		if account != "" && fl.Account != account {
			return true
		}
		if flowLogResource(w, fl.Scope(), fl.ResourceType, fl.ResourceID) != nil {
			return true
		}
		f, err := parseFlowLogFormat(fl.ResourceType, fl.LogFormat)
		if err != nil {
			return true
		}
		subs = append(subs, flowlog.Subscription{FlowLogID: fl.ID, Account: fl.Account, Region: fl.Region,
			ResourceID: fl.ResourceID, ResourceType: flowlog.ResourceType(fl.ResourceType),
			TrafficType: flowlog.TrafficFilter(fl.TrafficType), Format: f,
			MaxAggregationInterval: int(fl.MaxAggregationInterval), Created: fl.Created})
		logs = append(logs, fl)
		return true
	})
	sort.SliceStable(subs, func(i, j int) bool { return subs[i].FlowLogID < subs[j].FlowLogID })
	sort.SliceStable(logs, func(i, j int) bool { return logs[i].ID < logs[j].ID })
	return subs, logs
}

// SetFlowLogDelivery records the outcome of a delivery attempt
// (DeliverLogsStatus and DeliverLogsErrorMessage) inside tx.
func SetFlowLogDelivery(tx *store.Tx, id, errMsg string) {
	t := FlowLogKind.In(tx.World)
	fl, ok := t.Get(id)
	if !ok {
		return
	}
	status := DeliverySuccess
	if errMsg != "" {
		status = DeliveryFailed
	}
	if fl.DeliverLogsStatus == status && fl.DeliverLogsErrorMessage == errMsg {
		return
	}
	c := *fl
	c.DeliverLogsStatus, c.DeliverLogsErrorMessage = status, errMsg
	t.Put(&c)
}
