package dataplane

import (
	"fmt"

	"github.com/vpcsim/vpcsim/internal/model"
)

// The Private IP VPN statement of the topology language:
//
//	vpntransport VPN ATTACH                 makes VPN connection VPN a Private IP VPN
//	                                        (OutsideIpAddressType PrivateIpv4) whose
//	                                        transport attachment is ATTACH (a Direct
//	                                        Connect gateway attachment: dxassoc attach=)
func (b *topo) stmtVPNOverDX(f []string) error {
	if len(f) < 3 {
		return fmt.Errorf("want at least 3 fields")
	}
	c, ok := b.vpn.conns[f[1]]
	if !ok {
		return fmt.Errorf("unknown VPN connection %s", f[1])
	}
	c.OutsideIPAddressType = model.VPNOutsidePrivateIPv4
	c.Options = map[string]string{model.VPNTransportOption: f[2]}
	return nil
}
