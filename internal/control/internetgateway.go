package control

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Internet gateway semantics [VPC-UG VPC_Internet_Gateway.md,
// amazon-vpc-limits.md "Gateways"]: an internet gateway attaches to at most
// one VPC and a VPC has at most one internet gateway; EC2 reports the
// attachment's state as "available"; an attached gateway cannot be deleted;
// a gateway cannot be detached while the VPC has public addresses mapped.

// defaultInternetGatewaysPerRegion is AWS's adjustable default quota.
const defaultInternetGatewaysPerRegion = 5

// igwAttachedState is the state EC2 reports for an attached internet gateway.
const igwAttachedState = "available"

// createInternetGateway creates a detached internet gateway.
func createInternetGateway(tx *store.Tx, scope model.Scope, tags map[string]string) *model.InternetGateway {
	g := &model.InternetGateway{Meta: newMeta(tx, scope, tx.NewID("igw"), tags)}
	tx.InternetGateways.Put(g)
	return g
}

// CreateInternetGateway creates a detached internet gateway.
func (s *Service) CreateInternetGateway(ctx context.Context, scope model.Scope, tags map[string]string) (*model.InternetGateway, error) {
	if err := validateTags(tags); err != nil {
		return nil, err
	}
	var out *model.InternetGateway
	err := s.update(ctx, func(tx *store.Tx) error {
		if s.opts.AWSQuotas && countInScope(tx.InternetGateways, scope) >= defaultInternetGatewaysPerRegion {
			return awserr.New("InternetGatewayLimitExceeded", "The maximum number of internet gateways has been reached.")
		}
		out = createInternetGateway(tx, scope, tags)
		return nil
	})
	return out, err
}

// GetInternetGateway returns an internet gateway in scope.
func GetInternetGateway(w *store.World, scope model.Scope, id string) (*model.InternetGateway, error) {
	if id == "" {
		return nil, awserr.MissingParameter("InternetGatewayId")
	}
	return find(kindIGW, w.InternetGateways, scope, id)
}

// DeleteInternetGateway deletes a detached internet gateway.
func (s *Service) DeleteInternetGateway(ctx context.Context, scope model.Scope, id string) error {
	if id == "" {
		return awserr.MissingParameter("InternetGatewayId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		g, err := find(kindIGW, tx.InternetGateways, scope, id)
		if err != nil {
			return err
		}
		if g.AttachedVpc() != "" {
			return awserr.DependencyViolation("The internetGateway '%s' has dependencies and cannot be deleted.", id)
		}
		tx.InternetGateways.Delete(id)
		return nil
	})
}

// AttachInternetGateway attaches an internet gateway to a VPC.
func (s *Service) AttachInternetGateway(ctx context.Context, scope model.Scope, igwID, vpcID string) error {
	if igwID == "" {
		return awserr.MissingParameter("InternetGatewayId")
	}
	if vpcID == "" {
		return awserr.MissingParameter("VpcId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		g, err := find(kindIGW, tx.InternetGateways, scope, igwID)
		if err != nil {
			return err
		}
		v, err := find(kindVPC, tx.VPCs, scope, vpcID)
		if err != nil {
			return err
		}
		if cur := g.AttachedVpc(); cur != "" {
			return awserr.New("Resource.AlreadyAssociated", "resource %s is already attached to network %s", igwID, cur)
		}
		if len(attachedIGWs(tx.World, v.ID)) > 0 {
			return awserr.InvalidParameterValue("Network %s already has an internet gateway attached", v.ID)
		}
		c := model.Clone(g)
		c.Attachments = []model.GatewayAttachment{{VpcID: v.ID, State: igwAttachedState}}
		tx.InternetGateways.Put(c)
		return nil
	})
}

// DetachInternetGateway detaches an internet gateway from a VPC. AWS refuses
// while the VPC has resources with public IPv4 or Elastic IP addresses
// [VPC-UG VPC_Internet_Gateway.md "Detach an internet gateway"].
func (s *Service) DetachInternetGateway(ctx context.Context, scope model.Scope, igwID, vpcID string) error {
	if igwID == "" {
		return awserr.MissingParameter("InternetGatewayId")
	}
	if vpcID == "" {
		return awserr.MissingParameter("VpcId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		g, err := find(kindIGW, tx.InternetGateways, scope, igwID)
		if err != nil {
			return err
		}
		v, err := find(kindVPC, tx.VPCs, scope, vpcID)
		if err != nil {
			return err
		}
		if g.AttachedVpc() != v.ID {
			return awserr.New("Gateway.NotAttached", "resource %s is not attached to network %s", igwID, v.ID)
		}
		if vpcHasMappedPublicAddresses(tx.World, v.ID) {
			return awserr.DependencyViolation("Network %s has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.", v.ID)
		}
		c := model.Clone(g)
		c.Attachments = nil
		tx.InternetGateways.Put(c)
		// A detached gateway can no longer carry an edge association
		// [VPC-UG gateway-route-tables: the gateway must be attached].
		removeGatewayFromRouteTables(tx, v.ID, igwID)
		return nil
	})
}

// vpcHasMappedPublicAddresses reports whether any network interface (of an
// instance, a NAT gateway or standalone) in the VPC has a public IPv4
// address: an auto-assigned one or an Elastic IP.
func vpcHasMappedPublicAddresses(w *store.World, vpcID string) bool {
	mapped := false
	w.Subnets.ByParent(vpcID, func(sn *model.Subnet) bool {
		w.NetworkInterfaces.ByParent(sn.ID, func(n *model.NetworkInterface) bool {
			for _, p := range n.PrivateIPs {
				if p.PublicIP.IsValid() {
					mapped = true
				}
			}
			return !mapped
		})
		if !mapped {
			w.NatGateways.ByParent(sn.ID, func(g *model.NatGateway) bool {
				if natGatewayLive(g) && g.PublicIP.IsValid() {
					mapped = true
				}
				return !mapped
			})
		}
		return !mapped
	})
	return mapped
}

// vpcHasInternetGateway reports whether an internet gateway is attached to vpcID.
func vpcHasInternetGateway(w *store.World, vpcID string) bool {
	return len(attachedIGWs(w, vpcID)) > 0
}
