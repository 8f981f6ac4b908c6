package control

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
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
			if !(r.Target == model.TargetLocal && r.Destination == p) {
				kept = append(kept, r)
			}
		}
		c.Routes = kept
		tx.RouteTables.Put(c)
	}
}
