package flowlog

import (
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// tgwFields are the fields of a transit gateway flow log record in the
// order of the TGW guide's "Available fields" table (tgw-flow-logs.md).
var tgwFields = []Field{FieldVersion, FieldResourceType, FieldAccountID, FieldTGWID, FieldTGWAttachmentID,
	FieldTGWSrcVpcAccountID, FieldTGWDstVpcAccountID, FieldTGWSrcVpcID, FieldTGWDstVpcID,
	FieldTGWSrcSubnetID, FieldTGWDstSubnetID, FieldTGWSrcENI, FieldTGWDstENI, FieldTGWSrcAzID, FieldTGWDstAzID,
	FieldTGWPairAttachmentID, FieldSrcAddr, FieldDstAddr, FieldSrcPort, FieldDstPort, FieldProtocol,
	FieldPackets, FieldBytes, FieldStart, FieldEnd, FieldLogStatus, FieldType,
	FieldPacketsLostNoRoute, FieldPacketsLostBlackhole, FieldPacketsLostMTUExceeded, FieldPacketsLostTTLExpired,
	FieldTCPFlags, FieldRegion, FieldFlowDirection, FieldPktSrcAWSService, FieldPktDstAWSService}

var tgwFieldSet = func() [fieldCount]bool {
	var s [fieldCount]bool
	for _, f := range tgwFields {
		s[f] = true
	}
	return s
}()

// TGWFields returns the fields of transit gateway flow log records in the
// order of the TGW guide's table.
func TGWFields() []Field { return append([]Field(nil), tgwFields...) }

// TGWDefaultFormat is the default format of transit gateway flow logs:
// "all version 2 to version 6 fields, in the order shown in the available
// fields table" (tgw-flow-logs.md "Default format"); its records are
// version 6.
var TGWDefaultFormat = func() Format {
	var b strings.Builder
	for i, f := range tgwFields {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("${" + f.Name() + "}")
	}
	return Format{fields: tgwFields, text: b.String(), version: 6}
}()

// ParseTGWFormat parses the LogFormat of a transit gateway flow log: ""
// selects TGWDefaultFormat; a custom format names at least one field of
// the TGW guide's table (VPC-only fields such as interface-id are
// unknown there). Errors are *awserr.Error with code InvalidParameter,
// worded as ParseFormat's.
func ParseTGWFormat(s string) (Format, error) {
	if s == "" || s == TGWDefaultFormat.text {
		return TGWDefaultFormat, nil
	}
	invalid := func(why string) error {
		return awserr.InvalidParameter("1 validation error detected: Value '%s' at 'logFormat' has an invalid format: %s", s, why)
	}
	toks := strings.Split(s, " ")
	if len(toks) > maxFormatFields {
		return Format{}, invalid("more than " + strconv.Itoa(maxFormatFields) + " fields")
	}
	f := Format{fields: make([]Field, 0, len(toks)), text: s}
	for _, t := range toks {
		if t == "" {
			return Format{}, invalid("fields must be separated by exactly one space, with no leading or trailing space")
		}
		if len(t) < 4 || !strings.HasPrefix(t, "${") || !strings.HasSuffix(t, "}") || strings.ContainsAny(t[2:len(t)-1], "${} \t") {
			return Format{}, invalid("each field must be written as ${field-name}, found " + strconv.Quote(t))
		}
		fd, ok := LookupField(t[2 : len(t)-1])
		if !ok || !tgwFieldSet[fd] {
			return Format{}, awserr.InvalidParameter("Unknown field in LogFormat: %s. The fields of a transit gateway flow log record are listed in the Transit Gateway Guide (Transit Gateway Flow Log records, Available fields).", t)
		}
		f.fields = append(f.fields, fd)
		f.version = max(f.version, fd.Version())
	}
	return f, nil
}

// TGWMetadata holds the transit-gateway-only fields of a transit gateway
// flow log record. Empty strings are '-'; the packets-lost counters are
// NoValue when they do not apply (NODATA).
type TGWMetadata struct {
	ResourceType                     ResourceType
	TGWID, AttachmentID              string
	SrcVpcAccountID, DstVpcAccountID string
	SrcVpcID, DstVpcID               string
	SrcSubnetID, DstSubnetID         string
	SrcENI, DstENI                   string
	SrcAzID, DstAzID                 string
	PairAttachmentID                 string
	LostNoRoute, LostBlackhole       int64
	LostMTUExceeded, LostTTLExpired  int64
}

func appendTGWField(dst []byte, fd Field, t *TGWMetadata) []byte {
	if t == nil {
		return append(dst, '-')
	}
	switch fd {
	case FieldResourceType:
		return appendStr(dst, string(t.ResourceType))
	case FieldTGWID:
		return appendStr(dst, t.TGWID)
	case FieldTGWAttachmentID:
		return appendStr(dst, t.AttachmentID)
	case FieldTGWSrcVpcAccountID:
		return appendStr(dst, t.SrcVpcAccountID)
	case FieldTGWDstVpcAccountID:
		return appendStr(dst, t.DstVpcAccountID)
	case FieldTGWSrcVpcID:
		return appendStr(dst, t.SrcVpcID)
	case FieldTGWDstVpcID:
		return appendStr(dst, t.DstVpcID)
	case FieldTGWSrcSubnetID:
		return appendStr(dst, t.SrcSubnetID)
	case FieldTGWDstSubnetID:
		return appendStr(dst, t.DstSubnetID)
	case FieldTGWSrcENI:
		return appendStr(dst, t.SrcENI)
	case FieldTGWDstENI:
		return appendStr(dst, t.DstENI)
	case FieldTGWSrcAzID:
		return appendStr(dst, t.SrcAzID)
	case FieldTGWDstAzID:
		return appendStr(dst, t.DstAzID)
	case FieldTGWPairAttachmentID:
		return appendStr(dst, t.PairAttachmentID)
	case FieldPacketsLostNoRoute:
		return appendInt(dst, t.LostNoRoute)
	case FieldPacketsLostBlackhole:
		return appendInt(dst, t.LostBlackhole)
	case FieldPacketsLostMTUExceeded:
		return appendInt(dst, t.LostMTUExceeded)
	case FieldPacketsLostTTLExpired:
		return appendInt(dst, t.LostTTLExpired)
	}
	return append(dst, '-')
}
