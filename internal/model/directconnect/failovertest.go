package directconnect

import (
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
)

// Virtual interface failover tests [DX resiliency_failover.md]: a test
// places BGP peering sessions of an interface in the DOWN state for its
// duration (default 180 minutes, at most 4,320), so the traffic fails
// over; its history records the peers, the times and the status.

// Failover test statuses ("In progress", "Completed", "Cancelled",
// "Failed" in the guide's Test History).
const (
	TestInProgress = "in-progress"
	TestCompleted  = "completed"
	TestCancelled  = "cancelled"
	TestFailed     = "failed"
)

// Failover test durations in minutes [StartBgpFailoverTest].
const (
	TestDefaultMinutes = 180
	TestMaxMinutes     = 4320
)

// FailoverTest is one virtual interface failover test. Meta.ID is the
// test id; Meta.Account the interface's owner.
type FailoverTest struct {
	model.Meta
	VirtualInterfaceID string   `json:"virtualInterfaceId"`
	BGPPeers           []string `json:"bgpPeers"`
	// Downed are the peers the test took down (those that were up); they
	// come back up when the test ends.
	Downed          []string  `json:"downed,omitempty"`
	Status          string    `json:"status"`
	DurationMinutes int32     `json:"durationMinutes"`
	StartTime       time.Time `json:"startTime"`
	// EndTime is when the test ends (in progress) or ended.
	EndTime time.Time `json:"endTime"`
}
