package control

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Virtual private gateway defaults and limits [S2S-VPN how_it_works.md,
// SetUpVPNConnections.md; VPC-UG amazon-vpc-limits.md].
const (
	defaultAmazonSideAsn      = 64512
	defaultVpnGatewaysPerRegn = 5
)

// validAmazonSideAsn reports whether asn is a private ASN AWS accepts for
// the Amazon side: 64512-65534 (16-bit) or 4200000000-4294967294 (32-bit).
func validAmazonSideAsn(asn int64) bool {
	return asn >= 64512 && asn <= 65534 || asn >= 4200000000 && asn <= 4294967294
}

// CreateVpnGatewayInput is what CreateVpnGateway needs; AmazonSideAsn 0
// means the default.
type CreateVpnGatewayInput struct {
	Type             string
	AmazonSideAsn    int64
	AvailabilityZone string
	Tags             map[string]string
}

// CreateVpnGateway creates a detached virtual private gateway of type ipsec.1.
func (s *Service) CreateVpnGateway(ctx context.Context, scope model.Scope, in CreateVpnGatewayInput) (*model.VpnGateway, error) {
	if in.Type == "" {
		return nil, awserr.MissingParameter("Type")
	}
	if in.Type != "ipsec.1" {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter type is invalid. Valid values are ipsec.1.", in.Type)
	}
	asn := in.AmazonSideAsn
	if asn == 0 {
		asn = defaultAmazonSideAsn
	}
	if !validAmazonSideAsn(asn) {
		return nil, awserr.InvalidParameterValue("Value (%d) for parameter amazonSideAsn is invalid. A 16-bit ASN must be in the 64512 to 65534 range and a 32-bit ASN in the 4200000000 to 4294967294 range.", asn)
	}
	if in.AvailabilityZone != "" {
		r, err := RegionByName(scope.Region)
		if err != nil {
			return nil, err
		}
		if z, ok := r.zone(in.AvailabilityZone); !ok || z.Name != in.AvailabilityZone {
			return nil, awserr.InvalidParameterValue("Invalid Availability Zone (%s)", in.AvailabilityZone)
		}
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.VpnGateway
	err := s.update(ctx, func(tx *store.Tx) error {
		if s.opts.AWSQuotas && countInScope(tx.VpnGateways, scope) >= defaultVpnGatewaysPerRegn {
			return awserr.New("VpnGatewayLimitExceeded", "The maximum number of virtual private gateways has been reached.")
		}
		out = &model.VpnGateway{
			Meta:             newMeta(tx, scope, tx.NewID("vgw"), in.Tags),
			State:            "available",
			Type:             in.Type,
			AmazonSideAsn:    asn,
			AvailabilityZone: in.AvailabilityZone,
		}
		tx.VpnGateways.Put(out)
		return nil
	})
	return out, err
}

// GetVpnGateway returns a virtual private gateway in scope.
func GetVpnGateway(w *store.World, scope model.Scope, id string) (*model.VpnGateway, error) {
	return find(kindVGW, w.VpnGateways, scope, id)
}

// VgwAttachedVpc returns the VPC a virtual private gateway is attached to, or "".
func VgwAttachedVpc(g *model.VpnGateway) string {
	for _, a := range g.Attachments {
		if a.State == "attached" {
			return a.VpcID
		}
	}
	return ""
}

// DeleteVpnGateway deletes a detached virtual private gateway.
func (s *Service) DeleteVpnGateway(ctx context.Context, scope model.Scope, id string) error {
	if id == "" {
		return awserr.MissingParameter("VpnGatewayId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		g, err := find(kindVGW, tx.VpnGateways, scope, id)
		if err != nil {
			return err
		}
		if VgwAttachedVpc(g) != "" {
			return awserr.DependencyViolation("The vpnGateway '%s' has dependencies and cannot be deleted.", id)
		}
		if len(VpnConnectionsOnGateway(tx.World, g.ID)) > 0 {
			return awserr.New("IncorrectState", "The VPN gateway is in use.")
		}
		tx.VpnGateways.Delete(id)
		return nil
	})
}

// AttachVpnGateway attaches a virtual private gateway to a VPC. A VPC has at
// most one attached virtual private gateway, and a gateway attaches to one
// VPC [S2S-VPN how_it_works.md].
func (s *Service) AttachVpnGateway(ctx context.Context, scope model.Scope, vgwID, vpcID string) error {
	if vgwID == "" {
		return awserr.MissingParameter("VpnGatewayId")
	}
	if vpcID == "" {
		return awserr.MissingParameter("VpcId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		g, err := find(kindVGW, tx.VpnGateways, scope, vgwID)
		if err != nil {
			return err
		}
		v, err := find(kindVPC, tx.VPCs, scope, vpcID)
		if err != nil {
			return err
		}
		if cur := VgwAttachedVpc(g); cur != "" {
			return awserr.New("Resource.AlreadyAssociated", "resource %s is already attached to network %s", g.ID, cur)
		}
		var other string
		tx.VpnGateways.All(func(o *model.VpnGateway) bool {
			if o.InScope(scope) && VgwAttachedVpc(o) == v.ID {
				other = o.ID
				return false
			}
			return true
		})
		if other != "" {
			return awserr.New("InvalidVpcState", "The VPC %s already has a virtual private gateway (%s) attached.", v.ID, other)
		}
		c := model.Clone(g)
		c.Attachments = []model.GatewayAttachment{{VpcID: v.ID, State: "attached"}}
		tx.VpnGateways.Put(c)
		return nil
	})
}

// DetachVpnGateway detaches a virtual private gateway from a VPC. The
// attachment stays visible as "detached", as on AWS; the gateway's edge
// associations and route propagation in the VPC end, and routes to it
// become blackholes.
func (s *Service) DetachVpnGateway(ctx context.Context, scope model.Scope, vgwID, vpcID string) error {
	if vgwID == "" {
		return awserr.MissingParameter("VpnGatewayId")
	}
	if vpcID == "" {
		return awserr.MissingParameter("VpcId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		g, err := find(kindVGW, tx.VpnGateways, scope, vgwID)
		if err != nil {
			return err
		}
		// A gateway not attached to vpcID answers the attachment's
		// not-found, even when the VPC itself is gone (clients detach a
		// gateway whose VPC was deleted and ignore this code).
		if VgwAttachedVpc(g) == vpcID {
			if _, err := find(kindVPC, tx.VPCs, scope, vpcID); err != nil {
				return err
			}
		}
		if VgwAttachedVpc(g) != vpcID {
			return awserr.New("InvalidVpnGatewayAttachment.NotFound", "The attachment with vpn gateway ID '%s' and vpc ID '%s' does not exist", vgwID, vpcID)
		}
		c := model.Clone(g)
		c.Attachments = []model.GatewayAttachment{{VpcID: vpcID, State: "detached"}}
		tx.VpnGateways.Put(c)
		removeGatewayFromRouteTables(tx, vpcID, vgwID)
		return nil
	})
}
