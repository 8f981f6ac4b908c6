package flowlog

// Field is one flow log record field (VPC-UG flow-logs.md "Available
// fields"; aws-semantics §3.1). The zero Field is invalid.
type Field uint8

// Fields in the order of AWS's "Available fields" table.
const (
	FieldInvalid Field = iota
	// Version 2 (the default format, in this order).
	FieldVersion
	FieldAccountID
	FieldInterfaceID
	FieldSrcAddr
	FieldDstAddr
	FieldSrcPort
	FieldDstPort
	FieldProtocol
	FieldPackets
	FieldBytes
	FieldStart
	FieldEnd
	FieldAction
	FieldLogStatus
	// Version 3.
	FieldVpcID
	FieldSubnetID
	FieldInstanceID
	FieldTCPFlags
	FieldType
	FieldPktSrcAddr
	FieldPktDstAddr
	// Version 4.
	FieldRegion
	FieldAzID
	FieldSublocationType
	FieldSublocationID
	// Version 5.
	FieldPktSrcAWSService
	FieldPktDstAWSService
	FieldFlowDirection
	FieldTrafficPath
	// Version 7 (ECS metadata).
	FieldECSClusterARN
	FieldECSClusterName
	FieldECSContainerInstanceARN
	FieldECSContainerInstanceID
	FieldECSContainerID
	FieldECSSecondContainerID
	FieldECSServiceName
	FieldECSTaskDefinitionARN
	FieldECSTaskARN
	FieldECSTaskID
	// Version 8.
	FieldRejectReason
	// Newer fields whose version AWS's table lists after 8. Their exact
	// version numbers are not in the reference copies we have
	// (aws-semantics §3.1 marks them unverified).
	FieldResourceID
	FieldEncryptionStatus
	// Transit gateway flow log fields (TGW guide tgw-flow-logs.md
	// "Available fields", version 6); only transit gateway flow logs
	// accept them (ParseTGWFormat), VPC flow logs do not (ParseFormat).
	FieldResourceType
	FieldTGWID
	FieldTGWAttachmentID
	FieldTGWSrcVpcAccountID
	FieldTGWDstVpcAccountID
	FieldTGWSrcVpcID
	FieldTGWDstVpcID
	FieldTGWSrcSubnetID
	FieldTGWDstSubnetID
	FieldTGWSrcENI
	FieldTGWDstENI
	FieldTGWSrcAzID
	FieldTGWDstAzID
	FieldTGWPairAttachmentID
	FieldPacketsLostNoRoute
	FieldPacketsLostBlackhole
	FieldPacketsLostMTUExceeded
	FieldPacketsLostTTLExpired
	fieldCount
)

// firstTGWField is the first transit-gateway-only field.
const firstTGWField = FieldResourceType

// ParquetType is the Parquet logical type AWS documents for a field in
// Parquet files (text files are all STRING).
type ParquetType uint8

// Parquet types used by flow log fields.
const (
	ParquetString ParquetType = iota
	ParquetInt32
	ParquetInt64
)

func (t ParquetType) String() string {
	switch t {
	case ParquetInt32:
		return "INT_32"
	case ParquetInt64:
		return "INT_64"
	}
	return "STRING"
}

type fieldInfo struct {
	name    string
	version int
	parquet ParquetType
}

