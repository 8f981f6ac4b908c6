package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
)

const onpremUsage = `usage: vpcsim onprem tunnel down|up VPN-CONNECTION-ID TUNNEL [--endpoint URL] [--account ACCOUNT]

Takes a tunnel of a Site-to-Site VPN connection down or brings it up again,
as the on-premises side (the customer gateway device) would: a tunnel that
is down carries no traffic and no BGP routes; with both tunnels down the
connection's routes are withdrawn from its virtual private gateway, the
route tables it propagates to and the transit gateway route tables its
attachment propagates to. TUNNEL is 1 or 2 (AWS's order) or the tunnel's
outside IP address. See docs/onprem.md.

Against a running server (--endpoint, default %s), in the caller's
account: the environment's AWS credentials sign the request; else
--account, else the server's default account.
`

// onpremCmd runs `vpcsim onprem ...`.
func onpremCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("onprem", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintf(stderr, onpremUsage, defaultEndpoint) }
	endpoint := fs.String("endpoint", defaultEndpoint, "URL of a running vpcsim")
	account := fs.String("account", "", "unsigned requests: the 12-digit account to act in")
	pos, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 4 || pos[0] != "tunnel" || (pos[1] != "down" && pos[1] != "up") {
		fs.Usage()
		return 2
	}
	if *account != "" && !twelveDigitAccount(*account) {
		fmt.Fprintf(stderr, "vpcsim onprem: --account must be a 12-digit account id, not %q\n", *account)
		return 2
	}
	out, err := setTunnel(ctx, *endpoint, pos[2], pos[3], pos[1], *account)
	if err != nil {
		fmt.Fprintf(stderr, "vpcsim onprem: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s\n", out.VpnConnectionID)
	for _, t := range out.Tunnels {
		fmt.Fprintf(stdout, "  tunnel %d %-15s %s\n", t.Tunnel, t.OutsideIPAddress, t.Status)
	}
	return 0
}

type tunnelAnswer struct {
	VpnConnectionID string `json:"vpnConnectionId"`
	Tunnels         []struct {
		Tunnel           int    `json:"tunnel"`
		OutsideIPAddress string `json:"outsideIpAddress"`
		Status           string `json:"status"`
	} `json:"tunnels"`
}

// setTunnel posts to /_vpcsim/vpn/tunnel.
func setTunnel(ctx context.Context, url, vpn, tunnel, state, account string) (*tunnelAnswer, error) {
	raw, err := adminPost(ctx, url, "/_vpcsim/vpn/tunnel", map[string]string{"vpnConnectionId": vpn, "tunnel": tunnel, "state": state}, account)
	if err != nil {
		return nil, err
	}
	var out tunnelAnswer
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("unexpected answer: %w", err)
	}
	return &out, nil
}

// parseInterspersed parses fs's flags wherever they stand among args and
// returns the positional arguments in order. When parsing fails it returns
// ok false with the exit code: 0 after --help, 2 for a usage error (fs
// has printed it).
func parseInterspersed(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0, false
			}
			return nil, 2, false
		}
		rest = fs.Args()
		if len(rest) == 0 {
			return pos, 0, true
		}
		pos, rest = append(pos, rest[0]), rest[1:]
	}
}
