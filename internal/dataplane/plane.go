package dataplane

import (
	"net/netip"

	"github.com/gaissmai/bart"

	"github.com/vpcsim/vpcsim/internal/model"
)

// nodeKind is the kind of a node of the plane graph. Every route target
// compiles to a nodeRef; the walker dispatches on the kind through the
// forwarders table (trace.go). A new kind of edge (peering, transit
// gateway, VPN, Direct Connect, endpoints) is a new nodeKind, a node slice
// in Plane, a case in compileTarget and a forwarder: no special cases
// elsewhere.
type nodeKind uint8

const (
	kindNone      nodeKind = iota
	kindLocal              // deliver inside the VPC (idx: VPC)
	kindENI                // network interface (middlebox / appliance)
	kindIGW                // internet gateway
	kindEIGW               // egress-only internet gateway
	kindNAT                // NAT gateway
	kindPeering            // VPC peering connection (idx: pcxs)
	kindTGW                // transit gateway, entered through a VPC attachment (idx: tgwAtts)
	kindUnmodeled          // a target kind the plane does not model yet (endpoints ...)
	kindVGW                // virtual private gateway (idx: hy.vgws; vpn.go)
	kindVPCE               // gateway endpoint (idx: sv.vpces; endpoint.go)
	kindGWLBE              // Gateway Load Balancer endpoint (idx: sv.vpces; gwlb.go)
	kindCount
)

type nodeRef struct {
	kind nodeKind
	idx  int32
}

// Plane is the data plane compiled from one revision of the world: the
// graph of VPCs, subnets, interfaces and gateways, longest-prefix-match
// route tables (github.com/gaissmai/bart) and rule sets indexed for
// evaluation. A Plane is immutable once Compile returns and safe for
// concurrent use by any number of goroutines.
type Plane struct {
	// Revision is the world revision the plane was compiled from.
	Revision uint64

	vpcs    []vpcNode
	subnets []subnetNode
	rtbs    []rtbNode
	acls    []aclNode
	sgs     []sgNode
	enis    []eniNode
	igws    []igwNode
	eigws   []eigwNode
	nats    []natNode
	pls     []plNode

	vpcByID    map[string]int32
	subnetByID map[string]int32
	rtbByID    map[string]int32
	sgByID     map[string]int32
	eniByID    map[string]int32
	instByID   map[string]int32 // index in insts
	igwByID    map[string]int32
	eigwByID   map[string]int32
	natByID    map[string]int32
	plByID     map[string]int32
	insts      []instNode

	// Peering connections and transit gateways (peering.go, tgw.go).
	pcxs       []pcxNode
	pcxByID    map[string]int32
	tgws       []tgwNode
	tgwByID    map[string]int32
	tgwAtts    []tgwAttNode
	tgwAttByID map[string]int32
	tgwRtbs    []tgwRtbNode
	tgwRtbByID map[string]int32
	// vpcAtt maps (transit gateway, VPC) to the VPC's available attachment.
	vpcAtt map[[2]int32]int32
	// tgwRouteSlab holds every transit gateway route table's routes.
	tgwRouteSlab []TGWRoute
	// hy holds virtual private gateways, VPN connections and the
	// on-premises networks behind them (vpn.go).
	hy hybrid
	// sv holds VPC endpoints, endpoint services and load balancers
	// (endpoint.go, privatelink.go, loadbalancer.go).
	sv svcPlane
	// dx holds Direct Connect virtual interfaces and gateways (dx.go).
	dx dxPlane

	// addrs maps a private address (IPv4 or IPv6) to its holder in the
	// first VPC that holds it; holders of the same address in other
	// (overlapping) VPCs chain through holder.next into addrMore. Keys and
	// values hold no pointers, so the collector never scans the map.
	addrs    map[addrKey]holder
	addrMore []holder
	// public maps a public IPv4 address (auto-assigned or Elastic IP) to
	// the private address it is paired with at the internet gateway; the
	// egress half of the 1:1 NAT is holder.pub.
	public map[uint32]pubEntry
	// v6owner maps a VPC IPv6 CIDR to its VPC, for internet-to-VPC IPv6.
	v6owner *bart.Table[int32]
	// sgSlab holds every ENI's security group indexes (interfaces with
	// the same groups share one run).
	sgSlab []int32
	// sgRules holds every security group's compiled rules.
	sgRules []SGRule
}

// addrKey is a pointer-free map key for an IP address: IPv6 addresses by
// their 128 bits, IPv4 addresses with hi set to all ones (ffff:ffff:ffff:
// ffff::/64 is multicast, never an interface address).
type addrKey struct{ hi, lo uint64 }

func keyOf(a netip.Addr) addrKey {
	if a.Is4() {
		return addrKey{^uint64(0), uint64(v4(a))}
	}
	b := a.As16()
	return addrKey{be64(b[:8]), be64(b[8:])}
}

