package flowlog

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/model"
)

// Background is opt-in generated traffic added to a traffic file's flows
// (issue 10 item 2): internet scanners probing public addresses, and
// instances talking on the ports their security groups allow. It is
// generated for the interfaces the run's flow logs cover, deterministically
// from Options.Seed.
type Background struct {
	Scanners *Scanners `json:"scanners,omitempty"`
	Chatter  *Chatter  `json:"chatter,omitempty"`
}

// Scanners probe every public IPv4 address of a covered interface from
// internet addresses (203.0.113.0/24, a documentation range): one TCP SYN
// each (answered with a SYN-ACK when the security group and network ACL
// allow it), at deterministic times and ports.
type Scanners struct {
	// ProbesPerHour per public address; 0 means 60.
	ProbesPerHour float64 `json:"probesPerHour,omitempty"`
	// Ports probed; empty means DefaultScanPorts.
	Ports []uint16 `json:"ports,omitempty"`
}

// Chatter makes covered interfaces talk to each other: for each inbound
// security group rule of an interface with a TCP or UDP port and a peer in
// its VPC (a CIDR holding the peer's primary address, or a group the
// peer belongs to), up to MaxPeers peers open connections to the rule's
// first port.
type Chatter struct {
	// ConnectionsPerHour per peer and rule; 0 means 12.
	ConnectionsPerHour float64 `json:"connectionsPerHour,omitempty"`
	// MaxPeers per rule; 0 means 3.
	MaxPeers int `json:"maxPeers,omitempty"`
	// Packets and Bytes of each request (and of its response); 0 means
	// 10 packets and 2,000 bytes.
	Packets int64 `json:"packets,omitempty"`
	Bytes   int64 `json:"bytes,omitempty"`
}

// DefaultScanPorts are the ports scanners probe by default: SSH, Telnet,
// HTTP, HTTPS, SMB, MSSQL, MySQL, RDP, PostgreSQL, HTTP alternate.
var DefaultScanPorts = []uint16{22, 23, 80, 443, 445, 1433, 3306, 3389, 5432, 8080}

// Limits of background traffic.
const (
	maxPerHour      = 36_000 // probes or connections per hour per target
	maxChatterPeers = 64
	maxPeerScan     = 4096 // candidate peers examined per rule
)

func (b *Background) validate() error {
	if s := b.Scanners; s != nil {
		if !finite(s.ProbesPerHour) || s.ProbesPerHour < 0 || s.ProbesPerHour > maxPerHour {
			return fmt.Errorf("scanners: probesPerHour must be between 0 and %d", maxPerHour)
		}
		if len(s.Ports) > 1024 {
			return errors.New("scanners: at most 1024 ports")
		}
		for _, p := range s.Ports {
			if p == 0 {
				return errors.New("scanners: ports must be 1-65535")
			}
		}
	}
	if c := b.Chatter; c != nil {
		switch {
		case !finite(c.ConnectionsPerHour) || c.ConnectionsPerHour < 0 || c.ConnectionsPerHour > maxPerHour:
			return fmt.Errorf("chatter: connectionsPerHour must be between 0 and %d", maxPerHour)
		case c.MaxPeers < 0 || c.MaxPeers > maxChatterPeers:
			return fmt.Errorf("chatter: maxPeers must be between 0 and %d", maxChatterPeers)
		case c.Packets < 0 || c.Bytes < 0 || c.Packets > 1<<40 || c.Bytes > 1<<50 || (c.Packets > 0 && c.Bytes > 0 && c.Bytes < c.Packets):
			return errors.New("chatter: packets and bytes must be positive, bytes at least packets")
		}
	}
	return nil
}

// count is how many events at rate per hour fall in span seconds.
func count(rate, span float64) int { return int(math.Round(rate * span / 3600)) }

