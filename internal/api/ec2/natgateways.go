package ec2

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

func (a *API) registerNatGateways() {
	handle(a, "CreateNatGateway", a.createNatGateway)
	handle(a, "DescribeNatGateways", a.describeNatGateways)
	handle(a, "DeleteNatGateway", func(ctx context.Context, r *Request, in *DeleteNatGatewayRequest) (*DeleteNatGatewayResult, error) {
		g, err := a.ctl.DeleteNatGateway(ctx, r.Scope, deref(in.NatGatewayId))
		if err != nil {
			return nil, err
		}
		return &DeleteNatGatewayResult{NatGatewayId: str(g.ID)}, nil
	})
}

func (a *API) createNatGateway(ctx context.Context, r *Request, in *CreateNatGatewayRequest) (*CreateNatGatewayResult, error) {
	if m := deref(in.AvailabilityMode); m != "" && m != "zonal" {
		return nil, awserr.New("UnsupportedOperation", "Regional NAT gateways are not supported by vpcsim.")
	}
	if in.VpcId != nil || len(in.AvailabilityZoneAddresses) > 0 {
		return nil, awserr.New("UnsupportedOperation", "Regional NAT gateways are not supported by vpcsim.")
	}
	if len(in.SecondaryAllocationIds) > 0 || len(in.SecondaryPrivateIpAddresses) > 0 || derefI32(in.SecondaryPrivateIpAddressCount, 0) > 0 {
		return nil, awserr.New("UnsupportedOperation", "Secondary NAT gateway addresses are not supported by vpcsim.")
	}
	tags, err := tagsFor(in.TagSpecifications, "natgateway")
	if err != nil {
		return nil, err
	}
	g, err := a.ctl.CreateNatGateway(ctx, r.Scope, control.CreateNatGatewayInput{
		SubnetID:         deref(in.SubnetId),
		AllocationID:     deref(in.AllocationId),
		ConnectivityType: deref(in.ConnectivityType),
		PrivateIPAddress: deref(in.PrivateIpAddress),
		Tags:             tags,
	})
	if err != nil {
		return nil, err
	}
	out := natGatewayOut(g)
	// EC2 answers the create with pending and without the failure, which a
	// later Describe reports; the address association is still in progress.
	out.State = str(control.NatPending)
	out.FailureCode, out.FailureMessage = nil, nil
	for i := range out.NatGatewayAddresses {
		out.NatGatewayAddresses[i].Status = str("associating")
	}
	return &CreateNatGatewayResult{ClientToken: in.ClientToken, NatGateway: out}, nil
}

var natGatewayFilters = filterTable[model.NatGateway]{
	"nat-gateway-id": func(g *model.NatGateway) []string { return one(g.ID) },
	"state":          func(g *model.NatGateway) []string { return one(g.State) },
	"subnet-id":      func(g *model.NatGateway) []string { return one(g.SubnetID) },
	"vpc-id":         func(g *model.NatGateway) []string { return one(g.VpcID) },
}

func (a *API) describeNatGateways(ctx context.Context, r *Request, in *DescribeNatGatewaysRequest) (*DescribeNatGatewaysResult, error) {
	m, err := compileFilters(natGatewayFilters, in.Filter)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	w := a.ctl.View(ctx)
	now := a.ctl.Now()
	for _, id := range in.NatGatewayIds {
		if _, err := control.GetNatGateway(w, r.Scope, id, now); err != nil {
			return nil, err
		}
	}
	// Deleted and failed gateways stay listed for about an hour.
	m.preds = append(m.preds, func(g *model.NatGateway) bool { return control.NatGatewayVisible(g, now) })
	gs, next, err := describe(w.NatGateways, r.Scope, in.NatGatewayIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeNatGatewaysResult{NextToken: next, NatGateways: make([]NatGateway, len(gs))}
	for i, g := range gs {
		out.NatGateways[i] = *natGatewayOut(g)
	}
	return out, nil
}

func natGatewayOut(g *model.NatGateway) *NatGateway {
	out := &NatGateway{
		NatGatewayId:     str(g.ID),
		SubnetId:         str(g.SubnetID),
		VpcId:            str(g.VpcID),
		State:            str(g.State),
		ConnectivityType: str(g.ConnectivityType),
		CreateTime:       timep(g.Created),
		DeleteTime:       timep(g.DeleteTime),
		FailureCode:      optStr(g.FailureCode),
		FailureMessage:   optStr(g.FailureMessage),
		Tags:             tagSet(&g.Meta),
		AvailabilityMode: str("zonal"),
	}
	if g.NetworkInterfaceID != "" || g.AllocationID != "" {
		addr := NatGatewayAddress{
			AllocationId:       optStr(g.AllocationID),
			NetworkInterfaceId: optStr(g.NetworkInterfaceID),
			PrivateIp:          optAddr(g.PrivateIP),
			PublicIp:           optAddr(g.PublicIP),
			AssociationId:      optStr(g.AssociationID),
			IsPrimary:          boolp(true),
		}
		switch g.State {
		case control.NatAvailable, control.NatPending:
			addr.Status = str("succeeded")
		case control.NatFailed:
			addr.Status = str("failed")
			addr.FailureMessage = optStr(g.FailureMessage)
		}
		out.NatGatewayAddresses = []NatGatewayAddress{addr}
	}
	return out
}
