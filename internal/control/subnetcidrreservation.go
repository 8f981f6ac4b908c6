package control

import (
	"context"
	"net/netip"
	"sort"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Subnet CIDR reservation rules [VPC User Guide, subnet-cidr-reservation.md;
// EC2 API CreateSubnetCidrReservation]:
//   - the CIDR is an IPv4 or IPv6 prefix inside one of the subnet's blocks;
//   - ReservationType is prefix or explicit;
//   - reservations of the same VPC do not overlap ("When you reserve
//     multiple CIDR ranges within the same VPC, the CIDR ranges cannot
//     overlap");
//   - the range may include addresses already in use; reserving does not
//     unassign them, and AWS never auto-assigns a reserved address
//     (allocatePrivateIPv4, allocateIPv6);
//   - deleting the subnet deletes its reservations.

var kindSCR = idKindOf(store.SubnetCidrReservationKind)

// CreateSubnetCidrReservationInput is CreateSubnetCidrReservation's request.
type CreateSubnetCidrReservationInput struct {
	SubnetID        string
	Cidr            string
	ReservationType string
	Description     string
	Tags            map[string]string
}

// maxSubnetCidrReservationDescription is the documented description limit
// (255 characters, as for other EC2 descriptions).
const maxSubnetCidrReservationDescription = 255

// CreateSubnetCidrReservation reserves a range of a subnet.
func (s *Service) CreateSubnetCidrReservation(ctx context.Context, scope model.Scope, in CreateSubnetCidrReservationInput) (*model.SubnetCidrReservation, error) {
	if in.ReservationType != "prefix" && in.ReservationType != "explicit" {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter reservationType is invalid. Valid values are prefix, explicit.", in.ReservationType)
	}
	p, err := netip.ParsePrefix(in.Cidr)
	if err != nil || p.Masked() != p {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter cidr is invalid. This is not a valid CIDR block.", in.Cidr)
	}
	if len(in.Description) > maxSubnetCidrReservationDescription {
		return nil, awserr.InvalidParameterValue("Value for parameter description is invalid. It must be at most %d characters long.", maxSubnetCidrReservationDescription)
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.SubnetCidrReservation
	err = s.update(ctx, func(tx *store.Tx) error {
		sn, err := find(kindSubnet, tx.Subnets, scope, in.SubnetID)
		if err != nil {
			return err
		}
		inside := p.Addr().Is4() && sn.CidrBlock.IsValid() && sn.CidrBlock.Bits() <= p.Bits() && sn.CidrBlock.Contains(p.Addr())
		if v6, ok := sn.Ipv6CidrBlock(); ok && p.Addr().Is6() && v6.Bits() <= p.Bits() && v6.Contains(p.Addr()) {
			inside = true
		}
		if !inside {
			return awserr.InvalidParameterValue("The CIDR %s is not within the CIDR ranges of subnet %s.", p, sn.ID)
		}
		t := store.SubnetCidrReservationKind.In(tx.World)
		for _, other := range tx.Subnets.Children(sn.VpcID) {
			for _, r := range t.Children(other.ID) {
				if r.Cidr.Overlaps(p) {
					return awserr.InvalidParameterValue("The CIDR %s conflicts with another subnet CIDR reservation %s.", p, r.ID)
				}
			}
		}
		out = &model.SubnetCidrReservation{Meta: newMeta(tx, scope, tx.NewID("scr"), in.Tags), SubnetID: sn.ID, Cidr: p,
			ReservationType: in.ReservationType, Description: in.Description}
		t.Put(out)
		return nil
	})
	return out, err
}

// SubnetCidrReservations returns a subnet's reservations of one family
// (IPv4 first when both are asked), in id order [EC2 API
// GetSubnetCidrReservations].
func (s *Service) SubnetCidrReservations(ctx context.Context, scope model.Scope, subnetID string) ([]*model.SubnetCidrReservation, error) {
	w := s.View(ctx)
	sn, err := find(kindSubnet, w.Subnets, scope, subnetID)
	if err != nil {
		return nil, err
	}
	out := store.SubnetCidrReservationKind.In(w).Children(sn.ID)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// DeleteSubnetCidrReservation deletes a reservation; addresses in use keep
// their assignment.
func (s *Service) DeleteSubnetCidrReservation(ctx context.Context, scope model.Scope, id string) (*model.SubnetCidrReservation, error) {
	var out *model.SubnetCidrReservation
	err := s.update(ctx, func(tx *store.Tx) error {
		t := store.SubnetCidrReservationKind.In(tx.World)
		r, err := find(kindSCR, t, scope, id)
		if err != nil {
			return err
		}
		t.Delete(r.ID)
		out = r
		return nil
	})
	return out, err
}

// reservedRanges returns the CIDR reservations of a subnet: addresses in
// them are never auto-assigned.
func reservedRanges(w *store.World, subnetID string) []netip.Prefix {
	var out []netip.Prefix
	for _, r := range store.SubnetCidrReservationKind.In(w).Children(subnetID) {
		out = append(out, r.Cidr)
	}
	return out
}

// inRanges reports whether a is inside one of ranges.
func inRanges(ranges []netip.Prefix, a netip.Addr) bool {
	for _, p := range ranges {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// deleteSubnetCidrReservations removes the reservations of a deleted
// subnet.
func deleteSubnetCidrReservations(tx *store.Tx, subnetID string) {
	t := store.SubnetCidrReservationKind.In(tx.World)
	for _, r := range t.Children(subnetID) {
		t.Delete(r.ID)
	}
}
