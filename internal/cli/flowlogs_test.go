package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/flowlog/troubleshoot"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

func runFlowlogs(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), append([]string{"flowlogs"}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// TestFlowlogsAnalyzeData writes records with `vpcsim traffic --data`
// and reads them back with `vpcsim flowlogs analyze --data`: db's
// security group (no inbound rule) rejects web's request (a single
// REJECT at db: security group or network ACL, and the re-trace names the
// group), and an outbound deny entry added to VPC A's default network ACL
// rejects web's response to an internet client (inbound ACCEPT, outbound
// REJECT: the network ACL, entry 50 named). VPC-UG
// flow-logs-records-examples.md "Security group and network ACL rules".
func TestFlowlogsAnalyzeData(t *testing.T) {
	dir, tw, web, db, _ := trafficWorld(t)
	st, err := store.Open(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	var acl string
	st.Snapshot().NetworkACLs.All(func(a *model.NetworkACL) bool {
		if a.VpcID == tw.vpcA && a.IsDefault {
			acl = a.ID
		}
		return true
	})
	n, from, to := int32(50), int32(1024), int32(65535)
	err = control.New(st, control.Options{}).CreateNetworkAclEntry(context.Background(), traceTestScope, control.NetworkAclEntryInput{
		NetworkAclID: acl, RuleNumber: &n, Egress: true, Protocol: "6", RuleAction: "deny", CidrBlock: "203.0.113.0/24",
		PortRange: true, PortFrom: &from, PortTo: &to})
	if cerr := st.Close(); err != nil || cerr != nil {
		t.Fatal(err, cerr)
	}
	src := `{"start": 1700000040, "duration": 60, "flows": [
  {"source": "` + tw.web + `", "destination": "` + tw.db + `", "protocol": "tcp", "port": 5432, "sourcePort": 40001, "at": 10, "duration": 2, "packets": 3, "bytes": 180},
  {"source": "` + tw.igw + `", "sourceIp": "203.0.113.9", "destination": "` + tw.web + `", "protocol": "tcp", "port": 443, "sourcePort": 50000, "at": 20, "duration": 1, "packets": 4, "bytes": 400}
]}`
	records := writeFile(t, "records.log", "")
	format := "${version} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}"
	if code, _, errOut := runTraffic(t, "", "--data", dir, "--file", writeFile(t, "t.json", src), "--out", records, "--format", format); code != 0 {
		t.Fatalf("traffic: %d %s", code, errOut)
	}
	code, out, errOut := runFlowlogs(t, "", "analyze", "--data", dir, "--format", format, "--json", records)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (rejected flows): %s %s", code, errOut, out)
	}
	var rep troubleshoot.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	byENI := map[string]troubleshoot.Rejection{}
	for _, x := range rep.Rejections {
		byENI[x.InterfaceID] = x
	}
	x, ok := byENI[db]
	if !ok || x.Rejected != "request" || x.Side != troubleshoot.SideInbound || x.Cause != troubleshoot.CauseSGOrACL ||
		x.Rule == nil || x.Rule.Code != "SECURITY_GROUPS_RESTRICT_TRAFFIC" && len(x.Rule.SecurityGroups) == 0 {
		t.Errorf("db: %+v rule %+v", x, x.Rule)
	}
	x, ok = byENI[web]
	if !ok || x.Rejected != "response" || x.Side != troubleshoot.SideOutbound || x.Cause != troubleshoot.CauseNetworkACL ||
		x.Rule == nil || x.Rule.RuleNumber != 50 || !strings.Contains(x.Rule.ACLEntry, acl+" outbound rule 50 deny") {
		t.Errorf("web: %+v rule %+v", x, x.Rule)
	}

	// The text report says the same.
	_, text, _ := runFlowlogs(t, "", "analyze", "--data", dir, "--format", format, records)
	for _, want := range []string{"likely cause: network ACL", "rule: network ACL entry " + acl + " outbound rule 50 deny tcp ports 1024-65535 203.0.113.0/24",
		"tcp 10.0.1.10:40001 > 10.0.1.20:5432", "request rejected inbound", "tcp       5432"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}

// TestFlowlogsAnalyzeUsage pins the command's usage errors (exit 2).
func TestFlowlogsAnalyzeUsage(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"analyze"},
		{"analyze", "--log-group", "g"},
		{"analyze", "--endpoint", "http://x", "--data", "d", "f"},
		{"analyze", "--format", "${nope}", "f"},
		{"analyze", "/does/not/exist"},
	} {
		if code, _, _ := runFlowlogs(t, "", args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	// Records on stdin, no rejection: exit 0.
	if code, out, errOut := runFlowlogs(t, "2 123456789010 eni-1 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n", "analyze", "-"); code != 0 || !strings.Contains(out, "1 records: 1 ACCEPT") {
		t.Fatalf("stdin: %d %s %s", code, out, errOut)
	}
}
