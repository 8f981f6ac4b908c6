package flowlog

import (
	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model"
)

// tgwAttachment records a transit gateway VPC attachment's interface as a
// packet crosses it (VPC-UG flow-logs-records-examples.md "Traffic
// through a transit gateway"): the interface receives the packets the VPC
// sends to the transit gateway (ingress) and sends the packets the
// transit gateway delivers into the VPC (egress). Its own side shows the
// interface's private address in srcaddr/dstaddr, pkt-srcaddr/pkt-dstaddr
// the packet's; instance-id is '-' (a requester-managed interface). The
// request and its response may cross different interfaces of the same
// attachment, one per Availability Zone (AZ affinity).
func (s *walkState) tgwAttachment(h *dataplane.Hop, cur dataplane.Header) {
	if h.Verdict == dataplane.Drop {
		// The transit gateway refused the packet (no IPv6 support on the
		// attachment): the interface never carried it.
		s.closeEgress(ActionAccept, NoValue)
		return
	}
	eni := s.e.eniOf(h.AttachedTo)
	switch h.Direction {
	case dataplane.Ingress:
		s.closeEgress(ActionAccept, NoValue)
		s.ingress(eni, ActionAccept, cur)
	case dataplane.Egress:
		s.closeEgress(ActionAccept, NoValue)
		// The VPC route table of the attachment subnet closes it with
		// the traffic path (or the subnet's outbound ACL rejects it).
		s.openEgress(eni, cur)
	}
}

// tgwENIIn returns the covered interface of transit gateway tgwID's VPC
// attachment in subnet, or -1.
func (e *engine) tgwENIIn(subnet, tgwID string) int32 {
	idx := int32(-1)
	e.w.TGWAttachments.All(func(a *model.TransitGatewayAttachment) bool {
		if a.TransitGatewayID != tgwID || a.VPC == nil {
			return true
		}
		if id, ok := a.VPC.ENIs[subnet]; ok {
			idx = e.eniIdxOf(id)
			return false
		}
		return true
	})
	return idx
}
