package control

import (
	"context"
	"net/netip"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// VPC peering semantics [PEER = VPC Peering Guide]:
//   - a request is made in the requester's account and Region and names the
//     accepter VPC, its owner (PeerOwnerId, default the caller) and Region
//     (PeerRegion, default the caller's); the accepter sees the same pcx- id
//     in its own account and Region [PEER create-vpc-peering-connection.md];
//   - overlapping IPv4 or IPv6 CIDR blocks (any block of either VPC), or an
//     accepter VPC that does not exist in another account or Region, leave
//     the request `failed` rather than refusing the call [PEER
//     create-vpc-peering-connection.md "Prerequisites", vpc-peering-basics.md
//     "Overlapping CIDR blocks"];
//   - only the accepter owner accepts or rejects, in the accepter's Region;
//     either owner deletes an active connection, the requester a pending
//     request [PEER accept-, reject-, delete-vpc-peering-connection.md];
//   - an unaccepted request expires after 7 days; ended connections stay
//     visible for the durations of the lifecycle section [PEER
//     vpc-peering-basics.md "VPC peering connection lifecycle"];
//   - one connection at a time between two VPCs; 50 active connections per
//     VPC and 25 outstanding requests per account [PEER
//     vpc-peering-connection-quotas.md];
//   - DNS resolution options only on an active connection whose VPCs have
//     DNS hostnames and DNS support enabled, each owner its own side [PEER
//     modify-peering-connections.md].

// Peering lifecycle durations [PEER vpc-peering-basics.md, quotas page].
const (
	// PeeringRequestTTL is how long a request waits for acceptance.
	PeeringRequestTTL     = 7 * 24 * time.Hour
	peeringShortRetention = 2 * time.Hour
	peeringLongRetention  = 2 * 24 * time.Hour
)

// AWS's adjustable default peering quotas [PEER vpc-peering-connection-quotas.md].
const (
	defaultActivePeeringsPerVPC       = 50
	defaultOutstandingPeeringRequests = 25
)

// peeringFailedMessage is EC2's status message for a failed request.
const peeringFailedMessage = "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range."

var kindPCX = idKindOf(store.PeeringConnectionKind)

// PeeringAt returns p as it reads at now: a pending request past its
// expiration time reads as expired (computed lazily, never stored).
func PeeringAt(p *model.VpcPeeringConnection, now time.Time) *model.VpcPeeringConnection {
	if p.Status != model.PeeringPendingAcceptance || p.ExpirationTime.IsZero() || now.Before(p.ExpirationTime) {
		return p
	}
	c := model.Clone(p)
	c.Status, c.StatusMessage, c.StatusChanged = model.PeeringExpired, "Expired", p.ExpirationTime
	c.ExpirationTime = time.Time{}
	return c
}

// peeringEnded reports whether a status is final.
func peeringEnded(status string) bool {
	switch status {
	case model.PeeringDeleted, model.PeeringRejected, model.PeeringFailed, model.PeeringExpired:
		return true
	}
	return false
}

// peeringLive reports whether p (as of now) holds its two VPCs: a pending
// request, or an active connection.
func peeringLive(p *model.VpcPeeringConnection) bool {
	switch p.Status {
	case model.PeeringInitiatingRequest, model.PeeringPendingAcceptance, model.PeeringProvisioning, model.PeeringActive:
		return true
	}
	return false
}

// PeeringSides reports whether scope acts as the requester and/or the
// accepter of p (both for a connection within one account and Region).
func PeeringSides(p *model.VpcPeeringConnection, scope model.Scope) (requester, accepter bool) {
	return p.InScope(scope), p.AccepterScope() == scope
}

// PeeringVisible reports whether scope sees p (already PeeringAt now) in
// Describe: both parties see a live connection; an ended one stays visible
// for the time the lifecycle documents for each party.
func PeeringVisible(p *model.VpcPeeringConnection, scope model.Scope, now time.Time) bool {
	req, acc := PeeringSides(p, scope)
	if !req && !acc {
		return false
	}
	if !peeringEnded(p.Status) {
		return true
	}
	sameAccount := p.Requester.OwnerID == p.Accepter.OwnerID
	keep := time.Duration(0)
	switch p.Status {
	case model.PeeringFailed:
		// "remains visible to the requester for 2 hours"
		if req {
			keep = peeringShortRetention
		}
	case model.PeeringExpired:
		keep = peeringLongRetention
	case model.PeeringRejected:
		keep = peeringShortRetention
		if req && !sameAccount {
			keep = peeringLongRetention
		}
	case model.PeeringDeleted:
		keep = peeringShortRetention
		if !sameAccount && scope.Account != p.DeletedBy {
			keep = peeringLongRetention
		}
	}
	return now.Sub(p.StatusChanged) < keep
}

// lookupPeering returns connection id as scope sees it at now, with EC2's
// malformed and not-found errors.
func lookupPeering(w *store.World, scope model.Scope, id string, now time.Time) (*model.VpcPeeringConnection, error) {
	if id == "" {
		return nil, awserr.MissingParameter("VpcPeeringConnectionId")
	}
	if err := kindPCX.check(id); err != nil {
		return nil, err
	}
	p, ok := w.PeeringConnections.Get(id)
	if !ok {
		return nil, kindPCX.NotFound(id)
	}
	p = PeeringAt(p, now)
	if !PeeringVisible(p, scope, now) {
		return nil, kindPCX.NotFound(id)
	}
	return p, nil
}

// GetPeeringConnection returns connection id as scope sees it at now.
func GetPeeringConnection(w *store.World, scope model.Scope, id string, now time.Time) (*model.VpcPeeringConnection, error) {
	return lookupPeering(w, scope, id, now)
}

// PeeringConnections visits the connections scope sees at now, in id
// order after the cursor after, until visit returns false. With ids, every
// one must be visible or the call fails with the not-found error first.
func PeeringConnections(w *store.World, scope model.Scope, ids []string, after string, now time.Time, visit func(*model.VpcPeeringConnection) bool) error {
	if len(ids) > 0 {
		seen := map[string]bool{}
		var sel []*model.VpcPeeringConnection
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			p, err := lookupPeering(w, scope, id, now)
			if err != nil {
				return err
			}
			sel = append(sel, p)
		}
		sortByID(sel)
		for _, p := range sel {
			if after != "" && p.ID <= after {
				continue
			}
			if !visit(p) {
				break
			}
		}
		return nil
	}
	w.PeeringConnections.From(after, func(p *model.VpcPeeringConnection) bool {
		p = PeeringAt(p, now)
		if !PeeringVisible(p, scope, now) {
			return true
		}
		return visit(p)
	})
	return nil
}

