package flowlog

import (
	"net/netip"
	"strconv"
)

// NoValue marks an integer field that does not apply to a record; it is
// written as '-' (VPC-UG flow-logs.md: "If a field is not applicable or
// could not be computed for a specific record, the record displays a '-'
// symbol"). Strings are '-' when empty and addresses when invalid.
const NoValue = -1

// Action is the action field: ACCEPT, REJECT, or '-' (NODATA, SKIPDATA).
type Action uint8

// Actions.
const (
	ActionNone Action = iota
	ActionAccept
	ActionReject
)

func (a Action) String() string {
	switch a {
	case ActionAccept:
		return "ACCEPT"
	case ActionReject:
		return "REJECT"
	}
	return "-"
}

// LogStatus is the log-status field. The zero value is OK.
type LogStatus uint8

// Log statuses (VPC-UG flow-logs.md "log-status").
const (
	// StatusOK: data is logging normally to the chosen destinations.
	StatusOK LogStatus = iota
	// StatusNoData: there was no network traffic to or from the network
	// interface during the aggregation interval.
	StatusNoData
	// StatusSkipData: some flow log records were skipped during the
	// aggregation interval.
	StatusSkipData
)

func (s LogStatus) String() string {
	switch s {
	case StatusNoData:
		return "NODATA"
	case StatusSkipData:
		return "SKIPDATA"
	}
	return "OK"
}

// Direction is the flow-direction field relative to the interface.
type Direction uint8

// Flow directions; DirNone is '-'.
const (
	DirNone Direction = iota
	Ingress
	Egress
)

func (d Direction) String() string {
	switch d {
	case Ingress:
		return "ingress"
	case Egress:
		return "egress"
	}
	return "-"
}

// TrafficType is the type field: IPv4, IPv6 or EFA; TypeNone is '-'.
type TrafficType uint8

// Traffic types.
const (
	TypeNone TrafficType = iota
	TypeIPv4
	TypeIPv6
	TypeEFA
)

func (t TrafficType) String() string {
	switch t {
	case TypeIPv4:
		return "IPv4"
	case TypeIPv6:
		return "IPv6"
	case TypeEFA:
		return "EFA"
	}
	return "-"
}

// Traffic-path values for egress records (VPC-UG flow-logs.md
// "traffic-path").
const (
	PathSameVPC          = 1 // another resource in the same VPC
	PathIGWOrGatewayVPCE = 2 // internet gateway or gateway VPC endpoint
	PathVGW              = 3 // virtual private gateway
	PathIntraRegionPeer  = 4 // intra-region VPC peering connection
	PathInterRegionPeer  = 5 // inter-region VPC peering connection
	PathLocalGateway     = 6 // local gateway
	PathGatewayVPCENitro = 7 // gateway VPC endpoint (Nitro-based instances only)
	PathInternetGWNitro  = 8 // internet gateway (Nitro-based instances only)
)

// TCP flag bits as flow logs record them (VPC-UG flow-logs.md
// "tcp-flags"): FIN 1, SYN 2, RST 4, SYN-ACK 18. ACK and PSH alone are not
// recorded.
const (
	FlagFIN    = 1
	FlagSYN    = 2
	FlagRST    = 4
	FlagSYNACK = 18
)

// RejectReasonBPA is the reject-reason of traffic VPC Block Public Access
// refused; every other record has '-' (VPC-UG flow-logs.md
// "reject-reason": "Possible values: BPA. Returns a '-' for any other
// reject reason").
const RejectReasonBPA = "BPA"

// ECSMetadata holds the version 7 ECS fields of traffic from a running ECS
// task. Empty strings are '-'.
type ECSMetadata struct {
	ClusterARN, ClusterName                 string
	ContainerInstanceARN, ContainerInstance string
	ContainerID, SecondContainerID          string
	ServiceName, TaskDefinitionARN          string
	TaskARN, TaskID                         string
}

// Record is one flow log record with typed values. Integer fields hold
// NoValue, strings "" and addresses the zero netip.Addr when they do not
// apply ('-'). The version field comes from the Format that renders the
// record.
type Record struct {
	AccountID   string
	InterfaceID string
	SrcAddr     netip.Addr
	DstAddr     netip.Addr
	SrcPort     int32
	DstPort     int32
	Protocol    int32
	Packets     int64
	Bytes       int64
	Start       int64 // Unix seconds
	End         int64 // Unix seconds
	Action      Action
	LogStatus   LogStatus

	VpcID      string
	SubnetID   string
	InstanceID string
	TCPFlags   int32
	Type       TrafficType
	PktSrcAddr netip.Addr
	PktDstAddr netip.Addr

	Region          string
	AzID            string
	SublocationType string
	SublocationID   string

	PktSrcAWSService string
	PktDstAWSService string
	FlowDirection    Direction
	TrafficPath      int32

	ECS *ECSMetadata // nil: every ECS field is '-'
	TGW *TGWMetadata // transit gateway flow log records; nil: every TGW field is '-'

	RejectReason     string
	ResourceID       string
	EncryptionStatus int32
}

