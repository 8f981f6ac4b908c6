package directconnect

import (
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// TestBgpFailoverTest pins the virtual interface failover test [DX
// resiliency_failover.md; StartBgpFailoverTest]: the test places the BGP
// peers DOWN, which withdraws the interface's routes (here the VPN static
// route takes over), lasts 180 minutes by default, completes by itself,
// and StopBgpFailoverTest cancels it; the history keeps both.
func TestBgpFailoverTest(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	st, err := store.Open(store.Options{Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := &world{st: st, ec2: control.New(st, control.Options{}), dx: New(st, Options{})}
	for _, sc := range []Scope{scope, other} {
		if err := w.ec2.EnsureScope(ctx, sc); err != nil {
			t.Fatal(err)
		}
	}
	vgw := w.attachedVGW(t, "10.0.0.0/16")
	c := w.conn(t, "10Gbps")
	v := must[*dx.VirtualInterface](t)(w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifPrivate, PortID: c.ID, Name: "p", Vlan: 1, Asn: 65100, VgwID: vgw,
		Tags: map[string]string{model.BGPTagKey: "172.16.0.0/16"}}))
	best := func() string {
		sel := control.VGWSelectedRoutes(w.st.Snapshot(), vgw)
		if len(sel) == 0 {
			return ""
		}
		return sel[0].Best.NextHop
	}
	if best() != v.ID {
		t.Fatalf("before the test the interface's route is selected: %q", best())
	}

	// Errors: duration out of range, unknown peer, another account's interface.
	for _, d := range []int32{0, dx.TestMaxMinutes + 1} {
		_, err := w.dx.StartBgpFailoverTest(ctx, scope, StartTestInput{VirtualInterfaceID: v.ID, DurationMinutes: ptr(d)})
		wantErr(t, err, codeClient, "testDurationInMinutes")
	}
	_, err = w.dx.StartBgpFailoverTest(ctx, scope, StartTestInput{VirtualInterfaceID: v.ID, BGPPeers: []string{"dxpeer-nope"}})
	wantErr(t, err, codeClient, "dxpeer-nope")
	_, err = w.dx.StartBgpFailoverTest(ctx, other, StartTestInput{VirtualInterfaceID: v.ID})
	wantErr(t, err, codeClient, "does not exist")
	_, err = w.dx.StopBgpFailoverTest(ctx, scope, v.ID)
	wantErr(t, err, codeClient, "no failover test in progress")

	// Default duration; the peers go down and the route is withdrawn.
	t1 := must[*dx.FailoverTest](t)(w.dx.StartBgpFailoverTest(ctx, scope, StartTestInput{VirtualInterfaceID: v.ID}))
	if t1.Status != dx.TestInProgress || t1.DurationMinutes != 180 || len(t1.BGPPeers) != 1 || t1.BGPPeers[0] != v.BGPPeers[0].ID || t1.Account != scope.Account {
		t.Fatalf("started test = %+v", t1)
	}
	if best() != "" {
		t.Fatalf("during the test the route is withdrawn, got %q", best())
	}
	_, err = w.dx.StartBgpFailoverTest(ctx, scope, StartTestInput{VirtualInterfaceID: v.ID})
	wantErr(t, err, codeClient, "already in progress")

	// 180 minutes later the test has completed and BGP is back.
	now = now.Add(181 * time.Minute)
	h, _, err := w.dx.ListVirtualInterfaceTestHistory(ctx, scope, TestHistoryInput{VirtualInterfaceID: v.ID})
	if err != nil || len(h) != 1 || h[0].Status != dx.TestCompleted || h[0].DurationMinutes != 180 || !h[0].EndTime.Equal(t1.StartTime.Add(180*time.Minute)) {
		t.Fatalf("history = %+v, %v", h, err)
	}
	if best() != v.ID {
		t.Fatalf("after the test the route is back: %q", best())
	}

	// A second test, cancelled after 30 minutes.
	t2 := must[*dx.FailoverTest](t)(w.dx.StartBgpFailoverTest(ctx, scope, StartTestInput{VirtualInterfaceID: v.ID, BGPPeers: []string{v.BGPPeers[0].ID}, DurationMinutes: ptr(int32(60))}))
	now = now.Add(30 * time.Minute)
	stopped := must[*dx.FailoverTest](t)(w.dx.StopBgpFailoverTest(ctx, scope, v.ID))
	if stopped.ID != t2.ID || stopped.Status != dx.TestCancelled || stopped.DurationMinutes != 30 {
		t.Fatalf("stopped = %+v", stopped)
	}
	if best() != v.ID {
		t.Fatalf("after the cancelled test the route is back: %q", best())
	}
	h, _, _ = w.dx.ListVirtualInterfaceTestHistory(ctx, scope, TestHistoryInput{Status: dx.TestCancelled})
	if len(h) != 1 || h[0].ID != t2.ID {
		t.Fatalf("cancelled history = %+v", h)
	}
	h, next, _ := w.dx.ListVirtualInterfaceTestHistory(ctx, scope, TestHistoryInput{Page: Page{MaxResults: 1}})
	if len(h) != 1 || next == "" {
		t.Fatalf("page 1 = %+v, %q", h, next)
	}
	if h, _, _ = w.dx.ListVirtualInterfaceTestHistory(ctx, other, TestHistoryInput{}); len(h) != 0 {
		t.Fatalf("another account sees %+v", h)
	}
}
