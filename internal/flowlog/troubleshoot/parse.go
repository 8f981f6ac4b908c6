package troubleshoot

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/flowlog"
)

// Entry is one flow log record read back: its typed values, the fields
// its format carries (Has), and where it came from.
type Entry struct {
	flowlog.Record
	has uint64
}

// Has reports whether the record's format carries field f (a field it
// does not carry is unknown, not '-').
func (e *Entry) Has(f flowlog.Field) bool { return f < 64 && e.has&(1<<f) != 0 }

// Line parses flow log records written in one format.
type Line struct {
	fields []flowlog.Field
	has    uint64
}

// NewLine returns a parser of records in format f.
func NewLine(f flowlog.Format) *Line {
	p := &Line{fields: f.Fields()}
	for _, fd := range p.fields {
		p.has |= 1 << fd
	}
	return p
}

// HeaderFormat reads a header line as AWS writes it first in S3 text
// files (the field names separated by spaces): the format it names, and
// false when the line is not a header.
func HeaderFormat(line string) (flowlog.Format, bool) {
	toks := strings.Fields(line)
	if len(toks) == 0 {
		return flowlog.Format{}, false
	}
	for i, t := range toks {
		if _, ok := flowlog.LookupField(t); !ok {
			return flowlog.Format{}, false
		}
		toks[i] = "${" + t + "}"
	}
	f, err := ParseAnyFormat(strings.Join(toks, " "))
	return f, err == nil
}

// ParseAnyFormat parses a LogFormat of a VPC flow log or, when it is not
// one (it names transit-gateway-only fields such as tgw-id), of a transit
// gateway flow log (TGW guide tgw-flow-logs.md; version 6 records).
func ParseAnyFormat(s string) (flowlog.Format, error) {
	f, err := flowlog.ParseFormat(s)
	if err == nil {
		return f, nil
	}
	if g, terr := flowlog.ParseTGWFormat(s); terr == nil {
		return g, nil
	}
	return f, err
}

// IsTransitGateway reports whether the record is a transit gateway flow
// log record: its format carries transit-gateway-only fields.
func (e *Entry) IsTransitGateway() bool {
	return e.TGW != nil || e.Has(flowlog.FieldResourceType) || e.Has(flowlog.FieldTGWID) || e.Has(flowlog.FieldTGWAttachmentID)
}

// tgwOf returns r's transit gateway fields, creating them with every
// counter '-'.
func tgwOf(r *flowlog.Record) *flowlog.TGWMetadata {
	if r.TGW == nil {
		r.TGW = &flowlog.TGWMetadata{LostNoRoute: flowlog.NoValue, LostBlackhole: flowlog.NoValue,
			LostMTUExceeded: flowlog.NoValue, LostTTLExpired: flowlog.NoValue}
	}
	return r.TGW
}

// Parse parses one text record. Runs of spaces count as one separator
// (the guide's own examples have a doubled space).
func (p *Line) Parse(line string) (Entry, error) {
	e := Entry{Record: flowlog.Blank(), has: p.has}
	rest := line
	for i, fd := range p.fields {
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" {
			return e, fmt.Errorf("%d fields, the format has %d", i, len(p.fields))
		}
		tok := rest
		if j := strings.IndexAny(rest, " \t"); j >= 0 {
			tok, rest = rest[:j], rest[j:]
		} else {
			rest = ""
		}
		if err := set(&e.Record, fd, tok); err != nil {
			return e, fmt.Errorf("%s: %w", fd.Name(), err)
		}
	}
	if strings.TrimSpace(rest) != "" {
		return e, fmt.Errorf("more fields than the format's %d", len(p.fields))
	}
	return e, nil
}

// set stores text value v of field fd in r ('-' leaves the blank value).
func set(r *flowlog.Record, fd flowlog.Field, v string) error {
	if v == "-" {
		return nil
	}
	switch fd.Parquet() {
	case flowlog.ParquetInt32, flowlog.ParquetInt64:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("%q is not a number", v)
		}
		return setInt(r, fd, n)
	}
	return setString(r, fd, v)
}

func setInt(r *flowlog.Record, fd flowlog.Field, n int64) error {
	if fd.Parquet() == flowlog.ParquetInt32 && n > 1<<31-1 {
		return fmt.Errorf("%d is out of range", n)
	}
	switch fd {
	case flowlog.FieldSrcPort:
		r.SrcPort = int32(n)
	case flowlog.FieldDstPort:
		r.DstPort = int32(n)
	case flowlog.FieldProtocol:
		r.Protocol = int32(n)
	case flowlog.FieldPackets:
		r.Packets = n
	case flowlog.FieldBytes:
		r.Bytes = n
	case flowlog.FieldStart:
		r.Start = n
	case flowlog.FieldEnd:
		r.End = n
	case flowlog.FieldTCPFlags:
		r.TCPFlags = int32(n)
	case flowlog.FieldTrafficPath:
		r.TrafficPath = int32(n)
	case flowlog.FieldEncryptionStatus:
		r.EncryptionStatus = int32(n)
	case flowlog.FieldPacketsLostNoRoute:
		tgwOf(r).LostNoRoute = n
	case flowlog.FieldPacketsLostBlackhole:
		tgwOf(r).LostBlackhole = n
	case flowlog.FieldPacketsLostMTUExceeded:
		tgwOf(r).LostMTUExceeded = n
	case flowlog.FieldPacketsLostTTLExpired:
		tgwOf(r).LostTTLExpired = n
	}
	return nil
}

func addr(v string) (netip.Addr, error) {
	a, err := netip.ParseAddr(v)
	if err != nil {
		return a, fmt.Errorf("%q is not an IP address", v)
	}
	return a, nil
}

