package control

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// NAT gateway semantics [VPC-UG vpc-nat-gateway.md, nat-gateway-troubleshooting.md,
// amazon-vpc-limits.md]:
//   - public (default) needs an Elastic IP at creation; private takes none;
//   - the gateway gets a requester-managed network interface in its subnet
//     with a private IPv4 chosen by the caller or assigned from the subnet;
//   - a public gateway whose VPC has no internet gateway attached, or whose
//     Elastic IP is already associated, is created and then fails (state
//     failed with AWS's failure code and message), as on AWS;
//   - deleting one disassociates its Elastic IP (it stays allocated) and
//     deletes its interface; the deleted (or failed) gateway stays visible
//     for about an hour;
//   - 5 per Availability Zone by default, counting pending, available and
//     deleting ones.

// NAT gateway states.
const (
	NatPending   = "pending"
	NatAvailable = "available"
	NatDeleting  = "deleting"
	NatDeleted   = "deleted"
	NatFailed    = "failed"
)

// NatGatewayRetention is how long a deleted or failed NAT gateway stays
// visible ("about an hour").
const NatGatewayRetention = time.Hour

// defaultNatGatewaysPerAZ is AWS's adjustable default quota.
const defaultNatGatewaysPerAZ = 5

// natGatewayLive reports whether a NAT gateway exists in the data plane
// sense (not deleted or failed).
func natGatewayLive(g *model.NatGateway) bool {
	return g.State != NatDeleted && g.State != NatFailed
}

// NatGatewayVisible reports whether Describe still lists g at time now:
// deleted and failed gateways disappear an hour after they ended.
func NatGatewayVisible(g *model.NatGateway, now time.Time) bool {
	if natGatewayLive(g) {
		return true
	}
	end := g.DeleteTime
	if end.IsZero() {
		end = g.Created
	}
	return now.Sub(end) < NatGatewayRetention
}

// CreateNatGatewayInput is what CreateNatGateway accepts.
type CreateNatGatewayInput struct {
	SubnetID         string
	AllocationID     string
	ConnectivityType string // public (default) | private
	PrivateIPAddress string
	Tags             map[string]string
}

