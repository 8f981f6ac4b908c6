package control

import (
	"context"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// defaultDhcpOptionsID returns the scope's default DHCP options set, which
// initScope creates (domain-name for the region, AmazonProvidedDNS).
func defaultDhcpOptionsID(tx *store.Tx, scope model.Scope) string {
	st, ok := tx.Scopes.Get(scopeKey(scope))
	if !ok {
		return ""
	}
	return st.DefaultDhcpOptionsID
}

// createDefaultDhcpOptions creates AWS's default DHCP options for a region.
func createDefaultDhcpOptions(tx *store.Tx, scope model.Scope) *model.DhcpOptions {
	domain := scope.Region + ".compute.internal"
	if scope.Region == "us-east-1" {
		domain = "ec2.internal"
	}
	d := &model.DhcpOptions{
		Meta: newMeta(tx, scope, tx.NewID("dopt"), nil),
		Configurations: []model.DhcpConfiguration{
			{Key: "domain-name", Values: []string{domain}},
			{Key: "domain-name-servers", Values: []string{"AmazonProvidedDNS"}},
		},
	}
	tx.DhcpOptions.Put(d)
	return d
}

// DHCP option keys EC2 accepts [VPC-UG DHCPOptionSet.md].
var dhcpKeys = map[string]bool{
	"domain-name": true, "domain-name-servers": true, "ntp-servers": true,
	"netbios-name-servers": true, "netbios-node-type": true, "ipv6-address-preferred-lease-time": true,
}

// CreateDhcpOptions creates a DHCP options set after validating each
// option as EC2 does.
func (s *Service) CreateDhcpOptions(ctx context.Context, scope model.Scope, confs []model.DhcpConfiguration, tags map[string]string) (*model.DhcpOptions, error) {
	if len(confs) == 0 {
		return nil, awserr.MissingParameter("DhcpConfiguration")
	}
	if err := validateTags(tags); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []model.DhcpConfiguration
	for _, c := range confs {
		if c.Key == "" {
			return nil, awserr.MissingParameter("DhcpConfiguration.Key")
		}
		if !dhcpKeys[c.Key] {
			return nil, awserr.InvalidParameterValue("Value (%s) for parameter name is invalid. Unrecognized DHCP option name", c.Key)
		}
		if seen[c.Key] {
			return nil, awserr.InvalidParameterValue("Value (%s) for parameter name is invalid. Duplicate DHCP option name", c.Key)
		}
		seen[c.Key] = true
		if len(c.Values) == 0 {
			return nil, awserr.InvalidParameterValue("Value for parameter %s is invalid. At least one value is required.", c.Key)
		}
		if err := checkDhcpValues(c.Key, c.Values); err != nil {
			return nil, err
		}
		out = append(out, model.DhcpConfiguration{Key: c.Key, Values: append([]string(nil), c.Values...)})
	}
	var d *model.DhcpOptions
	err := s.update(ctx, func(tx *store.Tx) error {
		d = &model.DhcpOptions{Meta: newMeta(tx, scope, tx.NewID("dopt"), tags), Configurations: out}
		tx.DhcpOptions.Put(d)
		return nil
	})
	return d, err
}

func checkDhcpValues(key string, vals []string) error {
	bad := func(v string) error {
		return awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid.", v, key)
	}
	switch key {
	case "domain-name-servers", "ntp-servers", "netbios-name-servers":
		if len(vals) > 4 && key != "ntp-servers" {
			return awserr.InvalidParameterValue("Value for parameter %s is invalid. A maximum of 4 values is allowed.", key)
		}
		if len(vals) > 8 {
			return awserr.InvalidParameterValue("Value for parameter %s is invalid. Too many values.", key)
		}
		for _, v := range vals {
			if key == "domain-name-servers" && v == "AmazonProvidedDNS" {
				continue
			}
			if _, err := netip.ParseAddr(v); err != nil {
				return bad(v)
			}
		}
	case "netbios-node-type":
		if len(vals) != 1 {
			return awserr.InvalidParameterValue("Value for parameter netbios-node-type is invalid. Only one value is allowed.")
		}
		switch vals[0] {
		case "1", "2", "4", "8":
		default:
			return bad(vals[0])
		}
	case "ipv6-address-preferred-lease-time":
		if len(vals) != 1 {
			return awserr.InvalidParameterValue("Value for parameter ipv6-address-preferred-lease-time is invalid. Only one value is allowed.")
		}
		n, err := strconv.ParseInt(vals[0], 10, 64)
		if err != nil || n < 140 || n > 2147483647 {
			return bad(vals[0])
		}
	case "domain-name":
		for _, v := range vals {
			if strings.TrimSpace(v) == "" || len(v) > 255 {
				return bad(v)
			}
		}
	}
	return nil
}

// DeleteDhcpOptions deletes a DHCP options set no VPC uses.
func (s *Service) DeleteDhcpOptions(ctx context.Context, scope model.Scope, id string) error {
	if id == "" {
		return awserr.MissingParameter("DhcpOptionsId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		d, err := find(kindDHCP, tx.DhcpOptions, scope, id)
		if err != nil {
			return err
		}
		used := false
		tx.VPCs.All(func(v *model.VPC) bool {
			if v.DhcpOptionsID == d.ID {
				used = true
			}
			return !used
		})
		if used {
			return awserr.DependencyViolation("The dhcpOptions '%s' has dependencies and cannot be deleted.", id)
		}
		tx.DhcpOptions.Delete(d.ID)
		if st, ok := tx.Scopes.Get(scopeKey(scope)); ok && st.DefaultDhcpOptionsID == d.ID {
			c := model.Clone(st)
			c.DefaultDhcpOptionsID = ""
			tx.Scopes.Put(c)
		}
		return nil
	})
}

// AssociateDhcpOptions sets a VPC's DHCP options; "default" means none.
func (s *Service) AssociateDhcpOptions(ctx context.Context, scope model.Scope, doptID, vpcID string) error {
	if doptID == "" {
		return awserr.MissingParameter("DhcpOptionsId")
	}
	if vpcID == "" {
		return awserr.MissingParameter("VpcId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		v, err := find(kindVPC, tx.VPCs, scope, vpcID)
		if err != nil {
			return err
		}
		if doptID != "default" {
			if _, err := find(kindDHCP, tx.DhcpOptions, scope, doptID); err != nil {
				return err
			}
		}
		c := model.Clone(v)
		c.DhcpOptionsID = doptID
		tx.VPCs.Put(c)
		return nil
	})
}
