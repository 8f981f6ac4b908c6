package directconnect

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	ctl "github.com/vpcsim/vpcsim/internal/control/directconnect"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// Virtual interface failover tests (control/directconnect/failovertest.go).

func registerFailoverTests(r *api.Router, h *handlers) {
	api.Handle(r, "StartBgpFailoverTest", h.startBgpFailoverTest)
	api.Handle(r, "StopBgpFailoverTest", h.stopBgpFailoverTest)
	api.Handle(r, "ListVirtualInterfaceTestHistory", h.listTestHistory)
}

func (h *handlers) startBgpFailoverTest(ctx context.Context, c *protocol.Call, in *StartBgpFailoverTestRequest) (*StartBgpFailoverTestResponse, error) {
	t, err := h.svc.StartBgpFailoverTest(ctx, api.Scope(c), ctl.StartTestInput{VirtualInterfaceID: api.Str(in.VirtualInterfaceId),
		BGPPeers: in.BgpPeers, DurationMinutes: in.TestDurationInMinutes})
	if err != nil {
		return nil, err
	}
	return &StartBgpFailoverTestResponse{VirtualInterfaceTest: testOut(t)}, nil
}

func (h *handlers) stopBgpFailoverTest(ctx context.Context, c *protocol.Call, in *StopBgpFailoverTestRequest) (*StopBgpFailoverTestResponse, error) {
	t, err := h.svc.StopBgpFailoverTest(ctx, api.Scope(c), api.Str(in.VirtualInterfaceId))
	if err != nil {
		return nil, err
	}
	return &StopBgpFailoverTestResponse{VirtualInterfaceTest: testOut(t)}, nil
}

func (h *handlers) listTestHistory(ctx context.Context, c *protocol.Call, in *ListVirtualInterfaceTestHistoryRequest) (*ListVirtualInterfaceTestHistoryResponse, error) {
	ts, next, err := h.svc.ListVirtualInterfaceTestHistory(ctx, api.Scope(c), ctl.TestHistoryInput{TestID: api.Str(in.TestId),
		VirtualInterfaceID: api.Str(in.VirtualInterfaceId), Status: api.Str(in.Status), BGPPeers: in.BgpPeers,
		Page: page(in.MaxResults, in.NextToken)})
	if err != nil {
		return nil, err
	}
	out := &ListVirtualInterfaceTestHistoryResponse{VirtualInterfaceTestHistory: make([]VirtualInterfaceTestHistory, 0, len(ts)), NextToken: optString(next)}
	for _, t := range ts {
		out.VirtualInterfaceTestHistory = append(out.VirtualInterfaceTestHistory, *testOut(t))
	}
	return out, nil
}

func testOut(t *dx.FailoverTest) *VirtualInterfaceTestHistory {
	return &VirtualInterfaceTestHistory{TestId: ptr(t.ID), VirtualInterfaceId: ptr(t.VirtualInterfaceID),
		BgpPeers: append([]string{}, t.BGPPeers...), Status: ptr(t.Status), OwnerAccount: ptr(t.Account),
		TestDurationInMinutes: ptr(t.DurationMinutes), StartTime: ptr(t.StartTime), EndTime: ptr(t.EndTime)}
}
