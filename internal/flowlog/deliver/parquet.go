package deliver

import (
	"fmt"
	"io"
	"net/netip"
	"reflect"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	pqgzip "github.com/parquet-go/parquet-go/compress/gzip"
	"github.com/parquet-go/parquet-go/encoding"

	"github.com/vpcsim/vpcsim/internal/flowlog"
)

// Parquet files [VPC-UG flow-logs-s3.md "Log file format"]: "Apache
// Parquet is a columnar data format ... Data in Parquet format with Gzip
// compression", so the column chunks are Gzip-compressed inside the file
// (the file itself stays a Parquet file that Athena-style tools open
// directly). The columns are the format's fields in order, named as the
// field with '-' replaced by '_' (the names the guide's Athena tables use:
// account_id, interface_id, log_status...), typed as the guide's
// "Available fields" table says: INT_32, INT_64 or STRING (aws-semantics
// §3.1; flowlog.Field.Parquet). Every column is optional: a '-' value is
// a null.

// gzipCodec compresses the column chunks. AWS names the codec (Gzip), not
// the level: the fastest level keeps writing well above AWS's delivery
// rates; the files stay readable by any Parquet reader.
var gzipCodec = pqgzip.Codec{Level: pqgzip.BestSpeed}

// ParquetColumnName is the Parquet column of field f: its name with '-'
// replaced by '_' (for example "pkt_srcaddr").
func ParquetColumnName(f flowlog.Field) string { return strings.ReplaceAll(f.Name(), "-", "_") }

// ParquetColumns returns the fields that become columns for format f:
// its fields in order, a field named twice kept once (Parquet column
// names are unique).
func ParquetColumns(f flowlog.Format) []flowlog.Field {
	var seen [64]bool
	var out []flowlog.Field
	for _, fd := range f.Fields() {
		if int(fd) < len(seen) {
			if seen[fd] {
				continue
			}
			seen[fd] = true
		}
		out = append(out, fd)
	}
	return out
}

// ParquetSchema returns the schema of the Parquet files of format f.
func ParquetSchema(f flowlog.Format) *parquet.Schema {
	cols := ParquetColumns(f)
	g := make(orderedGroup, len(cols))
	for i, fd := range cols {
		var n parquet.Node
		switch fd.Parquet() {
		case flowlog.ParquetInt32:
			n = parquet.Int(32)
		case flowlog.ParquetInt64:
			n = parquet.Int(64)
		default:
			n = parquet.Encoded(parquet.String(), &parquet.RLEDictionary)
		}
		g[i] = orderedField{Node: parquet.Compressed(parquet.Optional(n), &gzipCodec), name: ParquetColumnName(fd)}
	}
	return parquet.NewSchema("flowlogs", g)
}

// ParquetWriter writes flow log records of one format as one Parquet
// file. It is not safe for concurrent use.
type ParquetWriter struct {
	w       *parquet.Writer
	cols    []flowlog.Field
	version int32
	rows    []parquet.Row
	vals    []parquet.Value
	arena   []byte
}

// parquetChunk is the number of records converted before they are handed
// to the Parquet writer.
const parquetChunk = 1024

// NewParquetWriter returns a writer of a Parquet file of format f to out.
// Call Close to write the file's footer.
func NewParquetWriter(out io.Writer, f flowlog.Format) *ParquetWriter {
	s := ParquetSchema(f)
	return &ParquetWriter{
		w:       parquet.NewWriter(out, s, parquet.Compression(&gzipCodec), parquet.CreatedBy("vpcsim", "", "")),
		cols:    ParquetColumns(f),
		version: int32(f.Version()),
	}
}

// Write appends records to the file.
func (pw *ParquetWriter) Write(recs []flowlog.Record) error {
	for len(recs) > 0 {
		n := min(len(recs), parquetChunk)
		if err := pw.writeChunk(recs[:n]); err != nil {
			return err
		}
		recs = recs[n:]
	}
	return nil
}

func (pw *ParquetWriter) writeChunk(recs []flowlog.Record) error {
	nc := len(pw.cols)
	if cap(pw.vals) < nc*len(recs) {
		pw.vals = make([]parquet.Value, nc*len(recs))
	}
	vals := pw.vals[:nc*len(recs)]
	pw.rows = pw.rows[:0]
	// Values point into the arena, reused from chunk to chunk: WriteRows
	// copies the values into the column buffers and keeps none of them
	// (TestParquetRoundTrip reads back more than one chunk).
	pw.arena = pw.arena[:0]
	for i := range recs {
		row := vals[i*nc : (i+1)*nc : (i+1)*nc]
		for c, fd := range pw.cols {
			v := pw.value(fd, &recs[i])
			if v.IsNull() {
				row[c] = v.Level(0, 0, c)
			} else {
				row[c] = v.Level(0, 1, c)
			}
		}
		pw.rows = append(pw.rows, parquet.Row(row))
	}
	if _, err := pw.w.WriteRows(pw.rows); err != nil {
		return fmt.Errorf("write parquet rows: %w", err)
	}
	return nil
}

