package dns

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// ErrUnknownSource is returned for a source id that does not exist (or is
// of an account the caller may not see).
var ErrUnknownSource = errors.New("unknown source")

// Source is where a query is made from: a network interface (an
// instance's primary one) or a subnet, and its VPC.
type Source struct {
	ID     string                  `json:"id"`
	ENI    *model.NetworkInterface `json:"-"`
	Subnet *model.Subnet           `json:"-"`
	VPC    *model.VPC              `json:"-"`
	// Address is the source's primary private IPv4 address (invalid for
	// a subnet source).
	Address netip.Addr `json:"address,omitzero"`
}

// FindSource resolves id (i-, eni- or subnet-) in w. A non-empty account
// limits the lookup to that account's resources: others are unknown, as
// ids that do not exist.
func FindSource(w *store.World, account, id string) (*Source, error) {
	visible := func(m *model.Meta) bool { return account == "" || m.Account == account }
	src := &Source{ID: id}
	switch {
	case strings.HasPrefix(id, "i-"):
		in, ok := w.Instances.Get(id)
		if !ok || !visible(&in.Meta) || in.State == "terminated" {
			return nil, fmt.Errorf("%w: instance %s", ErrUnknownSource, id)
		}
		n, ok := w.NetworkInterfaces.Get(in.PrimaryENI)
		if !ok {
			return nil, fmt.Errorf("%w: instance %s has no network interface", ErrUnknownSource, id)
		}
		src.ENI = n
	case strings.HasPrefix(id, "eni-"):
		n, ok := w.NetworkInterfaces.Get(id)
		if !ok || !visible(&n.Meta) {
			return nil, fmt.Errorf("%w: network interface %s", ErrUnknownSource, id)
		}
		src.ENI = n
	case strings.HasPrefix(id, "subnet-"):
		sn, ok := w.Subnets.Get(id)
		if !ok || !visible(&sn.Meta) {
			return nil, fmt.Errorf("%w: subnet %s", ErrUnknownSource, id)
		}
		src.Subnet = sn
	default:
		return nil, fmt.Errorf("%w: %q is not an instance (i-), network interface (eni-) or subnet (subnet-) id", ErrUnknownSource, id)
	}
	if src.ENI != nil {
		src.Address = src.ENI.PrimaryIP()
		sn, ok := w.Subnets.Get(src.ENI.SubnetID)
		if !ok {
			return nil, fmt.Errorf("%w: the subnet %s of %s is gone", ErrUnknownSource, src.ENI.SubnetID, id)
		}
		src.Subnet = sn
	}
	v, ok := w.VPCs.Get(src.Subnet.VpcID)
	if !ok {
		return nil, fmt.Errorf("%w: the VPC %s of %s is gone", ErrUnknownSource, src.Subnet.VpcID, id)
	}
	src.VPC = v
	return src, nil
}

// ResolverAddress is the Amazon DNS server's address in v: the base of its
// primary IPv4 CIDR block plus two [vpc-dns.md, "Amazon DNS server"].
func ResolverAddress(v *model.VPC) netip.Addr {
	for _, c := range v.CidrBlocks {
		if c.State != "associated" && c.State != "" {
			continue
		}
		a := c.Prefix.Masked().Addr()
		return a.Next().Next()
	}
	return netip.Addr{}
}