func sortByID(ps []*model.VpcPeeringConnection) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].ID < ps[j-1].ID; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// CreatePeeringInput is what CreateVpcPeeringConnection accepts.
type CreatePeeringInput struct {
	VpcID       string
	PeerVpcID   string
	PeerOwnerID string // default: the caller's account
	PeerRegion  string // default: the caller's Region
	Tags        map[string]string
}

// CreateVpcPeeringConnection requests a peering connection from a VPC of
// scope. The returned connection is the stored one (pending-acceptance or
// failed); EC2 answers the call itself with initiating-request.
func (s *Service) CreateVpcPeeringConnection(ctx context.Context, scope model.Scope, in CreatePeeringInput) (*model.VpcPeeringConnection, error) {
	if in.VpcID == "" {
		return nil, awserr.MissingParameter("VpcId")
	}
	if in.PeerVpcID == "" {
		return nil, awserr.MissingParameter("PeerVpcId")
	}
	peer := model.Scope{Account: in.PeerOwnerID, Region: in.PeerRegion}
	if peer.Account == "" {
		peer.Account = scope.Account
	}
	if !validAccountID(peer.Account) {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter peerOwnerId is invalid. Expected a 12-digit AWS account ID.", in.PeerOwnerID)
	}
	if peer.Region == "" {
		peer.Region = scope.Region
	}
	if _, err := RegionByName(peer.Region); err != nil {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter peerRegion is invalid. The region is not a valid AWS Region.", in.PeerRegion)
	}
	if err := kindVPC.check(in.PeerVpcID); err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.VpcPeeringConnection
	err := s.update(ctx, func(tx *store.Tx) error {
		now := tx.Now()
		purgeEndedPeerings(tx, now)
		v, err := find(kindVPC, tx.VPCs, scope, in.VpcID)
		if err != nil {
			return err
		}
		if in.PeerVpcID == v.ID && peer == scope {
			return awserr.InvalidParameterValue("The requester VPC %s and the accepter VPC are the same: a VPC cannot be peered with itself.", v.ID)
		}
		var pv *model.VPC
		if peer == scope {
			// Within one account and Region the accepter VPC must exist.
			if pv, err = find(kindVPC, tx.VPCs, scope, in.PeerVpcID); err != nil {
				return err
			}
		} else if got, ok := tx.VPCs.Get(in.PeerVpcID); ok && got.InScope(peer) {
			pv = got
		}
		if pv != nil {
			if dup := livePeeringBetween(tx.World, v.ID, pv.ID, now); dup != nil {
				return awserr.New("VpcPeeringConnectionAlreadyExists", "A VPC peering connection (%s) already exists between %s and %s.", dup.ID, v.ID, pv.ID)
			}
		}
		if s.opts.AWSQuotas && outstandingRequests(tx.World, scope.Account, now) >= defaultOutstandingPeeringRequests {
			return awserr.New("OutstandingVpcPeeringConnectionLimitExceeded", "You have reached the limit of %d outstanding VPC peering connection requests.", defaultOutstandingPeeringRequests)
		}
		p := &model.VpcPeeringConnection{
			Meta:      newMeta(tx, scope, tx.NewID("pcx"), in.Tags),
			Requester: peeringSide(v),
			Accepter:  model.PeeringSide{OwnerID: peer.Account, Region: peer.Region, VpcID: in.PeerVpcID},
			Status:    model.PeeringPendingAcceptance, StatusMessage: "Pending Acceptance by " + peer.Account,
			ExpirationTime: now.Add(PeeringRequestTTL),
			StatusChanged:  now,
		}
		if pv == nil || peeringOverlap(v, pv) {
			p.Status, p.StatusMessage, p.ExpirationTime = model.PeeringFailed, peeringFailedMessage, time.Time{}
		}
		tx.PeeringConnections.Put(p)
		out = p
		return nil
	})
	return out, err
}

