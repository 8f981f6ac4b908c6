package directconnect

import (
	"strings"
	"testing"

	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
)

// DescribeRouterConfiguration [DX using-cli.md step 3 (the generic
// logical_connection document), create-vif.md "Download the router
// configuration file"]: the interface's own values; a router type from
// the supported list; an unknown one refused; other accounts do not see
// the interface.
func TestRouterConfiguration(t *testing.T) {
	w := newWorld(t)
	vgw := w.attachedVGW(t, "10.40.0.0/16")
	c := w.conn(t, "10Gbps")
	v := must[*dx.VirtualInterface](t)(w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifPrivate, PortID: c.ID, Name: "p", Vlan: 101, Asn: 65000,
		AuthKey: "asdf34example", AmazonAddress: "192.168.1.1/30", CustomerAddr: "192.168.1.2/30", AddressFamily: "ipv4", VgwID: vgw}))
	cases := []struct {
		name, router string
		want         []string
		err          string
	}{
		{"generic", "", []string{`<logical_connection id="` + v.ID + `">`, "<vlan>101</vlan>", "<customer_address>192.168.1.2/30</customer_address>",
			"<amazon_address>192.168.1.1/30</amazon_address>", "<bgp_asn>65000</bgp_asn>", "<bgp_auth_key>asdf34example</bgp_auth_key>",
			"<amazon_bgp_asn>64512</amazon_bgp_asn>", "<connection_type>private</connection_type>"}, ""},
		{"generic type", "Generic-Generic-Generic", []string{"<vlan>101</vlan>"}, ""},
		{"cisco", "CiscoSystemsInc-2900SeriesRouters-IOS124", []string{"encapsulation dot1Q 101", "ip address 192.168.1.2 255.255.255.252",
			"router bgp 65000", "neighbor 192.168.1.1 remote-as 64512", "neighbor 192.168.1.1 password asdf34example"}, ""},
		{"unknown", "Acme-Router-1", nil, "not supported"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rc, err := w.dx.DescribeRouterConfiguration(ctx, scope, v.ID, tc.router)
			if tc.err != "" {
				wantErr(t, err, codeClient, tc.err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tc.want {
				if !strings.Contains(rc.Config, s) {
					t.Errorf("config lacks %q:\n%s", s, rc.Config)
				}
			}
			if (tc.router == "") != (rc.Router == nil) || rc.Router != nil && rc.Router.Identifier != tc.router {
				t.Errorf("router = %+v", rc.Router)
			}
		})
	}
	_, err := w.dx.DescribeRouterConfiguration(ctx, other, v.ID, "")
	wantErr(t, err, codeClient, "does not exist")
	if netmask(0) != "0.0.0.0" || netmask(24) != "255.255.255.0" || netmask(32) != "255.255.255.255" {
		t.Fatal("netmask")
	}
}
