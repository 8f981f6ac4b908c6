package ec2

import (
	"context"
	"strings"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

func (a *API) registerRouteTables() {
	handle(a, "CreateRouteTable", a.createRouteTable)
	handleNoOutput(a, "DeleteRouteTable", func(ctx context.Context, r *Request, in *DeleteRouteTableRequest) error {
		return a.ctl.DeleteRouteTable(ctx, r.Scope, deref(in.RouteTableId))
	})
	handle(a, "DescribeRouteTables", a.describeRouteTables)
	handle(a, "AssociateRouteTable", func(ctx context.Context, r *Request, in *AssociateRouteTableRequest) (*AssociateRouteTableResult, error) {
		id, err := a.ctl.AssociateRouteTable(ctx, r.Scope, deref(in.RouteTableId), deref(in.SubnetId), deref(in.GatewayId))
		if err != nil {
			return nil, err
		}
		return &AssociateRouteTableResult{AssociationId: str(id), AssociationState: &RouteTableAssociationState{State: str("associated")}}, nil
	})
	handleNoOutput(a, "DisassociateRouteTable", func(ctx context.Context, r *Request, in *DisassociateRouteTableRequest) error {
		return a.ctl.DisassociateRouteTable(ctx, r.Scope, deref(in.AssociationId))
	})
	handle(a, "ReplaceRouteTableAssociation", func(ctx context.Context, r *Request, in *ReplaceRouteTableAssociationRequest) (*ReplaceRouteTableAssociationResult, error) {
		id, err := a.ctl.ReplaceRouteTableAssociation(ctx, r.Scope, deref(in.AssociationId), deref(in.RouteTableId))
		if err != nil {
			return nil, err
		}
		return &ReplaceRouteTableAssociationResult{NewAssociationId: str(id), AssociationState: &RouteTableAssociationState{State: str("associated")}}, nil
	})
	handle(a, "CreateRoute", func(ctx context.Context, r *Request, in *CreateRouteRequest) (*CreateRouteResult, error) {
		err := a.ctl.CreateRoute(ctx, r.Scope, control.RouteInput{
			RouteTableID:                deref(in.RouteTableId),
			DestinationCidrBlock:        deref(in.DestinationCidrBlock),
			DestinationIpv6CidrBlock:    deref(in.DestinationIpv6CidrBlock),
			DestinationPrefixListID:     deref(in.DestinationPrefixListId),
			GatewayID:                   deref(in.GatewayId),
			EgressOnlyInternetGatewayID: deref(in.EgressOnlyInternetGatewayId),
			NatGatewayID:                deref(in.NatGatewayId),
			InstanceID:                  deref(in.InstanceId),
			NetworkInterfaceID:          deref(in.NetworkInterfaceId),
			VpcPeeringConnectionID:      deref(in.VpcPeeringConnectionId),
			TransitGatewayID:            deref(in.TransitGatewayId),
			CarrierGatewayID:            deref(in.CarrierGatewayId),
			LocalGatewayID:              deref(in.LocalGatewayId),
			CoreNetworkArn:              deref(in.CoreNetworkArn),
			VpcEndpointID:               deref(in.VpcEndpointId),
		})
		if err != nil {
			return nil, err
		}
		return &CreateRouteResult{Return: boolp(true)}, nil
	})
	handleNoOutput(a, "ReplaceRoute", func(ctx context.Context, r *Request, in *ReplaceRouteRequest) error {
		return a.ctl.ReplaceRoute(ctx, r.Scope, control.RouteInput{
			RouteTableID:                deref(in.RouteTableId),
			DestinationCidrBlock:        deref(in.DestinationCidrBlock),
			DestinationIpv6CidrBlock:    deref(in.DestinationIpv6CidrBlock),
			DestinationPrefixListID:     deref(in.DestinationPrefixListId),
			GatewayID:                   deref(in.GatewayId),
			EgressOnlyInternetGatewayID: deref(in.EgressOnlyInternetGatewayId),
			NatGatewayID:                deref(in.NatGatewayId),
			InstanceID:                  deref(in.InstanceId),
			NetworkInterfaceID:          deref(in.NetworkInterfaceId),
			VpcPeeringConnectionID:      deref(in.VpcPeeringConnectionId),
			TransitGatewayID:            deref(in.TransitGatewayId),
			CarrierGatewayID:            deref(in.CarrierGatewayId),
			LocalGatewayID:              deref(in.LocalGatewayId),
			CoreNetworkArn:              deref(in.CoreNetworkArn),
			VpcEndpointID:               deref(in.VpcEndpointId),
			LocalTarget:                 derefBool(in.LocalTarget),
		})
	})
	handleNoOutput(a, "DeleteRoute", func(ctx context.Context, r *Request, in *DeleteRouteRequest) error {
		return a.ctl.DeleteRoute(ctx, r.Scope, deref(in.RouteTableId), deref(in.DestinationCidrBlock), deref(in.DestinationIpv6CidrBlock), deref(in.DestinationPrefixListId))
	})
	handleNoOutput(a, "EnableVgwRoutePropagation", func(ctx context.Context, r *Request, in *EnableVgwRoutePropagationRequest) error {
		return a.ctl.EnableVgwRoutePropagation(ctx, r.Scope, deref(in.RouteTableId), deref(in.GatewayId))
	})
	handleNoOutput(a, "DisableVgwRoutePropagation", func(ctx context.Context, r *Request, in *DisableVgwRoutePropagationRequest) error {
		return a.ctl.DisableVgwRoutePropagation(ctx, r.Scope, deref(in.RouteTableId), deref(in.GatewayId))
	})
	// api.go calls only the existing register functions; the virtual private
	// gateways that route propagation needs register here.
	a.registerVpnGateways()
}

func (a *API) createRouteTable(ctx context.Context, r *Request, in *CreateRouteTableRequest) (*CreateRouteTableResult, error) {
	tags, err := tagsFor(in.TagSpecifications, "route-table")
	if err != nil {
		return nil, err
	}
	rt, err := a.ctl.CreateRouteTable(ctx, r.Scope, deref(in.VpcId), tags)
	if err != nil {
		return nil, err
	}
	return &CreateRouteTableResult{RouteTable: routeTableOut(a.ctl.View(ctx), rt), ClientToken: in.ClientToken}, nil
}

// routeTableFilters are DescribeRouteTables' 21 filters [ec2-api-surface.md §4].
func routeTableFilters(w *store.World) filterTable[model.RouteTable] {
	assoc := func(f func(model.RouteTableAssoc) string) func(rt *model.RouteTable) []string {
		return func(rt *model.RouteTable) []string {
			var out []string
			for _, a := range rt.Associations {
				if v := f(a); v != "" {
					out = append(out, v)
				}
			}
			return out
		}
	}
	routes := func(f func(rt *model.RouteTable, r *model.Route) string) func(rt *model.RouteTable) []string {
		return func(rt *model.RouteTable) []string {
			var out []string
			routes := control.RouteTableRoutes(w, rt)
			for i := range routes {
				if v := f(rt, &routes[i]); v != "" {
					out = append(out, v)
				}
			}
			return out
		}
	}
	target := func(kinds ...model.TargetKind) func(rt *model.RouteTable, r *model.Route) string {
		return func(rt *model.RouteTable, r *model.Route) string {
			for _, k := range kinds {
				if r.Target == k {
					return r.TargetID
				}
			}
			return ""
		}
	}
	return filterTable[model.RouteTable]{
		"association.gateway-id":                 assoc(func(a model.RouteTableAssoc) string { return a.GatewayID }),
		"association.route-table-association-id": assoc(func(a model.RouteTableAssoc) string { return a.ID }),
		"association.route-table-id": func(rt *model.RouteTable) []string {
			if len(rt.Associations) == 0 {
				return nil
			}
			return one(rt.ID)
		},
		"association.subnet-id": assoc(func(a model.RouteTableAssoc) string { return a.SubnetID }),
		"association.main":      assoc(func(a model.RouteTableAssoc) string { return boolStr(a.Main) }),
		"owner-id":              func(rt *model.RouteTable) []string { return one(rt.Account) },
		"route-table-id":        func(rt *model.RouteTable) []string { return one(rt.ID) },
		"route.destination-cidr-block": routes(func(_ *model.RouteTable, r *model.Route) string {
			if r.DestinationPrefixListID == "" && r.Destination.Addr().Is4() {
				return r.Destination.String()
			}
			return ""
		}),
		"route.destination-ipv6-cidr-block": routes(func(_ *model.RouteTable, r *model.Route) string {
			if r.DestinationPrefixListID == "" && r.Destination.Addr().Is6() {
				return r.Destination.String()
			}
			return ""
		}),
		"route.destination-prefix-list-id":      routes(func(_ *model.RouteTable, r *model.Route) string { return r.DestinationPrefixListID }),
		"route.egress-only-internet-gateway-id": routes(target(model.TargetEIGW)),
		"route.gateway-id":                      routes(target(model.TargetLocal, model.TargetIGW, model.TargetVGW, model.TargetVPCEndpoint)),
		"route.instance-id":                     routes(func(_ *model.RouteTable, r *model.Route) string { return control.RouteInstance(w, r) }),
		"route.nat-gateway-id":                  routes(target(model.TargetNAT)),
		"route.transit-gateway-id":              routes(target(model.TargetTGW)),
		"route.origin":                          routes(func(_ *model.RouteTable, r *model.Route) string { return r.Origin }),
		"route.state":                           routes(func(rt *model.RouteTable, r *model.Route) string { return control.RouteState(w, rt, r) }),
		"route.vpc-peering-connection-id":       routes(target(model.TargetPeering)),
		"vpc-id":                                func(rt *model.RouteTable) []string { return one(rt.VpcID) },
	}
}

func (a *API) describeRouteTables(ctx context.Context, r *Request, in *DescribeRouteTablesRequest) (*DescribeRouteTablesResult, error) {
	w := a.ctl.View(ctx)
	m, err := compileFilters(routeTableFilters(w), in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 100)
	if err != nil {
		return nil, err
	}
	rts, next, err := describe(w.RouteTables, r.Scope, in.RouteTableIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeRouteTablesResult{NextToken: next, RouteTables: make([]RouteTable, len(rts))}
	for i, rt := range rts {
		out.RouteTables[i] = *routeTableOut(w, rt)
	}
	return out, nil
}

func routeTableOut(w *store.World, rt *model.RouteTable) *RouteTable {
	out := &RouteTable{
		RouteTableId: str(rt.ID),
		VpcId:        str(rt.VpcID),
		OwnerId:      str(rt.Account),
		Tags:         tagSet(&rt.Meta),
	}
	for _, a := range rt.Associations {
		out.Associations = append(out.Associations, RouteTableAssociation{
			Main:                    boolp(a.Main),
			RouteTableAssociationId: str(a.ID),
			RouteTableId:            str(rt.ID),
			SubnetId:                optStr(a.SubnetID),
			GatewayId:               optStr(a.GatewayID),
			AssociationState:        &RouteTableAssociationState{State: str("associated")},
		})
	}
	for _, g := range rt.PropagatingVgws {
		out.PropagatingVgws = append(out.PropagatingVgws, PropagatingVgw{GatewayId: str(g)})
	}
	routes := control.RouteTableRoutes(w, rt)
	for i := range routes {
		out.Routes = append(out.Routes, routeEntryOut(w, rt, &routes[i]))
	}
	return out
}

func routeEntryOut(w *store.World, rt *model.RouteTable, r *model.Route) Route {
	o := Route{Origin: str(r.Origin), State: str(control.RouteState(w, rt, r))}
	switch {
	case r.DestinationPrefixListID != "":
		o.DestinationPrefixListId = str(r.DestinationPrefixListID)
	case r.Destination.Addr().Is4():
		o.DestinationCidrBlock = str(r.Destination.String())
	default:
		o.DestinationIpv6CidrBlock = str(r.Destination.String())
	}
	switch r.Target {
	case model.TargetLocal, model.TargetIGW, model.TargetVGW, model.TargetVPCEndpoint:
		o.GatewayId = str(r.TargetID)
	case model.TargetEIGW:
		o.EgressOnlyInternetGatewayId = str(r.TargetID)
	case model.TargetNAT:
		o.NatGatewayId = str(r.TargetID)
	case model.TargetInstance, model.TargetENI:
		o.NetworkInterfaceId = optStr(r.TargetID)
	case model.TargetPeering:
		o.VpcPeeringConnectionId = str(r.TargetID)
	case model.TargetTGW:
		o.TransitGatewayId = str(r.TargetID)
	case model.TargetCarrierGW:
		o.CarrierGatewayId = str(r.TargetID)
	case model.TargetLocalGateway:
		o.LocalGatewayId = str(r.TargetID)
	case model.TargetCoreNetwork:
		o.CoreNetworkArn = str(r.TargetID)
	default:
		if strings.HasPrefix(r.TargetID, "vpce-") {
			o.GatewayId = str(r.TargetID)
		}
	}
	if inst, owner := control.RouteInstanceOwner(w, rt, r); inst != "" {
		o.InstanceId = str(inst)
		o.InstanceOwnerId = str(owner)
	}
	return o
}