// validAccountID reports whether s is a 12-digit AWS account id.
func validAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// peeringSide records a VPC's side of a connection with its current blocks.
func peeringSide(v *model.VPC) model.PeeringSide {
	side := model.PeeringSide{OwnerID: v.Account, Region: v.Region, VpcID: v.ID}
	side.CidrBlocks, side.Ipv6CidrBlocks = vpcBlocks(v)
	return side
}

// vpcBlocks returns a VPC's associated IPv4 and IPv6 blocks.
func vpcBlocks(v *model.VPC) (v4, v6 []netip.Prefix) {
	for _, c := range v.CidrBlocks {
		if c.State == "associated" {
			v4 = append(v4, c.Prefix)
		}
	}
	for _, c := range v.Ipv6CidrBlocks {
		if c.State == "associated" {
			v6 = append(v6, c.Prefix)
		}
	}
	return v4, v6
}

// peeringOverlap reports whether any block of a overlaps any block of b,
// IPv4 or IPv6 [PEER vpc-peering-basics.md "Overlapping CIDR blocks"].
func peeringOverlap(a, b *model.VPC) bool {
	as, bs := a.ActiveCidrs(), b.ActiveCidrs()
	for _, x := range as {
		for _, y := range bs {
			if x.Overlaps(y) {
				return true
			}
		}
	}
	return false
}

