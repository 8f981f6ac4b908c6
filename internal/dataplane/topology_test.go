package dataplane

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// The topology language of the golden scenarios (testdata/*.txtar), one
// statement per line, '#' starts a comment:
//
//	vpc ID CIDR [ipv6=PFX] [dns=false]      also creates rtb-X-main (main, local routes),
//	                                        acl-X-default (allow all) and sg-X-default
//	                                        (in: all from itself; out: all), X = ID without "vpc-"
//	subnet ID VPC CIDR [ipv6=PFX]
//	igw ID [VPC] | eigw ID VPC | vgw ID [VPC]
//	rtb ID VPC                              custom route table with local routes
//	main RTB                                make RTB the main table
//	assoc RTB SUBNET|IGW                    subnet or edge (gateway) association
//	route RTB DEST|PL TARGET [propagated]   TARGET: local, igw-, eigw-, vgw-, nat-, eni-, i-, pcx-, tgw-, vpce-
//	delroute RTB DEST
//	pl ID CIDR[,CIDR...]
//	sg ID VPC [noegress]                    a new group: no inbound, outbound all (unless noegress)
//	ingress|egress SG PROTO PORTS PEER      PORTS: - | N | N-M | TYPE:CODE (icmp); PEER: CIDR, sg-, pl-
//	acl ID VPC                              custom NACL (denies all)
//	aclassoc ACL SUBNET
//	aclrule ACL in|out N allow|deny PROTO PORTS CIDR
//	aclclear ACL                            remove every entry but the `*` rules
//	eni ID SUBNET IP[,IP...] [pub=IP] [ipv6=IP] [sg=SG,...] [nocheck] [instance=ID] [state=S] [detached]
//	nat ID SUBNET IP [pub=IP] [private] [state=S]   its interface is eni-<ID>
//	vpcattr VPC dns=false
//	scope ACCOUNT REGION                    later statements create objects in this account and region
//	                                        (default 123456789012 us-east-1); subnets take az=X (a letter
//	                                        or a zone name; default zone a of the current region)
//	pcx ID VPC-REQ VPC-ACC [state=S]        peering connection (default active)
//	tgw ID [sgref] [state=S]                transit gateway (default available; sgref enables
//	                                        security group referencing support)
//	tgwattach ID TGW VPC SUBNET[,...]|- [ips=IP,...] [appliance] [ipv6] [nosgref] [state=S]
//	                                        VPC attachment; its interface in each subnet is
//	                                        eni-<ID>-<n> (with address ips[n] when given)
//	tgwpeer ID TGW-REQ TGW-ACC [state=S]    peering attachment between two transit gateways
//	tgwrtb ID TGW                           transit gateway route table
//	tgwassoc TGWRTB ATTACH                  association (for a peering attachment, on the table's side)
//	tgwprop TGWRTB ATTACH                   propagation (enabled)
//	tgwroute TGWRTB CIDR|PL ATTACH|blackhole static or blackhole route
//	(VPN statements: vpn_topology_test.go; endpoints and load balancers:
//	svc_topology_test.go)
type topo struct {
	t       testing.TB
	account string
	region  string
	vpcs    map[string]*model.VPC
	subnets map[string]*model.Subnet
	rtbs    map[string]*model.RouteTable
	igws    map[string]*model.InternetGateway
	eigws   map[string]*model.EgressOnlyInternetGateway
	vgws    map[string]*model.VpnGateway
	acls    map[string]*model.NetworkACL
	sgs     map[string]*model.SecurityGroup
	rules   []*model.SecurityGroupRule
	enis    map[string]*model.NetworkInterface
	insts   map[string]*model.Instance
	nats    map[string]*model.NatGateway
	pls     map[string]*model.ManagedPrefixList
	pcxs    map[string]*model.VpcPeeringConnection
	tgws    map[string]*model.TransitGateway
	atts    map[string]*model.TransitGatewayAttachment
	tgwrtbs map[string]*model.TransitGatewayRouteTable
	tgwrs   []*model.TransitGatewayRoute
	vpn     *topoVPN // customer gateways and VPN connections (vpn_topology_test.go)
	dx      *topoDX  // Direct Connect (dx_topology_test.go)
	bpa     *topoBPA // VPC Block Public Access (bpa_topology_test.go)
	svc     *topoSvc // endpoints and load balancers (svc_topology_test.go)
	order   []string
	nrule   int
}

