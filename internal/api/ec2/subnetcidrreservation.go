package ec2

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

func (a *API) registerSubnetCidrReservations() {
	handle(a, "CreateSubnetCidrReservation", func(ctx context.Context, r *Request, in *CreateSubnetCidrReservationRequest) (*CreateSubnetCidrReservationResult, error) {
		tags, err := tagsFor(in.TagSpecifications, "subnet-cidr-reservation")
		if err != nil {
			return nil, err
		}
		res, err := a.ctl.CreateSubnetCidrReservation(ctx, r.Scope, control.CreateSubnetCidrReservationInput{SubnetID: deref(in.SubnetId),
			Cidr: deref(in.Cidr), ReservationType: deref(in.ReservationType), Description: deref(in.Description), Tags: tags})
		if err != nil {
			return nil, err
		}
		out := subnetCidrReservationOut(res)
		return &CreateSubnetCidrReservationResult{SubnetCidrReservation: &out}, nil
	})
	handle(a, "GetSubnetCidrReservations", a.getSubnetCidrReservations)
	handle(a, "DeleteSubnetCidrReservation", func(ctx context.Context, r *Request, in *DeleteSubnetCidrReservationRequest) (*DeleteSubnetCidrReservationResult, error) {
		res, err := a.ctl.DeleteSubnetCidrReservation(ctx, r.Scope, deref(in.SubnetCidrReservationId))
		if err != nil {
			return nil, err
		}
		out := subnetCidrReservationOut(res)
		return &DeleteSubnetCidrReservationResult{DeletedSubnetCidrReservation: &out}, nil
	})
}

func subnetCidrReservationOut(r *model.SubnetCidrReservation) SubnetCidrReservation {
	return SubnetCidrReservation{SubnetCidrReservationId: str(r.ID), SubnetId: str(r.SubnetID), Cidr: str(r.Cidr.String()),
		ReservationType: str(r.ReservationType), OwnerId: str(r.Account), Description: optStr(r.Description), Tags: tagSet(&r.Meta)}
}

var subnetCidrReservationFilters = filterTable[model.SubnetCidrReservation]{
	"reservationType":            func(v *model.SubnetCidrReservation) []string { return one(v.ReservationType) },
	"subnet-id":                  func(v *model.SubnetCidrReservation) []string { return one(v.SubnetID) },
	"owner-id":                   func(v *model.SubnetCidrReservation) []string { return one(v.Account) },
	"subnet-cidr-reservation-id": func(v *model.SubnetCidrReservation) []string { return one(v.ID) },
}

func (a *API) getSubnetCidrReservations(ctx context.Context, r *Request, in *GetSubnetCidrReservationsRequest) (*GetSubnetCidrReservationsResult, error) {
	m, err := compileFilters(subnetCidrReservationFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	list, err := a.ctl.SubnetCidrReservations(ctx, r.Scope, deref(in.SubnetId))
	if err != nil {
		return nil, err
	}
	out := &GetSubnetCidrReservationsResult{}
	n := int32(0)
	last := ""
	for _, res := range list {
		if p.after != "" && res.ID <= p.after {
			continue
		}
		if !m.match(res) {
			continue
		}
		if p.max > 0 && n == p.max {
			out.NextToken = token(last)
			break
		}
		n++
		last = res.ID
		if res.Cidr.Addr().Is4() {
			out.SubnetIpv4CidrReservations = append(out.SubnetIpv4CidrReservations, subnetCidrReservationOut(res))
		} else {
			out.SubnetIpv6CidrReservations = append(out.SubnetIpv6CidrReservations, subnetCidrReservationOut(res))
		}
	}
	return out, nil
}