// livePeeringBetween returns the pending or active connection between two
// VPCs, in either direction, or nil.
func livePeeringBetween(w *store.World, a, b string, now time.Time) *model.VpcPeeringConnection {
	var found *model.VpcPeeringConnection
	w.PeeringConnections.All(func(p *model.VpcPeeringConnection) bool {
		p = PeeringAt(p, now)
		if !peeringLive(p) {
			return true
		}
		if p.Requester.VpcID == a && p.Accepter.VpcID == b || p.Requester.VpcID == b && p.Accepter.VpcID == a {
			found = p
		}
		return found == nil
	})
	return found
}

// outstandingRequests counts an account's requests awaiting acceptance.
func outstandingRequests(w *store.World, account string, now time.Time) int {
	n := 0
	w.PeeringConnections.All(func(p *model.VpcPeeringConnection) bool {
		if p.Requester.OwnerID == account && PeeringAt(p, now).Status == model.PeeringPendingAcceptance {
			n++
		}
		return true
	})
	return n
}

// activePeerings counts the active connections of a VPC.
func activePeerings(w *store.World, vpcID string) int {
	n := 0
	w.PeeringConnections.All(func(p *model.VpcPeeringConnection) bool {
		if p.Active() && (p.Requester.VpcID == vpcID || p.Accepter.VpcID == vpcID) {
			n++
		}
		return true
	})
	return n
}

// purgeEndedPeerings removes the connections no party sees any more.
func purgeEndedPeerings(tx *store.Tx, now time.Time) {
	var gone []string
	tx.PeeringConnections.All(func(p *model.VpcPeeringConnection) bool {
		p = PeeringAt(p, now)
		if peeringEnded(p.Status) && now.Sub(p.StatusChanged) >= peeringLongRetention {
			gone = append(gone, p.ID)
		}
		return true
	})
	for _, id := range gone {
		tx.PeeringConnections.Delete(id)
	}
}

// invalidTransition is EC2's answer to an action the connection's status
// does not allow.
func invalidTransition(p *model.VpcPeeringConnection, to string) error {
	return awserr.New("InvalidStateTransition", "Invalid state transition for %s, attempted to transition from %s to %s", p.ID, p.Status, to)
}

// AcceptVpcPeeringConnection accepts a pending request as its accepter, in
// the accepter's Region. The stored connection is active; EC2 answers the
// call with provisioning.
func (s *Service) AcceptVpcPeeringConnection(ctx context.Context, scope model.Scope, id string) (*model.VpcPeeringConnection, error) {
	var out *model.VpcPeeringConnection
	err := s.update(ctx, func(tx *store.Tx) error {
		now := tx.Now()
		p, err := lookupPeering(tx.World, scope, id, now)
		if err != nil {
			return err
		}
		if _, acc := PeeringSides(p, scope); !acc {
			if p.Accepter.OwnerID == scope.Account {
				return awserr.New("OperationNotPermitted", "Incorrect region (%s) specified for this request. VPC peering connection %s must be accepted in region %s", scope.Region, p.ID, p.Accepter.Region)
			}
			return awserr.New("OperationNotPermitted", "User %s cannot accept peering %s", scope.Account, p.ID)
		}
		if p.Status != model.PeeringPendingAcceptance {
			return invalidTransition(p, model.PeeringProvisioning)
		}
		req, ok1 := tx.VPCs.Get(p.Requester.VpcID)
		acc, ok2 := tx.VPCs.Get(p.Accepter.VpcID)
		if !ok1 || !ok2 {
			return invalidTransition(p, model.PeeringProvisioning)
		}
		if s.opts.AWSQuotas {
			for _, vid := range []string{req.ID, acc.ID} {
				if activePeerings(tx.World, vid) >= defaultActivePeeringsPerVPC {
					return awserr.New("ActiveVpcPeeringConnectionPerVpcLimitExceeded", "The VPC %s has reached the limit of %d active VPC peering connections.", vid, defaultActivePeeringsPerVPC)
				}
			}
		}
		c := model.Clone(p)
		reqOpts, accOpts := c.Requester.AllowDNSResolutionFromRemoteVpc, c.Accepter.AllowDNSResolutionFromRemoteVpc
		c.Requester, c.Accepter = peeringSide(req), peeringSide(acc)
		c.Requester.AllowDNSResolutionFromRemoteVpc, c.Accepter.AllowDNSResolutionFromRemoteVpc = reqOpts, accOpts
		c.Status, c.StatusMessage = model.PeeringActive, "Active"
		c.ExpirationTime, c.StatusChanged = time.Time{}, now
		tx.PeeringConnections.Put(c)
		out = c
		return nil
	})
	return out, err
}