var fieldTable = [fieldCount]fieldInfo{
	FieldVersion:                 {"version", 2, ParquetInt32},
	FieldAccountID:               {"account-id", 2, ParquetString},
	FieldInterfaceID:             {"interface-id", 2, ParquetString},
	FieldSrcAddr:                 {"srcaddr", 2, ParquetString},
	FieldDstAddr:                 {"dstaddr", 2, ParquetString},
	FieldSrcPort:                 {"srcport", 2, ParquetInt32},
	FieldDstPort:                 {"dstport", 2, ParquetInt32},
	FieldProtocol:                {"protocol", 2, ParquetInt32},
	FieldPackets:                 {"packets", 2, ParquetInt64},
	FieldBytes:                   {"bytes", 2, ParquetInt64},
	FieldStart:                   {"start", 2, ParquetInt64},
	FieldEnd:                     {"end", 2, ParquetInt64},
	FieldAction:                  {"action", 2, ParquetString},
	FieldLogStatus:               {"log-status", 2, ParquetString},
	FieldVpcID:                   {"vpc-id", 3, ParquetString},
	FieldSubnetID:                {"subnet-id", 3, ParquetString},
	FieldInstanceID:              {"instance-id", 3, ParquetString},
	FieldTCPFlags:                {"tcp-flags", 3, ParquetInt32},
	FieldType:                    {"type", 3, ParquetString},
	FieldPktSrcAddr:              {"pkt-srcaddr", 3, ParquetString},
	FieldPktDstAddr:              {"pkt-dstaddr", 3, ParquetString},
	FieldRegion:                  {"region", 4, ParquetString},
	FieldAzID:                    {"az-id", 4, ParquetString},
	FieldSublocationType:         {"sublocation-type", 4, ParquetString},
	FieldSublocationID:           {"sublocation-id", 4, ParquetString},
	FieldPktSrcAWSService:        {"pkt-src-aws-service", 5, ParquetString},
	FieldPktDstAWSService:        {"pkt-dst-aws-service", 5, ParquetString},
	FieldFlowDirection:           {"flow-direction", 5, ParquetString},
	FieldTrafficPath:             {"traffic-path", 5, ParquetInt32},
	FieldECSClusterARN:           {"ecs-cluster-arn", 7, ParquetString},
	FieldECSClusterName:          {"ecs-cluster-name", 7, ParquetString},
	FieldECSContainerInstanceARN: {"ecs-container-instance-arn", 7, ParquetString},
	FieldECSContainerInstanceID:  {"ecs-container-instance-id", 7, ParquetString},
	FieldECSContainerID:          {"ecs-container-id", 7, ParquetString},
	FieldECSSecondContainerID:    {"ecs-second-container-id", 7, ParquetString},
	FieldECSServiceName:          {"ecs-service-name", 7, ParquetString},
	FieldECSTaskDefinitionARN:    {"ecs-task-definition-arn", 7, ParquetString},
	FieldECSTaskARN:              {"ecs-task-arn", 7, ParquetString},
	FieldECSTaskID:               {"ecs-task-id", 7, ParquetString},
	FieldRejectReason:            {"reject-reason", 8, ParquetString},
	FieldResourceID:              {"resource-id", 9, ParquetString},
	FieldEncryptionStatus:        {"encryption-status", 10, ParquetInt32},
	FieldResourceType:            {"resource-type", 6, ParquetString},
	FieldTGWID:                   {"tgw-id", 6, ParquetString},
	FieldTGWAttachmentID:         {"tgw-attachment-id", 6, ParquetString},
	FieldTGWSrcVpcAccountID:      {"tgw-src-vpc-account-id", 6, ParquetString},
	FieldTGWDstVpcAccountID:      {"tgw-dst-vpc-account-id", 6, ParquetString},
	FieldTGWSrcVpcID:             {"tgw-src-vpc-id", 6, ParquetString},
	FieldTGWDstVpcID:             {"tgw-dst-vpc-id", 6, ParquetString},
	FieldTGWSrcSubnetID:          {"tgw-src-subnet-id", 6, ParquetString},
	FieldTGWDstSubnetID:          {"tgw-dst-subnet-id", 6, ParquetString},
	FieldTGWSrcENI:               {"tgw-src-eni", 6, ParquetString},
	FieldTGWDstENI:               {"tgw-dst-eni", 6, ParquetString},
	FieldTGWSrcAzID:              {"tgw-src-az-id", 6, ParquetString},
	FieldTGWDstAzID:              {"tgw-dst-az-id", 6, ParquetString},
	FieldTGWPairAttachmentID:     {"tgw-pair-attachment-id", 6, ParquetString},
	FieldPacketsLostNoRoute:      {"packets-lost-no-route", 6, ParquetInt64},
	FieldPacketsLostBlackhole:    {"packets-lost-blackhole", 6, ParquetInt64},
	FieldPacketsLostMTUExceeded:  {"packets-lost-mtu-exceeded", 6, ParquetInt64},
	FieldPacketsLostTTLExpired:   {"packets-lost-ttl-expired", 6, ParquetInt64},
}

var fieldByName = func() map[string]Field {
	m := make(map[string]Field, fieldCount)
	for f := FieldVersion; f < fieldCount; f++ {
		m[fieldTable[f].name] = f
	}
	return m
}()

// LookupField returns the field with AWS's name (for example "pkt-srcaddr").
func LookupField(name string) (Field, bool) {
	f, ok := fieldByName[name]
	return f, ok
}

// AllFields returns every documented VPC flow log field in the order of
// AWS's table (TGWFields lists the transit gateway flow log fields).
func AllFields() []Field {
	out := make([]Field, 0, firstTGWField-1)
	for f := FieldVersion; f < firstTGWField; f++ {
		out = append(out, f)
	}
	return out
}

// Valid reports whether f is a documented field.
func (f Field) Valid() bool { return f > FieldInvalid && f < fieldCount }

// Name is the field's name as written in ${...} (for example "log-status").
func (f Field) Name() string {
	if !f.Valid() {
		return ""
	}
	return fieldTable[f].name
}

func (f Field) String() string { return f.Name() }

// Version is the flow log version that introduced the field.
func (f Field) Version() int {
	if !f.Valid() {
		return 0
	}
	return fieldTable[f].version
}

// Parquet is the field's Parquet type in Parquet files.
func (f Field) Parquet() ParquetType {
	if !f.Valid() {
		return ParquetString
	}
	return fieldTable[f].parquet
}
