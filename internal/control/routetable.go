package control

import (
	"context"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// defaultRouteTablesPerVpc is AWS's adjustable default quota [VPC-UG amazon-vpc-limits.md].
const defaultRouteTablesPerVpc = 200

// defaultRoutesPerTable is AWS's adjustable quota of non-propagated routes
// per route table, counted separately for IPv4 and IPv6 [VPC-UG amazon-vpc-limits.md].
const defaultRoutesPerTable = 50

// Ranges no route may target exactly or inside [VPC-UG VPC_Route_Tables.md
// "Rules and considerations"].
var (
	reservedRouteV4 = netip.MustParsePrefix("169.254.168.0/22")
	reservedRouteV6 = netip.MustParsePrefix("fd00:ec2::/32")
)

// createMainRouteTable creates a VPC's main route table with its local routes.
func createMainRouteTable(tx *store.Tx, v *model.VPC) *model.RouteTable {
	rt := &model.RouteTable{
		Meta:         newMeta(tx, v.Scope(), tx.NewID("rtb"), nil),
		VpcID:        v.ID,
		Associations: []model.RouteTableAssoc{{ID: tx.NewID("rtbassoc"), Main: true}},
		Routes:       localRoutes(v),
	}
	tx.RouteTables.Put(rt)
	return rt
}

// localRoutes returns the local route of every CIDR block of the VPC.
func localRoutes(v *model.VPC) []model.Route {
	var out []model.Route
	for _, p := range v.ActiveCidrs() {
		out = append(out, model.Route{Destination: p, Target: model.TargetLocal, TargetID: "local", Origin: model.OriginCreateRouteTable})
	}
	return out
}

// isLocalRoute reports whether r is one of the table's local routes, whose
// target may have been replaced by an appliance (origin stays CreateRouteTable).
func isLocalRoute(r *model.Route) bool {
	return r.Target == model.TargetLocal || (r.Origin == model.OriginCreateRouteTable && r.DestinationPrefixListID == "")
}

// addLocalRoutes adds the local route for a new VPC CIDR to every table of the VPC.
func addLocalRoutes(tx *store.Tx, vpcID string, p netip.Prefix) {
	for _, rt := range tx.RouteTables.Children(vpcID) {
		c := model.Clone(rt)
		c.Routes = append(c.Routes, model.Route{Destination: p, Target: model.TargetLocal, TargetID: "local", Origin: model.OriginCreateRouteTable})
		tx.RouteTables.Put(c)
	}
}

// removeLocalRoutes removes the local route for p from every table of the VPC.
func removeLocalRoutes(tx *store.Tx, vpcID string, p netip.Prefix) {
	for _, rt := range tx.RouteTables.Children(vpcID) {
		c := model.Clone(rt)
		kept := c.Routes[:0]
		for _, r := range c.Routes {
			if !(isLocalRoute(&r) && r.Destination == p) {
				kept = append(kept, r)
			}
		}
		c.Routes = kept
		tx.RouteTables.Put(c)
	}
}

// removeSubnetRouteAssociations drops the explicit route table association
// of a subnet (the subnet falls back to the main table, or is deleted).
func removeSubnetRouteAssociations(tx *store.Tx, vpcID, subnetID string) {
	for _, rt := range tx.RouteTables.Children(vpcID) {
		if !hasAssoc(rt, func(a model.RouteTableAssoc) bool { return a.SubnetID == subnetID }) {
			continue
		}
		c := model.Clone(rt)
		c.Associations = dropAssoc(c.Associations, func(a model.RouteTableAssoc) bool { return a.SubnetID == subnetID })
		tx.RouteTables.Put(c)
	}
}

// removeGatewayFromRouteTables drops the edge associations of gateway gwID
// and its route propagation in every route table of the VPC. Detaching a
// gateway calls it: a detached gateway routes nothing into the VPC.
func removeGatewayFromRouteTables(tx *store.Tx, vpcID, gwID string) {
	for _, rt := range tx.RouteTables.Children(vpcID) {
		prop := false
		for _, g := range rt.PropagatingVgws {
			if g == gwID {
				prop = true
			}
		}
		if !prop && !hasAssoc(rt, func(a model.RouteTableAssoc) bool { return a.GatewayID == gwID }) {
			continue
		}
		c := model.Clone(rt)
		c.Associations = dropAssoc(c.Associations, func(a model.RouteTableAssoc) bool { return a.GatewayID == gwID })
		c.PropagatingVgws = dropString(c.PropagatingVgws, gwID)
		tx.RouteTables.Put(c)
	}
}

func hasAssoc(rt *model.RouteTable, pred func(model.RouteTableAssoc) bool) bool {
	for _, a := range rt.Associations {
		if pred(a) {
			return true
		}
	}
	return false
}

func dropAssoc(as []model.RouteTableAssoc, pred func(model.RouteTableAssoc) bool) []model.RouteTableAssoc {
	var out []model.RouteTableAssoc
	for _, a := range as {
		if !pred(a) {
			out = append(out, a)
		}
	}
	return out
}

func dropString(ss []string, s string) []string {
	var out []string
	for _, x := range ss {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// MainRouteTable returns the main route table of a VPC, or nil.
func MainRouteTable(w *store.World, vpcID string) *model.RouteTable {
	var out *model.RouteTable
	w.RouteTables.ByParent(vpcID, func(rt *model.RouteTable) bool {
		if rt.IsMain() {
			out = rt
			return false
		}
		return true
	})
	return out
}

// SubnetRouteTable returns the route table a subnet uses: its explicit
// association, else its VPC's main route table [VPC-UG VPC_Route_Tables.md
// "Subnet route tables"].
func SubnetRouteTable(w *store.World, sn *model.Subnet) *model.RouteTable {
	var out *model.RouteTable
	w.RouteTables.ByParent(sn.VpcID, func(rt *model.RouteTable) bool {
		if hasAssoc(rt, func(a model.RouteTableAssoc) bool { return a.SubnetID == sn.ID }) {
			out = rt
			return false
		}
		return true
	})
	if out == nil {
		out = MainRouteTable(w, sn.VpcID)
	}
	return out
}

// isGatewayTable reports whether the table has an edge association.
func isGatewayTable(rt *model.RouteTable) bool {
	return hasAssoc(rt, func(a model.RouteTableAssoc) bool { return a.GatewayID != "" })
}

// GetRouteTable returns a route table in scope.
func GetRouteTable(w *store.World, scope model.Scope, id string) (*model.RouteTable, error) {
	return find(kindRTB, w.RouteTables, scope, id)
}

// CreateRouteTable creates a custom route table holding the VPC's local routes.
func (s *Service) CreateRouteTable(ctx context.Context, scope model.Scope, vpcID string, tags map[string]string) (*model.RouteTable, error) {
	if vpcID == "" {
		return nil, awserr.MissingParameter("VpcId")
	}
	if err := validateTags(tags); err != nil {
		return nil, err
	}
	var out *model.RouteTable
	err := s.update(ctx, func(tx *store.Tx) error {
		v, err := find(kindVPC, tx.VPCs, scope, vpcID)
		if err != nil {
			return err
		}
		if s.opts.AWSQuotas && len(tx.RouteTables.Children(v.ID)) >= defaultRouteTablesPerVpc {
			return awserr.New("RouteTableLimitExceeded", "The maximum number of route tables has been reached.")
		}
		out = &model.RouteTable{Meta: newMeta(tx, scope, tx.NewID("rtb"), tags), VpcID: v.ID, Routes: localRoutes(v)}
		tx.RouteTables.Put(out)
		return nil
	})
	return out, err
}

// DeleteRouteTable deletes a custom route table with no associations; the
// main route table cannot be deleted [VPC-UG VPC_Route_Tables.md "Main route table"].
func (s *Service) DeleteRouteTable(ctx context.Context, scope model.Scope, id string) error {
	if id == "" {
		return awserr.MissingParameter("RouteTableId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		rt, err := find(kindRTB, tx.RouteTables, scope, id)
		if err != nil {
			return err
		}
		if len(rt.Associations) > 0 {
			return awserr.DependencyViolation("The routeTable '%s' has dependencies and cannot be deleted.", id)
		}
		tx.RouteTables.Delete(id)
		return nil
	})
}

// AssociateRouteTable associates a route table with a subnet, or with an
// internet or virtual private gateway attached to its VPC (an edge
// association). It returns the association id.
func (s *Service) AssociateRouteTable(ctx context.Context, scope model.Scope, rtbID, subnetID, gatewayID string) (string, error) {
	if rtbID == "" {
		return "", awserr.MissingParameter("RouteTableId")
	}
	if subnetID == "" && gatewayID == "" {
		return "", awserr.MissingParameter("SubnetId")
	}
	if subnetID != "" && gatewayID != "" {
		return "", awserr.InvalidParameterCombination("Only one of SubnetId or GatewayId may be specified.")
	}
	var assocID string
	err := s.update(ctx, func(tx *store.Tx) error {
		rt, err := find(kindRTB, tx.RouteTables, scope, rtbID)
		if err != nil {
			return err
		}
		a := model.RouteTableAssoc{ID: tx.NewID("rtbassoc")}
		if subnetID != "" {
			sn, err := find(kindSubnet, tx.Subnets, scope, subnetID)
			if err != nil {
				return err
			}
			if sn.VpcID != rt.VpcID {
				return awserr.InvalidParameterValue("route table %s and subnet %s belong to different networks", rt.ID, sn.ID)
			}
			if isGatewayTable(rt) {
				return awserr.InvalidParameterValue("Route table %s is associated with a gateway and cannot be associated with subnet %s.", rt.ID, sn.ID)
			}
			if other := explicitSubnetTable(tx.World, sn); other != nil {
				return awserr.New("Resource.AlreadyAssociated", "the specified association for route table %s conflicts with an existing association", rt.ID)
			}
			a.SubnetID = sn.ID
		} else {
			if err := checkEdgeGateway(tx.World, scope, rt, gatewayID); err != nil {
				return err
			}
			if err := checkGatewayTableRoutes(tx.World, rt); err != nil {
				return err
			}
			a.GatewayID = gatewayID
		}
		c := model.Clone(rt)
		c.Associations = append(c.Associations, a)
		tx.RouteTables.Put(c)
		assocID = a.ID
		return nil
	})
	return assocID, err
}

// explicitSubnetTable returns the table explicitly associated with a subnet.
func explicitSubnetTable(w *store.World, sn *model.Subnet) *model.RouteTable {
	var out *model.RouteTable
	w.RouteTables.ByParent(sn.VpcID, func(rt *model.RouteTable) bool {
		if hasAssoc(rt, func(a model.RouteTableAssoc) bool { return a.SubnetID == sn.ID }) {
			out = rt
			return false
		}
		return true
	})
	return out
}

// checkEdgeGateway validates the gateway of an edge association: an internet
// or virtual private gateway attached to the table's VPC, not associated yet,
// and a table that is not the main one [VPC-UG VPC_Route_Tables.md "Gateway route tables"].
func checkEdgeGateway(w *store.World, scope model.Scope, rt *model.RouteTable, gwID string) error {
	attached := false
	switch {
	case strings.HasPrefix(gwID, "igw-"):
		g, err := find(kindIGW, w.InternetGateways, scope, gwID)
		if err != nil {
			return err
		}
		attached = g.AttachedVpc() == rt.VpcID
	case strings.HasPrefix(gwID, "vgw-"):
		g, err := find(kindVGW, w.VpnGateways, scope, gwID)
		if err != nil {
			return err
		}
		attached = vgwAttachedTo(g, rt.VpcID)
	default:
		return awserr.InvalidParameterValue("Value (%s) for parameter gatewayId is invalid. Only internet gateways and virtual private gateways can be associated with a route table.", gwID)
	}
	if !attached {
		return awserr.InvalidParameterValue("route table %s and network gateway %s belong to different networks", rt.ID, gwID)
	}
	if rt.IsMain() {
		return awserr.InvalidParameterValue("The main route table %s cannot be associated with a gateway.", rt.ID)
	}
	var taken bool
	w.RouteTables.ByParent(rt.VpcID, func(o *model.RouteTable) bool {
		taken = hasAssoc(o, func(a model.RouteTableAssoc) bool { return a.GatewayID == gwID })
		return !taken
	})
	if taken {
		return awserr.New("Resource.AlreadyAssociated", "the specified association for route table %s conflicts with an existing association", rt.ID)
	}
	return nil
}

// checkGatewayTableRoutes applies AWS's conditions for a gateway route
// table: only local, network interface or Gateway Load Balancer endpoint
// targets, no destinations outside the VPC, no prefix lists and no route
// propagation [VPC-UG VPC_Route_Tables.md "Gateway route tables, Rules and considerations"].
func checkGatewayTableRoutes(w *store.World, rt *model.RouteTable) error {
	if len(rt.PropagatingVgws) > 0 {
		return awserr.InvalidParameterValue("Route table %s has route propagation enabled and cannot be associated with a gateway.", rt.ID)
	}
	v, _ := w.VPCs.Get(rt.VpcID)
	for i := range rt.Routes {
		r := &rt.Routes[i]
		if err := checkGatewayTableRoute(v, rt, r); err != nil {
			return err
		}
	}
	return nil
}

func checkGatewayTableRoute(v *model.VPC, rt *model.RouteTable, r *model.Route) error {
	switch r.Target {
	case model.TargetLocal, model.TargetENI, model.TargetInstance, model.TargetVPCEndpoint:
	default:
		return awserr.InvalidParameterValue("Route table %s contains a route to %s; a gateway route table supports only local, network interface and Gateway Load Balancer endpoint targets.", rt.ID, r.TargetID)
	}
	if r.DestinationPrefixListID != "" {
		return awserr.InvalidParameterValue("Route table %s contains a route to prefix list %s; a gateway route table cannot have prefix list destinations.", rt.ID, r.DestinationPrefixListID)
	}
	if v != nil {
		for _, c := range v.ActiveCidrs() {
			if contains(c, r.Destination) {
				return nil
			}
		}
	}
	return awserr.InvalidParameterValue("Route table %s contains a route to %s, outside the CIDR blocks of its VPC; a gateway route table can only route to the VPC's ranges.", rt.ID, r.Destination)
}

// findAssociation finds a route table association by id in scope.
func findAssociation(w *store.World, scope model.Scope, assocID string) (*model.RouteTable, model.RouteTableAssoc, error) {
	var rt *model.RouteTable
	var assoc model.RouteTableAssoc
	w.RouteTables.All(func(t *model.RouteTable) bool {
		if !t.InScope(scope) {
			return true
		}
		for _, a := range t.Associations {
			if a.ID == assocID {
				rt, assoc = t, a
				return false
			}
		}
		return true
	})
	if rt == nil {
		return nil, assoc, awserr.New("InvalidAssociationID.NotFound", "The association ID '%s' does not exist", assocID)
	}
	return rt, assoc, nil
}

// DisassociateRouteTable removes a subnet or gateway association; the main
// association can only be moved with ReplaceRouteTableAssociation.
func (s *Service) DisassociateRouteTable(ctx context.Context, scope model.Scope, assocID string) error {
	if assocID == "" {
		return awserr.MissingParameter("AssociationId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		rt, a, err := findAssociation(tx.World, scope, assocID)
		if err != nil {
			return err
		}
		if a.Main {
			return awserr.InvalidParameterValue("cannot disassociate the main route table association %s", assocID)
		}
		c := model.Clone(rt)
		c.Associations = dropAssoc(c.Associations, func(x model.RouteTableAssoc) bool { return x.ID == assocID })
		tx.RouteTables.Put(c)
		return nil
	})
}

// ReplaceRouteTableAssociation moves an association (subnet, gateway, or the
// VPC's main association) to another route table of the same VPC and
// returns the new association id [VPC-UG WorkWithRouteTables.md "Replace the main route table"].
func (s *Service) ReplaceRouteTableAssociation(ctx context.Context, scope model.Scope, assocID, rtbID string) (string, error) {
	if assocID == "" {
		return "", awserr.MissingParameter("AssociationId")
	}
	if rtbID == "" {
		return "", awserr.MissingParameter("RouteTableId")
	}
	var newID string
	err := s.update(ctx, func(tx *store.Tx) error {
		oldRT, a, err := findAssociation(tx.World, scope, assocID)
		if err != nil {
			return err
		}
		newRT, err := find(kindRTB, tx.RouteTables, scope, rtbID)
		if err != nil {
			return err
		}
		if newRT.VpcID != oldRT.VpcID {
			return awserr.InvalidParameterValue("route table %s and association %s belong to different networks", newRT.ID, assocID)
		}
		switch {
		case a.Main && isGatewayTable(newRT):
			return awserr.InvalidParameterValue("The gateway route table %s cannot be the main route table.", newRT.ID)
		case a.SubnetID != "" && isGatewayTable(newRT):
			return awserr.InvalidParameterValue("Route table %s is associated with a gateway and cannot be associated with subnet %s.", newRT.ID, a.SubnetID)
		case a.GatewayID != "":
			if newRT.IsMain() {
				return awserr.InvalidParameterValue("The main route table %s cannot be associated with a gateway.", newRT.ID)
			}
			if err := checkGatewayTableRoutes(tx.World, newRT); err != nil {
				return err
			}
		}
		newID = tx.NewID("rtbassoc")
		na := a
		na.ID = newID
		oc := model.Clone(oldRT)
		oc.Associations = dropAssoc(oc.Associations, func(x model.RouteTableAssoc) bool { return x.ID == assocID })
		tx.RouteTables.Put(oc)
		// Re-read: newRT may be oldRT.
		cur, _ := tx.RouteTables.Get(newRT.ID)
		nc := model.Clone(cur)
		nc.Associations = append(nc.Associations, na)
		tx.RouteTables.Put(nc)
		return nil
	})
	return newID, err
}

// RouteInput is a CreateRoute or ReplaceRoute request: one destination and
// one target. Empty strings are absent.
type RouteInput struct {
	RouteTableID                string
	DestinationCidrBlock        string
	DestinationIpv6CidrBlock    string
	DestinationPrefixListID     string
	GatewayID                   string
	EgressOnlyInternetGatewayID string
	NatGatewayID                string
	InstanceID                  string
	NetworkInterfaceID          string
	VpcPeeringConnectionID      string
	TransitGatewayID            string
	CarrierGatewayID            string
	LocalGatewayID              string
	CoreNetworkArn              string
	VpcEndpointID               string
	// LocalTarget restores a local route's target (ReplaceRoute only).
	LocalTarget bool
}

// destination parses the request's single destination.
func (in *RouteInput) destination() (netip.Prefix, string, error) {
	n := 0
	for _, d := range []string{in.DestinationCidrBlock, in.DestinationIpv6CidrBlock, in.DestinationPrefixListID} {
		if d != "" {
			n++
		}
	}
	if n == 0 {
		return netip.Prefix{}, "", awserr.MissingParameter("destinationCidrBlock")
	}
	if n > 1 {
		return netip.Prefix{}, "", awserr.InvalidParameterCombination("Only one of destinationCidrBlock, destinationIpv6CidrBlock and destinationPrefixListId may be specified.")
	}
	switch {
	case in.DestinationCidrBlock != "":
		p, err := parseCIDR(in.DestinationCidrBlock, "destinationCidrBlock")
		if err == nil && !p.Addr().Is4() {
			err = awserr.InvalidParameterValue("Value (%s) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.", in.DestinationCidrBlock)
		}
		if err == nil && contains(reservedRouteV4, p) {
			err = awserr.InvalidParameterValue("Value (%s) for parameter destinationCidrBlock is invalid. Routes to %s or a subset of it are not allowed.", in.DestinationCidrBlock, reservedRouteV4)
		}
		return p, "", err
	case in.DestinationIpv6CidrBlock != "":
		p, err := parseCIDR(in.DestinationIpv6CidrBlock, "destinationIpv6CidrBlock")
		if err == nil && (!p.Addr().Is6() || p.Addr().Is4In6()) {
			err = awserr.InvalidParameterValue("Value (%s) for parameter destinationIpv6CidrBlock is invalid. This is not a valid CIDR block.", in.DestinationIpv6CidrBlock)
		}
		if err == nil && contains(reservedRouteV6, p) {
			err = awserr.InvalidParameterValue("Value (%s) for parameter destinationIpv6CidrBlock is invalid. Routes to %s or a subset of it are not allowed.", in.DestinationIpv6CidrBlock, reservedRouteV6)
		}
		return p, "", err
	}
	return netip.Prefix{}, in.DestinationPrefixListID, nil
}

// destKey renders a destination as Route.DestinationKey does.
func destKey(p netip.Prefix, pl string) string {
	if pl != "" {
		return pl
	}
	return p.String()
}

// resolveTarget validates the request's single target in the table's VPC
// and returns the route with its target set.
func resolveTarget(w *store.World, scope model.Scope, rt *model.RouteTable, in *RouteInput) (model.Route, error) {
	var r model.Route
	type cand struct {
		id   string
		kind model.TargetKind
	}
	var given []cand
	add := func(id string, k model.TargetKind) {
		if id != "" {
			given = append(given, cand{id, k})
		}
	}
	add(in.GatewayID, "")
	add(in.EgressOnlyInternetGatewayID, model.TargetEIGW)
	add(in.NatGatewayID, model.TargetNAT)
	add(in.InstanceID, model.TargetInstance)
	add(in.NetworkInterfaceID, model.TargetENI)
	add(in.VpcPeeringConnectionID, model.TargetPeering)
	add(in.TransitGatewayID, model.TargetTGW)
	add(in.CarrierGatewayID, model.TargetCarrierGW)
	add(in.LocalGatewayID, model.TargetLocalGateway)
	add(in.CoreNetworkArn, model.TargetCoreNetwork)
	add(in.VpcEndpointID, model.TargetVPCEndpoint)
	if in.LocalTarget {
		given = append(given, cand{"local", model.TargetLocal})
	}
	if len(given) == 0 {
		return r, awserr.InvalidParameterCombination("The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId, vpcPeeringConnectionId, egressOnlyInternetGatewayId, transitGatewayId, localGatewayId, carrierGatewayId, coreNetworkArn, instanceId or vpcEndpointId")
	}
	if len(given) > 1 {
		return r, awserr.InvalidParameterCombination("The request can only contain one of gatewayId, natGatewayId, networkInterfaceId, vpcPeeringConnectionId, egressOnlyInternetGatewayId, transitGatewayId, localGatewayId, carrierGatewayId, coreNetworkArn, instanceId or vpcEndpointId")
	}
	t := given[0]
	r.TargetID = t.id
	r.Target = t.kind
	differ := func(noun string) error {
		return awserr.InvalidParameterValue("route table %s and %s %s belong to different networks", rt.ID, noun, t.id)
	}
	switch t.kind {
	case "": // GatewayId: igw-, vgw-, vpce- (gateway endpoint) or "local"
		gwNotFound := awserr.New("InvalidGatewayID.NotFound", "The gateway ID '%s' does not exist", t.id)
		switch {
		case t.id == "local":
			r.Target = model.TargetLocal
		case strings.HasPrefix(t.id, "igw-"):
			g, ok := inScope(w.InternetGateways, scope, t.id, func(g *model.InternetGateway) *model.Meta { return &g.Meta })
			if !ok {
				return r, gwNotFound
			}
			if g.AttachedVpc() != rt.VpcID {
				return r, differ("network gateway")
			}
			r.Target = model.TargetIGW
		case strings.HasPrefix(t.id, "vgw-"):
			g, ok := inScope(w.VpnGateways, scope, t.id, func(g *model.VpnGateway) *model.Meta { return &g.Meta })
			if !ok {
				return r, gwNotFound
			}
			if !vgwAttachedTo(g, rt.VpcID) {
				return r, differ("network gateway")
			}
			r.Target = model.TargetVGW
		case strings.HasPrefix(t.id, "vpce-"):
			if err := EndpointRouteTarget(w, scope, rt, t.id); err != nil {
				return r, err
			}
			r.Target = model.TargetVPCEndpoint
		default:
			return r, gwNotFound
		}
	case model.TargetEIGW:
		g, ok := inScope(w.EgressOnlyIGWs, scope, t.id, func(g *model.EgressOnlyInternetGateway) *model.Meta { return &g.Meta })
		if !ok {
			return r, kindEIGW.NotFound(t.id)
		}
		if !eigwAttachedTo(g, rt.VpcID) {
			return r, differ("egress only internet gateway")
		}
	case model.TargetNAT:
		n, ok := inScope(w.NatGateways, scope, t.id, func(n *model.NatGateway) *model.Meta { return &n.Meta })
		if !ok || n.State == "deleted" {
			return r, awserr.New("InvalidNatGatewayID.NotFound", "The natGateway ID '%s' does not exist", t.id)
		}
		if n.VpcID != rt.VpcID {
			return r, differ("nat gateway")
		}
	case model.TargetInstance:
		inst, err := find(kindInstance, w.Instances, scope, t.id)
		if err != nil {
			return r, err
		}
		if inst.State == "terminated" {
			return r, kindInstance.NotFound(t.id)
		}
		var enis []*model.NetworkInterface
		w.NetworkInterfaces.All(func(n *model.NetworkInterface) bool {
			if n.Attachment != nil && n.Attachment.InstanceID == inst.ID {
				enis = append(enis, n)
			}
			return true
		})
		if len(enis) > 1 {
			return r, awserr.New("InvalidInstanceID", "There are multiple interfaces attached to instance '%s'. Please specify an interface ID for the operation instead.", inst.ID)
		}
		if inst.VpcID != rt.VpcID {
			return r, differ("instance")
		}
		r.InstanceID = inst.ID
		r.TargetID = inst.PrimaryENI
		if len(enis) == 1 {
			r.TargetID = enis[0].ID
		}
	case model.TargetENI:
		n, err := find(kindENI, w.NetworkInterfaces, scope, t.id)
		if err != nil {
			return r, err
		}
		if n.VpcID != rt.VpcID {
			return r, differ("network interface")
		}
		if n.Attachment != nil {
			r.InstanceID = n.Attachment.InstanceID
		}
	case model.TargetPeering:
		// A pending connection is a valid target whose route is a
		// blackhole until it is active [PEER vpc-peering-routing.md].
		if err := peeringRouteTarget(w, scope, rt, t.id); err != nil {
			return r, err
		}
	case model.TargetTGW:
		// AWS answers a gateway the VPC has no available attachment to
		// as an unknown one (the Terraform provider retries CreateRoute
		// on this code while an attachment becomes available).
		if err := kindTGW.check(t.id); err != nil {
			return r, err
		}
		if !TGWAttachedTo(w, t.id, rt.VpcID) {
			return r, awserr.New("InvalidTransitGatewayID.NotFound", "The transitGateway ID '%s' does not exist.", t.id)
		}
	case model.TargetCarrierGW:
		return r, awserr.New("InvalidCarrierGatewayID.NotFound", "The carrierGateway ID '%s' does not exist", t.id)
	case model.TargetLocalGateway:
		return r, awserr.New("InvalidLocalGatewayID.NotFound", "The localGateway ID '%s' does not exist", t.id)
	case model.TargetCoreNetwork:
		return r, awserr.InvalidParameterValue("The core network %s does not exist.", t.id)
	case model.TargetVPCEndpoint:
		if err := EndpointRouteTarget(w, scope, rt, t.id); err != nil {
			return r, err
		}
	}
	return r, nil
}

func vgwAttachedTo(g *model.VpnGateway, vpcID string) bool {
	for _, a := range g.Attachments {
		if a.VpcID == vpcID && a.State == "attached" {
			return true
		}
	}
	return false
}

func eigwAttachedTo(g *model.EgressOnlyInternetGateway, vpcID string) bool {
	for _, a := range g.Attachments {
		if a.VpcID == vpcID && a.State != "detached" {
			return true
		}
	}
	return false
}

// checkRouteRules applies the rules that depend on destination and target
// together: a route equal to or more specific than a VPC CIDR can target
// only a NAT gateway, network interface (or instance) or Gateway Load
// Balancer endpoint, and its destination must then be a whole subnet CIDR
// [VPC-UG VPC_Route_Tables.md "Rules and considerations"]; a gateway route
// table accepts only its documented targets.
func checkRouteRules(w *store.World, rt *model.RouteTable, r *model.Route) error {
	v, ok := w.VPCs.Get(rt.VpcID)
	if !ok {
		return nil
	}
	if r.DestinationPrefixListID == "" {
		for _, c := range v.ActiveCidrs() {
			if !contains(c, r.Destination) {
				continue
			}
			switch r.Target {
			case model.TargetNAT, model.TargetENI, model.TargetInstance, model.TargetVPCEndpoint:
			default:
				return awserr.InvalidParameterValue("The destination CIDR block %s is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance.", r.Destination)
			}
			if r.Destination != c && !isSubnetCidr(w, v.ID, r.Destination) {
				return awserr.InvalidParameterValue("The destination CIDR block %s is more specific than one of this VPC's CIDR blocks and does not match the CIDR block of a subnet in this VPC.", r.Destination)
			}
		}
	}
	if isGatewayTable(rt) {
		return checkGatewayTableRoute(v, rt, r)
	}
	return nil
}

func isSubnetCidr(w *store.World, vpcID string, p netip.Prefix) bool {
	found := false
	w.Subnets.ByParent(vpcID, func(sn *model.Subnet) bool {
		if sn.CidrBlock == p {
			found = true
		}
		for _, c := range sn.Ipv6CidrBlocks {
			if c.State == "associated" && c.Prefix == p {
				found = true
			}
		}
		return !found
	})
	return found
}

// routePrefixList returns a customer-managed list of the scope or an
// AWS-managed list of the region.
func routePrefixList(w *store.World, scope model.Scope, id string) (*model.ManagedPrefixList, error) {
	if err := kindPL.check(id); err != nil {
		return nil, err
	}
	pl, ok := w.PrefixLists.Get(id)
	if !ok || !(pl.InScope(scope) || pl.IsAWSManaged() && pl.Region == scope.Region) {
		return nil, kindPL.NotFound(id)
	}
	return pl, nil
}

// CreateRoute adds a static route (origin CreateRoute) to a route table.
func (s *Service) CreateRoute(ctx context.Context, scope model.Scope, in RouteInput) error {
	if in.RouteTableID == "" {
		return awserr.MissingParameter("RouteTableId")
	}
	dest, pl, err := in.destination()
	if err != nil {
		return err
	}
	if in.GatewayID == "local" {
		return awserr.New("InvalidGatewayID.NotFound", "The gateway ID 'local' does not exist")
	}
	in.LocalTarget = false
	return s.update(ctx, func(tx *store.Tx) error {
		rt, err := find(kindRTB, tx.RouteTables, scope, in.RouteTableID)
		if err != nil {
			return err
		}
		if pl != "" {
			if _, err := routePrefixList(tx.World, scope, pl); err != nil {
				return err
			}
		}
		key := destKey(dest, pl)
		for i := range rt.Routes {
			if rt.Routes[i].DestinationKey() == key {
				return awserr.New("RouteAlreadyExists", "The route identified by %s already exists.", key)
			}
		}
		r, err := resolveTarget(tx.World, scope, rt, &in)
		if err != nil {
			return err
		}
		r.Destination, r.DestinationPrefixListID, r.Origin = dest, pl, model.OriginCreateRoute
		if err := checkRouteRules(tx.World, rt, &r); err != nil {
			return err
		}
		if s.opts.AWSQuotas && countStaticRoutes(rt, dest.Addr().Is6() && pl == "") >= defaultRoutesPerTable {
			return awserr.New("RouteLimitExceeded", "The maximum number of routes has been reached.")
		}
		c := model.Clone(rt)
		c.Routes = append(c.Routes, r)
		tx.RouteTables.Put(c)
		return nil
	})
}

func countStaticRoutes(rt *model.RouteTable, ipv6 bool) int {
	n := 0
	for _, r := range rt.Routes {
		if r.Origin == model.OriginCreateRoute && r.DestinationPrefixListID == "" && r.Destination.Addr().Is6() == ipv6 {
			n++
		}
	}
	return n
}

// ReplaceRoute changes the target of an existing route. The target of a
// local route can only be a network interface or a Gateway Load Balancer
// endpoint, or be restored to local [VPC-UG WorkWithRouteTables.md
// "Replace or restore the target for a local route"].
func (s *Service) ReplaceRoute(ctx context.Context, scope model.Scope, in RouteInput) error {
	if in.RouteTableID == "" {
		return awserr.MissingParameter("RouteTableId")
	}
	dest, pl, err := in.destination()
	if err != nil {
		return err
	}
	return s.update(ctx, func(tx *store.Tx) error {
		rt, err := find(kindRTB, tx.RouteTables, scope, in.RouteTableID)
		if err != nil {
			return err
		}
		key := destKey(dest, pl)
		idx := -1
		for i := range rt.Routes {
			if rt.Routes[i].DestinationKey() == key {
				idx = i
			}
		}
		if idx < 0 {
			// AWS answers InvalidParameterValue here, not InvalidRoute.NotFound.
			return awserr.InvalidParameterValue("There is no route defined for '%s' in the route table. Use CreateRoute instead.", key)
		}
		old := rt.Routes[idx]
		if err := CheckEndpointRouteChange(tx.World, rt, &old); err != nil {
			return err
		}
		r, err := resolveTarget(tx.World, scope, rt, &in)
		if err != nil {
			return err
		}
		r.Destination, r.DestinationPrefixListID, r.Origin = old.Destination, old.DestinationPrefixListID, old.Origin
		if isLocalRoute(&old) {
			switch r.Target {
			case model.TargetLocal:
				r.TargetID = "local"
			case model.TargetENI, model.TargetInstance, model.TargetVPCEndpoint:
			default:
				return awserr.InvalidParameterValue("The target of local route %s in route table %s can only be replaced with a network interface or a Gateway Load Balancer endpoint.", key, rt.ID)
			}
		} else {
			if r.Target == model.TargetLocal {
				return awserr.InvalidParameterValue("Route %s in route table %s is not a local route; its target cannot be set to local.", key, rt.ID)
			}
			if err := checkRouteRules(tx.World, rt, &r); err != nil {
				return err
			}
		}
		if old.Origin == model.OriginEnableVgwRoutePro {
			r.Origin = model.OriginCreateRoute
		}
		c := model.Clone(rt)
		c.Routes[idx] = r
		tx.RouteTables.Put(c)
		return nil
	})
}

// DeleteRoute removes a route; local routes cannot be removed.
func (s *Service) DeleteRoute(ctx context.Context, scope model.Scope, rtbID, cidr, ipv6Cidr, plID string) error {
	if rtbID == "" {
		return awserr.MissingParameter("RouteTableId")
	}
	in := RouteInput{DestinationCidrBlock: cidr, DestinationIpv6CidrBlock: ipv6Cidr, DestinationPrefixListID: plID}
	dest, pl, err := in.destination()
	if err != nil {
		return err
	}
	return s.update(ctx, func(tx *store.Tx) error {
		rt, err := find(kindRTB, tx.RouteTables, scope, rtbID)
		if err != nil {
			return err
		}
		key := destKey(dest, pl)
		for i := range rt.Routes {
			r := &rt.Routes[i]
			if r.DestinationKey() != key {
				continue
			}
			if isLocalRoute(r) {
				return awserr.InvalidParameterValue("cannot remove local route %s in route table %s", key, rt.ID)
			}
			if err := CheckEndpointRouteChange(tx.World, rt, r); err != nil {
				return err
			}
			c := model.Clone(rt)
			c.Routes = append(c.Routes[:i:i], c.Routes[i+1:]...)
			tx.RouteTables.Put(c)
			return nil
		}
		field := "destination-cidr-block"
		switch {
		case pl != "":
			field = "destination-prefix-list-id"
		case dest.Addr().Is6():
			field = "destination-ipv6-cidr-block"
		}
		return awserr.New("InvalidRoute.NotFound", "no route with %s %s in route table %s", field, key, rt.ID)
	})
}

// EnableVgwRoutePropagation lets a virtual private gateway attached to the
// table's VPC propagate its routes to the table. Only the propagation is
// recorded: the propagated routes (origin EnableVgwRoutePropagation) are
// computed on read from the gateway's connections (RouteTableRoutes).
func (s *Service) EnableVgwRoutePropagation(ctx context.Context, scope model.Scope, rtbID, gwID string) error {
	return s.setVgwPropagation(ctx, scope, rtbID, gwID, true)
}

// DisableVgwRoutePropagation stops a gateway's route propagation to a table.
func (s *Service) DisableVgwRoutePropagation(ctx context.Context, scope model.Scope, rtbID, gwID string) error {
	return s.setVgwPropagation(ctx, scope, rtbID, gwID, false)
}

func (s *Service) setVgwPropagation(ctx context.Context, scope model.Scope, rtbID, gwID string, on bool) error {
	if gwID == "" {
		return awserr.MissingParameter("GatewayId")
	}
	if rtbID == "" {
		return awserr.MissingParameter("RouteTableId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		rt, err := find(kindRTB, tx.RouteTables, scope, rtbID)
		if err != nil {
			return err
		}
		g, err := find(kindVGW, tx.VpnGateways, scope, gwID)
		if err != nil {
			return err
		}
		has := false
		for _, p := range rt.PropagatingVgws {
			if p == g.ID {
				has = true
			}
		}
		if has == on {
			return nil
		}
		c := model.Clone(rt)
		if on {
			if !vgwAttachedTo(g, rt.VpcID) {
				return awserr.New("Gateway.NotAttached", "resource %s is not attached to network %s", g.ID, rt.VpcID)
			}
			if isGatewayTable(rt) {
				return awserr.InvalidParameterValue("Route propagation cannot be enabled on gateway route table %s.", rt.ID)
			}
			c.PropagatingVgws = append(c.PropagatingVgws, g.ID)
		} else {
			c.PropagatingVgws = dropString(c.PropagatingVgws, g.ID)
			kept := c.Routes[:0]
			for _, r := range c.Routes {
				if !(r.Origin == model.OriginEnableVgwRoutePro && r.TargetID == g.ID) {
					kept = append(kept, r)
				}
			}
			c.Routes = kept
		}
		tx.RouteTables.Put(c)
		return nil
	})
}

// Route states as EC2 reports them.
const (
	RouteActive    = "active"
	RouteBlackhole = "blackhole"
)

// RouteState computes a route's state at read time: blackhole when its
// target no longer exists, is detached from the table's VPC (gateways, a
// network interface not attached to an instance), is a NAT gateway that is
// deleting or failed, or an instance that is stopped or terminated; active
// otherwise [VPC-UG VPC_Route_Tables.md, "blackhole"].
func RouteState(w *store.World, rt *model.RouteTable, r *model.Route) string {
	ok := true
	switch r.Target {
	case model.TargetLocal:
	case model.TargetIGW:
		g, found := w.InternetGateways.Get(r.TargetID)
		ok = found && g.AttachedVpc() == rt.VpcID
	case model.TargetVGW:
		g, found := w.VpnGateways.Get(r.TargetID)
		ok = found && vgwAttachedTo(g, rt.VpcID)
	case model.TargetEIGW:
		g, found := w.EgressOnlyIGWs.Get(r.TargetID)
		ok = found && eigwAttachedTo(g, rt.VpcID)
	case model.TargetNAT:
		n, found := w.NatGateways.Get(r.TargetID)
		ok = found && (n.State == "available" || n.State == "pending")
	case model.TargetInstance:
		ok = instanceUp(w, r.InstanceID)
		if ok {
			n, found := w.NetworkInterfaces.Get(r.TargetID)
			ok = found && n.Attachment != nil && n.Attachment.InstanceID == r.InstanceID
		}
	case model.TargetENI:
		n, found := w.NetworkInterfaces.Get(r.TargetID)
		switch {
		case !found:
			ok = false
		case n.Attachment != nil && n.Attachment.InstanceID != "":
			ok = instanceUp(w, n.Attachment.InstanceID)
		default:
			ok = n.RequesterManaged
		}
	case model.TargetPeering:
		p, found := w.PeeringConnections.Get(r.TargetID)
		ok = found && p.Active()
		if ok {
			_, _, ok = p.Side(rt.VpcID)
		}
	case model.TargetTGW:
		ok = TGWAttachedTo(w, r.TargetID, rt.VpcID)
	case model.TargetVPCEndpoint:
		ok = EndpointRouteActive(w, r.TargetID)
	}
	if ok {
		return RouteActive
	}
	return RouteBlackhole
}

// TGWAttachedTo reports whether transit gateway tgwID is available and has
// an available attachment for vpcID: a VPC route to a transit gateway is
// active only then.
func TGWAttachedTo(w *store.World, tgwID, vpcID string) bool {
	g, found := w.TransitGateways.Get(tgwID)
	if !found || g.State != model.TGWAvailable {
		return false
	}
	attached := false
	w.TGWAttachments.ByParent(tgwID, func(a *model.TransitGatewayAttachment) bool {
		attached = a.ResourceType == model.TGWAttachVPC && a.VpcID == vpcID && a.State == model.TGWAvailable
		return !attached
	})
	return attached
}

func instanceUp(w *store.World, id string) bool {
	in, found := w.Instances.Get(id)
	return found && (in.State == "running" || in.State == "pending")
}

// RouteInstance returns the instance a route reaches: the instance of an
// instance route, or the instance a target interface is attached to.
func RouteInstance(w *store.World, r *model.Route) string {
	switch r.Target {
	case model.TargetInstance:
		return r.InstanceID
	case model.TargetENI:
		if n, ok := w.NetworkInterfaces.Get(r.TargetID); ok && n.Attachment != nil {
			return n.Attachment.InstanceID
		}
	}
	return ""
}

// RouteInstanceOwner returns the instance a route reaches (RouteInstance)
// and its owner: the instance's account, or the route table's when the
// instance no longer exists. Both are "" for a route that reaches none.
func RouteInstanceOwner(w *store.World, rt *model.RouteTable, r *model.Route) (instanceID, owner string) {
	instanceID = RouteInstance(w, r)
	if instanceID == "" {
		return "", ""
	}
	owner = rt.Account
	if in, ok := w.Instances.Get(instanceID); ok {
		owner = in.Account
	}
	return instanceID, owner
}