// Close flushes the rows and writes the footer.
func (pw *ParquetWriter) Close() error {
	if err := pw.w.Close(); err != nil {
		return fmt.Errorf("close parquet file: %w", err)
	}
	return nil
}

func (pw *ParquetWriter) str(s string) parquet.Value {
	if s == "" || s == "-" {
		return parquet.Value{}
	}
	n := len(pw.arena)
	pw.arena = append(pw.arena, s...)
	return parquet.ByteArrayValue(pw.arena[n:len(pw.arena):len(pw.arena)])
}

func (pw *ParquetWriter) addr(a netip.Addr) parquet.Value {
	if !a.IsValid() {
		return parquet.Value{}
	}
	n := len(pw.arena)
	pw.arena = a.AppendTo(pw.arena)
	return parquet.ByteArrayValue(pw.arena[n:len(pw.arena):len(pw.arena)])
}

func i32(v int32) parquet.Value {
	if v < 0 {
		return parquet.Value{}
	}
	return parquet.Int32Value(v)
}

func i64(v int64) parquet.Value {
	if v < 0 {
		return parquet.Value{}
	}
	return parquet.Int64Value(v)
}

// value is field fd of r as a Parquet value (the null value for '-'), the
// typed counterpart of Format.AppendText.
func (pw *ParquetWriter) value(fd flowlog.Field, r *flowlog.Record) parquet.Value {
	switch fd {
	case flowlog.FieldVersion:
		return parquet.Int32Value(pw.version)
	case flowlog.FieldAccountID:
		return pw.str(r.AccountID)
	case flowlog.FieldInterfaceID:
		return pw.str(r.InterfaceID)
	case flowlog.FieldSrcAddr:
		return pw.addr(r.SrcAddr)
	case flowlog.FieldDstAddr:
		return pw.addr(r.DstAddr)
	case flowlog.FieldSrcPort:
		return i32(r.SrcPort)
	case flowlog.FieldDstPort:
		return i32(r.DstPort)
	case flowlog.FieldProtocol:
		return i32(r.Protocol)
	case flowlog.FieldPackets:
		return i64(r.Packets)
	case flowlog.FieldBytes:
		return i64(r.Bytes)
	case flowlog.FieldStart:
		return i64(r.Start)
	case flowlog.FieldEnd:
		return i64(r.End)
	case flowlog.FieldAction:
		return pw.str(r.Action.String())
	case flowlog.FieldLogStatus:
		return pw.str(r.LogStatus.String())
	case flowlog.FieldVpcID:
		return pw.str(r.VpcID)
	case flowlog.FieldSubnetID:
		return pw.str(r.SubnetID)
	case flowlog.FieldInstanceID:
		return pw.str(r.InstanceID)
	case flowlog.FieldTCPFlags:
		return i32(r.TCPFlags)
	case flowlog.FieldType:
		return pw.str(r.Type.String())
	case flowlog.FieldPktSrcAddr:
		return pw.addr(r.PktSrcAddr)
	case flowlog.FieldPktDstAddr:
		return pw.addr(r.PktDstAddr)
	case flowlog.FieldRegion:
		return pw.str(r.Region)
	case flowlog.FieldAzID:
		return pw.str(r.AzID)
	case flowlog.FieldSublocationType:
		return pw.str(r.SublocationType)
	case flowlog.FieldSublocationID:
		return pw.str(r.SublocationID)
	case flowlog.FieldPktSrcAWSService:
		return pw.str(r.PktSrcAWSService)
	case flowlog.FieldPktDstAWSService:
		return pw.str(r.PktDstAWSService)
	case flowlog.FieldFlowDirection:
		return pw.str(r.FlowDirection.String())
	case flowlog.FieldTrafficPath:
		return i32(r.TrafficPath)
	case flowlog.FieldRejectReason:
		return pw.str(r.RejectReason)
	case flowlog.FieldResourceID:
		return pw.str(r.ResourceID)
	case flowlog.FieldEncryptionStatus:
		return i32(r.EncryptionStatus)
	}
	if t := r.TGW; t != nil {
		if v, ok := pw.tgwValue(fd, t); ok {
			return v
		}
	}
	e := r.ECS
	if e == nil {
		return parquet.Value{}
	}
	switch fd {
	case flowlog.FieldECSClusterARN:
		return pw.str(e.ClusterARN)
	case flowlog.FieldECSClusterName:
		return pw.str(e.ClusterName)
	case flowlog.FieldECSContainerInstanceARN:
		return pw.str(e.ContainerInstanceARN)
	case flowlog.FieldECSContainerInstanceID:
		return pw.str(e.ContainerInstance)
	case flowlog.FieldECSContainerID:
		return pw.str(e.ContainerID)
	case flowlog.FieldECSSecondContainerID:
		return pw.str(e.SecondContainerID)
	case flowlog.FieldECSServiceName:
		return pw.str(e.ServiceName)
	case flowlog.FieldECSTaskDefinitionARN:
		return pw.str(e.TaskDefinitionARN)
	case flowlog.FieldECSTaskARN:
		return pw.str(e.TaskARN)
	case flowlog.FieldECSTaskID:
		return pw.str(e.TaskID)
	}
	return parquet.Value{}
}

