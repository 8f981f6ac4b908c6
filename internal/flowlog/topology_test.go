package flowlog

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
//	account ID | region NAME               owner and region of what follows
//	vpc ID CIDR [ipv6=PFX]                 with a main route table (local routes), an
//	                                       allow-all network ACL and a default security group
//	subnet ID VPC CIDR [ipv6=PFX] [az=AZID] [zone=AZNAME]
//	igw ID VPC
//	rtb ID VPC | assoc RTB SUBNET | route RTB DEST TARGET (local, igw-, nat-, eni-, tgw-)
//	sg ID VPC                              no inbound rules, outbound all (IPv4 and IPv6)
//	ingress SG PROTO PORTS CIDR            PORTS: - (all) | N | N-M
//	acl ID VPC | aclassoc ACL SUBNET | aclrule ACL in|out N allow|deny PROTO PORTS CIDR
//	eni ID SUBNET IP [pub=IP] [ipv6=IP] [sg=SG,...] [instance=ID] [type=TYPE]
//	nat ID SUBNET IP pub=IP eni=ENI
//	tgw ... | tgwattach ... | tgwrtb ... | tgwassoc ... | tgwroute ...   (topology_tgw_test.go)
//	bpa MODE | bpaexclude ID vpc|subnet RESOURCE MODE                    (topology_bpa_test.go)
type topo struct {
	t       testing.TB
	account string
	region  string
	objs    []func(tx *store.Tx)
	vpcs    map[string]*model.VPC
	subnets map[string]*model.Subnet
	rtbs    map[string]*model.RouteTable
	acls    map[string]*model.NetworkACL
	nrule   int
	atts    map[string]*model.TransitGatewayAttachment // topology_tgw_test.go
}

func newTopo(t testing.TB) *topo {
	return &topo{t: t, account: "123456789012", region: "us-east-1", vpcs: map[string]*model.VPC{},
		subnets: map[string]*model.Subnet{}, rtbs: map[string]*model.RouteTable{}, acls: map[string]*model.NetworkACL{}}
}

func (b *topo) meta(id string) model.Meta {
	return model.Meta{ID: id, Account: b.account, Region: b.region}
}

func kv(f []string) map[string]string {
	m := map[string]string{}
	for _, s := range f {
		k, v, _ := strings.Cut(s, "=")
		m[k] = v
	}
	return m
}

func (b *topo) parse(src string) {
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
			b.t.Fatalf("topology line %d %q: %v", n+1, line, err)
		}
	}
}

func (b *topo) put(fn func(tx *store.Tx)) { b.objs = append(b.objs, fn) }

func (b *topo) sgRule(group string, egress bool, proto string, from, to int32, cidr string) {
	b.nrule++
	r := &model.SecurityGroupRule{Meta: b.meta(fmt.Sprintf("sgr-%04d", b.nrule)), GroupID: group, Egress: egress,
		Protocol: proto, FromPort: from, ToPort: to}
	if model.ProtocolNumber(proto) == -1 {
		r.Protocol = "-1"
	}
	if strings.HasPrefix(cidr, "sg-") {
		r.RefGroupID = cidr
	} else if c := netip.MustParsePrefix(cidr); c.Addr().Is4() {
		r.CidrIPv4 = c
	} else {
		r.CidrIPv6 = c
	}
	b.put(func(tx *store.Tx) { tx.SecurityGroupRules.Put(r) })
}

func portRange(s string) (int32, int32, error) {
	if s == "-" {
		return -1, -1, nil
	}
	a, c, ok := strings.Cut(s, "-")
	if !ok {
		c = a
	}
	x, err := strconv.Atoi(a)
	if err != nil {
		return 0, 0, err
	}
	y, err := strconv.Atoi(c)
	return int32(x), int32(y), err
}

