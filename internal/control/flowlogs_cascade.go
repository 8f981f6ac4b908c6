package control

import (
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Flow logs of deleted resources. The EC2 API reference for DeleteVpc
// says: "If you created a flow log for the VPC that you are deleting, note
// that flow logs for deleted VPCs are eventually automatically removed."
// AWS documents nothing for subnets, network interfaces and transit
// gateways; vpcsim applies the same rule to every resource a flow log can
// name (a flow log never outlives its resource). Removal is lazy, as
// AWS's "eventually" allows, and has one place here rather than in every
// path that deletes a VPC, subnet or interface (DeleteNetworkInterface,
// instance termination, NAT gateway, endpoint, load balancer and transit
// gateway attachment clean-up): from the moment the resource is gone
// DescribeFlowLogs no longer lists the flow log, DeleteFlowLogs answers
// InvalidFlowLogId.NotFound for it, no traffic is recorded for it, and
// the next CreateFlowLogs or DeleteFlowLogs of its account and region
// removes the stored object.

// flowLogOrphaned reports whether the resource fl logs no longer exists
// (for transit gateways and attachments: deleted, even while their
// deleted state is still visible).
func flowLogOrphaned(w *store.World, fl *model.FlowLog) bool {
	return flowLogResource(w, fl.Scope(), fl.ResourceType, fl.ResourceID) != nil
}

// sweepOrphanFlowLogs removes the flow logs of scope whose resource was
// deleted.
func sweepOrphanFlowLogs(tx *store.Tx, scope model.Scope) {
	t := FlowLogKind.In(tx.World)
	var gone []string
	t.All(func(fl *model.FlowLog) bool {
		if fl.InScope(scope) && flowLogOrphaned(tx.World, fl) {
			gone = append(gone, fl.ID)
		}
		return true
	})
	for _, id := range gone {
		t.Delete(id)
	}
}