func newTopo(t testing.TB) *topo {
	return &topo{t: t, account: "123456789012", region: "us-east-1",
		vpcs: map[string]*model.VPC{}, subnets: map[string]*model.Subnet{}, rtbs: map[string]*model.RouteTable{},
		igws: map[string]*model.InternetGateway{}, eigws: map[string]*model.EgressOnlyInternetGateway{},
		vgws: map[string]*model.VpnGateway{}, acls: map[string]*model.NetworkACL{}, sgs: map[string]*model.SecurityGroup{},
		enis: map[string]*model.NetworkInterface{}, insts: map[string]*model.Instance{}, nats: map[string]*model.NatGateway{},
		pls: map[string]*model.ManagedPrefixList{}, pcxs: map[string]*model.VpcPeeringConnection{},
		tgws: map[string]*model.TransitGateway{}, atts: map[string]*model.TransitGatewayAttachment{},
		tgwrtbs: map[string]*model.TransitGatewayRouteTable{}}
}

func (b *topo) meta(id string) model.Meta {
	return model.Meta{ID: id, Account: b.account, Region: b.region}
}

func suffix(id string) string {
	if i := strings.IndexByte(id, '-'); i >= 0 {
		return id[i+1:]
	}
	return id
}

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }
func addr(s string) netip.Addr  { return netip.MustParseAddr(s) }

// parse runs a topology script.
func (b *topo) parse(src string) *topo {
	b.t.Helper()
	for n, line := range strings.Split(src, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if err := b.stmt(f); err != nil {
			b.t.Fatalf("topology line %d %q: %v", n+1, strings.TrimSpace(line), err)
		}
	}
	return b
}

func opts(f []string) map[string]string {
	m := map[string]string{}
	for _, s := range f {
		k, v, ok := strings.Cut(s, "=")
		if !ok {
			v = "true"
		}
		m[k] = v
	}
	return m
}

func (b *topo) localRoutes(v *model.VPC) []model.Route {
	var rs []model.Route
	for _, c := range v.ActiveCidrs() {
		rs = append(rs, model.Route{Destination: c, Target: model.TargetLocal, TargetID: "local", Origin: model.OriginCreateRouteTable})
	}
	return rs
}