func setString(r *flowlog.Record, fd flowlog.Field, v string) error {
	var err error
	switch fd {
	case flowlog.FieldAccountID:
		r.AccountID = v
	case flowlog.FieldInterfaceID:
		r.InterfaceID = v
	case flowlog.FieldSrcAddr:
		r.SrcAddr, err = addr(v)
	case flowlog.FieldDstAddr:
		r.DstAddr, err = addr(v)
	case flowlog.FieldPktSrcAddr:
		r.PktSrcAddr, err = addr(v)
	case flowlog.FieldPktDstAddr:
		r.PktDstAddr, err = addr(v)
	case flowlog.FieldAction:
		switch v {
		case "ACCEPT":
			r.Action = flowlog.ActionAccept
		case "REJECT":
			r.Action = flowlog.ActionReject
		default:
			return fmt.Errorf("%q is not ACCEPT or REJECT", v)
		}
	case flowlog.FieldLogStatus:
		switch v {
		case "OK":
			r.LogStatus = flowlog.StatusOK
		case "NODATA":
			r.LogStatus = flowlog.StatusNoData
		case "SKIPDATA":
			r.LogStatus = flowlog.StatusSkipData
		default:
			return fmt.Errorf("%q is not OK, NODATA or SKIPDATA", v)
		}
	case flowlog.FieldVpcID:
		r.VpcID = v
	case flowlog.FieldSubnetID:
		r.SubnetID = v
	case flowlog.FieldInstanceID:
		r.InstanceID = v
	case flowlog.FieldType:
		switch v {
		case "IPv4":
			r.Type = flowlog.TypeIPv4
		case "IPv6":
			r.Type = flowlog.TypeIPv6
		case "EFA":
			r.Type = flowlog.TypeEFA
		}
	case flowlog.FieldRegion:
		r.Region = v
	case flowlog.FieldAzID:
		r.AzID = v
	case flowlog.FieldSublocationType:
		r.SublocationType = v
	case flowlog.FieldSublocationID:
		r.SublocationID = v
	case flowlog.FieldPktSrcAWSService:
		r.PktSrcAWSService = v
	case flowlog.FieldPktDstAWSService:
		r.PktDstAWSService = v
	case flowlog.FieldFlowDirection:
		switch v {
		case "ingress":
			r.FlowDirection = flowlog.Ingress
		case "egress":
			r.FlowDirection = flowlog.Egress
		}
	case flowlog.FieldRejectReason:
		r.RejectReason = v
	case flowlog.FieldResourceID:
		r.ResourceID = v
	case flowlog.FieldResourceType, flowlog.FieldTGWID, flowlog.FieldTGWAttachmentID, flowlog.FieldTGWSrcVpcAccountID,
		flowlog.FieldTGWDstVpcAccountID, flowlog.FieldTGWSrcVpcID, flowlog.FieldTGWDstVpcID, flowlog.FieldTGWSrcSubnetID,
		flowlog.FieldTGWDstSubnetID, flowlog.FieldTGWSrcENI, flowlog.FieldTGWDstENI, flowlog.FieldTGWSrcAzID,
		flowlog.FieldTGWDstAzID, flowlog.FieldTGWPairAttachmentID:
		setTGW(tgwOf(r), fd, v)
	default:
		if fd >= flowlog.FieldECSClusterARN && fd <= flowlog.FieldECSTaskID {
			if r.ECS == nil {
				r.ECS = &flowlog.ECSMetadata{}
			}
			setECS(r.ECS, fd, v)
		}
	}
	return err
}

func setECS(e *flowlog.ECSMetadata, fd flowlog.Field, v string) {
	switch fd {
	case flowlog.FieldECSClusterARN:
		e.ClusterARN = v
	case flowlog.FieldECSClusterName:
		e.ClusterName = v
	case flowlog.FieldECSContainerInstanceARN:
		e.ContainerInstanceARN = v
	case flowlog.FieldECSContainerInstanceID:
		e.ContainerInstance = v
	case flowlog.FieldECSContainerID:
		e.ContainerID = v
	case flowlog.FieldECSSecondContainerID:
		e.SecondContainerID = v
	case flowlog.FieldECSServiceName:
		e.ServiceName = v
	case flowlog.FieldECSTaskDefinitionARN:
		e.TaskDefinitionARN = v
	case flowlog.FieldECSTaskARN:
		e.TaskARN = v
	case flowlog.FieldECSTaskID:
		e.TaskID = v
	}
}

func setTGW(t *flowlog.TGWMetadata, fd flowlog.Field, v string) {
	switch fd {
	case flowlog.FieldResourceType:
		t.ResourceType = flowlog.ResourceType(v)
	case flowlog.FieldTGWID:
		t.TGWID = v
	case flowlog.FieldTGWAttachmentID:
		t.AttachmentID = v
	case flowlog.FieldTGWSrcVpcAccountID:
		t.SrcVpcAccountID = v
	case flowlog.FieldTGWDstVpcAccountID:
		t.DstVpcAccountID = v
	case flowlog.FieldTGWSrcVpcID:
		t.SrcVpcID = v
	case flowlog.FieldTGWDstVpcID:
		t.DstVpcID = v
	case flowlog.FieldTGWSrcSubnetID:
		t.SrcSubnetID = v
	case flowlog.FieldTGWDstSubnetID:
		t.DstSubnetID = v
	case flowlog.FieldTGWSrcENI:
		t.SrcENI = v
	case flowlog.FieldTGWDstENI:
		t.DstENI = v
	case flowlog.FieldTGWSrcAzID:
		t.SrcAzID = v
	case flowlog.FieldTGWDstAzID:
		t.DstAzID = v
	case flowlog.FieldTGWPairAttachmentID:
		t.PairAttachmentID = v
	}
}