func be64(b []byte) uint64 {
	_ = b[7]
	return uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32 |
		uint64(b[4])<<24 | uint64(b[5])<<16 | uint64(b[6])<<8 | uint64(b[7])
}

// v4 returns an IPv4 address as a big-endian uint32 (0 for others).
func v4(a netip.Addr) uint32 {
	if !a.Is4() {
		return 0
	}
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func addrOf4(u uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(u >> 24), byte(u >> 16), byte(u >> 8), byte(u)})
}

// holder is what holds a private address in a VPC: an ENI and, when the
// ENI is a NAT gateway's (or the NAT gateway's interface is not in the
// world), the NAT gateway.
type holder struct {
	vpc  int32
	eni  int32 // -1 when only the NAT gateway is known
	nat  int32 // -1 unless a NAT gateway's address
	next int32 // index in addrMore of the holder in another VPC, or -1
	pub  uint32
}

// publicIP returns the public IPv4 paired with the address at the
// internet gateway, if any.
func (h *holder) publicIP() (netip.Addr, bool) {
	if h.pub == 0 {
		return netip.Addr{}, false
	}
	return addrOf4(h.pub), true
}

type pubEntry struct {
	vpc     int32
	private uint32
}

// lookupPublic returns the private side of public IPv4 address a.
func (p *Plane) lookupPublic(a netip.Addr) (pubEntry, bool) {
	if !a.Is4() {
		return pubEntry{}, false
	}
	pe, ok := p.public[v4(a)]
	return pe, ok
}

// lookupAddr returns the holder of private address a in VPC vi.
func (p *Plane) lookupAddr(vi int32, a netip.Addr) (holder, bool) {
	h, ok := p.addrs[keyOf(a)]
	for ok {
		if h.vpc == vi {
			return h, true
		}
		if h.next < 0 {
			break
		}
		h = p.addrMore[h.next]
	}
	return holder{}, false
}

// setAddr records the holder of a private address: it replaces the holder
// in the same VPC, or chains one for another VPC.
func (p *Plane) setAddr(a netip.Addr, h holder) {
	k := keyOf(a)
	first, ok := p.addrs[k]
	if !ok {
		h.next = -1
		p.addrs[k] = h
		return
	}
	if first.vpc == h.vpc {
		h.next = first.next
		if h.pub == 0 {
			h.pub = first.pub
		}
		p.addrs[k] = h
		return
	}
	for i := first.next; i >= 0; i = p.addrMore[i].next {
		if p.addrMore[i].vpc == h.vpc {
			h.next = p.addrMore[i].next
			if h.pub == 0 {
				h.pub = p.addrMore[i].pub
			}
			p.addrMore[i] = h
			return
		}
	}
	h.next = first.next
	first.next = int32(len(p.addrMore))
	p.addrMore = append(p.addrMore, h)
	p.addrs[k] = first
}

type vpcNode struct {
	m          *model.VPC
	cidrs      []netip.Prefix // associated IPv4 and IPv6
	dns        netip.Addr     // primary CIDR base + 2
	mainRtb    int32
	defaultACL int32
	igw        int32
	eigw       int32
	subnets    *bart.Table[int32] // subnet CIDRs -> subnet index
}

type subnetNode struct {
	m     *model.Subnet
	vpc   int32
	cidr4 netip.Prefix
	cidr6 netip.Prefix
	rtb   int32
	acl   int32
	bpa   bpaRule
}

// bpaRule is what VPC Block Public Access lets through internet and
// egress-only internet gateways for one subnet (model.BPAFor, computed at
// compile time from the account-region's mode and exclusions).
type bpaRule struct {
	on        bool // a block mode is set
	in        bool // internet -> subnet allowed
	outDirect bool // subnet -> internet through an internet gateway allowed
	outNAT    bool // the same for NAT gateways and egress-only internet gateways
	exclusion string
}

type rtbNode struct {
	m      *model.RouteTable
	vpc    int32
	routes []Route
	lpm    *bart.Table[int32] // destination -> index in routes
}

type aclNode struct {
	m       *model.NetworkACL
	in, out []ACLRule // ascending rule number, `*` rules last
}

type sgNode struct {
	m       *model.SecurityGroup
	vpc     int32
	in, out []SGRule
}

type eniNode struct {
	m       *model.NetworkInterface
	subnet  int32
	vpc     int32
	sgOff   int32 // sgs are sgSlab[sgOff : sgOff+sgLen]
	sgLen   int32
	nat     int32 // NAT gateway index if this is its interface, else -1
	inst    *model.Instance
	running bool
	owner   int32 // 1 + index in sv.owners (endpoint or load balancer interface), 0 for none
}

type instNode struct {
	m   *model.Instance
	eni int32
}

type igwNode struct {
	m       *model.InternetGateway
	vpc     int32 // -1 when detached
	edgeRtb int32 // gateway route table (edge association) or -1
}

type eigwNode struct {
	m   *model.EgressOnlyInternetGateway
	vpc int32
}

