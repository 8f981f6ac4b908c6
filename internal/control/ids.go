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

var (
	kindVPC      = idKind{"vpc", "InvalidVpcID.NotFound", "InvalidVpcID.Malformed", "vpc ID"}
	kindSubnet   = idKind{"subnet", "InvalidSubnetID.NotFound", "InvalidSubnetID.Malformed", "subnet ID"}
	kindRTB      = idKind{"rtb", "InvalidRouteTableID.NotFound", "InvalidRouteTableId.Malformed", "routeTable ID"}
	kindIGW      = idKind{"igw", "InvalidInternetGatewayID.NotFound", "InvalidInternetGatewayId.Malformed", "internetGateway ID"}
	kindEIGW     = idKind{"eigw", "InvalidEgressOnlyInternetGatewayId.NotFound", "InvalidEgressOnlyInternetGatewayId.Malformed", "egressOnlyInternetGateway ID"}
	kindVGW      = idKind{"vgw", "InvalidVpnGatewayID.NotFound", "InvalidVpnGatewayID.Malformed", "vpnGateway ID"}
	kindNAT      = idKind{"nat", "NatGatewayNotFound", "NatGatewayMalformed", "natGateway ID"}
	kindEIP      = idKind{"eipalloc", "InvalidAllocationID.NotFound", "InvalidAllocationID.Malformed", "allocation ID"}
	kindSG       = idKind{"sg", "InvalidGroup.NotFound", "InvalidGroupId.Malformed", "security group ID"}
	kindSGR      = idKind{"sgr", "InvalidSecurityGroupRuleId.NotFound", "InvalidSecurityGroupRuleId.Malformed", "security group rule ID"}
	kindACL      = idKind{"acl", "InvalidNetworkAclID.NotFound", "InvalidNetworkAclId.Malformed", "networkAcl ID"}
	kindENI      = idKind{"eni", "InvalidNetworkInterfaceID.NotFound", "InvalidNetworkInterfaceId.Malformed", "networkInterface ID"}
	kindInstance = idKind{"i", "InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed", "instance ID"}
	kindDHCP     = idKind{"dopt", "InvalidDhcpOptionID.NotFound", "InvalidDhcpOptionsId.Malformed", "dhcpOption ID"}
	kindPL       = idKind{"pl", "InvalidPrefixListID.NotFound", "InvalidPrefixListId.Malformed", "prefix list ID"}
	kindKey      = idKind{"key", "InvalidKeyPair.NotFound", "InvalidKeyPair.Malformed", "key pair ID"}
	kindNIP      = idKind{"nip", "InvalidNetworkInsightsPathId.NotFound", "InvalidNetworkInsightsPathId.Malformed", "network insights path ID"}
	kindNIA      = idKind{"nia", "InvalidNetworkInsightsAnalysisId.NotFound", "InvalidNetworkInsightsAnalysisId.Malformed", "network insights analysis ID"}
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

// Lookup fetches id from t within scope, deriving AWS's malformed and
// not-found errors from the id's prefix.
func Lookup[T any](t *store.Table[T], scope model.Scope, id string) (*T, error) {
	v, ok := t.Get(id)
	if !ok || !any(v).(model.Object).GetMeta().InScope(scope) {
		prefix, _, _ := strings.Cut(id, "-")
		for _, k := range allKinds {
			if k.prefix == prefix && !validID(id, prefix) {
				return nil, k.Malformed(id)
			}
		}
		return nil, notFoundFor(id)
	}
	return v, nil
}

var allKinds = []idKind{kindVPC, kindSubnet, kindRTB, kindIGW, kindEIGW, kindVGW, kindNAT, kindEIP, kindSG, kindSGR, kindACL, kindENI, kindInstance, kindDHCP, kindPL, kindKey, kindNIP, kindNIA}

// NotFound returns AWS's not-found error for id, chosen by its prefix.
func NotFound(id string) error { return notFoundFor(id) }
