package control

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Egress-only internet gateway semantics [VPC-UG egress-only-internet-gateway.md,
// amazon-vpc-limits.md "Gateways"]: created attached to one VPC (state
// "attached"), one per VPC at a time, deleted without detaching; routes to a
// deleted one become blackholes.

// eigwAttachedState is the state EC2 reports for an egress-only IGW's attachment.
const eigwAttachedState = "attached"

// defaultEgressOnlyIGWsPerRegion is AWS's adjustable default quota.
const defaultEgressOnlyIGWsPerRegion = 5

// CreateEgressOnlyInternetGateway creates an egress-only internet gateway
// attached to a VPC.
func (s *Service) CreateEgressOnlyInternetGateway(ctx context.Context, scope model.Scope, vpcID string, tags map[string]string) (*model.EgressOnlyInternetGateway, error) {
	if vpcID == "" {
		return nil, awserr.MissingParameter("VpcId")
	}
	if err := validateTags(tags); err != nil {
		return nil, err
	}
	var out *model.EgressOnlyInternetGateway
	err := s.update(ctx, func(tx *store.Tx) error {
		v, err := find(kindVPC, tx.VPCs, scope, vpcID)
		if err != nil {
			return err
		}
		n, taken := 0, false
		tx.EgressOnlyIGWs.All(func(g *model.EgressOnlyInternetGateway) bool {
			if g.InScope(scope) {
				n++
			}
			for _, a := range g.Attachments {
				if a.VpcID == v.ID {
					taken = true
				}
			}
			return true
		})
		if taken {
			return awserr.InvalidParameterValue("Network %s already has an egress only internet gateway attached", v.ID)
		}
		if s.opts.AWSQuotas && n >= defaultEgressOnlyIGWsPerRegion {
			return awserr.New("EgressOnlyInternetGatewayLimitExceeded", "The maximum number of egress-only internet gateways has been reached.")
		}
		g := &model.EgressOnlyInternetGateway{
			Meta:        newMeta(tx, scope, tx.NewID("eigw"), tags),
			Attachments: []model.GatewayAttachment{{VpcID: v.ID, State: eigwAttachedState}},
		}
		tx.EgressOnlyIGWs.Put(g)
		out = g
		return nil
	})
	return out, err
}

// DeleteEgressOnlyInternetGateway deletes an egress-only internet gateway.
func (s *Service) DeleteEgressOnlyInternetGateway(ctx context.Context, scope model.Scope, id string) error {
	if id == "" {
		return awserr.MissingParameter("EgressOnlyInternetGatewayId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		if _, err := find(kindEIGW, tx.EgressOnlyIGWs, scope, id); err != nil {
			return err
		}
		tx.EgressOnlyIGWs.Delete(id)
		return nil
	})
}
