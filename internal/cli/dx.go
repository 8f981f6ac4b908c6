package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

const dxUsage = `usage: vpcsim dx bgp down|up VIRTUAL-INTERFACE-ID [BGP-PEER-ID] [--endpoint URL] [--account ACCOUNT]

Takes the BGP sessions of a Direct Connect virtual interface down or brings
them up again, as the on-premises router would: with every session down
the interface is down and its routes are withdrawn from the virtual
private gateways and transit gateway route tables it reaches, so a VPN
for the same prefixes takes over. Without BGP-PEER-ID every session of
the interface changes. What the interface advertises is declared with
vpcsim:bgp tags on it. See docs/onprem.md.

Against a running server (--endpoint, default %s), in the caller's
account: the environment's AWS credentials sign the request; else
--account, else the server's default account.
`

// newDXCmd is `vpcsim dx`.
func newDXCmd(std streams) *cobra.Command {
	c := passThrough("dx", "take a Direct Connect virtual interface's BGP sessions down or up (docs/onprem.md)", dxCmd, std)
	c.Long = "vpcsim dx bgp down|up VIRTUAL-INTERFACE-ID [BGP-PEER-ID] takes the BGP sessions of a Direct Connect\n" +
		"virtual interface down or up, so failover to a VPN can be exercised: propagated routes and traces follow.\n" +
		"What the interface advertises over BGP is declared with vpcsim:bgp tags (docs/onprem.md)."
	c.Example = "  vpcsim dx bgp down dxvif-fgabc123\n  vpcsim dx bgp up dxvif-fgabc123 dxpeer-0a1b2c3d --endpoint http://127.0.0.1:4566"
	return c
}

// dxCmd runs `vpcsim dx ...`.
func dxCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dx", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintf(stderr, dxUsage, defaultEndpoint) }
	endpoint := fs.String("endpoint", defaultEndpoint, "URL of a running vpcsim")
	account := fs.String("account", "", "unsigned requests: the 12-digit account to act in")
	pos, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	if len(pos) < 3 || len(pos) > 4 || pos[0] != "bgp" || (pos[1] != "down" && pos[1] != "up") {
		fs.Usage()
		return 2
	}
	if *account != "" && !twelveDigitAccount(*account) {
		fmt.Fprintf(stderr, "vpcsim dx: --account must be a 12-digit account id, not %q\n", *account)
		return 2
	}
	peer := ""
	if len(pos) == 4 {
		peer = pos[3]
	}
	out, err := setDXBGP(ctx, *endpoint, pos[2], peer, pos[1], *account)
	if err != nil {
		fmt.Fprintf(stderr, "vpcsim dx: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s %s\n", out.VirtualInterfaceID, out.VirtualInterfaceState)
	for _, p := range out.BGPPeers {
		fmt.Fprintf(stdout, "  %-20s %-5s %s\n", p.BGPPeerID, p.AddressFamily, p.Status)
	}
	return 0
}

type dxBGPAnswer struct {
	VirtualInterfaceID    string `json:"virtualInterfaceId"`
	VirtualInterfaceState string `json:"virtualInterfaceState"`
	BGPPeers              []struct {
		BGPPeerID     string `json:"bgpPeerId"`
		AddressFamily string `json:"addressFamily"`
		Status        string `json:"bgpStatus"`
	} `json:"bgpPeers"`
}

// setDXBGP posts to /_vpcsim/dx/bgp.
func setDXBGP(ctx context.Context, url, vif, peer, state, account string) (*dxBGPAnswer, error) {
	raw, err := adminPost(ctx, url, "/_vpcsim/dx/bgp", map[string]string{"virtualInterfaceId": vif, "bgpPeerId": peer, "state": state}, account)
	if err != nil {
		return nil, err
	}
	var out dxBGPAnswer
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("unexpected answer: %w", err)
	}
	return &out, nil
}
