package directconnect

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (h *handlers) describeRouterConfiguration(ctx context.Context, c *protocol.Call, in *DescribeRouterConfigurationRequest) (*DescribeRouterConfigurationResponse, error) {
	rc, err := h.svc.DescribeRouterConfiguration(ctx, api.Scope(c), api.Str(in.VirtualInterfaceId), api.Str(in.RouterTypeIdentifier))
	if err != nil {
		return nil, err
	}
	out := &DescribeRouterConfigurationResponse{CustomerRouterConfig: ptr(rc.Config), VirtualInterfaceId: ptr(rc.Vif.ID),
		VirtualInterfaceName: ptr(rc.Vif.Name)}
	if r := rc.Router; r != nil {
		out.Router = &RouterType{Vendor: ptr(r.Vendor), Platform: ptr(r.Platform), Software: ptr(r.Software),
			XsltTemplateName: ptr(r.Template), RouterTypeIdentifier: ptr(r.Identifier)}
	}
	return out, nil
}