type natNode struct {
	m      *model.NatGateway
	subnet int32
	vpc    int32
	eni    int32 // -1 when the interface is not in the world
	ok     bool  // available (or pending)
	public bool
}

type plNode struct {
	m        *model.ManagedPrefixList
	prefixes []netip.Prefix
}

func (p *Plane) eniSGs(e *eniNode) []int32 { return p.sgSlab[e.sgOff : e.sgOff+e.sgLen] }

// refs

func (p *Plane) vpcRef(i int32) Ref {
	if i < 0 {
		return Ref{}
	}
	return Ref{Type: TypeVPC, ID: p.vpcs[i].m.ID, meta: &p.vpcs[i].m.Meta}
}
func (p *Plane) subnetRef(i int32) Ref {
	if i < 0 {
		return Ref{}
	}
	return Ref{Type: TypeSubnet, ID: p.subnets[i].m.ID, meta: &p.subnets[i].m.Meta}
}
func (p *Plane) rtbRef(i int32) Ref {
	return Ref{Type: TypeRouteTable, ID: p.rtbs[i].m.ID, meta: &p.rtbs[i].m.Meta}
}
func (p *Plane) aclRef(i int32) Ref {
	return Ref{Type: TypeNetworkACL, ID: p.acls[i].m.ID, meta: &p.acls[i].m.Meta}
}
func (p *Plane) sgRef(i int32) Ref {
	return Ref{Type: TypeSecurityGroup, ID: p.sgs[i].m.ID, meta: &p.sgs[i].m.Meta}
}
func (p *Plane) eniRef(i int32) Ref {
	return Ref{Type: TypeNetworkInterface, ID: p.enis[i].m.ID, meta: &p.enis[i].m.Meta}
}
func (p *Plane) igwRef(i int32) Ref {
	return Ref{Type: TypeInternetGateway, ID: p.igws[i].m.ID, meta: &p.igws[i].m.Meta}
}
func (p *Plane) eigwRef(i int32) Ref {
	return Ref{Type: TypeEgressOnlyInternetGateway, ID: p.eigws[i].m.ID, meta: &p.eigws[i].m.Meta}
}
func (p *Plane) natRef(i int32) Ref {
	return Ref{Type: TypeNatGateway, ID: p.nats[i].m.ID, meta: &p.nats[i].m.Meta}
}

// endpointRef names an ENI as a path endpoint: its instance when it has one.
func (p *Plane) endpointRef(i int32) (Ref, Ref) {
	e := &p.enis[i]
	if e.nat >= 0 {
		return p.natRef(e.nat), p.eniRef(i)
	}
	if e.inst != nil {
		return Ref{Type: TypeInstance, ID: e.inst.ID, meta: &e.inst.Meta}, p.eniRef(i)
	}
	if o, ok := p.owner(i); ok {
		if o.vpce >= 0 {
			return p.vpceRef(o.vpce), p.eniRef(i)
		}
		return p.lbRef(o.lb), p.eniRef(i)
	}
	return p.eniRef(i), Ref{}
}

var internetRef = Ref{Type: TypeInternet, ID: "internet"}

// Stats counts the compiled objects (for tests, benchmarks and /_vpcsim).
type Stats struct {
	VPCs, Subnets, RouteTables, Routes, NetworkACLs, SecurityGroups, SGRules, ENIs, Gateways int
	// PeeringConnections, TransitGateways, TGWAttachments and TGWRoutes
	// (static, blackhole and propagated) count the edges between VPCs.
	PeeringConnections, TransitGateways, TGWAttachments, TGWRoutes int
}

// Stats returns the plane's object counts.
func (p *Plane) Stats() Stats {
	s := Stats{VPCs: len(p.vpcs), Subnets: len(p.subnets), RouteTables: len(p.rtbs), NetworkACLs: len(p.acls),
		SecurityGroups: len(p.sgs), ENIs: len(p.enis), Gateways: len(p.igws) + len(p.eigws) + len(p.nats),
		PeeringConnections: len(p.pcxs), TransitGateways: len(p.tgws), TGWAttachments: len(p.tgwAtts), TGWRoutes: len(p.tgwRouteSlab)}
	for i := range p.rtbs {
		s.Routes += len(p.rtbs[i].routes)
	}
	for i := range p.sgs {
		s.SGRules += len(p.sgs[i].in) + len(p.sgs[i].out)
	}
	return s
}

// RouteStates returns the compiled state of every route of route table id,
// in the table's order, or nil when the plane has no such table. The
// control plane reports the same states (control.RouteState); tests hold
// the two to agreement.
func (p *Plane) RouteStates(id string) []RouteState {
	ri, ok := p.rtbByID[id]
	if !ok {
		return nil
	}
	rs := p.rtbs[ri].routes
	out := make([]RouteState, len(rs))
	for i := range rs {
		out[i] = rs[i].State
	}
	return out
}
