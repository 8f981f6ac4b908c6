package flowlog

import (
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// DefaultFormatString is the default record format as DescribeFlowLogs
// reports it in LogFormat: the version 2 fields in table order (VPC-UG
// flow-logs.md "Default format").
const DefaultFormatString = "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}"

// maxFormatFields bounds a custom format. AWS documents no limit; this is
// far above any meaningful format (each field may appear more than once)
// and keeps rendering bounded.
const maxFormatFields = 256

// Format is a parsed flow log record format: the ordered fields of each
// record. The zero Format is the default format. A Format is immutable and
// safe for concurrent use.
type Format struct {
	fields  []Field
	text    string
	version int
}

var defaultFields = []Field{FieldVersion, FieldAccountID, FieldInterfaceID, FieldSrcAddr, FieldDstAddr,
	FieldSrcPort, FieldDstPort, FieldProtocol, FieldPackets, FieldBytes, FieldStart, FieldEnd, FieldAction, FieldLogStatus}

// DefaultFormat is AWS's default record format (version 2).
var DefaultFormat = Format{fields: defaultFields, text: DefaultFormatString, version: 2}

// ParseFormat parses a LogFormat parameter: `${field}` tokens separated by
// single spaces, at least one, each a documented field (fields may repeat
// and appear in any order; VPC-UG flow-logs.md "Custom format"). An empty
// string selects the default format, as an omitted LogFormat does.
//
// Errors are *awserr.Error with code InvalidParameter. AWS documents no
// error code or message for a malformed format or an unknown field; the
// observed answer to a format with a trailing space is a 400 whose message
// says the value "at 'logFormat' has an invalid format", which this
// follows for syntax errors; an unknown field names the field.
func ParseFormat(s string) (Format, error) {
	if s == "" {
		return DefaultFormat, nil
	}
	if s == DefaultFormatString {
		return DefaultFormat, nil
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
		name := t[2 : len(t)-1]
		fd, ok := LookupField(name)
		if !ok || fd >= firstTGWField {
			return Format{}, awserr.InvalidParameter("Unknown field in LogFormat: %s. The fields of a flow log record are listed in the Amazon VPC User Guide (Flow log records, Available fields).", t)
		}
		f.fields = append(f.fields, fd)
		f.version = max(f.version, fd.Version())
	}
	return f, nil
}

// MustParseFormat is ParseFormat for formats known to be valid (tests,
// constants); it panics on error.
func MustParseFormat(s string) Format {
	f, err := ParseFormat(s)
	if err != nil {
		panic(err)
	}
	return f
}

func (f Format) norm() Format {
	if f.fields == nil {
		return DefaultFormat
	}
	return f
}

// String is the format as DescribeFlowLogs reports it in LogFormat.
func (f Format) String() string { return f.norm().text }

// Version is the record version: the highest version among the format's
// fields (2 for the default format).
func (f Format) Version() int { return f.norm().version }

// Fields returns the format's fields in order (a copy).
func (f Format) Fields() []Field { return append([]Field(nil), f.norm().fields...) }

// IsDefault reports whether f is the default format.
func (f Format) IsDefault() bool { return f.fields == nil || &f.fields[0] == &defaultFields[0] }

// Has reports whether the format contains field x.
func (f Format) Has(x Field) bool {
	for _, y := range f.norm().fields {
		if y == x {
			return true
		}
	}
	return false
}

// MarshalText renders the format string.
func (f Format) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalText parses a format string (see ParseFormat).
func (f *Format) UnmarshalText(b []byte) error {
	g, err := ParseFormat(string(b))
	if err != nil {
		return err
	}
	*f = g
	return nil
}
