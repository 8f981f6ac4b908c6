package dataplane

import "fmt"

// The SiteLink statement of the topology language:
//
//	sitelink VIF [off]                      enable (or, with off, disable) SiteLink on a
//	                                        Direct Connect virtual interface declared by dxvif
//
// The control plane refuses SiteLink on an interface without a Direct
// Connect gateway; the topology language does not, so that a golden can
// show what the plane does with such a world.
func (b *topo) stmtSiteLink(f []string) error {
	if f[0] != "sitelink" {
		return b.stmtSvc(f)
	}
	if len(f) < 2 || b.dx == nil {
		return fmt.Errorf("sitelink needs a virtual interface declared by dxvif")
	}
	v, ok := b.dx.vifs[f[1]]
	if !ok {
		return fmt.Errorf("unknown virtual interface %s", f[1])
	}
	v.SiteLink = len(f) < 3 || f[2] != "off"
	return nil
}