// RejectVpcPeeringConnection rejects a pending request as its accepter.
func (s *Service) RejectVpcPeeringConnection(ctx context.Context, scope model.Scope, id string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		now := tx.Now()
		p, err := lookupPeering(tx.World, scope, id, now)
		if err != nil {
			return err
		}
		if _, acc := PeeringSides(p, scope); !acc {
			if p.Accepter.OwnerID == scope.Account {
				return awserr.New("OperationNotPermitted", "Incorrect region (%s) specified for this request. VPC peering connection %s must be rejected in region %s", scope.Region, p.ID, p.Accepter.Region)
			}
			return awserr.New("OperationNotPermitted", "User %s cannot reject peering %s", scope.Account, p.ID)
		}
		if p.Status != model.PeeringPendingAcceptance {
			return invalidTransition(p, model.PeeringRejected)
		}
		c := model.Clone(p)
		c.Status, c.StatusMessage = model.PeeringRejected, "Rejected by "+scope.Account
		c.ExpirationTime, c.StatusChanged = time.Time{}, now
		tx.PeeringConnections.Put(c)
		return nil
	})
}

// DeleteVpcPeeringConnection deletes an active connection (either owner)
// or a pending request (its requester). Routes that target it become
// blackholes; security group rules that reference the peer's groups
// become stale.
func (s *Service) DeleteVpcPeeringConnection(ctx context.Context, scope model.Scope, id string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		now := tx.Now()
		p, err := lookupPeering(tx.World, scope, id, now)
		if err != nil {
			return err
		}
		req, _ := PeeringSides(p, scope)
		switch p.Status {
		case model.PeeringActive:
		case model.PeeringPendingAcceptance:
			if !req {
				// The accepter of a pending request rejects it.
				return awserr.New("OperationNotPermitted", "User %s cannot delete peering %s: only the requester can delete a pending-acceptance request; reject it instead", scope.Account, p.ID)
			}
		default:
			return invalidTransition(p, model.PeeringDeleting)
		}
		markPeeringDeleted(tx, p, scope.Account, now)
		return nil
	})
}

func markPeeringDeleted(tx *store.Tx, p *model.VpcPeeringConnection, by string, now time.Time) {
	c := model.Clone(p)
	c.Status, c.StatusMessage = model.PeeringDeleted, "Deleted by "+by
	c.ExpirationTime, c.StatusChanged, c.DeletedBy = time.Time{}, now, by
	tx.PeeringConnections.Put(c)
}

// PeeringOptionsInput is one side's ModifyVpcPeeringConnectionOptions
// request; nil fields are unchanged.
type PeeringOptionsInput struct {
	AllowDNSResolutionFromRemoteVpc *bool
}

