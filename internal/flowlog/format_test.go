package flowlog

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// TestParseFormat pins VPC-UG flow-logs.md "Custom format" and "Available
// fields": ${field} tokens separated by spaces; the version is the
// highest version among the fields; the default format is version 2.
func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in      string
		version int
		err     string
	}{
		{"", 2, ""},
		{DefaultFormatString, 2, ""},
		{"${srcaddr} ${dstaddr}", 2, ""},
		{"${version} ${vpc-id} ${srcaddr}", 3, ""},
		{"${region} ${az-id} ${srcaddr}", 4, ""},
		{"${flow-direction} ${traffic-path}", 5, ""},
		{"${ecs-task-id}", 7, ""},
		{"${reject-reason} ${srcaddr}", 8, ""},
		{"${srcaddr} ${srcaddr}", 2, ""},
		{"${srcaddr}  ${dstaddr}", 0, "InvalidParameter"},
		{DefaultFormatString + " ", 0, "InvalidParameter"},
		{" ${srcaddr}", 0, "InvalidParameter"},
		{"${srcaddr},${dstaddr}", 0, "InvalidParameter"},
		{"srcaddr", 0, "InvalidParameter"},
		{"${}", 0, "InvalidParameter"},
		{"${no-such-field}", 0, "InvalidParameter"},
		{"${srcaddr}\t${dstaddr}", 0, "InvalidParameter"},
	} {
		f, err := ParseFormat(tc.in)
		if tc.err != "" {
			e, ok := awserr.As(err)
			if !ok || e.Code != tc.err {
				t.Errorf("ParseFormat(%q) = %v, want %s", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseFormat(%q): %v", tc.in, err)
			continue
		}
		if f.Version() != tc.version {
			t.Errorf("ParseFormat(%q).Version() = %d, want %d", tc.in, f.Version(), tc.version)
		}
		want := tc.in
		if want == "" {
			want = DefaultFormatString
		}
		if f.String() != want {
			t.Errorf("String() = %q, want %q", f.String(), want)
		}
	}
	if e, _ := awserr.As(func() error { _, err := ParseFormat("${bogus}"); return err }()); !strings.Contains(e.Message, "${bogus}") {
		t.Errorf("unknown field message does not name the field: %q", e.Message)
	}
	var zero Format
	if zero.String() != DefaultFormatString || zero.Version() != 2 || !zero.IsDefault() {
		t.Error("the zero Format is not the default format")
	}
}

func TestFieldsTable(t *testing.T) {
	all := AllFields()
	if len(all) != 42 {
		t.Fatalf("%d fields, want 42", len(all))
	}
	for _, f := range all {
		g, ok := LookupField(f.Name())
		if !ok || g != f || f.Version() < 2 {
			t.Errorf("field %v does not round-trip", f)
		}
	}
	for name, typ := range map[string]string{"version": "INT_32", "packets": "INT_64", "start": "INT_64",
		"srcport": "INT_32", "tcp-flags": "INT_32", "traffic-path": "INT_32", "srcaddr": "STRING", "action": "STRING"} {
		f, _ := LookupField(name)
		if f.Parquet().String() != typ {
			t.Errorf("%s Parquet type %s, want %s", name, f.Parquet(), typ)
		}
	}
}

// TestTransitGatewayRecords renders the transit gateway example of
// flow-logs-records-examples.md. The data plane does not model transit
// gateways yet, so this pins the rendering of such records, not their
// generation.
func TestTransitGatewayRecords(t *testing.T) {
	f := MustParseFormat("${version} ${interface-id} ${account-id} ${vpc-id} ${subnet-id} ${instance-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr} ${action} ${log-status}")
	a := netip.MustParseAddr
	r := Blank()
	r.InterfaceID, r.AccountID, r.VpcID, r.SubnetID = "eni-11111111111111111", "123456789010", "vpc-abcdefab012345678", "subnet-11111111aaaaaaaaa"
	r.SrcAddr, r.DstAddr, r.SrcPort, r.DstPort, r.Protocol, r.TCPFlags, r.Type = a("10.40.1.175"), a("10.40.2.236"), 39812, 80, 6, 3, TypeIPv4
	r.PktSrcAddr, r.PktDstAddr, r.Action = a("10.20.33.164"), a("10.40.2.236"), ActionAccept
	want := "3 eni-11111111111111111 123456789010 vpc-abcdefab012345678 subnet-11111111aaaaaaaaa - 10.40.1.175 10.40.2.236 39812 80 6 3 IPv4 10.20.33.164 10.40.2.236 ACCEPT OK"
	if got := f.Text(&r); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
