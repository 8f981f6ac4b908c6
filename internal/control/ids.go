package control

import (
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// validID reports whether id looks like an EC2 id with the given prefix:
// prefix-, then 8 or 17 lower-case hex digits.
func validID(id, prefix string) bool {
	rest, ok := strings.CutPrefix(id, prefix+"-")
	if !ok || (len(rest) != 8 && len(rest) != 17) {
		return false
	}
	for _, c := range rest {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// idKind describes one id family: its prefix, its not-found and malformed
// codes, and the noun EC2 uses in messages.
type idKind struct {
	prefix    string
	notFound  string
	malformed string
	noun      string
}

// idKindOf reads an id family from the kind registry.
func idKindOf(k store.AnyKind) idKind {
	sp := k.Spec()
	return idKind{prefix: sp.IDPrefix, notFound: sp.NotFound, malformed: sp.Malformed, noun: sp.Noun}
}

var (
	kindVPC      = idKindOf(store.VPCKind)
	kindSubnet   = idKindOf(store.SubnetKind)
	kindRTB      = idKindOf(store.RouteTableKind)
	kindIGW      = idKindOf(store.InternetGatewayKind)
	kindEIGW     = idKindOf(store.EgressOnlyIGWKind)
	kindVGW      = idKindOf(store.VpnGatewayKind)
	kindNAT      = idKindOf(store.NatGatewayKind)
	kindEIP      = idKindOf(store.AddressKind)
	kindSG       = idKindOf(store.SecurityGroupKind)
	kindSGR      = idKindOf(store.SecurityGroupRuleKind)
	kindACL      = idKindOf(store.NetworkACLKind)
	kindENI      = idKindOf(store.NetworkInterfaceKind)
	kindInstance = idKindOf(store.InstanceKind)
	kindDHCP     = idKindOf(store.DhcpOptionsKind)
	kindPL       = idKindOf(store.PrefixListKind)
	kindKey      = idKindOf(store.KeyPairKind)
	kindNIP      = idKindOf(store.InsightsPathKind)
	kindNIA      = idKindOf(store.InsightsAnalysisKind)
)

// NotFound returns the kind's not-found error for id.
func (k idKind) NotFound(id string) *awserr.Error {
	return awserr.New(k.notFound, "The %s '%s' does not exist", k.noun, id)
}

// Malformed returns the kind's malformed-id error.
func (k idKind) Malformed(id string) *awserr.Error {
	return awserr.New(k.malformed, "Invalid id: \"%s\" (expecting \"%s-...\")", id, k.prefix)
}

// check returns the malformed error if id does not look like this kind.
func (k idKind) check(id string) error {
	if !validID(id, k.prefix) {
		return k.Malformed(id)
	}
	return nil
}

// find fetches id from t within scope, with AWS's malformed and not-found
// errors. Callers check for a missing parameter first.
func find[T any](k idKind, t *store.Table[T], scope model.Scope, id string) (*T, error) {
	if err := k.check(id); err != nil {
		return nil, err
	}
	v, ok := t.Get(id)
	if !ok || !any(v).(model.Object).GetMeta().InScope(scope) {
		return nil, k.NotFound(id)
	}
	return v, nil
}

// Lookup fetches id from t within scope with AWS's errors for the table's
// kind: an id that does not look like one of the kind ("foo", "vpc-xyz" or
// a subnet id given to DescribeVpcs) is the kind's Malformed error
// (InvalidVpcID.Malformed: "The specified VPC ID is malformed" [EC2 API
// errors-overview]), a well-formed unknown id its NotFound error. InvalidID
// is reserved for tagging, as AWS documents it. Tables of kinds without an
// id prefix fall back to the id's own prefix.
func Lookup[T any](t *store.Table[T], scope model.Scope, id string) (*T, error) {
	v, ok := t.Get(id)
	if ok && any(v).(model.Object).GetMeta().InScope(scope) {
		return v, nil
	}
	if k, found := store.KindByName(t.Kind()); found && k.Spec().IDPrefix != "" {
		ik := idKindOf(k)
		if err := ik.check(id); err != nil {
			return nil, err
		}
		return nil, ik.NotFound(id)
	}
	if k, prefix, ok := store.KindOfID(id); ok && !validID(id, prefix) {
		return nil, idKindOf(k).Malformed(id)
	}
	return nil, notFoundFor(id)
}

// NotFound returns AWS's not-found error for id, chosen by its prefix.
func NotFound(id string) error { return notFoundFor(id) }