// CreateNatGateway creates a NAT gateway. The returned gateway is the stored
// one (available, or failed); EC2 answers the create with pending.
func (s *Service) CreateNatGateway(ctx context.Context, scope model.Scope, in CreateNatGatewayInput) (*model.NatGateway, error) {
	if in.SubnetID == "" {
		return nil, awserr.MissingParameter("SubnetId")
	}
	ct := in.ConnectivityType
	switch ct {
	case "":
		ct = "public"
	case "public", "private":
	default:
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter connectivityType is invalid. Valid values are public and private.", ct)
	}
	if ct == "public" && in.AllocationID == "" {
		return nil, awserr.MissingParameter("AllocationId")
	}
	if ct == "private" && in.AllocationID != "" {
		return nil, awserr.InvalidParameterCombination("An Elastic IP address cannot be associated with a private NAT gateway.")
	}
	var want netip.Addr
	if in.PrivateIPAddress != "" {
		a, err := netip.ParseAddr(in.PrivateIPAddress)
		if err != nil || !a.Is4() {
			return nil, awserr.InvalidParameterValue("Value (%s) for parameter privateIpAddress is invalid. Not a valid IPv4 address.", in.PrivateIPAddress)
		}
		want = a
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.NatGateway
	err := s.update(ctx, func(tx *store.Tx) error {
		purgeExpiredNatGateways(tx, scope)
		sn, err := find(kindSubnet, tx.Subnets, scope, in.SubnetID)
		if err != nil {
			return err
		}
		if err := checkNatGatewaySubnet(sn); err != nil {
			return err
		}
		var eip *model.Address
		if ct == "public" {
			if eip, err = find(kindEIP, tx.Addresses, scope, in.AllocationID); err != nil {
				return err
			}
		}
		if want.IsValid() {
			if err := checkPrivateIPv4(tx.World, sn, want); err != nil {
				return err
			}
		}
		if s.opts.AWSQuotas && natGatewaysInZone(tx.World, scope, sn.AvailabilityZone) >= defaultNatGatewaysPerAZ {
			return awserr.New("NatGatewayLimitExceeded", "Performing this operation would exceed the limit of %d NAT gateways", defaultNatGatewaysPerAZ)
		}
		g := &model.NatGateway{
			Meta:             newMeta(tx, scope, tx.NewID("nat"), in.Tags),
			VpcID:            sn.VpcID,
			SubnetID:         sn.ID,
			ConnectivityType: ct,
			State:            NatAvailable,
			AllocationID:     in.AllocationID,
		}
		out = g
		// Failures AWS reports asynchronously [nat-gateway-troubleshooting.md].
		fail := func(code, msg string) error {
			g.State, g.FailureCode, g.FailureMessage = NatFailed, code, msg
			tx.NatGateways.Put(g)
			return nil
		}
		if ct == "public" {
			if !vpcHasInternetGateway(tx.World, sn.VpcID) {
				return fail("Gateway.NotAttached", fmt.Sprintf("Network %s has no Internet gateway attached", sn.VpcID))
			}
			if eip.AssociationID != "" {
				return fail("Resource.AlreadyAssociated", fmt.Sprintf("Elastic IP address [%s] is already associated", eip.ID))
			}
		}
		ip := want
		if !ip.IsValid() {
			if ip, err = allocatePrivateIPv4(tx.World, sn, nil); err != nil {
				return fail("InsufficientFreeAddressesInSubnet", "Subnet has insufficient free addresses to create this NAT gateway")
			}
		}
		eni := &model.NetworkInterface{
			Meta:             newMeta(tx, scope, tx.NewID("eni"), nil),
			SubnetID:         sn.ID,
			VpcID:            sn.VpcID,
			AvailabilityZone: sn.AvailabilityZone,
			Description:      "Interface for NAT Gateway " + g.ID,
			InterfaceType:    "nat_gateway",
			MacAddress:       natMAC(tx),
			PrivateIPs:       []model.PrivateIP{{Address: ip, Primary: true}},
			SourceDestCheck:  false,
			RequesterManaged: true,
			Status:           "in-use",
			Attachment: &model.ENIAttachment{
				ID:              tx.NewID("ela-attach"),
				InstanceOwnerID: "amazon-aws",
				DeviceIndex:     1,
				Status:          "attached",
				AttachTime:      tx.Now(),
			},
		}
		g.NetworkInterfaceID = eni.ID
		g.PrivateIP = ip
		if eip != nil {
			assoc := tx.NewID("eipassoc")
			eni.PrivateIPs[0].PublicIP = eip.PublicIP
			eni.PrivateIPs[0].AllocationID = eip.ID
			eni.PrivateIPs[0].AssociationID = assoc
			ac := model.Clone(eip)
			ac.AssociationID = assoc
			ac.NetworkInterfaceID = eni.ID
			ac.PrivateIP = ip
			ac.InstanceID = ""
			tx.Addresses.Put(ac)
			g.PublicIP = eip.PublicIP
			g.AssociationID = assoc
		}
		tx.NetworkInterfaces.Put(eni)
		tx.NatGateways.Put(g)
		return nil
	})
	return out, err
}

// natGatewaysInZone counts the NAT gateways of scope in an Availability
// Zone that count toward the quota (pending, available, deleting).
func natGatewaysInZone(w *store.World, scope model.Scope, zone string) int {
	n := 0
	w.NatGateways.All(func(g *model.NatGateway) bool {
		if g.InScope(scope) && natGatewayLive(g) {
			if sn, ok := w.Subnets.Get(g.SubnetID); ok && sn.AvailabilityZone == zone {
				n++
			}
		}
		return true
	})
	return n
}

// purgeExpiredNatGateways removes deleted and failed NAT gateways of scope
// whose retention has passed.
func purgeExpiredNatGateways(tx *store.Tx, scope model.Scope) {
	var expired []string
	tx.NatGateways.All(func(g *model.NatGateway) bool {
		if g.InScope(scope) && !NatGatewayVisible(g, tx.Now()) {
			expired = append(expired, g.ID)
		}
		return true
	})
	for _, id := range expired {
		tx.NatGateways.Delete(id)
	}
}

// GetNatGateway returns a NAT gateway in scope that Describe still shows.
func GetNatGateway(w *store.World, scope model.Scope, id string, now time.Time) (*model.NatGateway, error) {
	if id == "" {
		return nil, awserr.MissingParameter("NatGatewayId")
	}
	g, err := find(kindNAT, w.NatGateways, scope, id)
	if err != nil {
		return nil, err
	}
	if !NatGatewayVisible(g, now) {
		return nil, kindNAT.NotFound(id)
	}
	return g, nil
}

// DeleteNatGateway deletes a NAT gateway: its Elastic IP is disassociated
// (not released), its network interface deleted, and it stays visible as
// deleted for an hour. It returns the gateway as the answer shows it
// (state deleting).
func (s *Service) DeleteNatGateway(ctx context.Context, scope model.Scope, id string) (*model.NatGateway, error) {
	if id == "" {
		return nil, awserr.MissingParameter("NatGatewayId")
	}
	var out *model.NatGateway
	err := s.update(ctx, func(tx *store.Tx) error {
		g, err := GetNatGateway(tx.World, scope, id, tx.Now())
		if err != nil {
			return err
		}
		out = g
		if g.State == NatDeleted {
			return nil
		}
		if g.NetworkInterfaceID != "" {
			DisassociateAddressesOfInterface(tx, g.NetworkInterfaceID)
			tx.NetworkInterfaces.Delete(g.NetworkInterfaceID)
		}
		c := model.Clone(g)
		c.State = NatDeleted
		c.DeleteTime = tx.Now()
		// The addresses are free again: nothing in the data plane may still
		// resolve to this gateway.
		c.PrivateIP = netip.Addr{}
		c.PublicIP = netip.Addr{}
		c.AssociationID = ""
		tx.NatGateways.Put(c)
		out = model.Clone(c)
		out.State = NatDeleting
		return nil
	})
	return out, err
}

// natMAC returns a locally administered MAC address ("02:" + 10 hex
// digits), as EC2 assigns them.
func natMAC(tx *store.Tx) string {
	h := tx.NewHex(10)
	return fmt.Sprintf("02:%s:%s:%s:%s:%s", h[0:2], h[2:4], h[4:6], h[6:8], h[8:10])
}
