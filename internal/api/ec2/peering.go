package ec2

import (
	"context"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

func (a *API) registerPeering() {
	handle(a, "CreateVpcPeeringConnection", a.createVpcPeeringConnection)
	handle(a, "AcceptVpcPeeringConnection", func(ctx context.Context, r *Request, in *AcceptVpcPeeringConnectionRequest) (*AcceptVpcPeeringConnectionResult, error) {
		p, err := a.ctl.AcceptVpcPeeringConnection(ctx, r.Scope, deref(in.VpcPeeringConnectionId))
		if err != nil {
			return nil, err
		}
		// EC2 answers the accept with provisioning; Describe then reads active.
		out := peeringOut(control.PeeringForScope(p, r.Scope))
		out.Status = &VpcPeeringConnectionStateReason{Code: str(model.PeeringProvisioning), Message: str("Provisioning")}
		return &AcceptVpcPeeringConnectionResult{VpcPeeringConnection: out}, nil
	})
	handle(a, "RejectVpcPeeringConnection", func(ctx context.Context, r *Request, in *RejectVpcPeeringConnectionRequest) (*RejectVpcPeeringConnectionResult, error) {
		if err := a.ctl.RejectVpcPeeringConnection(ctx, r.Scope, deref(in.VpcPeeringConnectionId)); err != nil {
			return nil, err
		}
		return &RejectVpcPeeringConnectionResult{Return: boolp(true)}, nil
	})
	handle(a, "DeleteVpcPeeringConnection", func(ctx context.Context, r *Request, in *DeleteVpcPeeringConnectionRequest) (*DeleteVpcPeeringConnectionResult, error) {
		if err := a.ctl.DeleteVpcPeeringConnection(ctx, r.Scope, deref(in.VpcPeeringConnectionId)); err != nil {
			return nil, err
		}
		return &DeleteVpcPeeringConnectionResult{Return: boolp(true)}, nil
	})
	handle(a, "DescribeVpcPeeringConnections", a.describeVpcPeeringConnections)
	handle(a, "ModifyVpcPeeringConnectionOptions", a.modifyVpcPeeringConnectionOptions)
	handle(a, "DescribeStaleSecurityGroups", a.describeStaleSecurityGroups)
}

func (a *API) createVpcPeeringConnection(ctx context.Context, r *Request, in *CreateVpcPeeringConnectionRequest) (*CreateVpcPeeringConnectionResult, error) {
	tags, err := tagsFor(in.TagSpecifications, "vpc-peering-connection")
	if err != nil {
		return nil, err
	}
	p, err := a.ctl.CreateVpcPeeringConnection(ctx, r.Scope, control.CreatePeeringInput{
		VpcID:       deref(in.VpcId),
		PeerVpcID:   deref(in.PeerVpcId),
		PeerOwnerID: deref(in.PeerOwnerId),
		PeerRegion:  deref(in.PeerRegion),
		Tags:        tags,
	})
	if err != nil {
		return nil, err
	}
	// EC2 answers the create with initiating-request (a failure shows in
	// a later Describe), before the accepter's blocks are known.
	out := peeringOut(p)
	out.Status = &VpcPeeringConnectionStateReason{Code: str(model.PeeringInitiatingRequest), Message: str("Initiating Request to " + p.Accepter.OwnerID)}
	out.AccepterVpcInfo = &VpcPeeringConnectionVpcInfo{OwnerId: str(p.Accepter.OwnerID), VpcId: str(p.Accepter.VpcID), Region: str(p.Accepter.Region)}
	return &CreateVpcPeeringConnectionResult{VpcPeeringConnection: out}, nil
}

// sideCidrs lists a side's IPv4 and IPv6 blocks for the cidr-block filters.
func sideCidrs(s *model.PeeringSide) []string {
	out := make([]string, 0, len(s.CidrBlocks)+len(s.Ipv6CidrBlocks))
	for _, c := range s.CidrBlocks {
		out = append(out, c.String())
	}
	for _, c := range s.Ipv6CidrBlocks {
		out = append(out, c.String())
	}
	return out
}

// peeringFilters are DescribeVpcPeeringConnections' filters (EC2 API
// reference; botocore model documentation of the operation).
var peeringFilters = filterTable[model.VpcPeeringConnection]{
	"accepter-vpc-info.cidr-block":  func(p *model.VpcPeeringConnection) []string { return sideCidrs(&p.Accepter) },
	"accepter-vpc-info.owner-id":    func(p *model.VpcPeeringConnection) []string { return one(p.Accepter.OwnerID) },
	"accepter-vpc-info.vpc-id":      func(p *model.VpcPeeringConnection) []string { return one(p.Accepter.VpcID) },
	"requester-vpc-info.cidr-block": func(p *model.VpcPeeringConnection) []string { return sideCidrs(&p.Requester) },
	"requester-vpc-info.owner-id":   func(p *model.VpcPeeringConnection) []string { return one(p.Requester.OwnerID) },
	"requester-vpc-info.vpc-id":     func(p *model.VpcPeeringConnection) []string { return one(p.Requester.VpcID) },
	"status-code":                   func(p *model.VpcPeeringConnection) []string { return one(p.Status) },
	"status-message":                func(p *model.VpcPeeringConnection) []string { return one(p.StatusMessage) },
	"vpc-peering-connection-id":     func(p *model.VpcPeeringConnection) []string { return one(p.ID) },
	"expiration-time": func(p *model.VpcPeeringConnection) []string {
		if p.ExpirationTime.IsZero() {
			return nil
		}
		return []string{p.ExpirationTime.UTC().Format("2006-01-02T15:04:05.000Z")}
	},
}

func (a *API) describeVpcPeeringConnections(ctx context.Context, r *Request, in *DescribeVpcPeeringConnectionsRequest) (*DescribeVpcPeeringConnectionsResult, error) {
	m, err := compileFilters(peeringFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	pg, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	var sel []*model.VpcPeeringConnection
	more := false
	err = control.PeeringConnections(a.ctl.View(ctx), r.Scope, in.VpcPeeringConnectionIds, pg.after, a.ctl.Now(), func(p *model.VpcPeeringConnection) bool {
		p = control.PeeringForScope(p, r.Scope)
		if !m.match(p) {
			return true
		}
		if pg.max > 0 && int32(len(sel)) == pg.max {
			more = true
			return false
		}
		sel = append(sel, p)
		return true
	})
	if err != nil {
		return nil, err
	}
	out := &DescribeVpcPeeringConnectionsResult{VpcPeeringConnections: make([]VpcPeeringConnection, len(sel))}
	for i, p := range sel {
		out.VpcPeeringConnections[i] = *peeringOut(p)
	}
	if more && len(sel) > 0 {
		out.NextToken = token(sel[len(sel)-1].ID)
	}
	return out, nil
}

func (a *API) modifyVpcPeeringConnectionOptions(ctx context.Context, r *Request, in *ModifyVpcPeeringConnectionOptionsRequest) (*ModifyVpcPeeringConnectionOptionsResult, error) {
	opts := func(o *PeeringConnectionOptionsRequest) (*control.PeeringOptionsInput, error) {
		if o == nil {
			return nil, nil
		}
		// ClassicLink was retired on 15 August 2022; its options can only
		// stay off.
		if derefBool(o.AllowEgressFromLocalClassicLinkToRemoteVpc) || derefBool(o.AllowEgressFromLocalVpcToRemoteClassicLink) {
			return nil, awserr.New("UnsupportedOperation", "ClassicLink is no longer supported: the ClassicLink peering connection options cannot be enabled.")
		}
		return &control.PeeringOptionsInput{AllowDNSResolutionFromRemoteVpc: o.AllowDnsResolutionFromRemoteVpc}, nil
	}
	req, err := opts(in.RequesterPeeringConnectionOptions)
	if err != nil {
		return nil, err
	}
	acc, err := opts(in.AccepterPeeringConnectionOptions)
	if err != nil {
		return nil, err
	}
	p, err := a.ctl.ModifyVpcPeeringConnectionOptions(ctx, r.Scope, deref(in.VpcPeeringConnectionId), req, acc)
	if err != nil {
		return nil, err
	}
	out := &ModifyVpcPeeringConnectionOptionsResult{}
	if req != nil {
		out.RequesterPeeringConnectionOptions = peeringOptionsOut(&p.Requester)
	}
	if acc != nil {
		out.AccepterPeeringConnectionOptions = peeringOptionsOut(&p.Accepter)
	}
	return out, nil
}

func peeringOptionsOut(s *model.PeeringSide) *PeeringConnectionOptions {
	return &PeeringConnectionOptions{
		AllowDnsResolutionFromRemoteVpc:            boolp(s.AllowDNSResolutionFromRemoteVpc),
		AllowEgressFromLocalClassicLinkToRemoteVpc: boolp(false),
		AllowEgressFromLocalVpcToRemoteClassicLink: boolp(false),
	}
}

// peeringOut renders a connection as the caller sees it (tags already
// chosen by control.PeeringForScope).
func peeringOut(p *model.VpcPeeringConnection) *VpcPeeringConnection {
	return &VpcPeeringConnection{
		VpcPeeringConnectionId: str(p.ID),
		RequesterVpcInfo:       peeringSideOut(&p.Requester, true),
		AccepterVpcInfo:        peeringSideOut(&p.Accepter, p.Status == model.PeeringActive || len(p.Accepter.CidrBlocks) > 0),
		Status:                 &VpcPeeringConnectionStateReason{Code: str(p.Status), Message: optStr(p.StatusMessage)},
		ExpirationTime:         timep(p.ExpirationTime),
		Tags:                   tagSet(&p.Meta),
	}
}

// peeringSideOut renders one side; the accepter's blocks and options are
// known once the connection is active.
func peeringSideOut(s *model.PeeringSide, known bool) *VpcPeeringConnectionVpcInfo {
	out := &VpcPeeringConnectionVpcInfo{OwnerId: str(s.OwnerID), VpcId: str(s.VpcID), Region: str(s.Region)}
	if !known {
		return out
	}
	if len(s.CidrBlocks) > 0 {
		out.CidrBlock = str(s.CidrBlocks[0].String())
	}
	for _, c := range s.CidrBlocks {
		out.CidrBlockSet = append(out.CidrBlockSet, CidrBlock{CidrBlock: str(c.String())})
	}
	for _, c := range s.Ipv6CidrBlocks {
		out.Ipv6CidrBlockSet = append(out.Ipv6CidrBlockSet, Ipv6CidrBlock{Ipv6CidrBlock: str(c.String())})
	}
	out.PeeringOptions = &VpcPeeringConnectionOptionsDescription{
		AllowDnsResolutionFromRemoteVpc:            boolp(s.AllowDNSResolutionFromRemoteVpc),
		AllowEgressFromLocalClassicLinkToRemoteVpc: boolp(false),
		AllowEgressFromLocalVpcToRemoteClassicLink: boolp(false),
	}
	return out
}

func (a *API) describeStaleSecurityGroups(ctx context.Context, r *Request, in *DescribeStaleSecurityGroupsRequest) (*DescribeStaleSecurityGroupsResult, error) {
	pg, err := newPage(in.MaxResults, in.NextToken, 5, 255)
	if err != nil {
		return nil, err
	}
	out := &DescribeStaleSecurityGroupsResult{}
	var last string
	more := false
	err = control.StaleSecurityGroups(a.ctl.View(ctx), r.Scope, deref(in.VpcId), pg.after, a.ctl.Now(), func(g control.StaleGroup) bool {
		if pg.max > 0 && int32(len(out.StaleSecurityGroupSet)) == pg.max {
			more = true
			return false
		}
		out.StaleSecurityGroupSet = append(out.StaleSecurityGroupSet, StaleSecurityGroup{
			GroupId:                  str(g.Group.ID),
			GroupName:                str(g.Group.Name),
			Description:              optStr(g.Group.Description),
			VpcId:                    str(g.Group.VpcID),
			StaleIpPermissions:       stalePermissions(g.Ingress),
			StaleIpPermissionsEgress: stalePermissions(g.Egress),
		})
		last = g.Group.ID
		return true
	})
	if err != nil {
		return nil, err
	}
	if more {
		out.NextToken = token(last)
	}
	return out, nil
}

// stalePermissions renders stale rules as IpPermissions, one per protocol
// and port range, with the stale group pairs.
func stalePermissions(rules []control.StaleRule) []StaleIpPermission {
	var out []StaleIpPermission
	idx := map[string]int{}
	for _, s := range rules {
		r := s.Rule
		key := strings.Join([]string{r.Protocol, strconv.Itoa(int(r.FromPort)), strconv.Itoa(int(r.ToPort))}, "/")
		i, ok := idx[key]
		if !ok {
			i = len(out)
			idx[key] = i
			perm := StaleIpPermission{IpProtocol: str(r.Protocol)}
			if r.Protocol != "-1" {
				perm.FromPort, perm.ToPort = i32(r.FromPort), i32(r.ToPort)
			}
			out = append(out, perm)
		}
		out[i].UserIdGroupPairs = append(out[i].UserIdGroupPairs, UserIdGroupPair{
			GroupId:                str(strings.TrimPrefix(r.RefGroupID, "name:")),
			GroupName:              optStr(s.RefGroupName),
			UserId:                 optStr(r.RefUserID),
			VpcId:                  optStr(r.RefVpcID),
			VpcPeeringConnectionId: optStr(s.PeeringID),
			PeeringStatus:          optStr(s.PeeringStatus),
			Description:            optStr(r.Description),
		})
	}
	return out
}