func (b *topo) stmt(f []string) error {
	need := func(n int) error {
		if len(f) < n {
			return fmt.Errorf("want at least %d fields", n)
		}
		return nil
	}
	switch f[0] {
	case "vpc":
		if err := need(3); err != nil {
			return err
		}
		o := opts(f[3:])
		v := &model.VPC{Meta: b.meta(f[1]), State: "available", EnableDnsSupport: o["dns"] != "false", EnableDnsHostnames: true,
			CidrBlocks: []model.CidrAssoc{{AssociationID: "vpc-cidr-assoc-" + suffix(f[1]), Prefix: pfx(f[2]), State: "associated"}}}
		if s, ok := o["ipv6"]; ok {
			v.Ipv6CidrBlocks = []model.Ipv6CidrAssoc{{Prefix: pfx(s), State: "associated"}}
		}
		b.vpcs[v.ID] = v
		x := suffix(v.ID)
		b.rtbs["rtb-"+x+"-main"] = &model.RouteTable{Meta: b.meta("rtb-" + x + "-main"), VpcID: v.ID,
			Associations: []model.RouteTableAssoc{{ID: "rtbassoc-" + x + "-main", Main: true}}, Routes: b.localRoutes(v)}
		acl := &model.NetworkACL{Meta: b.meta("acl-" + x + "-default"), VpcID: v.ID, IsDefault: true}
		acl.Entries = append(acl.Entries,
			model.NetworkACLEntry{RuleNumber: 100, Protocol: "-1", Action: "allow", CidrBlock: pfx("0.0.0.0/0")},
			model.NetworkACLEntry{RuleNumber: 100, Egress: true, Protocol: "-1", Action: "allow", CidrBlock: pfx("0.0.0.0/0")})
		if len(v.Ipv6CidrBlocks) > 0 {
			acl.Entries = append(acl.Entries,
				model.NetworkACLEntry{RuleNumber: 101, Protocol: "-1", Action: "allow", Ipv6Cidr: pfx("::/0")},
				model.NetworkACLEntry{RuleNumber: 101, Egress: true, Protocol: "-1", Action: "allow", Ipv6Cidr: pfx("::/0")})
		}
		b.acls[acl.ID] = acl
		sg := &model.SecurityGroup{Meta: b.meta("sg-" + x + "-default"), VpcID: v.ID, Name: "default", Description: "default VPC security group"}
		b.sgs[sg.ID] = sg
		b.addRule(sg.ID, false, "-1", -1, -1, "sg:"+sg.ID)
		b.addRule(sg.ID, true, "-1", -1, -1, "0.0.0.0/0")
		if len(v.Ipv6CidrBlocks) > 0 {
			b.addRule(sg.ID, true, "-1", -1, -1, "::/0")
		}
	case "vpcattr":
		o := opts(f[2:])
		b.vpcs[f[1]].EnableDnsSupport = o["dns"] != "false"
	case "subnet":
		if err := need(4); err != nil {
			return err
		}
		o := opts(f[4:])
		s := &model.Subnet{Meta: b.meta(f[1]), VpcID: f[2], State: "available", AvailabilityZone: b.region + "a"}
		if f[3] == "-" { // IPv6-only subnet (nat64.go)
			s.Ipv6Native = true
		} else {
			s.CidrBlock = pfx(f[3])
		}
		if z, ok := o["az"]; ok {
			s.AvailabilityZone = z
			if len(z) == 1 {
				s.AvailabilityZone = b.region + z
			}
		}
		if x, ok := o["ipv6"]; ok {
			s.Ipv6CidrBlocks = []model.Ipv6CidrAssoc{{Prefix: pfx(x), State: "associated"}}
		}
		if _, ok := b.vpcs[f[2]]; !ok {
			return fmt.Errorf("unknown vpc %s", f[2])
		}
		b.subnets[s.ID] = s
	case "igw":
		g := &model.InternetGateway{Meta: b.meta(f[1])}
		if len(f) > 2 {
			g.Attachments = []model.GatewayAttachment{{VpcID: f[2], State: "available"}}
		}
		b.igws[g.ID] = g
	case "eigw":
		b.eigws[f[1]] = &model.EgressOnlyInternetGateway{Meta: b.meta(f[1]), Attachments: []model.GatewayAttachment{{VpcID: f[2], State: "attached"}}}
	case "vgw":
		g := &model.VpnGateway{Meta: b.meta(f[1]), State: "available", Type: "ipsec.1"}
		if len(f) > 2 {
			g.Attachments = []model.GatewayAttachment{{VpcID: f[2], State: "attached"}}
		}
		b.vgws[g.ID] = g
	case "rtb":
		v, ok := b.vpcs[f[2]]
		if !ok {
			return fmt.Errorf("unknown vpc %s", f[2])
		}
		b.rtbs[f[1]] = &model.RouteTable{Meta: b.meta(f[1]), VpcID: v.ID, Routes: b.localRoutes(v)}
	case "main":
		rt := b.rtbs[f[1]]
		for _, o := range b.rtbs {
			if o.VpcID != rt.VpcID {
				continue
			}
			as := o.Associations[:0]
			for _, a := range o.Associations {
				if !a.Main {
					as = append(as, a)
				}
			}
			o.Associations = as
		}
		rt.Associations = append(rt.Associations, model.RouteTableAssoc{ID: "rtbassoc-main-" + suffix(rt.ID), Main: true})
	case "assoc":
		rt, ok := b.rtbs[f[1]]
		if !ok {
			return fmt.Errorf("unknown route table %s", f[1])
		}
		a := model.RouteTableAssoc{ID: "rtbassoc-" + suffix(f[2])}
		if strings.HasPrefix(f[2], "subnet-") {
			a.SubnetID = f[2]
		} else {
			a.GatewayID = f[2]
		}
		rt.Associations = append(rt.Associations, a)
	case "route":
		if err := need(4); err != nil {
			return err
		}
		rt, ok := b.rtbs[f[1]]
		if !ok {
			return fmt.Errorf("unknown route table %s", f[1])
		}
		r := model.Route{TargetID: f[3], Origin: model.OriginCreateRoute}
		if strings.HasPrefix(f[2], "pl-") {
			r.DestinationPrefixListID = f[2]
		} else {
			r.Destination = pfx(f[2])
		}
		switch t := f[3]; {
		case t == "local":
			r.Target = model.TargetLocal
		case strings.HasPrefix(t, "igw-"):
			r.Target = model.TargetIGW
		case strings.HasPrefix(t, "eigw-"):
			r.Target = model.TargetEIGW
		case strings.HasPrefix(t, "vgw-"):
			r.Target = model.TargetVGW
		case strings.HasPrefix(t, "nat-"):
			r.Target = model.TargetNAT
		case strings.HasPrefix(t, "eni-"):
			r.Target = model.TargetENI
		case strings.HasPrefix(t, "i-"):
			r.Target, r.InstanceID = model.TargetInstance, t
		case strings.HasPrefix(t, "pcx-"):
			r.Target = model.TargetPeering
		case strings.HasPrefix(t, "tgw-"):
			r.Target = model.TargetTGW
		case strings.HasPrefix(t, "vpce-"):
			r.Target = model.TargetVPCEndpoint
		default:
			return fmt.Errorf("unknown target %s", t)
		}
		if len(f) > 4 && f[4] == "propagated" {
			r.Origin = model.OriginEnableVgwRoutePro
		}
		// Replace an existing route with the same destination (the local
		// route's target can be replaced).
		for i := range rt.Routes {
			if rt.Routes[i].DestinationKey() == r.DestinationKey() && rt.Routes[i].Origin != model.OriginEnableVgwRoutePro && r.Origin != model.OriginEnableVgwRoutePro {
				rt.Routes[i] = r
				return nil
			}
		}
		rt.Routes = append(rt.Routes, r)
	case "delroute":
		rt := b.rtbs[f[1]]
		rs := rt.Routes[:0]
		for _, r := range rt.Routes {
			if r.DestinationKey() != f[2] {
				rs = append(rs, r)
			}
		}
		rt.Routes = rs
	case "pl":
		pl := &model.ManagedPrefixList{Meta: b.meta(f[1]), Name: f[1], AddressFamily: "IPv4", State: "create-complete", OwnerID: b.account}
		for _, c := range strings.Split(f[2], ",") {
			pl.Entries = append(pl.Entries, model.PrefixListEntry{Cidr: pfx(c)})
		}
		b.pls[pl.ID] = pl
	case "sg":
		g := &model.SecurityGroup{Meta: b.meta(f[1]), VpcID: f[2], Name: f[1], Description: f[1]}
		b.sgs[g.ID] = g
		if !(len(f) > 3 && f[3] == "noegress") {
			b.addRule(g.ID, true, "-1", -1, -1, "0.0.0.0/0")
		}
	case "ingress", "egress":
		if err := need(5); err != nil {
			return err
		}
		if _, ok := b.sgs[f[1]]; !ok {
			return fmt.Errorf("unknown security group %s", f[1])
		}
		from, to, err := ports(f[2], f[3])
		if err != nil {
			return err
		}
		peer := f[4]
		if strings.HasPrefix(peer, "sg-") {
			peer = "sg:" + peer
		}
		b.addRule(f[1], f[0] == "egress", f[2], from, to, peer)
	case "acl":
		b.acls[f[1]] = &model.NetworkACL{Meta: b.meta(f[1]), VpcID: f[2]}
	case "aclassoc":
		for _, a := range b.acls {
			as := a.Associations[:0]
			for _, x := range a.Associations {
				if x.SubnetID != f[2] {
					as = append(as, x)
				}
			}
			a.Associations = as
		}
		a, ok := b.acls[f[1]]
		if !ok {
			return fmt.Errorf("unknown acl %s", f[1])
		}
		a.Associations = append(a.Associations, model.NetworkACLAssoc{ID: "aclassoc-" + suffix(f[2]), SubnetID: f[2]})
	case "aclclear":
		b.acls[f[1]].Entries = nil
	case "aclrule":
		if err := need(8); err != nil {
			return err
		}
		a, ok := b.acls[f[1]]
		if !ok {
			return fmt.Errorf("unknown acl %s", f[1])
		}
		n, err := strconv.Atoi(f[3])
		if err != nil {
			return err
		}
		e := model.NetworkACLEntry{RuleNumber: int32(n), Egress: f[2] == "out", Action: f[4]}
		e.Protocol = strconv.Itoa(model.ProtocolNumber(f[5]))
		c := pfx(f[7])
		if c.Addr().Is4() {
			e.CidrBlock = c
		} else {
			e.Ipv6Cidr = c
		}
		if f[6] != "-" {
			from, to, err := ports(f[5], f[6])
			if err != nil {
				return err
			}
			if f[5] == "icmp" || f[5] == "icmpv6" {
				e.IcmpType, e.IcmpCode = &from, &to
			} else {
				e.PortFrom, e.PortTo = &from, &to
			}
		}
		a.Entries = append(a.Entries, e)
	case "eni":
		if err := need(4); err != nil {
			return err
		}
		s, ok := b.subnets[f[2]]
		if !ok {
			return fmt.Errorf("unknown subnet %s", f[2])
		}
		o := opts(f[4:])
		e := &model.NetworkInterface{Meta: b.meta(f[1]), SubnetID: s.ID, VpcID: s.VpcID, InterfaceType: "interface",
			SourceDestCheck: o["nocheck"] == "", Status: "in-use", AvailabilityZone: s.AvailabilityZone}
		for i, a := range strings.Split(f[3], ",") {
			if a == "-" { // no IPv4 address (IPv6-only subnet)
				break
			}
			e.PrivateIPs = append(e.PrivateIPs, model.PrivateIP{Address: addr(a), Primary: i == 0})
		}
		if p, ok := o["pub"]; ok && len(e.PrivateIPs) > 0 {
			e.PrivateIPs[0].PublicIP = addr(p)
		}
		if p, ok := o["ipv6"]; ok {
			e.Ipv6Addresses = []netip.Addr{addr(p)}
		}
		if g, ok := o["sg"]; ok {
			e.SecurityGroupIDs = strings.Split(g, ",")
		} else {
			e.SecurityGroupIDs = []string{"sg-" + suffix(s.VpcID) + "-default"}
		}
		if o["detached"] == "" {
			iid := o["instance"]
			if iid == "" {
				iid = "i-" + suffix(e.ID)
			}
			st := o["state"]
			if st == "" {
				st = "running"
			}
			b.insts[iid] = &model.Instance{Meta: b.meta(iid), State: st, SubnetID: s.ID, VpcID: s.VpcID, PrimaryENI: e.ID}
			e.Attachment = &model.ENIAttachment{ID: "eni-attach-" + suffix(e.ID), InstanceID: iid, Status: "attached"}
		} else {
			e.Status = "available"
		}
		b.enis[e.ID] = e
	case "nat":
		if err := need(4); err != nil {
			return err
		}
		s, ok := b.subnets[f[2]]
		if !ok {
			return fmt.Errorf("unknown subnet %s", f[2])
		}
		o := opts(f[4:])
		n := &model.NatGateway{Meta: b.meta(f[1]), VpcID: s.VpcID, SubnetID: s.ID, ConnectivityType: "public", State: "available",
			NetworkInterfaceID: "eni-" + f[1], PrivateIP: addr(f[3])}
		if o["private"] != "" {
			n.ConnectivityType = "private"
		}
		if st, ok := o["state"]; ok {
			n.State = st
		}
		e := &model.NetworkInterface{Meta: b.meta(n.NetworkInterfaceID), SubnetID: s.ID, VpcID: s.VpcID, InterfaceType: "nat_gateway",
			RequesterManaged: true, Status: "in-use", SourceDestCheck: false,
			PrivateIPs: []model.PrivateIP{{Address: n.PrivateIP, Primary: true}}}
		if p, ok := o["pub"]; ok {
			n.PublicIP = addr(p)
			e.PrivateIPs[0].PublicIP = n.PublicIP
		}
		b.nats[n.ID] = n
		b.enis[e.ID] = e
	default:
		return b.stmtConnect(f)
	}
	return nil
}

