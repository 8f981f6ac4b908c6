package troubleshoot

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/flowlog"
)

// tgwRecords are transit gateway flow log records (TGW guide
// tgw-flow-logs.md, version 6 default format): one flow forwarded, one
// whose packets a blackhole route dropped, one with no route.
func tgwRecords() []flowlog.Record {
	mk := func(src, dst string, sport, dport int32, pk int64, lost func(*flowlog.TGWMetadata)) flowlog.Record {
		r := flowlog.Blank()
		r.AccountID, r.SrcAddr, r.DstAddr = "123456789012", netip.MustParseAddr(src), netip.MustParseAddr(dst)
		r.SrcPort, r.DstPort, r.Protocol, r.Packets, r.Bytes = sport, dport, 6, pk, pk*100
		r.Start, r.End, r.Type, r.Region, r.FlowDirection = 1700000000, 1700000060, flowlog.TypeIPv4, "us-east-1", flowlog.Ingress
		r.TCPFlags = 2
		t := &flowlog.TGWMetadata{ResourceType: flowlog.ResourceTransitGateway, TGWID: "tgw-0123456789abcdef0",
			AttachmentID: "tgw-attach-0aaaaaaaaaaaaaaaa", SrcVpcAccountID: "123456789012", SrcVpcID: "vpc-0a",
			SrcSubnetID: "subnet-0a", SrcENI: "eni-0a", SrcAzID: "use1-az1"}
		lost(t)
		r.TGW = t
		return r
	}
	return []flowlog.Record{
		mk("10.0.1.10", "10.1.1.10", 40000, 443, 10, func(t *flowlog.TGWMetadata) {
			t.PairAttachmentID, t.DstVpcID = "tgw-attach-0bbbbbbbbbbbbbbbb", "vpc-0b"
		}),
		mk("10.0.1.10", "10.2.1.10", 40001, 22, 3, func(t *flowlog.TGWMetadata) { t.LostBlackhole = 3 }),
		mk("10.0.1.10", "10.9.1.10", 40002, 80, 2, func(t *flowlog.TGWMetadata) { t.LostNoRoute = 2 }),
	}
}

// TestTransitGatewayRecords reads transit gateway records with their own
// format (not the VPC parser): from an S3 file whose header names the
// TGW fields, and without a header given the format; the packets-lost
// fields become TGWLosses with their cause.
func TestTransitGatewayRecords(t *testing.T) {
	f := flowlog.TGWDefaultFormat
	var body strings.Builder
	for _, r := range tgwRecords() {
		body.WriteString(f.Text(&r) + "\n")
	}
	var names []string
	for _, fd := range f.Fields() {
		names = append(names, fd.Name())
	}
	header := strings.Join(names, " ") + "\n"
	for _, c := range []struct {
		name string
		text string
		fmt  flowlog.Format
	}{
		{"s3 header", header + body.String(), flowlog.Format{}},
		{"given format", body.String(), mustAny(t, f.String())},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := analyze(t, &Reader{Format: c.fmt}, func(r *Reader) error { return r.Read(strings.NewReader(c.text), "tgw.log") }, Options{})
			if rep.Summary.Records != 3 || rep.Summary.Packets != 15 || rep.RejectedFlows != 0 {
				t.Fatalf("summary %+v, rejected %d", rep.Summary, rep.RejectedFlows)
			}
			if len(rep.TGWLosses) != 2 {
				t.Fatalf("losses %+v", rep.TGWLosses)
			}
			l := rep.TGWLosses[0]
			if l.Blackhole != 3 || l.Lost() != 3 || l.Flow.Destination != "10.2.1.10" || l.Flow.DestinationPort != 22 ||
				l.AttachmentID != "tgw-attach-0aaaaaaaaaaaaaaaa" || !strings.Contains(l.Cause(), "blackhole") {
				t.Fatalf("first loss %+v", l)
			}
			if n := rep.TGWLosses[1]; n.NoRoute != 2 || !strings.Contains(n.Cause(), "no route") {
				t.Fatalf("second loss %+v", n)
			}
			var out strings.Builder
			if err := rep.WriteText(&out, 10); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "Transit gateway packets lost: 2 flows") {
				t.Fatalf("text:\n%s", out.String())
			}
		})
	}
}

func mustAny(t *testing.T, s string) flowlog.Format {
	t.Helper()
	f, err := ParseAnyFormat(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestParseAnyFormat: a VPC format stays a VPC format; one naming TGW
// fields is a transit gateway format; one mixing interface-id with tgw-id
// is neither.
func TestParseAnyFormat(t *testing.T) {
	if f, err := ParseAnyFormat("${srcaddr} ${interface-id}"); err != nil || f.Fields()[1] != flowlog.FieldInterfaceID {
		t.Fatalf("vpc: %v %v", f, err)
	}
	if f, err := ParseAnyFormat("${tgw-id} ${packets-lost-blackhole}"); err != nil || f.Fields()[0] != flowlog.FieldTGWID {
		t.Fatalf("tgw: %v %v", f, err)
	}
	if _, err := ParseAnyFormat("${interface-id} ${tgw-id}"); err == nil {
		t.Fatal("mixed format accepted")
	}
}
