package logs

import (
	"context"

	ctl "github.com/vpcsim/vpcsim/internal/control/logs"
	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (h *handlers) putResourcePolicy(ctx context.Context, c *protocol.Call, in *PutResourcePolicyRequest) (*PutResourcePolicyResponse, error) {
	p, err := h.svc.PutResourcePolicy(ctx, scope(c), ctl.PutPolicyInput{Name: in.PolicyName, Document: in.PolicyDocument,
		ResourceARN: in.ResourceArn, ExpectedRevisionID: in.ExpectedRevisionId})
	if err != nil {
		return nil, err
	}
	rp := resourcePolicy(p)
	return &PutResourcePolicyResponse{ResourcePolicy: &rp, RevisionId: ptr(p.RevisionID)}, nil
}

func resourcePolicy(p *mlogs.ResourcePolicy) ResourcePolicy {
	return ResourcePolicy{PolicyName: optString(p.Name), PolicyDocument: ptr(p.Document), LastUpdatedTime: ptr(p.LastUpdated),
		PolicyScope: ptr(p.Scope), ResourceArn: optString(p.ResourceARN), RevisionId: ptr(p.RevisionID)}
}

func (h *handlers) describeResourcePolicies(_ context.Context, c *protocol.Call, in *DescribeResourcePoliciesRequest) (*DescribeResourcePoliciesResponse, error) {
	page, err := h.svc.DescribeResourcePolicies(scope(c), ctl.DescribePoliciesInput{ResourceARN: in.ResourceArn, Scope: in.PolicyScope,
		NextToken: in.NextToken, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	out := &DescribeResourcePoliciesResponse{ResourcePolicies: make([]ResourcePolicy, 0, len(page.Policies)), NextToken: optString(page.NextToken)}
	for _, p := range page.Policies {
		out.ResourcePolicies = append(out.ResourcePolicies, resourcePolicy(p))
	}
	return out, nil
}

func (h *handlers) deleteResourcePolicy(ctx context.Context, c *protocol.Call, in *DeleteResourcePolicyRequest) error {
	return h.svc.DeleteResourcePolicy(ctx, scope(c), ctl.DeletePolicyInput{Name: in.PolicyName, ResourceARN: in.ResourceArn,
		ExpectedRevisionID: in.ExpectedRevisionId})
}
