package deliver

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"

	"github.com/vpcsim/vpcsim/internal/flowlog"
)

// allFieldsFormat names every documented field once, in table order.
func allFieldsFormat() flowlog.Format {
	var b strings.Builder
	for i, f := range flowlog.AllFields() {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("${" + f.Name() + "}")
	}
	return flowlog.MustParseFormat(b.String())
}

// sampleRecords returns n varied records: accepted and rejected TCP,
// ICMP without ports, IPv6, NODATA with every '-' field, ECS metadata.
func sampleRecords(n int) []flowlog.Record {
	out := make([]flowlog.Record, 0, n)
	for i := range n {
		r := flowlog.Blank()
		r.AccountID = "123456789010"
		r.InterfaceID = fmt.Sprintf("eni-%017x", i%37)
		r.Start, r.End = 1418530010+int64(i), 1418530070+int64(i)
		switch i % 5 {
		case 4: // NODATA: the guide's example, every traffic field '-'
			r.LogStatus = flowlog.StatusNoData
		case 3: // ICMP, no ports
			r.SrcAddr, r.DstAddr = netip.MustParseAddr("203.0.113.12"), netip.MustParseAddr("172.31.16.139")
			r.Protocol, r.Packets, r.Bytes, r.Action = 1, 4, 336, flowlog.ActionReject
			r.Type, r.FlowDirection = flowlog.TypeIPv4, flowlog.Ingress
		case 2: // IPv6
			r.SrcAddr, r.DstAddr = netip.MustParseAddr("2001:db8:1234:a100:8d6e:3477:df66:f105"), netip.MustParseAddr("2001:db8:1234:a102:3304:8879:34cf:4071")
			r.SrcPort, r.DstPort, r.Protocol, r.Packets, r.Bytes, r.Action = 34892, 22, 6, 54, 8855, flowlog.ActionAccept
			r.Type, r.FlowDirection, r.TrafficPath, r.TCPFlags = flowlog.TypeIPv6, flowlog.Egress, 1, 19
		default:
			r.SrcAddr, r.DstAddr = netip.MustParseAddr("172.31.16.139"), netip.AddrFrom4([4]byte{172, 31, 16, byte(i)})
			r.SrcPort, r.DstPort, r.Protocol = int32(20000+i%40000), 22, 6
			r.Packets, r.Bytes, r.Action = int64(i%100+1), int64(i)*4249+(1<<33), flowlog.ActionAccept
			r.VpcID, r.SubnetID, r.InstanceID = "vpc-abcdefab012345678", "subnet-aaaaaaaa012345678", "i-01234567890123456"
			r.TCPFlags, r.Type = 2, flowlog.TypeIPv4
			r.PktSrcAddr, r.PktDstAddr = r.SrcAddr, r.DstAddr
			r.Region, r.AzID = "us-east-1", "use1-az1"
			r.PktDstAWSService, r.FlowDirection, r.TrafficPath = "S3", flowlog.Egress, 8
			r.EncryptionStatus = 0
			if i%2 == 1 {
				r.ECS = &flowlog.ECSMetadata{ClusterName: "web", TaskID: "abc", ServiceName: "svc"}
				r.RejectReason = "BPA"
				r.Action = flowlog.ActionReject
			}
		}
		out = append(out, r)
	}
	return out
}