// ModifyVpcPeeringConnectionOptions changes the DNS resolution option of
// the sides scope owns, on an active connection; it returns the
// connection after the change.
func (s *Service) ModifyVpcPeeringConnectionOptions(ctx context.Context, scope model.Scope, id string, requester, accepter *PeeringOptionsInput) (*model.VpcPeeringConnection, error) {
	if requester == nil && accepter == nil {
		return nil, awserr.MissingParameter("RequesterPeeringConnectionOptions or AccepterPeeringConnectionOptions")
	}
	var out *model.VpcPeeringConnection
	err := s.update(ctx, func(tx *store.Tx) error {
		now := tx.Now()
		p, err := lookupPeering(tx.World, scope, id, now)
		if err != nil {
			return err
		}
		if p.Status != model.PeeringActive {
			return awserr.New("IncorrectState", "VPC peering connection %s is not active: peering connection options can be modified only on an active connection (status %s).", p.ID, p.Status)
		}
		isReq, isAcc := PeeringSides(p, scope)
		if requester != nil && !isReq {
			return awserr.New("OperationNotPermitted", "User %s in region %s cannot modify the requester peering connection options of %s: the requester VPC owner modifies them in region %s", scope.Account, scope.Region, p.ID, p.Region)
		}
		if accepter != nil && !isAcc {
			return awserr.New("OperationNotPermitted", "User %s in region %s cannot modify the accepter peering connection options of %s: the accepter VPC owner modifies them in region %s", scope.Account, scope.Region, p.ID, p.Accepter.Region)
		}
		c := model.Clone(p)
		for _, ch := range []struct {
			in   *PeeringOptionsInput
			side *model.PeeringSide
		}{{requester, &c.Requester}, {accepter, &c.Accepter}} {
			if ch.in == nil || ch.in.AllowDNSResolutionFromRemoteVpc == nil {
				continue
			}
			on := *ch.in.AllowDNSResolutionFromRemoteVpc
			if on {
				// Both VPCs need DNS hostnames and DNS resolution.
				for _, vid := range []string{c.Requester.VpcID, c.Accepter.VpcID} {
					if v, ok := tx.VPCs.Get(vid); ok && (!v.EnableDnsHostnames || !v.EnableDnsSupport) {
						return awserr.New("InvalidVpcPeeringConnectionState.DnsHostnamesDisabled", "Unable to modify peering connection options for %s: DNS hostnames and DNS resolution must be enabled on both VPCs (%s has them disabled).", p.ID, vid)
					}
				}
			}
			ch.side.AllowDNSResolutionFromRemoteVpc = on
		}
		tx.PeeringConnections.Put(c)
		out = c
		return nil
	})
	return out, err
}

// peeringVpcDelete applies DeleteVpc's peering rules to VPC v: a VPC in an
// active connection, or the accepter of a pending request, cannot be
// deleted (DependencyViolation); the pending requests v made are deleted
// with it [PEER delete-vpc-peering-connection.md].
func peeringVpcDelete(tx *store.Tx, v *model.VPC) error {
	now := tx.Now()
	var pending []*model.VpcPeeringConnection
	var blocked bool
	tx.PeeringConnections.All(func(p *model.VpcPeeringConnection) bool {
		p = PeeringAt(p, now)
		switch {
		case p.Status == model.PeeringActive && (p.Requester.VpcID == v.ID || p.Accepter.VpcID == v.ID):
			blocked = true
		case p.Status == model.PeeringPendingAcceptance && p.Accepter.VpcID == v.ID:
			blocked = true
		case p.Status == model.PeeringPendingAcceptance && p.Requester.VpcID == v.ID:
			pending = append(pending, p)
		}
		return !blocked
	})
	if blocked {
		return awserr.DependencyViolation("The vpc '%s' has dependencies and cannot be deleted.", v.ID)
	}
	for _, p := range pending {
		markPeeringDeleted(tx, p, v.Account, now)
	}
	return nil
}

// peeringRouteTarget checks that connection id can be the target of a
// route in rt: it is visible to scope, not ended, and rt's VPC is one of
// its sides. A pending request is a valid target (the route is a
// blackhole until the connection is active) [PEER vpc-peering-routing.md
// "Considerations"].
func peeringRouteTarget(w *store.World, scope model.Scope, rt *model.RouteTable, id string) error {
	if err := kindPCX.check(id); err != nil {
		return err
	}
	p, ok := w.PeeringConnections.Get(id)
	if !ok || peeringEnded(p.Status) {
		return kindPCX.NotFound(id)
	}
	if req, acc := PeeringSides(p, scope); !req && !acc {
		return kindPCX.NotFound(id)
	}
	if _, _, ok := p.Side(rt.VpcID); !ok {
		return awserr.InvalidParameterValue("route table %s and peering connection %s belong to different networks", rt.ID, id)
	}
	return nil
}