// ParquetTextValue renders a value read from a flow log Parquet file as
// the text field AWS writes: the number or string, '-' for null.
func ParquetTextValue(v parquet.Value) string {
	if v.IsNull() {
		return "-"
	}
	switch v.Kind() {
	case parquet.Int32:
		return strconv.FormatInt(int64(v.Int32()), 10)
	case parquet.Int64:
		return strconv.FormatInt(v.Int64(), 10)
	}
	return string(v.ByteArray())
}

// orderedGroup is a Parquet group whose columns keep the format's order
// (parquet.Group sorts its fields by name).
type orderedGroup []orderedField

type orderedField struct {
	parquet.Node
	name string
}

func (f orderedField) Name() string { return f.name }

func (f orderedField) Value(base reflect.Value) reflect.Value {
	if base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	if base.Kind() != reflect.Struct {
		return reflect.Value{}
	}
	t := base.Type()
	for i := range t.NumField() {
		if t.Field(i).Tag.Get("parquet") == f.name {
			return base.Field(i)
		}
	}
	return reflect.Value{}
}

var _ parquet.Node = orderedGroup(nil)

func (g orderedGroup) ID() int                     { return 0 }
func (g orderedGroup) String() string              { return "flowlogs" }
func (g orderedGroup) Type() parquet.Type          { return parquet.Group{}.Type() }
func (g orderedGroup) Optional() bool              { return false }
func (g orderedGroup) Repeated() bool              { return false }
func (g orderedGroup) Required() bool              { return true }
func (g orderedGroup) Leaf() bool                  { return false }
func (g orderedGroup) Encoding() encoding.Encoding { return nil }
func (g orderedGroup) Compression() compress.Codec { return nil }
func (g orderedGroup) Fields() []parquet.Field {
	out := make([]parquet.Field, len(g))
	for i := range g {
		out[i] = g[i]
	}
	return out
}

// GoType is a struct with one field per column, tagged with its name.
func (g orderedGroup) GoType() reflect.Type {
	fs := make([]reflect.StructField, len(g))
	for i, f := range g {
		fs[i] = reflect.StructField{Name: "F" + strconv.Itoa(i), Type: f.GoType(), Tag: reflect.StructTag(`parquet:"` + f.name + `"`)}
	}
	return reflect.StructOf(fs)
}

// tgwValue is transit gateway field fd of t (version 6 records); ok is
// false for fields that are not transit gateway fields.
func (pw *ParquetWriter) tgwValue(fd flowlog.Field, t *flowlog.TGWMetadata) (parquet.Value, bool) {
	switch fd {
	case flowlog.FieldResourceType:
		return pw.str(string(t.ResourceType)), true
	case flowlog.FieldTGWID:
		return pw.str(t.TGWID), true
	case flowlog.FieldTGWAttachmentID:
		return pw.str(t.AttachmentID), true
	case flowlog.FieldTGWSrcVpcAccountID:
		return pw.str(t.SrcVpcAccountID), true
	case flowlog.FieldTGWDstVpcAccountID:
		return pw.str(t.DstVpcAccountID), true
	case flowlog.FieldTGWSrcVpcID:
		return pw.str(t.SrcVpcID), true
	case flowlog.FieldTGWDstVpcID:
		return pw.str(t.DstVpcID), true
	case flowlog.FieldTGWSrcSubnetID:
		return pw.str(t.SrcSubnetID), true
	case flowlog.FieldTGWDstSubnetID:
		return pw.str(t.DstSubnetID), true
	case flowlog.FieldTGWSrcENI:
		return pw.str(t.SrcENI), true
	case flowlog.FieldTGWDstENI:
		return pw.str(t.DstENI), true
	case flowlog.FieldTGWSrcAzID:
		return pw.str(t.SrcAzID), true
	case flowlog.FieldTGWDstAzID:
		return pw.str(t.DstAzID), true
	case flowlog.FieldTGWPairAttachmentID:
		return pw.str(t.PairAttachmentID), true
	case flowlog.FieldPacketsLostNoRoute:
		return i64(t.LostNoRoute), true
	case flowlog.FieldPacketsLostBlackhole:
		return i64(t.LostBlackhole), true
	case flowlog.FieldPacketsLostMTUExceeded:
		return i64(t.LostMTUExceeded), true
	case flowlog.FieldPacketsLostTTLExpired:
		return i64(t.LostTTLExpired), true
	}
	return parquet.Value{}, false
}