func (b *topo) stmt(f []string) error {
	if len(f) < 2 {
		return fmt.Errorf("too few fields")
	}
	switch f[0] {
	case "account":
		b.account = f[1]
	case "region":
		b.region = f[1]
	case "vpc":
		o := kv(f[3:])
		v := &model.VPC{Meta: b.meta(f[1]), State: "available", EnableDnsSupport: true, EnableDnsHostnames: true,
			CidrBlocks: []model.CidrAssoc{{AssociationID: "vpc-cidr-assoc-" + f[1], Prefix: netip.MustParsePrefix(f[2]), State: "associated"}}}
		if s, ok := o["ipv6"]; ok {
			v.Ipv6CidrBlocks = []model.Ipv6CidrAssoc{{Prefix: netip.MustParsePrefix(s), State: "associated"}}
		}
		b.vpcs[v.ID] = v
		rt := &model.RouteTable{Meta: b.meta("rtb-main-" + v.ID), VpcID: v.ID,
			Associations: []model.RouteTableAssoc{{ID: "rtbassoc-main-" + v.ID, Main: true}}, Routes: b.local(v)}
		b.rtbs[rt.ID] = rt
		acl := &model.NetworkACL{Meta: b.meta("acl-default-" + v.ID), VpcID: v.ID, IsDefault: true}
		for _, c := range []string{"0.0.0.0/0", "::/0"} {
			p := netip.MustParsePrefix(c)
			for _, eg := range []bool{false, true} {
				e := model.NetworkACLEntry{RuleNumber: 100, Egress: eg, Protocol: "-1", Action: "allow"}
				if p.Addr().Is4() {
					e.CidrBlock = p
				} else {
					e.RuleNumber, e.Ipv6Cidr = 101, p
				}
				acl.Entries = append(acl.Entries, e)
			}
		}
		b.acls[acl.ID] = acl
		sg := &model.SecurityGroup{Meta: b.meta("sg-default-" + v.ID), VpcID: v.ID, Name: "default", Description: "default"}
		b.put(func(tx *store.Tx) { tx.VPCs.Put(v); tx.SecurityGroups.Put(sg) })
		b.sgRule(sg.ID, false, "-1", -1, -1, sg.ID)
		b.sgRule(sg.ID, true, "-1", -1, -1, "0.0.0.0/0")
		b.sgRule(sg.ID, true, "-1", -1, -1, "::/0")
	case "subnet":
		o := kv(f[4:])
		s := &model.Subnet{Meta: b.meta(f[1]), VpcID: f[2], State: "available", CidrBlock: netip.MustParsePrefix(f[3]),
			AvailabilityZone: b.region + "a", AvailabilityZoneID: o["az"]}
		if z, ok := o["zone"]; ok {
			s.AvailabilityZone = z
		}
		if x, ok := o["ipv6"]; ok {
			s.Ipv6CidrBlocks = []model.Ipv6CidrAssoc{{Prefix: netip.MustParsePrefix(x), State: "associated"}}
		}
		b.subnets[s.ID] = s
		b.put(func(tx *store.Tx) { tx.Subnets.Put(s) })
	case "igw":
		g := &model.InternetGateway{Meta: b.meta(f[1]), Attachments: []model.GatewayAttachment{{VpcID: f[2], State: "available"}}}
		b.put(func(tx *store.Tx) { tx.InternetGateways.Put(g) })
	case "rtb":
		b.rtbs[f[1]] = &model.RouteTable{Meta: b.meta(f[1]), VpcID: f[2], Routes: b.local(b.vpcs[f[2]])}
	case "assoc":
		rt := b.rtbs[f[1]]
		rt.Associations = append(rt.Associations, model.RouteTableAssoc{ID: "rtbassoc-" + f[2], SubnetID: f[2]})
	case "route":
		rt := b.rtbs[f[1]]
		r := model.Route{Destination: netip.MustParsePrefix(f[2]), TargetID: f[3], Origin: model.OriginCreateRoute}
		switch t := f[3]; {
		case strings.HasPrefix(t, "igw-"):
			r.Target = model.TargetIGW
		case strings.HasPrefix(t, "nat-"):
			r.Target = model.TargetNAT
		case strings.HasPrefix(t, "eni-"):
			r.Target = model.TargetENI
		case strings.HasPrefix(t, "tgw-"):
			r.Target = model.TargetTGW
		default:
			return fmt.Errorf("unknown target %s", t)
		}
		rt.Routes = append(rt.Routes, r)
	case "sg":
		g := &model.SecurityGroup{Meta: b.meta(f[1]), VpcID: f[2], Name: f[1], Description: f[1]}
		b.put(func(tx *store.Tx) { tx.SecurityGroups.Put(g) })
		b.sgRule(g.ID, true, "-1", -1, -1, "0.0.0.0/0")
		b.sgRule(g.ID, true, "-1", -1, -1, "::/0")
	case "ingress":
		from, to, err := portRange(f[3])
		if err != nil {
			return err
		}
		b.sgRule(f[1], false, f[2], from, to, f[4])
	case "acl":
		b.acls[f[1]] = &model.NetworkACL{Meta: b.meta(f[1]), VpcID: f[2]}
	case "aclassoc":
		a := b.acls[f[1]]
		a.Associations = append(a.Associations, model.NetworkACLAssoc{ID: "aclassoc-" + f[2], SubnetID: f[2]})
	case "aclrule":
		a := b.acls[f[1]]
		n, err := strconv.Atoi(f[3])
		if err != nil {
			return err
		}
		e := model.NetworkACLEntry{RuleNumber: int32(n), Egress: f[2] == "out", Action: f[4],
			Protocol: strconv.Itoa(model.ProtocolNumber(f[5]))}
		if c := netip.MustParsePrefix(f[7]); c.Addr().Is4() {
			e.CidrBlock = c
		} else {
			e.Ipv6Cidr = c
		}
		if f[6] != "-" && f[5] != "icmp" {
			from, to, err := portRange(f[6])
			if err != nil {
				return err
			}
			e.PortFrom, e.PortTo = &from, &to
		}
		a.Entries = append(a.Entries, e)
	case "eni":
		s, ok := b.subnets[f[2]]
		if !ok {
			return fmt.Errorf("unknown subnet %s", f[2])
		}
		o := kv(f[4:])
		e := &model.NetworkInterface{Meta: b.meta(f[1]), SubnetID: s.ID, VpcID: s.VpcID, InterfaceType: "interface",
			SourceDestCheck: true, Status: "in-use",
			PrivateIPs: []model.PrivateIP{{Address: netip.MustParseAddr(f[3]), Primary: true}}}
		if p, ok := o["pub"]; ok {
			e.PrivateIPs[0].PublicIP = netip.MustParseAddr(p)
		}
		if p, ok := o["ipv6"]; ok {
			e.Ipv6Addresses = []netip.Addr{netip.MustParseAddr(p)}
		}
		e.SecurityGroupIDs = []string{"sg-default-" + s.VpcID}
		if g, ok := o["sg"]; ok {
			e.SecurityGroupIDs = strings.Split(g, ",")
		}
		iid := o["instance"]
		if iid == "" {
			iid = "i-" + strings.TrimPrefix(e.ID, "eni-")
		}
		in := &model.Instance{Meta: b.meta(iid), State: "running", SubnetID: s.ID, VpcID: s.VpcID, PrimaryENI: e.ID,
			InstanceType: o["type"]}
		e.Attachment = &model.ENIAttachment{ID: "eni-attach-" + e.ID, InstanceID: iid, Status: "attached"}
		b.put(func(tx *store.Tx) { tx.NetworkInterfaces.Put(e); tx.Instances.Put(in) })
	case "nat":
		s := b.subnets[f[2]]
		o := kv(f[4:])
		n := &model.NatGateway{Meta: b.meta(f[1]), VpcID: s.VpcID, SubnetID: s.ID, ConnectivityType: "public", State: "available",
			NetworkInterfaceID: o["eni"], PrivateIP: netip.MustParseAddr(f[3]), PublicIP: netip.MustParseAddr(o["pub"])}
		e := &model.NetworkInterface{Meta: b.meta(n.NetworkInterfaceID), SubnetID: s.ID, VpcID: s.VpcID, InterfaceType: "nat_gateway",
			RequesterManaged: true, Status: "in-use",
			PrivateIPs: []model.PrivateIP{{Address: n.PrivateIP, Primary: true, PublicIP: n.PublicIP}}}
		b.put(func(tx *store.Tx) { tx.NatGateways.Put(n); tx.NetworkInterfaces.Put(e) })
	default:
		return b.stmtTGW(f)
	}
	return nil
}

func (b *topo) local(v *model.VPC) []model.Route {
	var rs []model.Route
	for _, c := range v.CidrBlocks {
		rs = append(rs, model.Route{Destination: c.Prefix, Target: model.TargetLocal, TargetID: "local", Origin: model.OriginCreateRouteTable})
	}
	for _, c := range v.Ipv6CidrBlocks {
		rs = append(rs, model.Route{Destination: c.Prefix, Target: model.TargetLocal, TargetID: "local", Origin: model.OriginCreateRouteTable})
	}
	return rs
}

func (b *topo) world() *store.World {
	b.t.Helper()
	st, err := store.Open(store.Options{})
	if err != nil {
		b.t.Fatal(err)
	}
	b.t.Cleanup(func() { st.Close() })
	_, err = st.Update(context.Background(), func(tx *store.Tx) error {
		for _, fn := range b.objs {
			fn(tx)
		}
		for _, r := range b.rtbs {
			tx.RouteTables.Put(r)
		}
		for _, a := range b.acls {
			tx.NetworkACLs.Put(a)
		}
		return nil
	})
	if err != nil {
		b.t.Fatal(err)
	}
	return st.Snapshot()
}