// background returns t with the generated flows appended (t itself is
// not changed).
func (e *engine) background(t *Traffic) (*Traffic, error) {
	b := t.Background
	span := float64(t.End - t.Start)
	out := *t
	out.Flows = append([]Flow(nil), t.Flows...)
	total := 0
	for i := range t.Flows {
		total += max(1, t.Flows[i].Repeat)
	}
	add := func(f Flow) error {
		if total++; total > MaxFlows {
			return fmt.Errorf("traffic: background traffic makes more than %d flows", MaxFlows)
		}
		out.Flows = append(out.Flows, f)
		return nil
	}
	// at spreads event j of stream s over the span deterministically.
	at := func(s, j uint64) float64 { return float64(e.hash(s, j)%uint64(max(1, span*1000))) / 1000 }
	no := false
	ifaces := make([]*model.NetworkInterface, len(e.enis))
	for i := range e.enis {
		ifaces[i], _ = e.w.NetworkInterfaces.Get(e.enis[i].id)
	}
	if s := b.Scanners; s != nil {
		rate, ports := s.ProbesPerHour, s.Ports
		if rate == 0 {
			rate = 60
		}
		if len(ports) == 0 {
			ports = DefaultScanPorts
		}
		for i, n := range ifaces {
			if n == nil {
				continue
			}
			for _, p := range n.PrivateIPs {
				if !p.PublicIP.IsValid() {
					continue
				}
				stream := uint64(i)<<24 | 1
				for j := range count(rate, span) {
					h := e.hash(stream, uint64(j)+1<<32)
					src := netip.AddrFrom4([4]byte{203, 0, 113, byte(1 + h%254)})
					err := add(Flow{Source: src.String(), Destination: p.PublicIP.String(), Protocol: "tcp",
						Port: ports[(h>>16)%uint64(len(ports))], At: at(stream, uint64(j)), Packets: 1, Bytes: 44,
						Reply: &Reply{Packets: 1, Bytes: 44}, FIN: &no})
					if err != nil {
						return nil, err
					}
				}
			}
		}
	}
	if c := b.Chatter; c != nil {
		if err := e.chatter(c, ifaces, span, at, add); err != nil {
			return nil, err
		}
	}
	return &out, nil
}

// chatter adds the connections of Background.Chatter.
func (e *engine) chatter(c *Chatter, ifaces []*model.NetworkInterface, span float64, at func(s, j uint64) float64, add func(Flow) error) error {
	rate, peersMax, pk, by := c.ConnectionsPerHour, c.MaxPeers, c.Packets, c.Bytes
	if rate == 0 {
		rate = 12
	}
	if peersMax == 0 {
		peersMax = 3
	}
	if pk == 0 {
		pk = 10
	}
	if by == 0 {
		by = max(pk, 2000)
	}
	byVPC := map[string][]int{}
	inGroup := map[string]map[int]bool{}
	for i, n := range ifaces {
		if n == nil || !e.enis[i].primary4.IsValid() {
			continue
		}
		byVPC[n.VpcID] = append(byVPC[n.VpcID], i)
		for _, g := range n.SecurityGroupIDs {
			if inGroup[g] == nil {
				inGroup[g] = map[int]bool{}
			}
			inGroup[g][i] = true
		}
	}
	for ti, n := range ifaces {
		if n == nil {
			continue
		}
		for gi, g := range n.SecurityGroupIDs {
			var rules []*model.SecurityGroupRule
			e.w.SecurityGroupRules.ByParent(g, func(r *model.SecurityGroupRule) bool {
				rules = append(rules, r)
				return true
			})
			for ri, r := range rules {
				proto := r.ProtocolNumber()
				if r.Egress || (proto != 6 && proto != 17) || r.FromPort < 1 || r.FromPort > 65535 {
					continue
				}
				peers := 0
				cands := byVPC[n.VpcID]
				for k := 0; k < len(cands) && k < maxPeerScan && peers < peersMax; k++ {
					pi := cands[k]
					if pi == ti {
						continue
					}
					ok := r.CidrIPv4.IsValid() && r.CidrIPv4.Contains(e.enis[pi].primary4)
					ok = ok || (r.RefGroupID != "" && inGroup[r.RefGroupID][pi])
					if !ok {
						continue
					}
					peers++
					stream := uint64(ti)<<32 | uint64(gi)<<24 | uint64(ri)<<12 | uint64(pi)&0xfff | 1<<62
					for j := range count(rate, span) {
						err := add(Flow{Source: e.enis[pi].id, Destination: n.ID, Protocol: strconv.Itoa(proto),
							Port: uint16(r.FromPort), At: at(stream, uint64(j)), Packets: pk, Bytes: by, Duration: 1})
						if err != nil {
							return err
						}
					}
				}
			}
		}
	}
	return nil
}
