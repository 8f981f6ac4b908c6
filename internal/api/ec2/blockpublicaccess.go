package ec2

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

func (a *API) registerBlockPublicAccess() {
	handle(a, "DescribeVpcBlockPublicAccessOptions", func(ctx context.Context, r *Request, in *DescribeVpcBlockPublicAccessOptionsRequest) (*DescribeVpcBlockPublicAccessOptionsResult, error) {
		o := control.BlockPublicAccessOptions(a.ctl.View(ctx), r.Scope)
		return &DescribeVpcBlockPublicAccessOptionsResult{VpcBlockPublicAccessOptions: bpaOptionsOut(r.Scope, o)}, nil
	})
	handle(a, "ModifyVpcBlockPublicAccessOptions", func(ctx context.Context, r *Request, in *ModifyVpcBlockPublicAccessOptionsRequest) (*ModifyVpcBlockPublicAccessOptionsResult, error) {
		o, err := a.ctl.ModifyBlockPublicAccessOptions(ctx, r.Scope, deref(in.InternetGatewayBlockMode))
		if err != nil {
			return nil, err
		}
		return &ModifyVpcBlockPublicAccessOptionsResult{VpcBlockPublicAccessOptions: bpaOptionsOut(r.Scope, o)}, nil
	})
	handle(a, "CreateVpcBlockPublicAccessExclusion", func(ctx context.Context, r *Request, in *CreateVpcBlockPublicAccessExclusionRequest) (*CreateVpcBlockPublicAccessExclusionResult, error) {
		tags, err := tagsFor(in.TagSpecifications, "vpc-block-public-access-exclusion")
		if err != nil {
			return nil, err
		}
		e, err := a.ctl.CreateBPAExclusion(ctx, r.Scope, control.CreateBPAExclusionInput{
			VpcID: deref(in.VpcId), SubnetID: deref(in.SubnetId), Mode: deref(in.InternetGatewayExclusionMode), Tags: tags})
		if err != nil {
			return nil, err
		}
		return &CreateVpcBlockPublicAccessExclusionResult{VpcBlockPublicAccessExclusion: bpaExclusionOut(e)}, nil
	})
	handle(a, "ModifyVpcBlockPublicAccessExclusion", func(ctx context.Context, r *Request, in *ModifyVpcBlockPublicAccessExclusionRequest) (*ModifyVpcBlockPublicAccessExclusionResult, error) {
		e, err := a.ctl.ModifyBPAExclusion(ctx, r.Scope, deref(in.ExclusionId), deref(in.InternetGatewayExclusionMode))
		if err != nil {
			return nil, err
		}
		return &ModifyVpcBlockPublicAccessExclusionResult{VpcBlockPublicAccessExclusion: bpaExclusionOut(e)}, nil
	})
	handle(a, "DeleteVpcBlockPublicAccessExclusion", func(ctx context.Context, r *Request, in *DeleteVpcBlockPublicAccessExclusionRequest) (*DeleteVpcBlockPublicAccessExclusionResult, error) {
		e, err := a.ctl.DeleteBPAExclusion(ctx, r.Scope, deref(in.ExclusionId))
		if err != nil {
			return nil, err
		}
		return &DeleteVpcBlockPublicAccessExclusionResult{VpcBlockPublicAccessExclusion: bpaExclusionOut(e)}, nil
	})
	handle(a, "DescribeVpcBlockPublicAccessExclusions", a.describeBPAExclusions)
}

func bpaOptionsOut(scope model.Scope, o control.BPAOptions) *VpcBlockPublicAccessOptions {
	out := &VpcBlockPublicAccessOptions{
		AwsAccountId:             str(scope.Account),
		AwsRegion:                str(scope.Region),
		State:                    str(o.State),
		InternetGatewayBlockMode: str(o.Mode),
		ManagedBy:                str("account"),
		ExclusionsAllowed:        str("allowed"),
	}
	if !o.LastUpdate.IsZero() {
		out.LastUpdateTimestamp = timep(o.LastUpdate)
	}
	return out
}

func bpaExclusionOut(e *model.BlockPublicAccessExclusion) *VpcBlockPublicAccessExclusion {
	out := &VpcBlockPublicAccessExclusion{
		ExclusionId:                  str(e.ID),
		InternetGatewayExclusionMode: str(e.Mode),
		ResourceArn:                  str(control.BPAExclusionResourceArn(e)),
		State:                        str(e.State),
		CreationTimestamp:            timep(e.Created),
		LastUpdateTimestamp:          timep(e.LastUpdate),
		Tags:                         tagSet(&e.Meta),
	}
	if !e.Deleted.IsZero() {
		out.DeletionTimestamp = timep(e.Deleted)
	}
	return out
}

// bpaExclusionFilters are DescribeVpcBlockPublicAccessExclusions' filters
// [botocore: resource-arn, internet-gateway-exclusion-mode, state, tag:*,
// tag-key, tag-value].
func bpaExclusionFilters() filterTable[model.BlockPublicAccessExclusion] {
	return filterTable[model.BlockPublicAccessExclusion]{
		"resource-arn": func(e *model.BlockPublicAccessExclusion) []string {
			return one(control.BPAExclusionResourceArn(e))
		},
		"internet-gateway-exclusion-mode": func(e *model.BlockPublicAccessExclusion) []string { return one(e.Mode) },
		"state":                           func(e *model.BlockPublicAccessExclusion) []string { return one(e.State) },
	}
}

func (a *API) describeBPAExclusions(ctx context.Context, r *Request, in *DescribeVpcBlockPublicAccessExclusionsRequest) (*DescribeVpcBlockPublicAccessExclusionsResult, error) {
	w := a.ctl.View(ctx)
	now := a.ctl.Now()
	m, err := compileFilters(bpaExclusionFilters(), in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	m.preds = append(m.preds, func(e *model.BlockPublicAccessExclusion) bool { return control.BPAExclusionVisible(e, now) })
	vs, next, err := describe(store.BPAExclusionKind.In(w), r.Scope, in.ExclusionIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeVpcBlockPublicAccessExclusionsResult{NextToken: next, VpcBlockPublicAccessExclusions: make([]VpcBlockPublicAccessExclusion, len(vs))}
	for i, v := range vs {
		out.VpcBlockPublicAccessExclusions[i] = *bpaExclusionOut(v)
	}
	return out, nil
}