// stmtConnect runs the statements of peering connections and transit
// gateways.
func (b *topo) stmtConnect(f []string) error {
	need := func(n int) error {
		if len(f) < n {
			return fmt.Errorf("want at least %d fields", n)
		}
		return nil
	}
	switch f[0] {
	case "scope":
		if err := need(3); err != nil {
			return err
		}
		b.account, b.region = f[1], f[2]
	case "pcx":
		if err := need(4); err != nil {
			return err
		}
		o := opts(f[4:])
		side := func(id string) (model.PeeringSide, error) {
			v, ok := b.vpcs[id]
			if !ok {
				return model.PeeringSide{}, fmt.Errorf("unknown vpc %s", id)
			}
			return model.PeeringSide{OwnerID: v.Account, Region: v.Region, VpcID: v.ID, CidrBlocks: []netip.Prefix{v.PrimaryCidr()}}, nil
		}
		req, err := side(f[2])
		if err != nil {
			return err
		}
		acc, err := side(f[3])
		if err != nil {
			return err
		}
		c := &model.VpcPeeringConnection{Meta: b.meta(f[1]), Requester: req, Accepter: acc, Status: model.PeeringActive}
		c.Account, c.Region = req.OwnerID, req.Region
		if st, ok := o["state"]; ok {
			c.Status = st
		}
		b.pcxs[c.ID] = c
	case "tgw":
		if err := need(2); err != nil {
			return err
		}
		o := opts(f[2:])
		g := &model.TransitGateway{Meta: b.meta(f[1]), State: model.TGWAvailable, Options: model.TransitGatewayOptions{
			AmazonSideAsn: 64512, DefaultRouteTableAssociation: "disable", DefaultRouteTablePropagation: "disable",
			DNSSupport: "enable", VpnEcmpSupport: "enable", MulticastSupport: "disable", SecurityGroupReferencingSupport: "disable"}}
		if o["sgref"] != "" {
			g.Options.SecurityGroupReferencingSupport = "enable"
		}
		if v, ok := o["ecmp"]; ok { // VpnEcmpSupport: enable (the default) or disable
			g.Options.VpnEcmpSupport = v
		}
		if st, ok := o["state"]; ok {
			g.State = st
		}
		b.tgws[g.ID] = g
	case "tgwattach":
		if err := need(5); err != nil {
			return err
		}
		g, ok := b.tgws[f[2]]
		if !ok {
			return fmt.Errorf("unknown transit gateway %s", f[2])
		}
		v, ok := b.vpcs[f[3]]
		if !ok {
			return fmt.Errorf("unknown vpc %s", f[3])
		}
		o := opts(f[5:])
		a := &model.TransitGatewayAttachment{Meta: b.meta(f[1]), TransitGatewayID: g.ID, TransitGatewayOwnerID: g.Account,
			ResourceType: model.TGWAttachVPC, ResourceID: v.ID, ResourceOwnerID: v.Account, State: model.TGWAvailable, VpcID: v.ID,
			VPC: &model.TGWVpcAttachment{DNSSupport: "enable", Ipv6Support: "disable", ApplianceModeSupport: "disable",
				SecurityGroupReferencingSupport: "enable", ENIs: map[string]string{}}}
		if o["appliance"] != "" {
			a.VPC.ApplianceModeSupport = "enable"
		}
		if o["ipv6"] != "" {
			a.VPC.Ipv6Support = "enable"
		}
		if o["nosgref"] != "" {
			a.VPC.SecurityGroupReferencingSupport = "disable"
		}
		if st, ok := o["state"]; ok {
			a.State = st
		}
		var ips []string
		if x, ok := o["ips"]; ok {
			ips = strings.Split(x, ",")
		}
		subnets := strings.Split(f[4], ",")
		if f[4] == "-" {
			subnets = nil
		}
		for n, sid := range subnets {
			s, ok := b.subnets[sid]
			if !ok {
				return fmt.Errorf("unknown subnet %s", sid)
			}
			a.SubnetIDs = append(a.SubnetIDs, sid)
			eid := fmt.Sprintf("eni-%s-%d", suffix(a.ID), n)
			a.VPC.ENIs[sid] = eid
			e := &model.NetworkInterface{Meta: b.meta(eid), SubnetID: sid, VpcID: v.ID, AvailabilityZone: s.AvailabilityZone,
				InterfaceType: "transit_gateway", RequesterManaged: true, Status: "in-use", SourceDestCheck: false,
				Description: "Network Interface for Transit Gateway Attachment " + a.ID}
			if n < len(ips) {
				e.PrivateIPs = []model.PrivateIP{{Address: addr(ips[n]), Primary: true}}
			}
			b.enis[eid] = e
		}
		if old, ok := b.atts[a.ID]; ok {
			// A redeclared attachment keeps its association.
			a.Association = old.Association
		}
		b.atts[a.ID] = a
	case "tgwpeer":
		if err := need(4); err != nil {
			return err
		}
		g1, ok1 := b.tgws[f[2]]
		g2, ok2 := b.tgws[f[3]]
		if !ok1 || !ok2 {
			return fmt.Errorf("unknown transit gateway %s or %s", f[2], f[3])
		}
		o := opts(f[4:])
		a := &model.TransitGatewayAttachment{Meta: b.meta(f[1]), TransitGatewayID: g1.ID, TransitGatewayOwnerID: g1.Account,
			ResourceType: model.TGWAttachPeering, ResourceID: g2.ID, ResourceOwnerID: g2.Account, State: model.TGWAvailable,
			Peer: &model.TGWPeer{TransitGatewayID: g2.ID, OwnerID: g2.Account, Region: g2.Region}}
		a.Account, a.Region = g1.Account, g1.Region
		if st, ok := o["state"]; ok {
			a.State = st
		}
		b.atts[a.ID] = a
	case "tgwrtb":
		if err := need(3); err != nil {
			return err
		}
		g, ok := b.tgws[f[2]]
		if !ok {
			return fmt.Errorf("unknown transit gateway %s", f[2])
		}
		rt := &model.TransitGatewayRouteTable{Meta: b.meta(f[1]), TransitGatewayID: g.ID, State: model.TGWAvailable}
		rt.Account, rt.Region = g.Account, g.Region
		b.tgwrtbs[rt.ID] = rt
	case "tgwassoc", "tgwprop":
		if err := need(3); err != nil {
			return err
		}
		rt, ok := b.tgwrtbs[f[1]]
		if !ok {
			return fmt.Errorf("unknown transit gateway route table %s", f[1])
		}
		a, ok := b.atts[f[2]]
		if !ok {
			return fmt.Errorf("unknown attachment %s", f[2])
		}
		if f[0] == "tgwprop" {
			rt.Propagations = append(rt.Propagations, model.TGWPropagation{AttachmentID: a.ID, State: "enabled"})
			return nil
		}
		as := &model.TGWAssociation{RouteTableID: rt.ID, State: "associated"}
		if a.Peer != nil && rt.TransitGatewayID == a.Peer.TransitGatewayID {
			a.PeerAssociation = as
		} else {
			a.Association = as
		}
	case "tgwroute":
		if err := need(4); err != nil {
			return err
		}
		rt, ok := b.tgwrtbs[f[1]]
		if !ok {
			return fmt.Errorf("unknown transit gateway route table %s", f[1])
		}
		r := &model.TransitGatewayRoute{Meta: b.meta(model.TGWRouteID(rt.ID, f[2])), RouteTableID: rt.ID}
		r.Account, r.Region = rt.Account, rt.Region
		if strings.HasPrefix(f[2], "pl-") {
			r.PrefixListID = f[2]
		} else {
			r.Destination = pfx(f[2])
		}
		if f[3] == "blackhole" {
			r.Blackhole = true
		} else {
			r.AttachmentID = f[3]
		}
		b.tgwrs = append(b.tgwrs, r)
	default:
		return b.stmtVPN(f)
	}
	return nil
}

