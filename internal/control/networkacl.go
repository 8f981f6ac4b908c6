package control

import (
	"context"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

var (
	anyIPv4 = netip.MustParsePrefix("0.0.0.0/0")
	anyIPv6 = netip.MustParsePrefix("::/0")
)

// Network ACL limits [VPC-UG amazon-vpc-limits.md "Network ACLs"]; the
// adjustable ones are enforced with AWSQuotas.
const (
	maxACLRuleNumber      = 32766
	defaultACLsPerVpc     = 200
	defaultACLRulesPerDir = 20 // per direction and address family, `*` included
)

// defaultACLEntries returns AWS's default network ACL rules: rule 100 allows
// all traffic and `*` denies the rest, in both directions, with IPv6 twins
// (101 and the IPv6 `*`) when the VPC has an IPv6 block [VPC-UG
// default-network-acl.md].
func defaultACLEntries(ipv6 bool) []model.NetworkACLEntry {
	var out []model.NetworkACLEntry
	for _, egress := range []bool{false, true} {
		out = append(out,
			model.NetworkACLEntry{RuleNumber: 100, Egress: egress, Protocol: "-1", Action: "allow", CidrBlock: anyIPv4},
			model.NetworkACLEntry{RuleNumber: model.DefaultRuleNumber, Egress: egress, Protocol: "-1", Action: "deny", CidrBlock: anyIPv4},
		)
		if ipv6 {
			out = append(out,
				model.NetworkACLEntry{RuleNumber: 101, Egress: egress, Protocol: "-1", Action: "allow", Ipv6Cidr: anyIPv6},
				model.NetworkACLEntry{RuleNumber: model.DefaultRuleNumber + 1, Egress: egress, Protocol: "-1", Action: "deny", Ipv6Cidr: anyIPv6},
			)
		}
	}
	sortACLEntries(out)
	return out
}

// customACLEntries returns the rules of a new custom network ACL: only the
// `*` deny rules, both directions, IPv6 ones when the VPC has IPv6 [VPC-UG
// vpc-network-acls.md "Custom network ACL"].
func customACLEntries(ipv6 bool) []model.NetworkACLEntry {
	var out []model.NetworkACLEntry
	for _, egress := range []bool{false, true} {
		out = append(out, model.NetworkACLEntry{RuleNumber: model.DefaultRuleNumber, Egress: egress, Protocol: "-1", Action: "deny", CidrBlock: anyIPv4})
		if ipv6 {
			out = append(out, model.NetworkACLEntry{RuleNumber: model.DefaultRuleNumber + 1, Egress: egress, Protocol: "-1", Action: "deny", Ipv6Cidr: anyIPv6})
		}
	}
	sortACLEntries(out)
	return out
}

// createDefaultNetworkACL creates a VPC's default network ACL.
func createDefaultNetworkACL(tx *store.Tx, v *model.VPC) *model.NetworkACL {
	acl := &model.NetworkACL{
		Meta:      newMeta(tx, v.Scope(), tx.NewID("acl"), nil),
		VpcID:     v.ID,
		IsDefault: true,
		Entries:   defaultACLEntries(len(v.Ipv6CidrBlocks) > 0),
	}
	tx.NetworkACLs.Put(acl)
	return acl
}

func vpcHasIPv6(v *model.VPC) bool {
	for _, c := range v.Ipv6CidrBlocks {
		if c.State == "associated" || c.State == "" {
			return true
		}
	}
	return false
}

// CreateNetworkAcl creates a custom network ACL that denies everything until
// rules are added, associated with no subnet.
func (s *Service) CreateNetworkAcl(ctx context.Context, scope model.Scope, vpcID string, tags map[string]string) (*model.NetworkACL, error) {
	if vpcID == "" {
		return nil, awserr.MissingParameter("VpcId")
	}
	if err := validateTags(tags); err != nil {
		return nil, err
	}
	var out *model.NetworkACL
	err := s.update(ctx, func(tx *store.Tx) error {
		v, err := find(kindVPC, tx.VPCs, scope, vpcID)
		if err != nil {
			return err
		}
		if s.opts.AWSQuotas && len(tx.NetworkACLs.Children(v.ID)) >= defaultACLsPerVpc {
			return awserr.New("NetworkAclLimitExceeded", "The maximum number of network ACLs has been reached.")
		}
		acl := &model.NetworkACL{
			Meta:    newMeta(tx, scope, tx.NewID("acl"), tags),
			VpcID:   v.ID,
			Entries: customACLEntries(vpcHasIPv6(v)),
		}
		tx.NetworkACLs.Put(acl)
		out = acl
		return nil
	})
	return out, err
}

// DeleteNetworkAcl deletes a custom network ACL that no subnet uses.
func (s *Service) DeleteNetworkAcl(ctx context.Context, scope model.Scope, id string) error {
	if id == "" {
		return awserr.MissingParameter("NetworkAclId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		acl, err := find(kindACL, tx.NetworkACLs, scope, id)
		if err != nil {
			return err
		}
		if acl.IsDefault {
			return awserr.InvalidParameterValue("cannot delete default network ACL %s", id)
		}
		if len(acl.Associations) > 0 {
			return awserr.DependencyViolation("The network ACL '%s' has dependencies and cannot be deleted.", id)
		}
		tx.NetworkACLs.Delete(id)
		return nil
	})
}

// NetworkAclEntryInput is one CreateNetworkAclEntry/ReplaceNetworkAclEntry.
type NetworkAclEntryInput struct {
	NetworkAclID  string
	RuleNumber    *int32
	Egress        bool
	Protocol      string
	RuleAction    string
	CidrBlock     string
	Ipv6CidrBlock string
	// Icmp is set when Icmp.Type/Icmp.Code were given.
	Icmp     bool
	IcmpType *int32
	IcmpCode *int32
	// PortRange is set when PortRange.From/To were given.
	PortRange bool
	PortFrom  *int32
	PortTo    *int32
}

func checkRuleNumber(n *int32) error {
	if n == nil {
		return awserr.MissingParameter("ruleNumber")
	}
	if *n < 1 || *n > maxACLRuleNumber {
		return awserr.InvalidParameterValue("Value (%d) for parameter ruleNumber is invalid. Rulenumber must be in range 1..%d", *n, maxACLRuleNumber)
	}
	return nil
}

// aclProtocol maps a protocol to the number EC2 stores and echoes: it
// accepts numbers 0..255, -1, and the names the CLI documents (tcp, udp,
// icmp, icmpv6, all).
func aclProtocol(p string) (string, error) {
	if p == "" {
		return "", awserr.MissingParameter("protocol")
	}
	switch strings.ToLower(p) {
	case "-1", "all":
		return "-1", nil
	case "tcp":
		return "6", nil
	case "udp":
		return "17", nil
	case "icmp":
		return "1", nil
	case "icmpv6":
		return "58", nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < -1 || n > 255 {
		return "", awserr.InvalidParameterValue("Value (%s) for parameter protocol is invalid. Protocol must be a protocol number between -1 and 255 or one of tcp, udp, icmp, icmpv6, all.", p)
	}
	return strconv.Itoa(n), nil
}

// entry validates the input into a stored entry. Ports apply to TCP and
// UDP only and are required there; ICMP type/code apply to ICMP, and to
// ICMPv6 with an IPv6 CIDR; for every other protocol ports and ICMP
// fields are ignored, as EC2 documents for CreateNetworkAclEntry.
func (in NetworkAclEntryInput) entry() (model.NetworkACLEntry, error) {
	e := model.NetworkACLEntry{Egress: in.Egress}
	if in.NetworkAclID == "" {
		return e, awserr.MissingParameter("networkAclId")
	}
	if err := checkRuleNumber(in.RuleNumber); err != nil {
		return e, err
	}
	e.RuleNumber = *in.RuleNumber
	proto, err := aclProtocol(in.Protocol)
	if err != nil {
		return e, err
	}
	e.Protocol = proto
	switch strings.ToLower(in.RuleAction) {
	case "":
		return e, awserr.MissingParameter("ruleAction")
	case "allow", "deny":
		e.Action = strings.ToLower(in.RuleAction)
	default:
		return e, awserr.InvalidParameterValue("Value (%s) for parameter ruleAction is invalid. Valid values are allow and deny.", in.RuleAction)
	}
	switch {
	case in.CidrBlock == "" && in.Ipv6CidrBlock == "":
		return e, awserr.MissingParameter("cidrBlock or ipv6CidrBlock")
	case in.CidrBlock != "" && in.Ipv6CidrBlock != "":
		return e, awserr.InvalidParameterCombination("Only one of cidrBlock and ipv6CidrBlock may be specified.")
	case in.CidrBlock != "":
		p, err := parseCIDR(in.CidrBlock, "cidrBlock")
		if err != nil {
			return e, err
		}
		if !p.Addr().Is4() {
			return e, awserr.InvalidParameterValue("Value (%s) for parameter cidrBlock is invalid. This is not a valid CIDR block.", in.CidrBlock)
		}
		e.CidrBlock = p
	default:
		p, err := parseCIDR(in.Ipv6CidrBlock, "ipv6CidrBlock")
		if err != nil {
			return e, err
		}
		if !p.Addr().Is6() || p.Addr().Is4In6() {
			return e, awserr.InvalidParameterValue("Value (%s) for parameter ipv6CidrBlock is invalid. This is not a valid IPv6 CIDR block.", in.Ipv6CidrBlock)
		}
		e.Ipv6Cidr = p
	}
	switch {
	case proto == "6" || proto == "17":
		if !in.PortRange || in.PortFrom == nil || in.PortTo == nil {
			return e, awserr.MissingParameter("portRange")
		}
		f, t := *in.PortFrom, *in.PortTo
		for _, v := range []int32{f, t} {
			if v < 0 || v > 65535 {
				return e, awserr.InvalidParameterValue("Value (%d) for parameter portRange is invalid. Ports must be in range 0..65535.", v)
			}
		}
		if f > t {
			return e, awserr.InvalidParameterValue("Value (%d-%d) for parameter portRange is invalid. The from port must not be greater than the to port.", f, t)
		}
		e.PortFrom, e.PortTo = &f, &t
	case proto == "1" || proto == "58" && e.Ipv6Cidr.IsValid():
		if !in.Icmp || in.IcmpType == nil {
			return e, awserr.MissingParameter("icmpTypeCode")
		}
		typ, code := *in.IcmpType, int32(-1)
		if in.IcmpCode != nil {
			code = *in.IcmpCode
		}
		if typ < -1 || typ > 255 {
			return e, awserr.InvalidParameterValue("Value (%d) for parameter icmpTypeCode.type is invalid. ICMP type must be in range -1..255.", typ)
		}
		if code < -1 || code > 255 {
			return e, awserr.InvalidParameterValue("Value (%d) for parameter icmpTypeCode.code is invalid. ICMP code must be in range -1..255.", code)
		}
		e.IcmpType, e.IcmpCode = &typ, &code
	}
	return e, nil
}

// sortACLEntries orders entries as DescribeNetworkAcls lists them: egress
// first, then by rule number.
func sortACLEntries(es []model.NetworkACLEntry) {
	slices.SortStableFunc(es, func(a, b model.NetworkACLEntry) int {
		if a.Egress != b.Egress {
			if a.Egress {
				return -1
			}
			return 1
		}
		return int(a.RuleNumber) - int(b.RuleNumber)
	})
}

func entryIndex(acl *model.NetworkACL, rule int32, egress bool) int {
	for i, e := range acl.Entries {
		if e.RuleNumber == rule && e.Egress == egress {
			return i
		}
	}
	return -1
}

// CreateNetworkAclEntry adds a numbered rule; the (rule number, direction)
// pair must be free (NetworkAclEntryAlreadyExists).
func (s *Service) CreateNetworkAclEntry(ctx context.Context, scope model.Scope, in NetworkAclEntryInput) error {
	e, err := in.entry()
	if err != nil {
		return err
	}
	return s.update(ctx, func(tx *store.Tx) error {
		acl, err := find(kindACL, tx.NetworkACLs, scope, in.NetworkAclID)
		if err != nil {
			return err
		}
		if entryIndex(acl, e.RuleNumber, e.Egress) >= 0 {
			return awserr.New("NetworkAclEntryAlreadyExists", "The network acl entry identified by %d already exists.", e.RuleNumber)
		}
		if s.opts.AWSQuotas {
			n := 0
			for _, o := range acl.Entries {
				if o.Egress == e.Egress && o.Prefix().Addr().Is4() == e.Prefix().Addr().Is4() {
					n++
				}
			}
			if n >= defaultACLRulesPerDir {
				return awserr.New("NetworkAclEntryLimitExceeded", "The maximum number of network acl entries has been reached.")
			}
		}
		c := model.Clone(acl)
		c.Entries = append(c.Entries, e)
		sortACLEntries(c.Entries)
		tx.NetworkACLs.Put(c)
		return nil
	})
}

// ReplaceNetworkAclEntry replaces an existing numbered rule.
func (s *Service) ReplaceNetworkAclEntry(ctx context.Context, scope model.Scope, in NetworkAclEntryInput) error {
	e, err := in.entry()
	if err != nil {
		return err
	}
	return s.update(ctx, func(tx *store.Tx) error {
		acl, err := find(kindACL, tx.NetworkACLs, scope, in.NetworkAclID)
		if err != nil {
			return err
		}
		i := entryIndex(acl, e.RuleNumber, e.Egress)
		if i < 0 {
			return aclEntryNotFound(e.RuleNumber, e.Egress)
		}
		c := model.Clone(acl)
		c.Entries[i] = e
		sortACLEntries(c.Entries)
		tx.NetworkACLs.Put(c)
		return nil
	})
}

func aclEntryNotFound(rule int32, egress bool) error {
	dir := "ingress"
	if egress {
		dir = "egress"
	}
	return awserr.New("InvalidNetworkAclEntry.NotFound", "The network acl entry identified by %d (%s) does not exist.", rule, dir)
}

// DeleteNetworkAclEntry removes a numbered rule; the `*` rules cannot be
// removed [VPC-UG vpc-network-acls.md].
func (s *Service) DeleteNetworkAclEntry(ctx context.Context, scope model.Scope, aclID string, rule *int32, egress bool) error {
	if aclID == "" {
		return awserr.MissingParameter("networkAclId")
	}
	if err := checkRuleNumber(rule); err != nil {
		return err
	}
	return s.update(ctx, func(tx *store.Tx) error {
		acl, err := find(kindACL, tx.NetworkACLs, scope, aclID)
		if err != nil {
			return err
		}
		i := entryIndex(acl, *rule, egress)
		if i < 0 {
			return aclEntryNotFound(*rule, egress)
		}
		c := model.Clone(acl)
		c.Entries = append(c.Entries[:i:i], c.Entries[i+1:]...)
		tx.NetworkACLs.Put(c)
		return nil
	})
}

// ReplaceNetworkAclAssociation moves a subnet, named by its current
// association, to another network ACL of the same VPC, and returns the new
// association id.
func (s *Service) ReplaceNetworkAclAssociation(ctx context.Context, scope model.Scope, assocID, aclID string) (string, error) {
	if assocID == "" {
		return "", awserr.MissingParameter("associationId")
	}
	if aclID == "" {
		return "", awserr.MissingParameter("networkAclId")
	}
	var newID string
	err := s.update(ctx, func(tx *store.Tx) error {
		var old *model.NetworkACL
		var subnetID string
		tx.NetworkACLs.All(func(a *model.NetworkACL) bool {
			if !a.InScope(scope) {
				return true
			}
			for _, as := range a.Associations {
				if as.ID == assocID {
					old, subnetID = a, as.SubnetID
					return false
				}
			}
			return true
		})
		if old == nil {
			return awserr.New("InvalidAssociationID.NotFound", "The association ID '%s' does not exist", assocID)
		}
		target, err := find(kindACL, tx.NetworkACLs, scope, aclID)
		if err != nil {
			return err
		}
		if target.VpcID != old.VpcID {
			return awserr.InvalidParameterValue("Network ACL %s and subnet %s belong to different networks.", aclID, subnetID)
		}
		c := model.Clone(old)
		c.Associations = slices.DeleteFunc(c.Associations, func(a model.NetworkACLAssoc) bool { return a.ID == assocID })
		tx.NetworkACLs.Put(c)
		if target.ID == old.ID {
			target = c
		}
		t := model.Clone(target)
		newID = tx.NewID("aclassoc")
		t.Associations = append(t.Associations, model.NetworkACLAssoc{ID: newID, SubnetID: subnetID})
		tx.NetworkACLs.Put(t)
		return nil
	})
	return newID, err
}

// addDefaultACLIpv6Entries runs when a VPC gains an IPv6 block: its default
// network ACL gets the IPv6 `*` deny rules and, in each direction whose
// rules were never modified, the rule 101 allow-all for ::/0 [VPC-UG
// vpc-network-acls.md "Default network ACL", and its note on modified rules].
func addDefaultACLIpv6Entries(tx *store.Tx, vpcID string) {
	for _, acl := range tx.NetworkACLs.Children(vpcID) {
		if !acl.IsDefault {
			continue
		}
		c := model.Clone(acl)
		for _, egress := range []bool{false, true} {
			hasV6, unmodified := false, true
			for _, e := range c.Entries {
				if e.Egress != egress {
					continue
				}
				if e.Ipv6Cidr.IsValid() {
					hasV6 = true
				}
				isDefault := (e.RuleNumber == 100 && e.Action == "allow" && e.Protocol == "-1" && e.CidrBlock == anyIPv4) ||
					(e.RuleNumber == model.DefaultRuleNumber && e.CidrBlock == anyIPv4)
				if !isDefault {
					unmodified = false
				}
			}
			if hasV6 {
				continue
			}
			if unmodified {
				c.Entries = append(c.Entries, model.NetworkACLEntry{RuleNumber: 101, Egress: egress, Protocol: "-1", Action: "allow", Ipv6Cidr: anyIPv6})
			}
			c.Entries = append(c.Entries, model.NetworkACLEntry{RuleNumber: model.DefaultRuleNumber + 1, Egress: egress, Protocol: "-1", Action: "deny", Ipv6Cidr: anyIPv6})
		}
		tx.NetworkACLs.Put(c)
	}
}
