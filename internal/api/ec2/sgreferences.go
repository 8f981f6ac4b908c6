package ec2

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/control"
)

// registerSGReferences registers DescribeSecurityGroupReferences.
func (a *API) registerSGReferences() {
	handle(a, "DescribeSecurityGroupReferences", func(ctx context.Context, r *Request, in *DescribeSecurityGroupReferencesRequest) (*DescribeSecurityGroupReferencesResult, error) {
		refs, err := control.SecurityGroupReferences(a.ctl.View(ctx), r.Scope, in.GroupId, a.ctl.Now())
		if err != nil {
			return nil, err
		}
		out := &DescribeSecurityGroupReferencesResult{SecurityGroupReferenceSet: make([]SecurityGroupReference, 0, len(refs))}
		for _, ref := range refs {
			out.SecurityGroupReferenceSet = append(out.SecurityGroupReferenceSet, SecurityGroupReference{
				GroupId: str(ref.GroupID), ReferencingVpcId: str(ref.ReferencingVpcID),
				VpcPeeringConnectionId: optStr(ref.PeeringID), TransitGatewayId: optStr(ref.TransitGatewayID),
			})
		}
		return out, nil
	})
}
