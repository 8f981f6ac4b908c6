package control

import (
	"context"
	"sort"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Transit gateway VPC attachments [TGW tgw-vpc-attachments.md,
// transit-gateway-quotas.md]:
//   - one subnet per Availability Zone; the gateway places a
//     requester-managed network interface (type transit_gateway) in each;
//   - a VPC is attached at most once to a gateway, and to at most 5
//     gateways; a gateway has at most 5,000 attachments;
//   - IPv6 support needs an IPv6 CIDR block on every attachment subnet;
//     IPv6-only subnets cannot be used;
//   - a new attachment is associated with the gateway's default
//     association table and propagates to its default propagation table
//     when those options are enabled;
//   - a VPC attachment to another account's gateway needs the gateway
//     shared through AWS RAM (transitgateway_shared.go); an unshared one
//     answers InvalidTransitGatewayID.NotFound.

// TGWAttachmentVisibleTo reports whether scope sees attachment a: its
// owner does, and so do the accepter of a peering attachment and the
// gateway's owner of a cross-account VPC attachment.
func TGWAttachmentVisibleTo(a *model.TransitGatewayAttachment, scope model.Scope) bool {
	if a.InScope(scope) || a.ResourceType == model.TGWAttachVPC && a.TransitGatewayOwnerID == scope.Account && a.Region == scope.Region {
		return true
	}
	return a.Peer != nil && a.Peer.OwnerID == scope.Account && a.Peer.Region == scope.Region
}

// getTGWAttachment returns a live attachment scope sees.
func getTGWAttachment(w *store.World, scope model.Scope, id string) (*model.TransitGatewayAttachment, error) {
	if id == "" {
		return nil, awserr.MissingParameter("TransitGatewayAttachmentId")
	}
	if err := kindTGWAttach.check(id); err != nil {
		return nil, err
	}
	a, ok := w.TGWAttachments.Get(id)
	if !ok || !TGWAttachmentVisibleTo(a, scope) || tgwGone(a.State) {
		return nil, tgwAttachNotFound(id)
	}
	return a, nil
}

// VpcAttachmentInput is CreateTransitGatewayVpcAttachment's request.
// Empty options take AWS's defaults (DNS support enabled, the others
// disabled).
type VpcAttachmentInput struct {
	TransitGatewayID                string
	VpcID                           string
	SubnetIDs                       []string
	DNSSupport                      string
	Ipv6Support                     string
	ApplianceModeSupport            string
	SecurityGroupReferencingSupport string
	Tags                            map[string]string
}

func checkAttachmentOptions(dns, ipv6, appliance, sgref string) error {
	for _, o := range []struct{ p, v string }{
		{"dnsSupport", dns}, {"ipv6Support", ipv6},
		{"applianceModeSupport", appliance}, {"securityGroupReferencingSupport", sgref},
	} {
		if err := checkEnableDisable(o.p, o.v); err != nil {
			return err
		}
	}
	return nil
}

// CreateTransitGatewayVpcAttachment attaches a VPC to a transit gateway.
func (s *Service) CreateTransitGatewayVpcAttachment(ctx context.Context, scope model.Scope, in VpcAttachmentInput) (*model.TransitGatewayAttachment, error) {
	if in.VpcID == "" {
		return nil, awserr.MissingParameter("VpcId")
	}
	if len(in.SubnetIDs) == 0 {
		return nil, awserr.MissingParameter("SubnetIds")
	}
	if err := checkAttachmentOptions(in.DNSSupport, in.Ipv6Support, in.ApplianceModeSupport, in.SecurityGroupReferencingSupport); err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.TransitGatewayAttachment
	err := s.update(ctx, func(tx *store.Tx) error {
		purgeExpiredTGW(tx, scope)
		g, err := attachableTGW(tx.World, scope, in.TransitGatewayID, tx.Now())
		if err != nil {
			return err
		}
		if g.State != model.TGWAvailable {
			return tgwIncorrectState(g.ID, g.State)
		}
		v, err := find(kindVPC, tx.VPCs, scope, in.VpcID)
		if err != nil {
			return err
		}
		subnets, err := attachmentSubnets(tx.World, scope, v.ID, in.SubnetIDs, nil)
		if err != nil {
			return err
		}
		tgws := 0
		var dup string
		tx.TGWAttachments.All(func(a *model.TransitGatewayAttachment) bool {
			if a.ResourceType == model.TGWAttachVPC && a.VpcID == v.ID && !tgwGone(a.State) {
				tgws++
				if a.TransitGatewayID == g.ID {
					dup = a.ID
				}
			}
			return true
		})
		if dup != "" {
			return awserr.New("DuplicateTransitGatewayAttachment", "%s has non-deleted Transit Gateway Attachments with same VPC ID.", g.ID)
		}
		if tgws >= maxTGWsPerVpc {
			return awserr.New("TransitGatewayAttachmentLimitExceeded", "VPC %s is already attached to %d transit gateways.", v.ID, maxTGWsPerVpc)
		}
		if len(tgwAttachmentsOn(tx.World, g.ID)) >= maxTGWAttachmentsPerTGW {
			return awserr.New("TransitGatewayAttachmentLimitExceeded", "You've reached the limit on the number of attachments (%d) for transit gateway %s.", maxTGWAttachmentsPerTGW, g.ID)
		}
		opts := &model.TGWVpcAttachment{
			DNSSupport:                      orDefault(in.DNSSupport, "enable"),
			Ipv6Support:                     orDefault(in.Ipv6Support, "disable"),
			ApplianceModeSupport:            orDefault(in.ApplianceModeSupport, "disable"),
			SecurityGroupReferencingSupport: orDefault(in.SecurityGroupReferencingSupport, g.Options.SecurityGroupReferencingSupport),
		}
		if err := checkIpv6Subnets(opts.Ipv6Support, subnets); err != nil {
			return err
		}
		a := &model.TransitGatewayAttachment{
			Meta:                  newMeta(tx, scope, tx.NewID("tgw-attach"), in.Tags),
			TransitGatewayID:      g.ID,
			TransitGatewayOwnerID: g.Account,
			ResourceType:          model.TGWAttachVPC,
			ResourceID:            v.ID,
			ResourceOwnerID:       v.Account,
			State:                 vpcAttachmentState(g, scope),
			VpcID:                 v.ID,
			VPC:                   opts,
		}
		for _, sn := range subnets {
			if err := addAttachmentENI(tx, scope, a, sn); err != nil {
				return err
			}
		}
		tx.TGWAttachments.Put(a)
		if a.State == model.TGWAvailable {
			applyTGWDefaults(tx, g, a)
		}
		out, _ = tx.TGWAttachments.Get(a.ID)
		return nil
	})
	return out, err
}

// attachmentSubnets resolves subnet ids of VPC vpcID for an attachment:
// they must be in the VPC, and at most one per Availability Zone,
// counting the zones in have.
func attachmentSubnets(w *store.World, scope model.Scope, vpcID string, ids []string, have map[string]string) ([]*model.Subnet, error) {
	zones := map[string]string{}
	for z, id := range have {
		zones[z] = id
	}
	seen := map[string]bool{}
	var out []*model.Subnet
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		sn, err := find(kindSubnet, w.Subnets, scope, id)
		if err != nil {
			return nil, err
		}
		if sn.VpcID != vpcID {
			return nil, awserr.InvalidParameterValue("The subnet %s does not belong to VPC %s.", sn.ID, vpcID)
		}
		if sn.Ipv6Native || !sn.CidrBlock.IsValid() {
			return nil, awserr.InvalidParameterValue("Subnet %s is an IPv6-only subnet. Transit gateway attachment subnets must support IPv4 addresses.", sn.ID)
		}
		if other, ok := zones[sn.AvailabilityZone]; ok {
			return nil, awserr.New("DuplicateSubnetsInSameZone", "Duplicate Subnets for same AZ (%s): %s and %s.", sn.AvailabilityZone, other, sn.ID)
		}
		zones[sn.AvailabilityZone] = sn.ID
		out = append(out, sn)
	}
	return out, nil
}

// checkIpv6Subnets: IPv6 support needs an IPv6 CIDR block on each subnet.
func checkIpv6Subnets(ipv6 string, subnets []*model.Subnet) error {
	if ipv6 != "enable" {
		return nil
	}
	for _, sn := range subnets {
		if _, ok := sn.Ipv6CidrBlock(); !ok {
			return awserr.InvalidParameterValue("Subnet %s has no IPv6 CIDR block. Every subnet of an attachment with IPv6 support needs one.", sn.ID)
		}
	}
	return nil
}

// addAttachmentENI creates the attachment's requester-managed interface in
// sn and records it.
func addAttachmentENI(tx *store.Tx, scope model.Scope, a *model.TransitGatewayAttachment, sn *model.Subnet) error {
	ip, err := allocatePrivateIPv4(tx.World, sn, nil)
	if err != nil {
		return awserr.New("InsufficientFreeAddressesInSubnet", "Subnet %s has insufficient free addresses to create the transit gateway attachment.", sn.ID)
	}
	eni := &model.NetworkInterface{
		Meta:             newMeta(tx, scope, tx.NewID("eni"), nil),
		SubnetID:         sn.ID,
		VpcID:            sn.VpcID,
		AvailabilityZone: sn.AvailabilityZone,
		Description:      "Network Interface for Transit Gateway Attachment " + a.ID,
		InterfaceType:    "transit_gateway",
		MacAddress:       natMAC(tx),
		PrivateIPs:       []model.PrivateIP{{Address: ip, Primary: true}},
		SourceDestCheck:  false,
		RequesterManaged: true,
		RequesterID:      "amazon-aws",
		Status:           "in-use",
		Attachment: &model.ENIAttachment{
			ID:              tx.NewID("ela-attach"),
			InstanceOwnerID: "amazon-aws",
			DeviceIndex:     1,
			Status:          "attached",
			AttachTime:      tx.Now(),
		},
	}
	tx.NetworkInterfaces.Put(eni)
	if a.VPC.ENIs == nil {
		a.VPC.ENIs = map[string]string{}
	}
	a.VPC.ENIs[sn.ID] = eni.ID
	a.SubnetIDs = append(a.SubnetIDs, sn.ID)
	return nil
}

// applyTGWDefaults associates a new attachment with the gateway's default
// association table and enables its propagation to the default
// propagation table, when the gateway's options say so [TGW
// how-transit-gateways-work.md "Routing"]. Peering attachments do not
// propagate.
func applyTGWDefaults(tx *store.Tx, g *model.TransitGateway, a *model.TransitGatewayAttachment) {
	o := g.Options
	if o.DefaultRouteTableAssociation == "enable" && o.AssociationDefaultRouteTableID != "" {
		if rt, ok := tx.TGWRouteTables.Get(o.AssociationDefaultRouteTableID); ok && !tgwGone(rt.State) {
			c := model.Clone(a)
			setAssociation(c, g.ID, &model.TGWAssociation{RouteTableID: rt.ID, State: "associated"})
			tx.TGWAttachments.Put(c)
		}
	}
	if a.ResourceType != model.TGWAttachPeering && o.DefaultRouteTablePropagation == "enable" && o.PropagationDefaultRouteTableID != "" {
		if rt, ok := tx.TGWRouteTables.Get(o.PropagationDefaultRouteTableID); ok && !tgwGone(rt.State) {
			c := model.Clone(rt)
			c.Propagations = append(c.Propagations, model.TGWPropagation{AttachmentID: a.ID, State: "enabled"})
			tx.TGWRouteTables.Put(c)
		}
	}
}

// setAssociation sets the association of a on gateway tgwID's side.
func setAssociation(a *model.TransitGatewayAttachment, tgwID string, as *model.TGWAssociation) {
	if tgwID == a.TransitGatewayID {
		a.Association = as
	} else {
		a.PeerAssociation = as
	}
}

// ModifyVpcAttachmentInput is ModifyTransitGatewayVpcAttachment's request.
type ModifyVpcAttachmentInput struct {
	AddSubnetIDs                    []string
	RemoveSubnetIDs                 []string
	DNSSupport                      string
	Ipv6Support                     string
	ApplianceModeSupport            string
	SecurityGroupReferencingSupport string
}

// ModifyTransitGatewayVpcAttachment adds or removes subnets (one per
// Availability Zone; at least one must remain) and changes options.
func (s *Service) ModifyTransitGatewayVpcAttachment(ctx context.Context, scope model.Scope, id string, in ModifyVpcAttachmentInput) (*model.TransitGatewayAttachment, error) {
	if err := checkAttachmentOptions(in.DNSSupport, in.Ipv6Support, in.ApplianceModeSupport, in.SecurityGroupReferencingSupport); err != nil {
		return nil, err
	}
	var out *model.TransitGatewayAttachment
	err := s.update(ctx, func(tx *store.Tx) error {
		a, err := getTGWAttachment(tx.World, scope, id)
		if err != nil {
			return err
		}
		if a.ResourceType != model.TGWAttachVPC || !a.InScope(scope) {
			return tgwAttachNotFound(id)
		}
		if a.State != model.TGWAvailable {
			return tgwIncorrectState(a.ID, a.State)
		}
		c := model.Clone(a)
		// Removals first: a subnet can be replaced by another of its zone.
		zones := map[string]string{}
		for _, sid := range c.SubnetIDs {
			if sn, ok := tx.Subnets.Get(sid); ok {
				zones[sn.AvailabilityZone] = sid
			}
		}
		for _, sid := range in.RemoveSubnetIDs {
			eni, ok := c.VPC.ENIs[sid]
			if !ok {
				return awserr.InvalidParameterValue("Subnet %s is not part of transit gateway attachment %s.", sid, a.ID)
			}
			tx.NetworkInterfaces.Delete(eni)
			delete(c.VPC.ENIs, sid)
			var keep []string
			for _, x := range c.SubnetIDs {
				if x != sid {
					keep = append(keep, x)
				}
			}
			c.SubnetIDs = keep
			for z, x := range zones {
				if x == sid {
					delete(zones, z)
				}
			}
		}
		added, err := attachmentSubnets(tx.World, scope, c.VpcID, in.AddSubnetIDs, zones)
		if err != nil {
			return err
		}
		set := func(dst *string, v string) {
			if v != "" {
				*dst = v
			}
		}
		set(&c.VPC.DNSSupport, in.DNSSupport)
		set(&c.VPC.Ipv6Support, in.Ipv6Support)
		set(&c.VPC.ApplianceModeSupport, in.ApplianceModeSupport)
		set(&c.VPC.SecurityGroupReferencingSupport, in.SecurityGroupReferencingSupport)
		for _, sn := range added {
			if err := addAttachmentENI(tx, scope, c, sn); err != nil {
				return err
			}
		}
		if len(c.SubnetIDs) == 0 {
			return awserr.InvalidParameterValue("Transit gateway attachment %s must keep at least one subnet.", a.ID)
		}
		var all []*model.Subnet
		for _, sid := range c.SubnetIDs {
			if sn, ok := tx.Subnets.Get(sid); ok {
				all = append(all, sn)
			}
		}
		if err := checkIpv6Subnets(c.VPC.Ipv6Support, all); err != nil {
			return err
		}
		sort.Strings(c.SubnetIDs)
		tx.TGWAttachments.Put(c)
		out = c
		return nil
	})
	return out, err
}

// DeleteTransitGatewayAttachment deletes a VPC or peering attachment
// (either side may delete a peering attachment): its interfaces are
// deleted, its association and propagations end, and static routes to it
// become blackholes (they stay, as on AWS). It returns the attachment as
// the answer shows it (deleting). resourceType is the operation's kind
// (vpc or peering); another kind of attachment is not found.
func (s *Service) DeleteTransitGatewayAttachment(ctx context.Context, scope model.Scope, id, resourceType string) (*model.TransitGatewayAttachment, error) {
	var out *model.TransitGatewayAttachment
	err := s.update(ctx, func(tx *store.Tx) error {
		a, err := getTGWAttachment(tx.World, scope, id)
		if err != nil {
			return err
		}
		if a.ResourceType != resourceType {
			return tgwAttachNotFound(id)
		}
		switch a.State {
		case model.TGWAvailable, model.TGWPendingAcceptance, model.TGWModifying, model.TGWPending:
		default:
			return tgwIncorrectState(a.ID, a.State)
		}
		c := model.Clone(a)
		if c.VPC != nil {
			for _, eni := range c.VPC.ENIs {
				tx.NetworkInterfaces.Delete(eni)
			}
		}
		c.State = model.TGWDeleted
		c.DeleteTime = tx.Now()
		c.Association, c.PeerAssociation = nil, nil
		tx.TGWAttachments.Put(c)
		removePropagations(tx, a.ID)
		out = model.Clone(a)
		out.State = model.TGWDeleting
		return nil
	})
	return out, err
}

// removePropagations removes attachment id's propagations from every table.
func removePropagations(tx *store.Tx, id string) {
	var changed []*model.TransitGatewayRouteTable
	tx.TGWRouteTables.All(func(rt *model.TransitGatewayRouteTable) bool {
		for i, p := range rt.Propagations {
			if p.AttachmentID == id {
				c := model.Clone(rt)
				c.Propagations = append(c.Propagations[:i:i], c.Propagations[i+1:]...)
				changed = append(changed, c)
				break
			}
		}
		return true
	})
	for _, rt := range changed {
		tx.TGWRouteTables.Put(rt)
	}
}

// attachmentForTable returns a live attachment of the gateway of rt.
func attachmentForTable(w *store.World, scope model.Scope, rt *model.TransitGatewayRouteTable, id string) (*model.TransitGatewayAttachment, error) {
	a, err := getTGWAttachment(w, scope, id)
	if err != nil {
		return nil, err
	}
	if a.TransitGatewayID != rt.TransitGatewayID && (a.Peer == nil || a.Peer.TransitGatewayID != rt.TransitGatewayID) {
		return nil, awserr.InvalidParameterValue("Transit Gateway Attachment %s does not belong to the transit gateway of route table %s.", a.ID, rt.ID)
	}
	return a, nil
}

// TGWAssociationChange is an association as Associate/Disassociate answer it.
type TGWAssociationChange struct {
	RouteTableID string
	Attachment   *model.TransitGatewayAttachment
	State        string
}

// AssociateTransitGatewayRouteTable associates an attachment with a route
// table; an attachment has one association per gateway (AWS answers
// Resource.AlreadyAssociated).
func (s *Service) AssociateTransitGatewayRouteTable(ctx context.Context, scope model.Scope, rtID, attachID string) (*TGWAssociationChange, error) {
	var out *TGWAssociationChange
	err := s.update(ctx, func(tx *store.Tx) error {
		rt, err := getTGWRouteTable(tx.World, scope, rtID)
		if err != nil {
			return err
		}
		a, err := attachmentForTable(tx.World, scope, rt, attachID)
		if err != nil {
			return err
		}
		if a.State != model.TGWAvailable {
			return tgwIncorrectState(a.ID, a.State)
		}
		if cur := a.AssociationFor(rt.TransitGatewayID); cur != nil {
			return awserr.New("Resource.AlreadyAssociated", "Transit Gateway Attachment %s is already associated to a route table.", a.ID)
		}
		c := model.Clone(a)
		setAssociation(c, rt.TransitGatewayID, &model.TGWAssociation{RouteTableID: rt.ID, State: "associated"})
		tx.TGWAttachments.Put(c)
		out = &TGWAssociationChange{RouteTableID: rt.ID, Attachment: c, State: "associating"}
		return nil
	})
	return out, err
}

// DisassociateTransitGatewayRouteTable ends an attachment's association
// with a route table.
func (s *Service) DisassociateTransitGatewayRouteTable(ctx context.Context, scope model.Scope, rtID, attachID string) (*TGWAssociationChange, error) {
	var out *TGWAssociationChange
	err := s.update(ctx, func(tx *store.Tx) error {
		rt, err := getTGWRouteTable(tx.World, scope, rtID)
		if err != nil {
			return err
		}
		a, err := attachmentForTable(tx.World, scope, rt, attachID)
		if err != nil {
			return err
		}
		cur := a.AssociationFor(rt.TransitGatewayID)
		if cur == nil || cur.RouteTableID != rt.ID {
			return awserr.New("InvalidAssociation.NotFound", "Transit Gateway Attachment %s is not associated with route table %s.", a.ID, rt.ID)
		}
		c := model.Clone(a)
		setAssociation(c, rt.TransitGatewayID, nil)
		tx.TGWAttachments.Put(c)
		out = &TGWAssociationChange{RouteTableID: rt.ID, Attachment: c, State: "disassociating"}
		return nil
	})
	return out, err
}

// SetTransitGatewayRouteTablePropagation enables or disables an
// attachment's propagation to a route table. Peering attachments support
// static routes only [TGW tgw-peering.md]; a propagation that already
// exists (or does not) is AWS's error.
func (s *Service) SetTransitGatewayRouteTablePropagation(ctx context.Context, scope model.Scope, rtID, attachID string, enable bool) (*TGWAssociationChange, error) {
	var out *TGWAssociationChange
	err := s.update(ctx, func(tx *store.Tx) error {
		rt, err := getTGWRouteTable(tx.World, scope, rtID)
		if err != nil {
			return err
		}
		a, err := attachmentForTable(tx.World, scope, rt, attachID)
		if err != nil {
			return err
		}
		idx := -1
		for i, p := range rt.Propagations {
			if p.AttachmentID == a.ID {
				idx = i
			}
		}
		c := model.Clone(rt)
		state := "enabling"
		if enable {
			if a.ResourceType == model.TGWAttachPeering {
				return awserr.New("InvalidParameterValue", "Transit Gateway Attachment %s is a peering attachment; peering attachments support static routes only and cannot propagate.", a.ID)
			}
			if a.State != model.TGWAvailable {
				return tgwIncorrectState(a.ID, a.State)
			}
			if idx >= 0 {
				return awserr.New("TransitGatewayRouteTablePropagation.Duplicate", "Propagation of %s to route table %s is already enabled.", a.ID, rt.ID)
			}
			c.Propagations = append(c.Propagations, model.TGWPropagation{AttachmentID: a.ID, State: "enabled"})
		} else {
			if idx < 0 {
				return awserr.New("TransitGatewayRouteTablePropagation.NotFound", "Propagation of %s to route table %s does not exist.", a.ID, rt.ID)
			}
			c.Propagations = append(c.Propagations[:idx:idx], c.Propagations[idx+1:]...)
			state = "disabling"
		}
		tx.TGWRouteTables.Put(c)
		out = &TGWAssociationChange{RouteTableID: rt.ID, Attachment: a, State: state}
		return nil
	})
	return out, err
}