func ports(proto, s string) (int32, int32, error) {
	if s == "-" {
		return -1, -1, nil
	}
	sep := "-"
	if proto == "icmp" || proto == "icmpv6" || proto == "1" || proto == "58" {
		sep = ":"
	}
	a, c, ok := strings.Cut(s, sep)
	if !ok {
		c = a
		if sep == ":" {
			c = "-1"
		}
	}
	x, err := strconv.Atoi(a)
	if err != nil {
		return 0, 0, err
	}
	y, err := strconv.Atoi(c)
	if err != nil {
		return 0, 0, err
	}
	return int32(x), int32(y), nil
}

func (b *topo) addRule(group string, egress bool, proto string, from, to int32, peer string) {
	b.nrule++
	r := &model.SecurityGroupRule{Meta: b.meta(fmt.Sprintf("sgr-%04d", b.nrule)), GroupID: group, Egress: egress,
		Protocol: proto, FromPort: from, ToPort: to}
	if n := model.ProtocolNumber(proto); n == -1 {
		r.Protocol = "-1"
	}
	switch {
	case strings.HasPrefix(peer, "sg:"):
		r.RefGroupID = peer[3:]
	case strings.HasPrefix(peer, "pl-"):
		r.PrefixListID = peer
	default:
		c := pfx(peer)
		if c.Addr().Is4() {
			r.CidrIPv4 = c
		} else {
			r.CidrIPv6 = c
		}
	}
	b.rules = append(b.rules, r)
}

