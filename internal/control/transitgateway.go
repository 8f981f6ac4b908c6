package control

import (
	"context"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Transit gateway semantics [TGW tgw-transit-gateways.md,
// how-transit-gateways-work.md, transit-gateway-quotas.md]:
//   - a new gateway gets a default route table, used as the default
//     association and default propagation table unless both are disabled;
//   - the Amazon side ASN is private: 64512-65534 or 4200000000-4294967294
//     (default 64512);
//   - CIDR blocks: IPv4 /24 or larger, IPv6 /64 or larger, none in
//     169.254.0.0/16, at most 5;
//   - quotas: 5 gateways per account (and Region), 20 route tables per
//     gateway;
//   - asynchronous states (pending, modifying, deleting) are collapsed to
//     their end state, which the Terraform provider's waiters accept;
//     deleted gateways, tables and attachments stay visible for a while.

// Transit gateway limits and defaults.
const (
	defaultTGWAsn              = 64512
	maxTGWsPerScope            = 5
	maxTGWRouteTablesPerTGW    = 20
	maxTGWCidrBlocks           = 5
	maxTGWAttachmentsPerTGW    = 5000
	maxTGWStaticRoutesPerTGW   = 10000
	maxTGWPeeringsPerTGW       = 50
	maxTGWPendingPeeringPerTGW = 10
	maxTGWsPerVpc              = 5
)

// TGWRetention is how long deleted (or rejected) transit gateways, route
// tables and attachments stay visible: two hours for attachments [TGW
// tgw-vpc-attachments.md "VPC attachment lifecycle"]; vpcsim uses the same
// for gateways and tables.
const TGWRetention = 2 * time.Hour

var (
	kindTGW       = idKindOf(store.TransitGatewayKind)
	kindTGWAttach = idKindOf(store.TGWAttachmentKind)
	kindTGWRtb    = idKindOf(store.TGWRouteTableKind)
)

// tgwNotFound is AWS's answer for an unknown (or deleted, or not shared)
// transit gateway.
func tgwNotFound(id string) error {
	return awserr.New("InvalidTransitGatewayID.NotFound", "Transit Gateway %s was deleted or does not exist.", id)
}

func tgwAttachNotFound(id string) error {
	return awserr.New("InvalidTransitGatewayAttachmentID.NotFound", "Transit Gateway Attachment %s was deleted or does not exist.", id)
}

func tgwRtbNotFound(id string) error {
	return awserr.New("InvalidRouteTableID.NotFound", "Transit Gateway Route Table %s was deleted or does not exist.", id)
}

// tgwGone reports whether a state is an end state of a deleted object.
func tgwGone(state string) bool {
	return state == model.TGWDeleted || state == model.TGWRejected || state == model.TGWFailed
}

// visibleAfterDelete reports whether an object in state, ended at end,
// is still listed at now.
func visibleAfterDelete(state string, end, now time.Time) bool {
	return !tgwGone(state) || now.Sub(end) < TGWRetention
}

// TGWVisible reports whether Describe still lists g at now.
func TGWVisible(g *model.TransitGateway, now time.Time) bool {
	return visibleAfterDelete(g.State, g.DeleteTime, now)
}

// TGWRouteTableVisible reports whether Describe still lists rt at now.
func TGWRouteTableVisible(rt *model.TransitGatewayRouteTable, now time.Time) bool {
	return visibleAfterDelete(rt.State, rt.DeleteTime, now)
}

// TGWAttachmentVisible reports whether Describe still lists a at now.
func TGWAttachmentVisible(a *model.TransitGatewayAttachment, now time.Time) bool {
	return visibleAfterDelete(a.State, a.DeleteTime, now)
}

// getTGW returns a live transit gateway of scope.
func getTGW(w *store.World, scope model.Scope, id string) (*model.TransitGateway, error) {
	if id == "" {
		return nil, awserr.MissingParameter("TransitGatewayId")
	}
	if err := kindTGW.check(id); err != nil {
		return nil, err
	}
	g, ok := w.TransitGateways.Get(id)
	if !ok || !g.InScope(scope) || tgwGone(g.State) {
		return nil, tgwNotFound(id)
	}
	return g, nil
}

// getTGWRouteTable returns a live transit gateway route table of scope.
func getTGWRouteTable(w *store.World, scope model.Scope, id string) (*model.TransitGatewayRouteTable, error) {
	if id == "" {
		return nil, awserr.MissingParameter("TransitGatewayRouteTableId")
	}
	if err := kindTGWRtb.check(id); err != nil {
		return nil, err
	}
	rt, ok := w.TGWRouteTables.Get(id)
	if !ok || !rt.InScope(scope) || tgwGone(rt.State) {
		return nil, tgwRtbNotFound(id)
	}
	return rt, nil
}

// CreateTransitGatewayInput is CreateTransitGateway's request. Empty
// option strings take AWS's defaults; AmazonSideAsn 0 is the default.
type CreateTransitGatewayInput struct {
	Description                     string
	AmazonSideAsn                   int64
	AutoAcceptSharedAttachments     string
	DefaultRouteTableAssociation    string
	DefaultRouteTablePropagation    string
	DNSSupport                      string
	VpnEcmpSupport                  string
	MulticastSupport                string
	SecurityGroupReferencingSupport string
	CidrBlocks                      []string
	Tags                            map[string]string
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// checkEnableDisable validates an option holding "enable" or "disable".
func checkEnableDisable(param, v string) error {
	if v != "" && v != "enable" && v != "disable" {
		return awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid. Valid values are enable and disable.", v, param)
	}
	return nil
}

func checkTGWAsn(asn int64) error {
	if !validAmazonSideAsn(asn) {
		return awserr.InvalidParameterValue("Value (%d) for parameter amazonSideAsn is invalid. The range is 64512 to 65534 for 16-bit ASNs and 4200000000 to 4294967294 for 32-bit ASNs.", asn)
	}
	return nil
}

// tgwLinkLocal is the range transit gateway CIDR blocks may not use.
var tgwLinkLocal = netip.MustParsePrefix("169.254.0.0/16")

// parseTGWCidr validates one transit gateway CIDR block [TGW
// tgw-transit-gateways.md "Create a transit gateway"].
func parseTGWCidr(s string) (netip.Prefix, error) {
	p, err := parseCIDR(s, "transitGatewayCidrBlocks")
	if err != nil {
		return p, err
	}
	switch {
	case p.Addr().Is4() && p.Bits() > 24:
		return p, awserr.InvalidParameterValue("Value (%s) for parameter transitGatewayCidrBlocks is invalid. The IPv4 CIDR block must be /24 or larger.", s)
	case p.Addr().Is6() && p.Bits() > 64:
		return p, awserr.InvalidParameterValue("Value (%s) for parameter transitGatewayCidrBlocks is invalid. The IPv6 CIDR block must be /64 or larger.", s)
	case p.Addr().Is4() && overlaps(p, tgwLinkLocal):
		return p, awserr.InvalidParameterValue("Value (%s) for parameter transitGatewayCidrBlocks is invalid. CIDR blocks in the 169.254.0.0/16 range are not allowed.", s)
	}
	return p, nil
}

// setTGWCidrs validates the final list of CIDR blocks of a gateway.
func checkTGWCidrs(cs []netip.Prefix) error {
	if len(cs) > maxTGWCidrBlocks {
		return awserr.InvalidParameterValue("A transit gateway can have at most %d CIDR blocks.", maxTGWCidrBlocks)
	}
	for i := range cs {
		for j := i + 1; j < len(cs); j++ {
			if overlaps(cs[i], cs[j]) {
				return awserr.InvalidParameterValue("The transit gateway CIDR block %s overlaps with %s.", cs[j], cs[i])
			}
		}
	}
	return nil
}

// CreateTransitGateway creates an available transit gateway and, unless
// both default association and default propagation are disabled, its
// default route table.
func (s *Service) CreateTransitGateway(ctx context.Context, scope model.Scope, in CreateTransitGatewayInput) (*model.TransitGateway, error) {
	asn := in.AmazonSideAsn
	if asn == 0 {
		asn = defaultTGWAsn
	}
	if err := checkTGWAsn(asn); err != nil {
		return nil, err
	}
	for _, o := range []struct{ p, v string }{
		{"autoAcceptSharedAttachments", in.AutoAcceptSharedAttachments},
		{"defaultRouteTableAssociation", in.DefaultRouteTableAssociation},
		{"defaultRouteTablePropagation", in.DefaultRouteTablePropagation},
		{"dnsSupport", in.DNSSupport}, {"vpnEcmpSupport", in.VpnEcmpSupport},
		{"multicastSupport", in.MulticastSupport},
		{"securityGroupReferencingSupport", in.SecurityGroupReferencingSupport},
	} {
		if err := checkEnableDisable(o.p, o.v); err != nil {
			return nil, err
		}
	}
	var cidrs []netip.Prefix
	for _, c := range in.CidrBlocks {
		p, err := parseTGWCidr(c)
		if err != nil {
			return nil, err
		}
		cidrs = append(cidrs, p)
	}
	if err := checkTGWCidrs(cidrs); err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.TransitGateway
	err := s.update(ctx, func(tx *store.Tx) error {
		purgeExpiredTGW(tx, scope)
		if s.opts.AWSQuotas && liveTGWs(tx.World, scope) >= maxTGWsPerScope {
			return awserr.New("TransitGatewayLimitExceeded", "You've reached the limit on the number of transit gateways (%d).", maxTGWsPerScope)
		}
		g := &model.TransitGateway{
			Meta:        newMeta(tx, scope, tx.NewID("tgw"), in.Tags),
			State:       model.TGWAvailable,
			Description: in.Description,
			Options: model.TransitGatewayOptions{
				AmazonSideAsn:                   asn,
				AutoAcceptSharedAttachments:     orDefault(in.AutoAcceptSharedAttachments, "disable"),
				DefaultRouteTableAssociation:    orDefault(in.DefaultRouteTableAssociation, "enable"),
				DefaultRouteTablePropagation:    orDefault(in.DefaultRouteTablePropagation, "enable"),
				DNSSupport:                      orDefault(in.DNSSupport, "enable"),
				VpnEcmpSupport:                  orDefault(in.VpnEcmpSupport, "enable"),
				MulticastSupport:                orDefault(in.MulticastSupport, "disable"),
				SecurityGroupReferencingSupport: orDefault(in.SecurityGroupReferencingSupport, "disable"),
				CidrBlocks:                      cidrs,
			},
		}
		assoc := g.Options.DefaultRouteTableAssociation == "enable"
		prop := g.Options.DefaultRouteTablePropagation == "enable"
		if assoc || prop {
			rt := &model.TransitGatewayRouteTable{
				Meta:                         newMeta(tx, scope, tx.NewID("tgw-rtb"), nil),
				TransitGatewayID:             g.ID,
				State:                        model.TGWAvailable,
				DefaultAssociationRouteTable: assoc,
				DefaultPropagationRouteTable: prop,
			}
			tx.TGWRouteTables.Put(rt)
			if assoc {
				g.Options.AssociationDefaultRouteTableID = rt.ID
			}
			if prop {
				g.Options.PropagationDefaultRouteTableID = rt.ID
			}
		}
		tx.TransitGateways.Put(g)
		out = g
		return nil
	})
	return out, err
}

// liveTGWs counts the transit gateways of scope that count toward the quota.
func liveTGWs(w *store.World, scope model.Scope) int {
	n := 0
	w.TransitGateways.All(func(g *model.TransitGateway) bool {
		if g.InScope(scope) && !tgwGone(g.State) {
			n++
		}
		return true
	})
	return n
}

// purgeExpiredTGW removes the transit gateways, route tables and
// attachments of scope whose retention has passed.
func purgeExpiredTGW(tx *store.Tx, scope model.Scope) {
	now := tx.Now()
	var gs, rts, as []string
	tx.TransitGateways.All(func(g *model.TransitGateway) bool {
		if g.InScope(scope) && !TGWVisible(g, now) {
			gs = append(gs, g.ID)
		}
		return true
	})
	tx.TGWRouteTables.All(func(rt *model.TransitGatewayRouteTable) bool {
		if rt.InScope(scope) && !TGWRouteTableVisible(rt, now) {
			rts = append(rts, rt.ID)
		}
		return true
	})
	tx.TGWAttachments.All(func(a *model.TransitGatewayAttachment) bool {
		if a.InScope(scope) && !TGWAttachmentVisible(a, now) {
			as = append(as, a.ID)
		}
		return true
	})
	for _, id := range as {
		tx.TGWAttachments.Delete(id)
	}
	for _, id := range rts {
		tx.TGWRouteTables.Delete(id)
	}
	for _, id := range gs {
		tx.TransitGateways.Delete(id)
	}
}

// ModifyTransitGatewayInput is ModifyTransitGateway's request; nil or
// empty members are unchanged.
type ModifyTransitGatewayInput struct {
	Description                     *string
	AmazonSideAsn                   *int64
	AutoAcceptSharedAttachments     string
	DefaultRouteTableAssociation    string
	DefaultRouteTablePropagation    string
	AssociationDefaultRouteTableID  string
	PropagationDefaultRouteTableID  string
	DNSSupport                      string
	VpnEcmpSupport                  string
	SecurityGroupReferencingSupport string
	AddCidrBlocks                   []string
	RemoveCidrBlocks                []string
}

// ModifyTransitGateway changes a transit gateway's options [EC2 API
// ModifyTransitGateway]. Enabling default association or propagation on
// a gateway without a default table creates one.
func (s *Service) ModifyTransitGateway(ctx context.Context, scope model.Scope, id string, in ModifyTransitGatewayInput) (*model.TransitGateway, error) {
	for _, o := range []struct{ p, v string }{
		{"autoAcceptSharedAttachments", in.AutoAcceptSharedAttachments},
		{"defaultRouteTableAssociation", in.DefaultRouteTableAssociation},
		{"defaultRouteTablePropagation", in.DefaultRouteTablePropagation},
		{"dnsSupport", in.DNSSupport}, {"vpnEcmpSupport", in.VpnEcmpSupport},
		{"securityGroupReferencingSupport", in.SecurityGroupReferencingSupport},
	} {
		if err := checkEnableDisable(o.p, o.v); err != nil {
			return nil, err
		}
	}
	if in.AmazonSideAsn != nil {
		if err := checkTGWAsn(*in.AmazonSideAsn); err != nil {
			return nil, err
		}
	}
	var add, remove []netip.Prefix
	for _, c := range in.AddCidrBlocks {
		p, err := parseTGWCidr(c)
		if err != nil {
			return nil, err
		}
		add = append(add, p)
	}
	for _, c := range in.RemoveCidrBlocks {
		p, err := parseCIDR(c, "removeTransitGatewayCidrBlocks")
		if err != nil {
			return nil, err
		}
		remove = append(remove, p)
	}
	var out *model.TransitGateway
	err := s.update(ctx, func(tx *store.Tx) error {
		g, err := getTGW(tx.World, scope, id)
		if err != nil {
			return err
		}
		if g.State != model.TGWAvailable {
			return tgwIncorrectState(g.ID, g.State)
		}
		c := model.Clone(g)
		o := &c.Options
		if in.Description != nil {
			c.Description = *in.Description
		}
		if in.AmazonSideAsn != nil && *in.AmazonSideAsn != o.AmazonSideAsn {
			var blocking string
			tx.TGWAttachments.ByParent(g.ID, func(a *model.TransitGatewayAttachment) bool {
				switch a.ResourceType {
				case model.TGWAttachVPN, model.TGWAttachDXGW, model.TGWAttachConnect:
					if !tgwGone(a.State) {
						blocking = a.ID
					}
				}
				return blocking == ""
			})
			if blocking != "" {
				return awserr.New("IncorrectState", "The Amazon side ASN of transit gateway %s cannot be modified while it has VPN, Direct Connect gateway or Connect attachments (%s).", g.ID, blocking)
			}
			o.AmazonSideAsn = *in.AmazonSideAsn
		}
		set := func(dst *string, v string) {
			if v != "" {
				*dst = v
			}
		}
		set(&o.AutoAcceptSharedAttachments, in.AutoAcceptSharedAttachments)
		set(&o.DNSSupport, in.DNSSupport)
		set(&o.VpnEcmpSupport, in.VpnEcmpSupport)
		set(&o.SecurityGroupReferencingSupport, in.SecurityGroupReferencingSupport)
		set(&o.DefaultRouteTableAssociation, in.DefaultRouteTableAssociation)
		set(&o.DefaultRouteTablePropagation, in.DefaultRouteTablePropagation)
		for _, rid := range []string{in.AssociationDefaultRouteTableID, in.PropagationDefaultRouteTableID} {
			if rid == "" {
				continue
			}
			rt, err := getTGWRouteTable(tx.World, scope, rid)
			if err != nil {
				return err
			}
			if rt.TransitGatewayID != g.ID {
				return awserr.InvalidParameterValue("Transit Gateway Route Table %s does not belong to transit gateway %s.", rid, g.ID)
			}
		}
		set(&o.AssociationDefaultRouteTableID, in.AssociationDefaultRouteTableID)
		set(&o.PropagationDefaultRouteTableID, in.PropagationDefaultRouteTableID)
		// A gateway that needs a default table and has none gets one.
		needAssoc := o.DefaultRouteTableAssociation == "enable" && o.AssociationDefaultRouteTableID == ""
		needProp := o.DefaultRouteTablePropagation == "enable" && o.PropagationDefaultRouteTableID == ""
		if needAssoc || needProp {
			rt := &model.TransitGatewayRouteTable{
				Meta:             newMeta(tx, scope, tx.NewID("tgw-rtb"), nil),
				TransitGatewayID: g.ID,
				State:            model.TGWAvailable,
			}
			tx.TGWRouteTables.Put(rt)
			if needAssoc {
				o.AssociationDefaultRouteTableID = rt.ID
			}
			if needProp {
				o.PropagationDefaultRouteTableID = rt.ID
			}
		}
		if len(add)+len(remove) > 0 {
			var cidrs []netip.Prefix
			for _, p := range o.CidrBlocks {
				keep := true
				for _, r := range remove {
					keep = keep && r != p
				}
				if keep {
					cidrs = append(cidrs, p)
				}
			}
			for _, p := range add {
				dup := false
				for _, q := range cidrs {
					dup = dup || q == p
				}
				if !dup {
					cidrs = append(cidrs, p)
				}
			}
			if err := checkTGWCidrs(cidrs); err != nil {
				return err
			}
			o.CidrBlocks = cidrs
		}
		tx.TransitGateways.Put(c)
		syncDefaultTableFlags(tx, c)
		out = c
		return nil
	})
	return out, err
}

// syncDefaultTableFlags sets each route table's DefaultAssociation/
// PropagationRouteTable flags from the gateway's options.
func syncDefaultTableFlags(tx *store.Tx, g *model.TransitGateway) {
	var changed []*model.TransitGatewayRouteTable
	tx.TGWRouteTables.ByParent(g.ID, func(rt *model.TransitGatewayRouteTable) bool {
		if tgwGone(rt.State) {
			return true
		}
		a := g.Options.AssociationDefaultRouteTableID == rt.ID
		p := g.Options.PropagationDefaultRouteTableID == rt.ID
		if a != rt.DefaultAssociationRouteTable || p != rt.DefaultPropagationRouteTable {
			c := model.Clone(rt)
			c.DefaultAssociationRouteTable, c.DefaultPropagationRouteTable = a, p
			changed = append(changed, c)
		}
		return true
	})
	for _, rt := range changed {
		tx.TGWRouteTables.Put(rt)
	}
}

func tgwIncorrectState(id, state string) error {
	return awserr.New("IncorrectState", "%s is in invalid state (%s).", id, state)
}

// DeleteTransitGateway deletes a transit gateway that has no attachments
// left (AWS answers IncorrectState otherwise); its route tables and their
// routes go with it. It returns the gateway as the answer shows it
// (deleting); it stays visible as deleted.
func (s *Service) DeleteTransitGateway(ctx context.Context, scope model.Scope, id string) (*model.TransitGateway, error) {
	var out *model.TransitGateway
	err := s.update(ctx, func(tx *store.Tx) error {
		g, err := getTGW(tx.World, scope, id)
		if err != nil {
			return err
		}
		var live []string
		tx.TGWAttachments.All(func(a *model.TransitGatewayAttachment) bool {
			if tgwGone(a.State) {
				return true
			}
			if a.TransitGatewayID == g.ID || a.Peer != nil && a.Peer.TransitGatewayID == g.ID {
				live = append(live, a.ID)
			}
			return true
		})
		if len(live) > 0 {
			sort.Strings(live)
			return awserr.New("IncorrectState", "%s has non-deleted Transit Gateway Attachments: %s.", g.ID, strings.Join(live, ", "))
		}
		var rts []*model.TransitGatewayRouteTable
		tx.TGWRouteTables.ByParent(g.ID, func(rt *model.TransitGatewayRouteTable) bool {
			if !tgwGone(rt.State) {
				rts = append(rts, rt)
			}
			return true
		})
		for _, rt := range rts {
			deleteTGWRouteTable(tx, rt)
		}
		c := model.Clone(g)
		c.State = model.TGWDeleted
		c.DeleteTime = tx.Now()
		tx.TransitGateways.Put(c)
		out = model.Clone(c)
		out.State = model.TGWDeleting
		return nil
	})
	return out, err
}

// CreateTransitGatewayRouteTable creates a route table on an available
// transit gateway (at most 20 per gateway).
func (s *Service) CreateTransitGatewayRouteTable(ctx context.Context, scope model.Scope, tgwID string, tags map[string]string) (*model.TransitGatewayRouteTable, error) {
	if err := validateTags(tags); err != nil {
		return nil, err
	}
	var out *model.TransitGatewayRouteTable
	err := s.update(ctx, func(tx *store.Tx) error {
		g, err := getTGW(tx.World, scope, tgwID)
		if err != nil {
			return err
		}
		if g.State != model.TGWAvailable {
			return tgwIncorrectState(g.ID, g.State)
		}
		n := 0
		tx.TGWRouteTables.ByParent(g.ID, func(rt *model.TransitGatewayRouteTable) bool {
			if !tgwGone(rt.State) {
				n++
			}
			return true
		})
		if n >= maxTGWRouteTablesPerTGW {
			return awserr.New("TransitGatewayRouteTableLimitExceeded", "You've reached the limit on the number of route tables (%d) for transit gateway %s.", maxTGWRouteTablesPerTGW, g.ID)
		}
		out = &model.TransitGatewayRouteTable{
			Meta:             newMeta(tx, scope, tx.NewID("tgw-rtb"), tags),
			TransitGatewayID: g.ID,
			State:            model.TGWAvailable,
		}
		tx.TGWRouteTables.Put(out)
		return nil
	})
	return out, err
}

// DeleteTransitGatewayRouteTable deletes a route table that is neither a
// default table of its gateway nor associated with an attachment (AWS
// answers IncorrectState for both). Its propagations and routes go with
// it. It returns the table as the answer shows it (deleting).
func (s *Service) DeleteTransitGatewayRouteTable(ctx context.Context, scope model.Scope, id string) (*model.TransitGatewayRouteTable, error) {
	var out *model.TransitGatewayRouteTable
	err := s.update(ctx, func(tx *store.Tx) error {
		rt, err := getTGWRouteTable(tx.World, scope, id)
		if err != nil {
			return err
		}
		if g, ok := tx.TransitGateways.Get(rt.TransitGatewayID); ok &&
			(g.Options.AssociationDefaultRouteTableID == rt.ID || g.Options.PropagationDefaultRouteTableID == rt.ID) {
			return awserr.New("IncorrectState", "Transit Gateway Route Table %s is the default association or propagation route table of %s and cannot be deleted.", rt.ID, g.ID)
		}
		if assoc := associatedAttachments(tx.World, rt); len(assoc) > 0 {
			return awserr.New("IncorrectState", "Transit Gateway Route Table %s has associations: %s.", rt.ID, strings.Join(assoc, ", "))
		}
		c := deleteTGWRouteTable(tx, rt)
		out = model.Clone(c)
		out.State = model.TGWDeleting
		return nil
	})
	return out, err
}

// deleteTGWRouteTable marks rt deleted and removes its routes and
// propagations.
func deleteTGWRouteTable(tx *store.Tx, rt *model.TransitGatewayRouteTable) *model.TransitGatewayRouteTable {
	var routes []string
	tx.TGWRoutes.ByParent(rt.ID, func(r *model.TransitGatewayRoute) bool {
		routes = append(routes, r.ID)
		return true
	})
	for _, id := range routes {
		tx.TGWRoutes.Delete(id)
	}
	c := model.Clone(rt)
	c.State = model.TGWDeleted
	c.DeleteTime = tx.Now()
	c.Propagations = nil
	c.DefaultAssociationRouteTable, c.DefaultPropagationRouteTable = false, false
	tx.TGWRouteTables.Put(c)
	return c
}

// associatedAttachments returns the ids of the attachments associated
// with rt (on either side of a peering attachment), sorted.
func associatedAttachments(w *store.World, rt *model.TransitGatewayRouteTable) []string {
	var out []string
	for _, a := range tgwAttachmentsOn(w, rt.TransitGatewayID) {
		if as := a.AssociationFor(rt.TransitGatewayID); as != nil && as.RouteTableID == rt.ID {
			out = append(out, a.ID)
		}
	}
	return out
}

// tgwAttachmentsOn returns the live attachments of transit gateway tgwID:
// its own and the peering attachments that name it as the peer, in id
// order.
func tgwAttachmentsOn(w *store.World, tgwID string) []*model.TransitGatewayAttachment {
	var out []*model.TransitGatewayAttachment
	w.TGWAttachments.ByParent(tgwID, func(a *model.TransitGatewayAttachment) bool {
		if !tgwGone(a.State) {
			out = append(out, a)
		}
		return true
	})
	w.TGWAttachments.All(func(a *model.TransitGatewayAttachment) bool {
		if a.Peer != nil && a.Peer.TransitGatewayID == tgwID && a.TransitGatewayID != tgwID && !tgwGone(a.State) {
			out = append(out, a)
		}
		return true
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// TGWArn returns a transit gateway's ARN.
func TGWArn(g *model.TransitGateway) string {
	return fmt.Sprintf("arn:aws:ec2:%s:%s:transit-gateway/%s", g.Region, g.Account, g.ID)
}
