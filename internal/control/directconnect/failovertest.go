package directconnect

import (
	"context"
	"slices"
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Virtual interface failover tests [DX resiliency_failover.md;
// StartBgpFailoverTest, StopBgpFailoverTest, ListVirtualInterfaceTestHistory]:
//   - only the interface's owner may run a test ("The only account that has
//     permission to run the failover test is the account that owns the
//     virtual interface"); one test at a time per interface;
//   - the test places the given BGP peers (every peer by default) in the
//     DOWN state, which withdraws the interface's routes as any BGP outage
//     does (route selection and the plane read the peers' BGP status);
//   - it lasts testDurationInMinutes (default 180, at most 4,320), then
//     completes; StopBgpFailoverTest cancels it. The peers come back up.
//
// vpcsim applies the end of a test whose time is over when Direct Connect
// next handles a failover test call (Start, Stop or
// ListVirtualInterfaceTestHistory) or a BGP status change; until then its
// peers stay down.

// StartTestInput is StartBgpFailoverTest's input.
type StartTestInput struct {
	VirtualInterfaceID string
	BGPPeers           []string
	// DurationMinutes is 0 for the default.
	DurationMinutes *int32
}

// StartBgpFailoverTest starts a failover test on an interface the caller
// owns.
func (s *Service) StartBgpFailoverTest(ctx context.Context, sc Scope, in StartTestInput) (*dx.FailoverTest, error) {
	dur := int32(dx.TestDefaultMinutes)
	if in.DurationMinutes != nil {
		dur = *in.DurationMinutes
		if dur < 1 || dur > dx.TestMaxMinutes {
			return nil, clientErr("testDurationInMinutes must be between 1 and %d minutes (72 hours).", dx.TestMaxMinutes)
		}
	}
	var out *dx.FailoverTest
	err := s.update(ctx, func(tx *store.Tx) error {
		settleTests(tx)
		v, err := ownVif(tx.World, sc, in.VirtualInterfaceID)
		if err != nil {
			return err
		}
		if v.State != dx.VifAvailable && v.State != dx.VifDown {
			return clientErr("Virtual interface %s is not available (state %s): a failover test needs an available interface.", v.ID, v.State)
		}
		if t := runningTest(tx.World, v.ID); t != nil {
			return clientErr("A failover test (%s) is already in progress on virtual interface %s.", t.ID, v.ID)
		}
		peers := in.BGPPeers
		if len(peers) == 0 {
			for _, p := range v.BGPPeers {
				peers = append(peers, p.ID)
			}
		}
		n := model.Clone(v)
		var downed []string
		for _, id := range peers {
			i := slices.IndexFunc(n.BGPPeers, func(p dx.BGPPeer) bool { return p.ID == id })
			if i < 0 {
				return clientErr("The BGP peer %s does not exist on virtual interface %s.", id, v.ID)
			}
			if n.BGPPeers[i].Status == dx.BGPUp && !slices.Contains(downed, id) {
				n.BGPPeers[i].Status = dx.BGPDown
				downed = append(downed, id)
			}
		}
		n.State = vifStateOf(n)
		VifKind.In(tx.World).Put(n)
		now := tx.Now()
		t := &dx.FailoverTest{Meta: meta(tx, v.Account, v.Region, uuid(tx), nil), VirtualInterfaceID: v.ID,
			BGPPeers: slices.Clone(peers), Downed: downed, Status: dx.TestInProgress, DurationMinutes: dur,
			StartTime: now, EndTime: now.Add(time.Duration(dur) * time.Minute)}
		FailoverTestKind.In(tx.World).Put(t)
		out = t
		return nil
	})
	return out, err
}

// StopBgpFailoverTest cancels the test in progress on an interface the
// caller owns and brings its peers back up.
func (s *Service) StopBgpFailoverTest(ctx context.Context, sc Scope, vifID string) (*dx.FailoverTest, error) {
	var out *dx.FailoverTest
	err := s.update(ctx, func(tx *store.Tx) error {
		settleTests(tx)
		v, err := ownVif(tx.World, sc, vifID)
		if err != nil {
			return err
		}
		t := runningTest(tx.World, v.ID)
		if t == nil {
			return clientErr("There is no failover test in progress on virtual interface %s.", v.ID)
		}
		out = endTest(tx, t, dx.TestCancelled, tx.Now())
		return nil
	})
	return out, err
}

// TestHistoryInput filters ListVirtualInterfaceTestHistory.
type TestHistoryInput struct {
	TestID, VirtualInterfaceID, Status string
	BGPPeers                           []string
	Page
}

// ListVirtualInterfaceTestHistory lists the caller's failover tests in
// the scope's Region, newest first within a page order by test id,
// filtered by test id, interface, peers (a test matches when it tested
// every peer given) and status.
func (s *Service) ListVirtualInterfaceTestHistory(ctx context.Context, sc Scope, in TestHistoryInput) ([]*dx.FailoverTest, string, error) {
	var all []*dx.FailoverTest
	err := s.update(ctx, func(tx *store.Tx) error {
		settleTests(tx)
		FailoverTestKind.In(tx.World).All(func(t *dx.FailoverTest) bool {
			if !t.InScope(sc) || in.TestID != "" && t.ID != in.TestID ||
				in.VirtualInterfaceID != "" && t.VirtualInterfaceID != in.VirtualInterfaceID ||
				in.Status != "" && t.Status != in.Status {
				return true
			}
			for _, p := range in.BGPPeers {
				if !slices.Contains(t.BGPPeers, p) {
					return true
				}
			}
			all = append(all, t)
			return true
		})
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return paginate(all, func(t *dx.FailoverTest) string { return t.ID }, in.Page)
}

// runningTest returns the test in progress on interface vifID, or nil.
func runningTest(w *store.World, vifID string) *dx.FailoverTest {
	var out *dx.FailoverTest
	FailoverTestKind.In(w).All(func(t *dx.FailoverTest) bool {
		if t.VirtualInterfaceID == vifID && t.Status == dx.TestInProgress {
			out = t
			return false
		}
		return true
	})
	return out
}

// settleTests completes the tests whose time is over.
func settleTests(tx *store.Tx) {
	tests := FailoverTestKind.In(tx.World)
	if tests.Len() == 0 {
		return
	}
	now := tx.Now()
	var due []*dx.FailoverTest
	tests.All(func(t *dx.FailoverTest) bool {
		if t.Status == dx.TestInProgress && !now.Before(t.EndTime) {
			due = append(due, t)
		}
		return true
	})
	for _, t := range due {
		endTest(tx, t, dx.TestCompleted, t.EndTime)
	}
}

// endTest ends test t with status at time end: the peers it took down come
// back up (those still on the interface), and the duration becomes the
// minutes it ran.
func endTest(tx *store.Tx, t *dx.FailoverTest, status string, end time.Time) *dx.FailoverTest {
	if v, ok := VifKind.In(tx.World).Get(t.VirtualInterfaceID); ok && len(t.Downed) > 0 {
		n := model.Clone(v)
		for i := range n.BGPPeers {
			if slices.Contains(t.Downed, n.BGPPeers[i].ID) {
				n.BGPPeers[i].Status = dx.BGPUp
			}
		}
		n.State = vifStateOf(n)
		VifKind.In(tx.World).Put(n)
	}
	e := model.Clone(t)
	e.Status, e.EndTime = status, end
	e.DurationMinutes = int32(end.Sub(t.StartTime) / time.Minute)
	FailoverTestKind.In(tx.World).Put(e)
	return e
}
