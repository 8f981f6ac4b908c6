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
	kindUnmodeled          // a target kind the plane does not model yet (VGW, peering, TGW, endpoints ...)
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
	instByID   map[string]instNode
	igwByID    map[string]int32
	eigwByID   map[string]int32
	natByID    map[string]int32
	plByID     map[string]int32

	// addrs maps a private address (IPv4 or IPv6) in a VPC to its holder.
	addrs map[vpcAddr]holder
	// owner maps a private address to the VPC holding it, or -2 when
	// several (overlapping) VPCs hold it.
	owner map[netip.Addr]int32
	// public maps a public IPv4 address (auto-assigned or Elastic IP) to
	// the private address it is paired with at the internet gateway.
	public map[netip.Addr]pubEntry
	// private maps (VPC, private IPv4) to its public IPv4: the IGW's
	// egress half of the 1:1 NAT.
	private map[vpcAddr]netip.Addr
	// v6owner maps a VPC IPv6 CIDR to its VPC, for internet-to-VPC IPv6.
	v6owner *bart.Table[int32]
	// sgSlab holds every ENI's security group indexes.
	sgSlab []int32
}

type vpcAddr struct {
	vpc  int32
	addr netip.Addr
}

// holder is what holds a private address: an ENI, and when the ENI is a
// NAT gateway's, the NAT gateway.
type holder struct {
	eni int32
	nat int32 // -1 unless a NAT gateway's address
}

type pubEntry struct {
	vpc     int32
	private netip.Addr
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
	return p.eniRef(i), Ref{}
}

var internetRef = Ref{Type: TypeInternet, ID: "internet"}

// Stats counts the compiled objects (for tests, benchmarks and /_vpcsim).
type Stats struct {
	VPCs, Subnets, RouteTables, Routes, NetworkACLs, SecurityGroups, SGRules, ENIs, Gateways int
}

// Stats returns the plane's object counts.
func (p *Plane) Stats() Stats {
	s := Stats{VPCs: len(p.vpcs), Subnets: len(p.subnets), RouteTables: len(p.rtbs), NetworkACLs: len(p.acls),
		SecurityGroups: len(p.sgs), ENIs: len(p.enis), Gateways: len(p.igws) + len(p.eigws) + len(p.nats)}
	for i := range p.rtbs {
		s.Routes += len(p.rtbs[i].routes)
	}
	for i := range p.sgs {
		s.SGRules += len(p.sgs[i].in) + len(p.sgs[i].out)
	}
	return s
}