func writeParquet(t testing.TB, f flowlog.Format, recs []flowlog.Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	pw := NewParquetWriter(&buf, f)
	if err := pw.Write(recs); err != nil {
		t.Fatal(err)
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestParquetRoundTrip writes records as Parquet, reads them back with
// parquet-go's reader and compares every value with the text record AWS
// writes for the same record ('-' being null), for the default format,
// every field, and a custom format naming a field twice.
func TestParquetRoundTrip(t *testing.T) {
	recs := sampleRecords(3000)
	for i := range recs {
		if i%3 != 2 {
			recs[i].TGW = &flowlog.TGWMetadata{ResourceType: "TransitGateway", TGWID: "tgw-0123456789abcdef0",
				AttachmentID: "tgw-attach-0123456789abcdef0", SrcVpcAccountID: "123456789012", SrcVpcID: "vpc-0a",
				DstVpcID: "vpc-0b", SrcAzID: "use1-az1", PairAttachmentID: "tgw-attach-0fedcba9876543210",
				LostNoRoute: int64(i % 5), LostBlackhole: int64(i % 7)}
		}
	}
	for _, f := range []flowlog.Format{
		flowlog.DefaultFormat,
		allFieldsFormat(),
		flowlog.MustParseFormat("${interface-id} ${srcaddr} ${srcaddr} ${tcp-flags} ${action} ${version}"),
		flowlog.TGWDefaultFormat,
	} {
		data := writeParquet(t, f, recs)
		file, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		cols := ParquetColumns(f)
		fields := file.Schema().Fields()
		if len(fields) != len(cols) {
			t.Fatalf("%d columns, want %d", len(fields), len(cols))
		}
		// Text position of each column's first occurrence in the format.
		pos := make([]int, len(cols))
		for c, fd := range cols {
			for i, x := range f.Fields() {
				if x == fd {
					pos[c] = i
					break
				}
			}
			if fields[c].Name() != ParquetColumnName(fd) {
				t.Errorf("column %d is %q, want %q", c, fields[c].Name(), ParquetColumnName(fd))
			}
		}
		r := parquet.NewReader(file)
		rows := make([]parquet.Row, 100)
		n := 0
		for {
			k, err := r.ReadRows(rows)
			for _, row := range rows[:k] {
				want := strings.Split(f.Text(&recs[n]), " ")
				for c := range cols {
					if got := ParquetTextValue(row[c]); got != want[pos[c]] {
						t.Fatalf("format %q record %d column %s: %q, text has %q", f, n, cols[c].Name(), got, want[pos[c]])
					}
				}
				n++
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if n != len(recs) {
			t.Fatalf("read %d rows, wrote %d", n, len(recs))
		}
		_ = r.Close()
	}
}

// TestParquetSchema pins the column names and types to the guide's
// "Available fields" table (flow-logs.md; aws-semantics §3.1): INT_32 for
// version, ports, protocol, tcp-flags and traffic-path, INT_64 for
// packets, bytes, start and end, STRING otherwise; every column optional
// ('-' is null) and Gzip-compressed (flow-logs-s3.md "Parquet format with
// Gzip compression").
func TestParquetSchema(t *testing.T) {
	want := map[string]string{
		"version": "INT_32", "account_id": "STRING", "interface_id": "STRING", "srcaddr": "STRING", "dstaddr": "STRING",
		"srcport": "INT_32", "dstport": "INT_32", "protocol": "INT_32", "packets": "INT_64", "bytes": "INT_64",
		"start": "INT_64", "end": "INT_64", "action": "STRING", "log_status": "STRING", "vpc_id": "STRING",
		"subnet_id": "STRING", "instance_id": "STRING", "tcp_flags": "INT_32", "type": "STRING", "pkt_srcaddr": "STRING",
		"pkt_dstaddr": "STRING", "region": "STRING", "az_id": "STRING", "sublocation_type": "STRING", "sublocation_id": "STRING",
		"pkt_src_aws_service": "STRING", "pkt_dst_aws_service": "STRING", "flow_direction": "STRING", "traffic_path": "INT_32",
		"ecs_cluster_arn": "STRING", "ecs_task_id": "STRING", "reject_reason": "STRING",
	}
	data := writeParquet(t, allFieldsFormat(), sampleRecords(10))
	file, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, el := range file.Metadata().Schema[1:] {
		var got string
		switch {
		case !el.ConvertedType.Valid:
		case el.ConvertedType.V == deprecated.UTF8:
			got = "STRING"
		case el.ConvertedType.V == deprecated.Int32:
			got = "INT_32"
		case el.ConvertedType.V == deprecated.Int64:
			got = "INT_64"
		}
		if !el.RepetitionType.Valid || el.RepetitionType.V != format.Optional {
			t.Errorf("%s is not optional", el.Name)
		}
		if w, ok := want[el.Name]; ok {
			seen++
			if got != w {
				t.Errorf("%s: %s, want %s", el.Name, got, w)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d pinned columns", seen, len(want))
	}
	for _, rg := range file.Metadata().RowGroups {
		for _, cc := range rg.Columns {
			if cc.MetaData.Codec != format.Gzip {
				t.Fatalf("column %v compressed with %v, want GZIP", cc.MetaData.PathInSchema, cc.MetaData.Codec)
			}
		}
	}
}
