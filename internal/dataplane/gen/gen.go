// Package gen generates realistic VPC topologies of any size for
// benchmarks and load tests (internal/dataplane benchmarks, bench/).
//
// Each VPC looks like a typical three-tier deployment: three availability
// zones, each with a public and a private subnet (dual stack); an internet
// gateway, an egress-only internet gateway and one NAT gateway per zone; a
// public route table (0.0.0.0/0 and ::/0 to the IGW) and a private route
// table per zone (0.0.0.0/0 to the zone's NAT gateway, ::/0 to the EIGW);
// the default network ACL plus a custom ACL for the private subnets; the
// default security group and web, app and db groups (app and db admit their
// upstream tier by group reference) with extra CIDR rules; and instances
// with one interface each, web instances in public subnets with a public
// IPv4, app and db instances in private subnets. IDs are deterministic.
package gen

import (
	"context"
	"fmt"
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Config sizes a topology.
type Config struct {
	VPCs          int // number of VPCs
	ENIsPerSubnet int // interfaces (instances) per subnet; 6 subnets per VPC
	ExtraRules    int // extra CIDR rules per security group
	Account       string
	Region        string
	// Wide gives VPC v the CIDR 10.(v/16).((v%16)*16).0/20 instead of
	// 10.(v%256).0.0/16, so that up to 4,096 VPCs do not overlap (for
	// topologies that connect them: Hub, Mesh).
	Wide bool
	// Routes returns extra routes for VPC v's public and private route
	// tables (routes to a transit gateway or peering connections).
	Routes func(v int) []model.Route
	// DBFrom, when valid, admits TCP 5432 from it to the db group (the
	// db tier reachable from other VPCs by CIDR).
	DBFrom netip.Prefix
}

// ForENIs returns a Config with about n interfaces: 96 instances per VPC
// (16 per subnet) and as many VPCs as needed.
func ForENIs(n int) Config {
	per := 16
	v := (n + 6*per - 1) / (6 * per)
	if v < 1 {
		v = 1
	}
	return Config{VPCs: v, ENIsPerSubnet: per, ExtraRules: 8}
}

// Topology is a generated world and handy endpoints for queries.
type Topology struct {
	Store *store.Store
	World *store.World
	// Web are interface ids in public subnets (with public IPv4), App and
	// DB in private subnets; IGWs and NATs are per VPC / per zone.
	Web, App, DB []string
	IGWs, NATs   []string
	ENIs         int
	// VPCs are the VPC ids; AppsPerVPC the length of each VPC's run in
	// App and DB.
	VPCs       []string
	AppsPerVPC int
	// Hub and mesh topologies: the transit gateway, its routes, and the
	// number of peering connections.
	TGW       string
	TGWRoutes int
	PCXs      int
}

// Build creates the topology in a new in-memory store.
func Build(cfg Config) (*Topology, error) { return build(cfg, nil) }

func build(cfg Config, extra func(tx *store.Tx, t *Topology)) (*Topology, error) {
	if cfg.Account == "" {
		cfg.Account = "123456789012"
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if cfg.VPCs > 65535 || 6*cfg.ENIsPerSubnet > 500 || cfg.ENIsPerSubnet > 240 || cfg.Wide && cfg.VPCs > 4096 {
		return nil, fmt.Errorf("gen: at most 65535 VPCs (4096 wide) and 83 interfaces per subnet")
	}
	st, err := store.Open(store.Options{})
	if err != nil {
		return nil, err
	}
	t := &Topology{Store: st}
	_, err = st.Update(context.Background(), func(tx *store.Tx) error {
		for v := 0; v < cfg.VPCs; v++ {
			buildVPC(tx, cfg, v, t)
		}
		t.AppsPerVPC = 3 * ((cfg.ENIsPerSubnet + 1) / 2)
		if extra != nil {
			extra(tx, t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	t.World = st.Snapshot()
	return t, nil
}

func id(prefix string, v, n int) string { return fmt.Sprintf("%s-%08x%09x", prefix, v, n) }

func buildVPC(tx *store.Tx, cfg Config, v int, t *Topology) {
	meta := func(id string) model.Meta {
		return model.Meta{ID: id, Account: cfg.Account, Region: cfg.Region, Tags: map[string]string{"Name": id}}
	}
	b2 := byte(v >> 8)
	b3 := byte(v)
	o1, o2, bits := b3, byte(0), 16
	if cfg.Wide {
		o1, o2, bits = byte(v>>4), byte(v&15)<<4, 20
	}
	cidr := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, o1, o2, 0}), bits)
	v6 := netip.PrefixFrom(netip.AddrFrom16([16]byte{0x26, 0x00, 0x1f, 0x18, b2, b3}), 56)
	vpcID := id("vpc", v, 0)
	vpc := &model.VPC{Meta: meta(vpcID), State: "available", EnableDnsSupport: true, EnableDnsHostnames: true, DhcpOptionsID: "default",
		CidrBlocks:     []model.CidrAssoc{{AssociationID: id("vpc-cidr-assoc", v, 0), Prefix: cidr, State: "associated"}},
		Ipv6CidrBlocks: []model.Ipv6CidrAssoc{{AssociationID: id("vpc-cidr-assoc", v, 1), Prefix: v6, State: "associated", Pool: "Amazon"}}}
	tx.VPCs.Put(vpc)
	t.VPCs = append(t.VPCs, vpcID)
	local := []model.Route{
		{Destination: cidr, Target: model.TargetLocal, TargetID: "local", Origin: model.OriginCreateRouteTable},
		{Destination: v6, Target: model.TargetLocal, TargetID: "local", Origin: model.OriginCreateRouteTable},
	}
	igw := id("igw", v, 0)
	eigw := id("eigw", v, 0)
	tx.InternetGateways.Put(&model.InternetGateway{Meta: meta(igw), Attachments: []model.GatewayAttachment{{VpcID: vpcID, State: "available"}}})
	tx.EgressOnlyIGWs.Put(&model.EgressOnlyInternetGateway{Meta: meta(eigw), Attachments: []model.GatewayAttachment{{VpcID: vpcID, State: "attached"}}})
	t.IGWs = append(t.IGWs, igw)

	// Security groups.
	rule := 0
	addRule := func(g string, egress bool, proto string, from, to int32, cidr netip.Prefix, ref string) {
		r := &model.SecurityGroupRule{Meta: meta(id("sgr", v, rule)), GroupID: g, Egress: egress, Protocol: proto, FromPort: from, ToPort: to, RefGroupID: ref}
		if cidr.IsValid() {
			if cidr.Addr().Is4() {
				r.CidrIPv4 = cidr
			} else {
				r.CidrIPv6 = cidr
			}
		}
		rule++
		tx.SecurityGroupRules.Put(r)
	}
	all4, all6 := netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")
	sgDefault, sgWeb, sgApp, sgDB := id("sg", v, 0), id("sg", v, 1), id("sg", v, 2), id("sg", v, 3)
	for i, g := range []string{sgDefault, sgWeb, sgApp, sgDB} {
		name := []string{"default", "web", "app", "db"}[i]
		tx.SecurityGroups.Put(&model.SecurityGroup{Meta: meta(g), VpcID: vpcID, Name: name, Description: name})
		addRule(g, true, "-1", -1, -1, all4, "")
		addRule(g, true, "-1", -1, -1, all6, "")
		for k := 0; k < cfg.ExtraRules; k++ {
			p := netip.PrefixFrom(netip.AddrFrom4([4]byte{192, 0, byte(k), 0}), 24)
			addRule(g, false, "tcp", int32(9000+k), int32(9000+k), p, "")
		}
	}
	addRule(sgDefault, false, "-1", -1, -1, netip.Prefix{}, sgDefault)
	addRule(sgWeb, false, "tcp", 443, 443, all4, "")
	addRule(sgWeb, false, "tcp", 443, 443, all6, "")
	addRule(sgWeb, false, "tcp", 80, 80, all4, "")
	addRule(sgApp, false, "tcp", 8080, 8080, netip.Prefix{}, sgWeb)
	addRule(sgDB, false, "tcp", 5432, 5432, netip.Prefix{}, sgApp)
	addRule(sgDB, false, "icmp", 8, -1, cidr, "")
	if cfg.DBFrom.IsValid() {
		addRule(sgDB, false, "tcp", 5432, 5432, cfg.DBFrom, "")
	}
	var extraRoutes []model.Route
	if cfg.Routes != nil {
		extraRoutes = cfg.Routes(v)
	}

	// Network ACLs.
	i32 := func(x int32) *int32 { return &x }
	deflt := &model.NetworkACL{Meta: meta(id("acl", v, 0)), VpcID: vpcID, IsDefault: true, Entries: []model.NetworkACLEntry{
		{RuleNumber: 100, Protocol: "-1", Action: "allow", CidrBlock: all4},
		{RuleNumber: 101, Protocol: "-1", Action: "allow", Ipv6Cidr: all6},
		{RuleNumber: 100, Egress: true, Protocol: "-1", Action: "allow", CidrBlock: all4},
		{RuleNumber: 101, Egress: true, Protocol: "-1", Action: "allow", Ipv6Cidr: all6},
	}}
	priv := &model.NetworkACL{Meta: meta(id("acl", v, 1)), VpcID: vpcID, Entries: []model.NetworkACLEntry{
		{RuleNumber: 50, Protocol: "6", Action: "deny", CidrBlock: netip.MustParsePrefix("198.51.100.0/24"), PortFrom: i32(0), PortTo: i32(65535)},
		{RuleNumber: 100, Protocol: "-1", Action: "allow", CidrBlock: cidr},
		{RuleNumber: 110, Protocol: "-1", Action: "allow", Ipv6Cidr: v6},
		{RuleNumber: 120, Protocol: "6", Action: "allow", CidrBlock: all4, PortFrom: i32(1024), PortTo: i32(65535)},
		{RuleNumber: 130, Protocol: "6", Action: "allow", Ipv6Cidr: all6, PortFrom: i32(1024), PortTo: i32(65535)},
		{RuleNumber: 140, Protocol: "17", Action: "allow", CidrBlock: all4, PortFrom: i32(1024), PortTo: i32(65535)},
		{RuleNumber: 100, Egress: true, Protocol: "-1", Action: "allow", CidrBlock: all4},
		{RuleNumber: 101, Egress: true, Protocol: "-1", Action: "allow", Ipv6Cidr: all6},
	}}

	// Subnets, NAT gateways, route tables, interfaces.
	pubRtb := &model.RouteTable{Meta: meta(id("rtb", v, 0)), VpcID: vpcID, Routes: append(append([]model.Route{}, local...),
		model.Route{Destination: all4, Target: model.TargetIGW, TargetID: igw, Origin: model.OriginCreateRoute},
		model.Route{Destination: all6, Target: model.TargetIGW, TargetID: igw, Origin: model.OriginCreateRoute})}
	pubRtb.Routes = append(pubRtb.Routes, extraRoutes...)
	mainRtb := &model.RouteTable{Meta: meta(id("rtb", v, 9)), VpcID: vpcID, Routes: append([]model.Route{}, local...),
		Associations: []model.RouteTableAssoc{{ID: id("rtbassoc", v, 9), Main: true}}}
	tx.RouteTables.Put(mainRtb)
	azs := []string{"a", "b", "c"}
	n := 0
	for z, az := range azs {
		for tier := 0; tier < 2; tier++ {
			sn := z*2 + tier
			sid := id("subnet", v, sn)
			s4 := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, o1, o2 + byte(sn), 0}), 24)
			s6b := v6.Addr().As16()
			s6b[7] = byte(sn)
			s6 := netip.PrefixFrom(netip.AddrFrom16(s6b), 64)
			tx.Subnets.Put(&model.Subnet{Meta: meta(sid), VpcID: vpcID, State: "available", AvailabilityZone: cfg.Region + az,
				CidrBlock: s4, Ipv6CidrBlocks: []model.Ipv6CidrAssoc{{AssociationID: id("subnet-cidr-assoc", v, sn), Prefix: s6, State: "associated"}}})
			if tier == 0 {
				pubRtb.Associations = append(pubRtb.Associations, model.RouteTableAssoc{ID: id("rtbassoc", v, sn), SubnetID: sid})
				deflt.Associations = append(deflt.Associations, model.NetworkACLAssoc{ID: id("aclassoc", v, sn), SubnetID: sid})
				// NAT gateway of the zone.
				nat := id("nat", v, z)
				natIP := netip.AddrFrom4([4]byte{10, o1, o2 + byte(sn), 5})
				natPub := publicIP(v, 500+z)
				eni := id("eni", v, 900+z)
				tx.NatGateways.Put(&model.NatGateway{Meta: meta(nat), VpcID: vpcID, SubnetID: sid, ConnectivityType: "public", State: "available",
					AllocationID: id("eipalloc", v, z), NetworkInterfaceID: eni, PrivateIP: natIP, PublicIP: natPub})
				tx.NetworkInterfaces.Put(&model.NetworkInterface{Meta: meta(eni), SubnetID: sid, VpcID: vpcID, InterfaceType: "nat_gateway",
					RequesterManaged: true, Status: "in-use", PrivateIPs: []model.PrivateIP{{Address: natIP, Primary: true, PublicIP: natPub, AllocationID: id("eipalloc", v, z)}}})
				t.NATs = append(t.NATs, nat)
				t.ENIs++
			} else {
				rt := &model.RouteTable{Meta: meta(id("rtb", v, 1+z)), VpcID: vpcID, Routes: append(append([]model.Route{}, local...),
					model.Route{Destination: all4, Target: model.TargetNAT, TargetID: id("nat", v, z), Origin: model.OriginCreateRoute},
					model.Route{Destination: all6, Target: model.TargetEIGW, TargetID: eigw, Origin: model.OriginCreateRoute}),
					Associations: []model.RouteTableAssoc{{ID: id("rtbassoc", v, sn), SubnetID: sid}}}
				rt.Routes = append(rt.Routes, extraRoutes...)
				tx.RouteTables.Put(rt)
				priv.Associations = append(priv.Associations, model.NetworkACLAssoc{ID: id("aclassoc", v, sn), SubnetID: sid})
			}
			for k := 0; k < cfg.ENIsPerSubnet; k++ {
				eid := id("eni", v, n)
				iid := id("i", v, n)
				ip := netip.AddrFrom4([4]byte{10, o1, o2 + byte(sn), byte(10 + k)})
				ip6b := s6.Addr().As16()
				ip6b[15] = byte(10 + k)
				e := &model.NetworkInterface{Meta: meta(eid), SubnetID: sid, VpcID: vpcID, AvailabilityZone: cfg.Region + az, InterfaceType: "interface",
					SourceDestCheck: true, Status: "in-use", PrivateIPs: []model.PrivateIP{{Address: ip, Primary: true}},
					Ipv6Addresses: []netip.Addr{netip.AddrFrom16(ip6b)},
					Attachment:    &model.ENIAttachment{ID: id("eni-attach", v, n), InstanceID: iid, Status: "attached"}}
				switch {
				case tier == 0:
					e.SecurityGroupIDs = []string{sgWeb, sgDefault}
					e.PrivateIPs[0].PublicIP = publicIP(v, n)
					t.Web = append(t.Web, eid)
				case k%2 == 0:
					e.SecurityGroupIDs = []string{sgApp}
					t.App = append(t.App, eid)
				default:
					e.SecurityGroupIDs = []string{sgDB}
					t.DB = append(t.DB, eid)
				}
				tx.NetworkInterfaces.Put(e)
				tx.Instances.Put(&model.Instance{Meta: meta(iid), State: "running", SubnetID: sid, VpcID: vpcID, AvailabilityZone: cfg.Region + az, PrimaryENI: eid, InstanceType: "t3.micro"})
				n++
				t.ENIs++
			}
		}
	}
	tx.RouteTables.Put(pubRtb)
	tx.NetworkACLs.Put(deflt)
	tx.NetworkACLs.Put(priv)
}

// publicIP returns a unique public address for VPC v, slot k (k < 512),
// counting up from 3.0.0.0.
func publicIP(v, k int) netip.Addr {
	x := uint32(3)<<24 + uint32(v)*512 + uint32(k)
	return netip.AddrFrom4([4]byte{byte(x >> 24), byte(x >> 16), byte(x >> 8), byte(x)})
}
