package control

import (
	"encoding/hex"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Tunnel options and their allowed values and defaults [S2S-VPN
// VPNTunnels.md "Tunnel options for your Site-to-Site VPN connection"].
var (
	tunnelReservedInside = []netip.Prefix{
		netip.MustParsePrefix("169.254.0.0/30"), netip.MustParsePrefix("169.254.1.0/30"),
		netip.MustParsePrefix("169.254.2.0/30"), netip.MustParsePrefix("169.254.3.0/30"),
		netip.MustParsePrefix("169.254.4.0/30"), netip.MustParsePrefix("169.254.5.0/30"),
		netip.MustParsePrefix("169.254.169.252/30"),
	}
	linkLocal4  = netip.MustParsePrefix("169.254.0.0/16")
	uniqueLocal = netip.MustParsePrefix("fd00::/8")

	// DefaultPhase1EncryptionAlgorithms and the following lists are the
	// permitted values, which are also the defaults.
	DefaultPhase1EncryptionAlgorithms = []string{"AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16"}
	// DefaultPhase2EncryptionAlgorithms are phase 2's encryption algorithms.
	DefaultPhase2EncryptionAlgorithms = DefaultPhase1EncryptionAlgorithms
	// DefaultIntegrityAlgorithms are both phases' integrity algorithms.
	DefaultIntegrityAlgorithms = []string{"SHA1", "SHA2-256", "SHA2-384", "SHA2-512"}
	// DefaultPhase1DHGroups are phase 1's Diffie-Hellman groups.
	DefaultPhase1DHGroups = []int32{2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24}
	// DefaultPhase2DHGroups are phase 2's Diffie-Hellman groups.
	DefaultPhase2DHGroups = []int32{2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24}
	// DefaultIKEVersions are the permitted IKE versions.
	DefaultIKEVersions = []string{"ikev1", "ikev2"}
)

// Tunnel option defaults.
const (
	DefaultPhase1Lifetime   = 28800
	DefaultPhase2Lifetime   = 3600
	DefaultRekeyMargin      = 270
	DefaultRekeyFuzz        = 100
	DefaultReplayWindowSize = 1024
	DefaultDPDTimeout       = 30
	DefaultDPDTimeoutAction = "clear"
	DefaultStartupAction    = "add"
)

// TunnelSpec is one tunnel's requested options (TunnelOptions.N on
// create, TunnelOptions on ModifyVpnTunnelOptions); empty members are not
// set.
type TunnelSpec struct {
	InsideCidr     string
	InsideIPv6Cidr string
	PreSharedKey   string
	Params         model.VpnTunnelParams
}

func badTunnelOption(format string, args ...any) error {
	return awserr.InvalidParameterValue(format, args...)
}

// validPSK applies the pre-shared key rules: 8 to 64 characters of
// letters, digits, periods and underscores, not starting with zero.
func validPSK(k string) bool {
	if len(k) < 8 || len(k) > 64 || k[0] == '0' {
		return false
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

// parseInsideCidr validates an IPv4 inside CIDR: a /30 of 169.254.0.0/16
// outside the reserved blocks.
func parseInsideCidr(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() || p.Bits() != 30 || !linkLocal4.Contains(p.Addr()) || p.Masked() != p {
		return netip.Prefix{}, badTunnelOption("The tunnel inside CIDR %s is invalid. It must be a size /30 CIDR block from the 169.254.0.0/16 range.", s)
	}
	for _, r := range tunnelReservedInside {
		if r == p {
			return netip.Prefix{}, badTunnelOption("The tunnel inside CIDR %s is reserved and cannot be used.", s)
		}
	}
	return p, nil
}

// parseInsideIPv6Cidr validates an IPv6 inside CIDR: a /126 of fd00::/8.
func parseInsideIPv6Cidr(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is6() || p.Addr().Is4In6() || p.Bits() != 126 || !uniqueLocal.Contains(p.Addr()) || p.Masked() != p {
		return netip.Prefix{}, badTunnelOption("The tunnel inside IPv6 CIDR %s is invalid. It must be a size /126 CIDR block from the fd00::/8 range.", s)
	}
	return p, nil
}

func checkRange(name string, v *int32, lo, hi int32) error {
	if v != nil && (*v < lo || *v > hi) {
		return badTunnelOption("Value (%d) for parameter %s is invalid. Valid values are %d to %d.", *v, name, lo, hi)
	}
	return nil
}

func checkSubset[T comparable](name string, got, allowed []T) error {
	for _, v := range got {
		if !slices.Contains(allowed, v) {
			return badTunnelOption("Value (%v) for parameter %s is invalid. Valid values are %v.", v, name, allowed)
		}
	}
	return nil
}

func effective(v *int32, def int32) int32 {
	if v != nil {
		return *v
	}
	return def
}

// validateTunnelParams checks a tunnel's options (the merged ones when
// modifying).
func validateTunnelParams(p *model.VpnTunnelParams) error {
	checks := []error{
		checkRange("Phase1LifetimeSeconds", p.Phase1LifetimeSeconds, 900, 28800),
		checkRange("Phase2LifetimeSeconds", p.Phase2LifetimeSeconds, 900, 3600),
		checkRange("RekeyFuzzPercentage", p.RekeyFuzzPercentage, 0, 100),
		checkRange("ReplayWindowSize", p.ReplayWindowSize, 64, 2048),
		checkRange("DPDTimeoutSeconds", p.DPDTimeoutSeconds, 30, 1<<31-1),
		checkSubset("Phase1EncryptionAlgorithm", p.Phase1EncryptionAlgorithms, DefaultPhase1EncryptionAlgorithms),
		checkSubset("Phase2EncryptionAlgorithm", p.Phase2EncryptionAlgorithms, DefaultPhase2EncryptionAlgorithms),
		checkSubset("Phase1IntegrityAlgorithm", p.Phase1IntegrityAlgorithms, DefaultIntegrityAlgorithms),
		checkSubset("Phase2IntegrityAlgorithm", p.Phase2IntegrityAlgorithms, DefaultIntegrityAlgorithms),
		checkSubset("Phase1DHGroupNumber", p.Phase1DHGroupNumbers, DefaultPhase1DHGroups),
		checkSubset("Phase2DHGroupNumber", p.Phase2DHGroupNumbers, DefaultPhase2DHGroups),
		checkSubset("IKEVersion", p.IKEVersions, DefaultIKEVersions),
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	p1 := effective(p.Phase1LifetimeSeconds, DefaultPhase1Lifetime)
	p2 := effective(p.Phase2LifetimeSeconds, DefaultPhase2Lifetime)
	if p2 >= p1 {
		return badTunnelOption("The phase 2 lifetime (%d) must be less than the phase 1 lifetime (%d).", p2, p1)
	}
	if m := effective(p.RekeyMarginTimeSeconds, DefaultRekeyMargin); m < 60 || m > p2/2 {
		return badTunnelOption("Value (%d) for parameter RekeyMarginTimeSeconds is invalid. Valid values are 60 to half of the phase 2 lifetime (%d).", m, p2/2)
	}
	switch p.DPDTimeoutAction {
	case "", "clear", "none", "restart":
	default:
		return badTunnelOption("Value (%s) for parameter DPDTimeoutAction is invalid. Valid values are clear, none and restart.", p.DPDTimeoutAction)
	}
	switch p.StartupAction {
	case "", "add", "start":
	default:
		return badTunnelOption("Value (%s) for parameter StartupAction is invalid. Valid values are add and start.", p.StartupAction)
	}
	for _, f := range []struct{ name, v string }{{"LogOutputFormat", p.LogOutputFormat}, {"BgpLogOutputFormat", p.BgpLogOutputFormat}} {
		if f.v != "" && f.v != "json" && f.v != "text" {
			return badTunnelOption("Value (%s) for parameter %s is invalid. Valid values are json and text.", f.v, f.name)
		}
	}
	return nil
}

// applyTunnelSpec merges spec into t after validating it; the inside
// CIDRs' uniqueness is checked by the caller.
func applyTunnelSpec(t *model.VpnTunnel, spec TunnelSpec, ipv6 bool) error {
	if spec.InsideCidr != "" {
		if ipv6 {
			return awserr.New("InvalidParameterCombination", "TunnelInsideCidr cannot be specified for a VPN connection whose tunnels use IPv6.")
		}
		p, err := parseInsideCidr(spec.InsideCidr)
		if err != nil {
			return err
		}
		t.InsideCidr = p
	}
	if spec.InsideIPv6Cidr != "" {
		if !ipv6 {
			return awserr.New("InvalidParameterCombination", "TunnelInsideIpv6Cidr can only be specified when TunnelInsideIpVersion is ipv6.")
		}
		p, err := parseInsideIPv6Cidr(spec.InsideIPv6Cidr)
		if err != nil {
			return err
		}
		t.InsideIPv6Cidr = p
	}
	if spec.PreSharedKey != "" {
		if !validPSK(spec.PreSharedKey) {
			return badTunnelOption("The pre-shared key is invalid. It must be 8 to 64 characters of letters, digits, periods and underscores, and cannot start with zero.")
		}
		t.PreSharedKey = spec.PreSharedKey
	}
	mergeParams(&t.Params, &spec.Params)
	return validateTunnelParams(&t.Params)
}

// mergeParams overwrites dst's members with those set in src.
func mergeParams(dst, src *model.VpnTunnelParams) {
	setI := func(d **int32, s *int32) {
		if s != nil {
			v := *s
			*d = &v
		}
	}
	setS := func(d *string, s string) {
		if s != "" {
			*d = s
		}
	}
	setI(&dst.Phase1LifetimeSeconds, src.Phase1LifetimeSeconds)
	setI(&dst.Phase2LifetimeSeconds, src.Phase2LifetimeSeconds)
	setI(&dst.RekeyMarginTimeSeconds, src.RekeyMarginTimeSeconds)
	setI(&dst.RekeyFuzzPercentage, src.RekeyFuzzPercentage)
	setI(&dst.ReplayWindowSize, src.ReplayWindowSize)
	setI(&dst.DPDTimeoutSeconds, src.DPDTimeoutSeconds)
	setS(&dst.DPDTimeoutAction, src.DPDTimeoutAction)
	setS(&dst.StartupAction, src.StartupAction)
	if src.Phase1EncryptionAlgorithms != nil {
		dst.Phase1EncryptionAlgorithms = slices.Clone(src.Phase1EncryptionAlgorithms)
	}
	if src.Phase2EncryptionAlgorithms != nil {
		dst.Phase2EncryptionAlgorithms = slices.Clone(src.Phase2EncryptionAlgorithms)
	}
	if src.Phase1IntegrityAlgorithms != nil {
		dst.Phase1IntegrityAlgorithms = slices.Clone(src.Phase1IntegrityAlgorithms)
	}
	if src.Phase2IntegrityAlgorithms != nil {
		dst.Phase2IntegrityAlgorithms = slices.Clone(src.Phase2IntegrityAlgorithms)
	}
	if src.Phase1DHGroupNumbers != nil {
		dst.Phase1DHGroupNumbers = slices.Clone(src.Phase1DHGroupNumbers)
	}
	if src.Phase2DHGroupNumbers != nil {
		dst.Phase2DHGroupNumbers = slices.Clone(src.Phase2DHGroupNumbers)
	}
	if src.IKEVersions != nil {
		dst.IKEVersions = slices.Clone(src.IKEVersions)
	}
	if src.EnableTunnelLifecycleControl {
		dst.EnableTunnelLifecycleControl = true
	}
	if src.LogEnabled || src.LogGroupArn != "" || src.LogOutputFormat != "" {
		dst.LogEnabled = src.LogEnabled
		setS(&dst.LogGroupArn, src.LogGroupArn)
		setS(&dst.LogOutputFormat, src.LogOutputFormat)
	}
	if src.BgpLogEnabled || src.BgpLogGroupArn != "" || src.BgpLogOutputFormat != "" {
		dst.BgpLogEnabled = src.BgpLogEnabled
		setS(&dst.BgpLogGroupArn, src.BgpLogGroupArn)
		setS(&dst.BgpLogOutputFormat, src.BgpLogOutputFormat)
	}
}

// usedInsideCidrs returns the inside CIDRs of the live connections on a
// gateway (a VGW for IPv4 uniqueness, a TGW for IPv6), except skip's.
func usedInsideCidrs(w *store.World, gatewayID, skip string) map[netip.Prefix]bool {
	used := map[netip.Prefix]bool{}
	w.VpnConnections.All(func(c *model.VpnConnection) bool {
		if c.ID == skip || vpnGone(c.State) || (c.VpnGatewayID != gatewayID && c.TransitGatewayID != gatewayID) {
			return true
		}
		for _, t := range c.Tunnels {
			if t.InsideCidr.IsValid() {
				used[t.InsideCidr] = true
			}
			if t.InsideIPv6Cidr.IsValid() {
				used[t.InsideIPv6Cidr] = true
			}
		}
		return true
	})
	return used
}

// hexBytes returns n pseudo-random bytes from the transaction's id source
// (deterministic with --seed).
func hexBytes(tx *store.Tx, n int) []byte {
	out, err := hex.DecodeString(tx.NewHex(2 * n))
	if err != nil || len(out) != n {
		// NewHex returns hex digits; pad defensively.
		out = append(out, make([]byte, n)...)[:n]
	}
	return out
}

// newInsideCidr picks a free, unreserved /30 of 169.254.0.0/16.
func newInsideCidr(tx *store.Tx, used map[netip.Prefix]bool) netip.Prefix {
	for {
		b := hexBytes(tx, 2)
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{169, 254, b[0], b[1] &^ 3}), 30)
		if !used[p] && !slices.Contains(tunnelReservedInside, p) {
			return p
		}
	}
}

// newInsideIPv6Cidr picks a free /126 of fd00::/8.
func newInsideIPv6Cidr(tx *store.Tx, used map[netip.Prefix]bool) netip.Prefix {
	for {
		var a [16]byte
		a[0] = 0xfd
		copy(a[1:], hexBytes(tx, 15))
		a[15] &^= 3
		p := netip.PrefixFrom(netip.AddrFrom16(a), 126)
		if !used[p] {
			return p
		}
	}
}

const pskAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// newPSK returns a 32-character alphanumeric key not starting with zero.
func newPSK(tx *store.Tx) string {
	b := hexBytes(tx, 32)
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = pskAlphabet[int(c)%len(pskAlphabet)]
	}
	if out[0] == '0' {
		out[0] = 'A'
	}
	return string(out)
}

// newOutsideIPs returns two public-looking tunnel endpoint addresses not
// used by another connection, in increasing textual order (the order
// clients that sort tunnels by outside address expect).
func newOutsideIPs(tx *store.Tx) [2]netip.Addr {
	used := map[netip.Addr]bool{}
	tx.VpnConnections.All(func(c *model.VpnConnection) bool {
		for _, t := range c.Tunnels {
			used[t.OutsideIPAddress] = true
		}
		return true
	})
	var out [2]netip.Addr
	for i := 0; i < 2; {
		b := hexBytes(tx, 3)
		// Addresses in the Amazon-owned 3.0.0.0/8 block.
		a := netip.AddrFrom4([4]byte{3, b[0], b[1], b[2]%253 + 1})
		if used[a] {
			continue
		}
		used[a] = true
		out[i] = a
		i++
	}
	if out[1].String() < out[0].String() {
		out[0], out[1] = out[1], out[0]
	}
	return out
}