// world commits the topology to an ephemeral store and returns its snapshot.
func (b *topo) world() *store.World {
	b.t.Helper()
	st, err := store.Open(store.Options{})
	if err != nil {
		b.t.Fatal(err)
	}
	_, err = st.Update(context.Background(), func(tx *store.Tx) error {
		for _, v := range b.vpcs {
			tx.VPCs.Put(v)
		}
		for _, v := range b.subnets {
			tx.Subnets.Put(v)
		}
		for _, v := range b.rtbs {
			tx.RouteTables.Put(v)
		}
		for _, v := range b.igws {
			tx.InternetGateways.Put(v)
		}
		for _, v := range b.eigws {
			tx.EgressOnlyIGWs.Put(v)
		}
		for _, v := range b.vgws {
			tx.VpnGateways.Put(v)
		}
		for _, v := range b.acls {
			tx.NetworkACLs.Put(v)
		}
		for _, v := range b.sgs {
			tx.SecurityGroups.Put(v)
		}
		for _, v := range b.rules {
			tx.SecurityGroupRules.Put(v)
		}
		for _, v := range b.enis {
			tx.NetworkInterfaces.Put(v)
		}
		for _, v := range b.insts {
			tx.Instances.Put(v)
		}
		for _, v := range b.nats {
			tx.NatGateways.Put(v)
		}
		for _, v := range b.pls {
			tx.PrefixLists.Put(v)
		}
		for _, v := range b.pcxs {
			tx.PeeringConnections.Put(v)
		}
		for _, v := range b.tgws {
			tx.TransitGateways.Put(v)
		}
		for _, v := range b.atts {
			tx.TGWAttachments.Put(v)
		}
		for _, v := range b.tgwrtbs {
			tx.TGWRouteTables.Put(v)
		}
		for _, v := range b.tgwrs {
			tx.TGWRoutes.Put(v)
		}
		b.putVPN(tx)
		b.putBPA(tx)
		b.putSvc(tx)
		return nil
	})
	if err != nil {
		b.t.Fatal(err)
	}
	return st.Snapshot()
}

