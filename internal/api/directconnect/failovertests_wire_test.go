package directconnect_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	dc "github.com/aws/aws-sdk-go-v2/service/directconnect"
	"github.com/aws/aws-sdk-go-v2/service/directconnect/types"
)

// TestWireBgpFailoverTest drives StartBgpFailoverTest, StopBgpFailoverTest
// and ListVirtualInterfaceTestHistory through the SDK [DX
// resiliency_failover.md]: the peer goes DOWN during the test (the
// interface is down), the default duration is 180 minutes, stopping
// cancels it and brings BGP back, and the history shows it.
func TestWireBgpFailoverTest(t *testing.T) {
	ctx := context.Background()
	c, _ := newClients(t)
	conn, err := c.CreateConnection(ctx, &dc.CreateConnectionInput{Location: aws.String("EqDC2"), Bandwidth: aws.String("10Gbps"), ConnectionName: aws.String("c")})
	must(t, err)
	gw, err := c.CreateDirectConnectGateway(ctx, &dc.CreateDirectConnectGatewayInput{DirectConnectGatewayName: aws.String("gw"), AmazonSideAsn: aws.Int64(64600)})
	must(t, err)
	tv, err := c.CreateTransitVirtualInterface(ctx, &dc.CreateTransitVirtualInterfaceInput{ConnectionId: conn.ConnectionId,
		NewTransitVirtualInterface: &types.NewTransitVirtualInterface{VirtualInterfaceName: aws.String("transit"), Vlan: 101,
			Asn: 65000, DirectConnectGatewayId: gw.DirectConnectGateway.DirectConnectGatewayId}})
	must(t, err)
	vifID := tv.VirtualInterface.VirtualInterfaceId

	_, err = c.StartBgpFailoverTest(ctx, &dc.StartBgpFailoverTestInput{VirtualInterfaceId: vifID, TestDurationInMinutes: aws.Int32(5000)})
	wantAPIError(t, err, "DirectConnectClientException", "testDurationInMinutes")
	_, err = c.StopBgpFailoverTest(ctx, &dc.StopBgpFailoverTestInput{VirtualInterfaceId: vifID})
	wantAPIError(t, err, "DirectConnectClientException", "no failover test in progress")

	st, err := c.StartBgpFailoverTest(ctx, &dc.StartBgpFailoverTestInput{VirtualInterfaceId: vifID})
	must(t, err)
	tt := st.VirtualInterfaceTest
	if aws.ToString(tt.Status) != "in-progress" || aws.ToInt32(tt.TestDurationInMinutes) != 180 || len(tt.BgpPeers) != 1 ||
		aws.ToString(tt.TestId) == "" || tt.StartTime == nil || aws.ToString(tt.OwnerAccount) == "" {
		t.Fatalf("test = %+v", tt)
	}
	vifs, err := c.DescribeVirtualInterfaces(ctx, &dc.DescribeVirtualInterfacesInput{VirtualInterfaceId: vifID})
	must(t, err)
	if v := vifs.VirtualInterfaces[0]; v.VirtualInterfaceState != types.VirtualInterfaceStateDown || v.BgpPeers[0].BgpStatus != types.BGPStatusDown {
		t.Fatalf("during the test: %+v", v)
	}
	sp, err := c.StopBgpFailoverTest(ctx, &dc.StopBgpFailoverTestInput{VirtualInterfaceId: vifID})
	must(t, err)
	if aws.ToString(sp.VirtualInterfaceTest.Status) != "cancelled" || aws.ToString(sp.VirtualInterfaceTest.TestId) != aws.ToString(tt.TestId) {
		t.Fatalf("stopped = %+v", sp.VirtualInterfaceTest)
	}
	vifs, err = c.DescribeVirtualInterfaces(ctx, &dc.DescribeVirtualInterfacesInput{VirtualInterfaceId: vifID})
	must(t, err)
	if v := vifs.VirtualInterfaces[0]; v.VirtualInterfaceState != types.VirtualInterfaceStateAvailable || v.BgpPeers[0].BgpStatus != types.BGPStatusUp {
		t.Fatalf("after the test: %+v", v)
	}
	h, err := c.ListVirtualInterfaceTestHistory(ctx, &dc.ListVirtualInterfaceTestHistoryInput{VirtualInterfaceId: vifID})
	must(t, err)
	if len(h.VirtualInterfaceTestHistory) != 1 || aws.ToString(h.VirtualInterfaceTestHistory[0].Status) != "cancelled" {
		t.Fatalf("history = %+v", h.VirtualInterfaceTestHistory)
	}
}