// Blank returns a record whose integer fields are all NoValue: the start
// of a NODATA or SKIPDATA record, or of one to fill in.
func Blank() Record {
	return Record{SrcPort: NoValue, DstPort: NoValue, Protocol: NoValue, Packets: NoValue, Bytes: NoValue,
		Start: NoValue, End: NoValue, TCPFlags: NoValue, TrafficPath: NoValue, EncryptionStatus: NoValue}
}

// AppendText appends r rendered in format f as one text line, without a
// trailing newline: the fields separated by single spaces, '-' for values
// that do not apply, exactly as AWS writes the record.
func (f Format) AppendText(dst []byte, r *Record) []byte {
	f = f.norm()
	for i, fd := range f.fields {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = appendField(dst, fd, f.version, r)
	}
	return dst
}

// Text renders r in format f (see AppendText).
func (f Format) Text(r *Record) string { return string(f.AppendText(nil, r)) }

func appendInt(dst []byte, v int64) []byte {
	if v < 0 {
		return append(dst, '-')
	}
	return strconv.AppendInt(dst, v, 10)
}

func appendStr(dst []byte, s string) []byte {
	if s == "" {
		return append(dst, '-')
	}
	return append(dst, s...)
}

func appendAddr(dst []byte, a netip.Addr) []byte {
	if !a.IsValid() {
		return append(dst, '-')
	}
	return a.AppendTo(dst)
}

func appendField(dst []byte, fd Field, version int, r *Record) []byte {
	switch fd {
	case FieldVersion:
		return strconv.AppendInt(dst, int64(version), 10)
	case FieldAccountID:
		return appendStr(dst, r.AccountID)
	case FieldInterfaceID:
		return appendStr(dst, r.InterfaceID)
	case FieldSrcAddr:
		return appendAddr(dst, r.SrcAddr)
	case FieldDstAddr:
		return appendAddr(dst, r.DstAddr)
	case FieldSrcPort:
		return appendInt(dst, int64(r.SrcPort))
	case FieldDstPort:
		return appendInt(dst, int64(r.DstPort))
	case FieldProtocol:
		return appendInt(dst, int64(r.Protocol))
	case FieldPackets:
		return appendInt(dst, r.Packets)
	case FieldBytes:
		return appendInt(dst, r.Bytes)
	case FieldStart:
		return appendInt(dst, r.Start)
	case FieldEnd:
		return appendInt(dst, r.End)
	case FieldAction:
		return append(dst, r.Action.String()...)
	case FieldLogStatus:
		return append(dst, r.LogStatus.String()...)
	case FieldVpcID:
		return appendStr(dst, r.VpcID)
	case FieldSubnetID:
		return appendStr(dst, r.SubnetID)
	case FieldInstanceID:
		return appendStr(dst, r.InstanceID)
	case FieldTCPFlags:
		return appendInt(dst, int64(r.TCPFlags))
	case FieldType:
		return append(dst, r.Type.String()...)
	case FieldPktSrcAddr:
		return appendAddr(dst, r.PktSrcAddr)
	case FieldPktDstAddr:
		return appendAddr(dst, r.PktDstAddr)
	case FieldRegion:
		return appendStr(dst, r.Region)
	case FieldAzID:
		return appendStr(dst, r.AzID)
	case FieldSublocationType:
		return appendStr(dst, r.SublocationType)
	case FieldSublocationID:
		return appendStr(dst, r.SublocationID)
	case FieldPktSrcAWSService:
		return appendStr(dst, r.PktSrcAWSService)
	case FieldPktDstAWSService:
		return appendStr(dst, r.PktDstAWSService)
	case FieldFlowDirection:
		return append(dst, r.FlowDirection.String()...)
	case FieldTrafficPath:
		return appendInt(dst, int64(r.TrafficPath))
	case FieldRejectReason:
		return appendStr(dst, r.RejectReason)
	case FieldResourceID:
		return appendStr(dst, r.ResourceID)
	case FieldEncryptionStatus:
		return appendInt(dst, int64(r.EncryptionStatus))
	}
	if fd >= firstTGWField {
		return appendTGWField(dst, fd, r.TGW)
	}
	if fd >= FieldECSClusterARN && fd <= FieldECSTaskID {
		e := r.ECS
		if e == nil {
			return append(dst, '-')
		}
		switch fd {
		case FieldECSClusterARN:
			return appendStr(dst, e.ClusterARN)
		case FieldECSClusterName:
			return appendStr(dst, e.ClusterName)
		case FieldECSContainerInstanceARN:
			return appendStr(dst, e.ContainerInstanceARN)
		case FieldECSContainerInstanceID:
			return appendStr(dst, e.ContainerInstance)
		case FieldECSContainerID:
			return appendStr(dst, e.ContainerID)
		case FieldECSSecondContainerID:
			return appendStr(dst, e.SecondContainerID)
		case FieldECSServiceName:
			return appendStr(dst, e.ServiceName)
		case FieldECSTaskDefinitionARN:
			return appendStr(dst, e.TaskDefinitionARN)
		case FieldECSTaskARN:
			return appendStr(dst, e.TaskARN)
		case FieldECSTaskID:
			return appendStr(dst, e.TaskID)
		}
	}
	return append(dst, '-')
}