func (b *topo) plane() *Plane { return Compile(b.world()) }

// parseQuery reads "from X to Y PROTO [PORT] [sport=N] [ipv6] [vpc=ID]
// [srcip=IP] [dstip=IP] [type=N] [code=N]".
func parseQuery(s string) (Query, error) {
	f := strings.Fields(s)
	if len(f) < 5 || f[0] != "from" || f[2] != "to" {
		return Query{}, fmt.Errorf("query %q: want from X to Y PROTO [PORT] ...", s)
	}
	q := Query{Source: f[1], Destination: f[3], Protocol: f[4]}
	for _, x := range f[5:] {
		k, v, ok := strings.Cut(x, "=")
		if !ok {
			if x == "ipv6" {
				q.IPv6 = true
				continue
			}
			n, err := strconv.Atoi(x)
			if err != nil {
				return q, fmt.Errorf("query: bad token %q", x)
			}
			q.DestinationPort = uint16(n)
			continue
		}
		switch k {
		case "sport":
			n, _ := strconv.Atoi(v)
			q.SourcePort = uint16(n)
		case "vpc":
			q.VPC = v
		case "srcip":
			q.SourceIP = addr(v)
		case "dstip":
			q.DestinationIP = addr(v)
		case "type":
			n, _ := strconv.Atoi(v)
			t := int16(n)
			q.IcmpType = &t
		case "code":
			n, _ := strconv.Atoi(v)
			c := int16(n)
			q.IcmpCode = &c
		default:
			return q, fmt.Errorf("query: unknown option %q", k)
		}
	}
	return q, nil
}
