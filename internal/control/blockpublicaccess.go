package control

import (
	"context"
	"fmt"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// VPC Block Public Access [VPC user guide, security-vpc-bpa.html and
// security-vpc-bpa-basics.html; botocore ModifyVpcBlockPublicAccessOptions,
// *VpcBlockPublicAccessExclusion*]: one setting per account and region
// (off, block-bidirectional, block-ingress) and exclusions for single VPCs
// or subnets (allow-bidirectional, allow-egress). Exclusions can be created
// while the setting is off. vpcsim settles every change at once: the
// changing calls answer the in-progress state, reads the complete one.

// BPA states of the account setting (VpcBlockPublicAccessState).
const (
	BPAStateDefault    = "default-state"
	BPAStateInProgress = "update-in-progress"
	BPAStateComplete   = "update-complete"
)

// defaultBPAExclusionsPerRegion is the "VPC Block Public Access exclusions
// per account per Region" quota (VPC quotas page: 50, adjustable; enforced
// with AWSQuotas).
const defaultBPAExclusionsPerRegion = 50

// BPAExclusionRetention is how long a deleted exclusion stays visible in
// state delete-complete (Terraform's provider waits for that state).
const BPAExclusionRetention = time.Hour

// BPAOptions is the account's setting in a region as DescribeVpcBlockPublicAccessOptions reports it.
type BPAOptions struct {
	Mode       string
	State      string
	LastUpdate time.Time
}

// BlockPublicAccessOptions returns the scope's setting: off in
// default-state until first modified.
func BlockPublicAccessOptions(w *store.World, scope model.Scope) BPAOptions {
	st, ok := w.Scopes.Get(scopeKey(scope))
	if !ok || st.BlockPublicAccess == nil {
		return BPAOptions{Mode: model.BPAModeOff, State: BPAStateDefault}
	}
	return BPAOptions{Mode: st.BlockPublicAccess.Mode, State: BPAStateComplete, LastUpdate: st.BlockPublicAccess.LastUpdate}
}

// ModifyBlockPublicAccessOptions sets the scope's block mode. The answer
// is in state update-in-progress, as AWS answers.
func (s *Service) ModifyBlockPublicAccessOptions(ctx context.Context, scope model.Scope, mode string) (BPAOptions, error) {
	if mode == "" {
		return BPAOptions{}, awserr.MissingParameter("InternetGatewayBlockMode")
	}
	if mode != model.BPAModeOff && mode != model.BPABlockBidirectional && mode != model.BPABlockIngress {
		return BPAOptions{}, awserr.InvalidParameterValue("Value (%s) for parameter InternetGatewayBlockMode is invalid. Valid values: off, block-bidirectional, block-ingress.", mode)
	}
	var out BPAOptions
	err := s.update(ctx, func(tx *store.Tx) error {
		st, ok := tx.Scopes.Get(scopeKey(scope))
		if !ok {
			return fmt.Errorf("block public access: account %s region %s has no stored defaults", scope.Account, scope.Region)
		}
		c := model.Clone(st)
		c.BlockPublicAccess = &model.BlockPublicAccessOptions{Mode: mode, LastUpdate: tx.Now()}
		tx.Scopes.Put(c)
		out = BPAOptions{Mode: mode, State: BPAStateInProgress, LastUpdate: tx.Now()}
		return nil
	})
	return out, err
}

// BPAExclusionResourceArn is the ARN DescribeVpcBlockPublicAccessExclusions
// reports for an exclusion's VPC or subnet.
func BPAExclusionResourceArn(e *model.BlockPublicAccessExclusion) string {
	kind, id := "vpc", e.VpcID
	if e.SubnetID != "" {
		kind, id = "subnet", e.SubnetID
	}
	return fmt.Sprintf("arn:%s:ec2:%s:%s:%s/%s", PartitionOf(e.Region), e.Region, e.Account, kind, id)
}

// CreateBPAExclusionInput is CreateVpcBlockPublicAccessExclusion's request.
type CreateBPAExclusionInput struct {
	VpcID, SubnetID string
	Mode            string
	Tags            map[string]string
}

// CreateBPAExclusion exempts one VPC or one subnet. The answer is in
// state create-in-progress.
func (s *Service) CreateBPAExclusion(ctx context.Context, scope model.Scope, in CreateBPAExclusionInput) (*model.BlockPublicAccessExclusion, error) {
	if err := checkBPAExclusionMode(in.Mode); err != nil {
		return nil, err
	}
	switch {
	case in.VpcID == "" && in.SubnetID == "":
		return nil, awserr.MissingParameter("VpcId or SubnetId")
	case in.VpcID != "" && in.SubnetID != "":
		return nil, awserr.InvalidParameterCombination("Only one of VpcId and SubnetId can be specified.")
	}
	var out *model.BlockPublicAccessExclusion
	err := s.update(ctx, func(tx *store.Tx) error {
		e := &model.BlockPublicAccessExclusion{Mode: in.Mode, State: model.BPAExclusionCreateComplete, LastUpdate: tx.Now()}
		if in.SubnetID != "" {
			sn, err := GetSubnet(tx.World, scope, in.SubnetID)
			if err != nil {
				return err
			}
			e.SubnetID, e.VpcID = sn.ID, sn.VpcID
		} else {
			v, err := GetVpc(tx.World, scope, in.VpcID)
			if err != nil {
				return err
			}
			e.VpcID = v.ID
		}
		live := 0
		var dup *model.BlockPublicAccessExclusion
		store.BPAExclusionKind.In(tx.World).All(func(x *model.BlockPublicAccessExclusion) bool {
			if x.InScope(scope) && x.Active() {
				live++
				if x.VpcID == e.VpcID && x.SubnetID == e.SubnetID {
					dup = x
				}
			}
			return true
		})
		if dup != nil {
			return awserr.New("InvalidParameterValue", "The resource %s already has an exclusion (%s).", BPAExclusionResourceArn(dup), dup.ID)
		}
		if s.opts.AWSQuotas && live >= defaultBPAExclusionsPerRegion {
			return awserr.New("ExclusionLimitExceeded", "You have reached the limit of %d VPC Block Public Access exclusions in this Region.", defaultBPAExclusionsPerRegion)
		}
		e.Meta = newMeta(tx, scope, tx.NewID("vpcbpa-exclude"), in.Tags)
		store.BPAExclusionKind.In(tx.World).Put(e)
		c := *e
		c.State = model.BPAExclusionCreateInProgress
		out = &c
		return nil
	})
	return out, err
}

// GetBPAExclusion returns an exclusion of scope, deleted ones included
// while they are visible.
func GetBPAExclusion(w *store.World, scope model.Scope, id string) (*model.BlockPublicAccessExclusion, error) {
	return Lookup(store.BPAExclusionKind.In(w), scope, id)
}

// ModifyBPAExclusion changes an exclusion's mode; the answer is in state
// update-in-progress.
func (s *Service) ModifyBPAExclusion(ctx context.Context, scope model.Scope, id, mode string) (*model.BlockPublicAccessExclusion, error) {
	if err := checkBPAExclusionMode(mode); err != nil {
		return nil, err
	}
	var out *model.BlockPublicAccessExclusion
	err := s.update(ctx, func(tx *store.Tx) error {
		e, err := GetBPAExclusion(tx.World, scope, id)
		if err != nil {
			return err
		}
		if !e.Active() {
			return awserr.New("IncorrectState", "The exclusion %s is in state %s and cannot be modified.", e.ID, e.State)
		}
		c := model.Clone(e)
		c.Mode, c.State, c.LastUpdate = mode, model.BPAExclusionUpdateComplete, tx.Now()
		store.BPAExclusionKind.In(tx.World).Put(c)
		r := *c
		r.State = model.BPAExclusionUpdateInProgress
		out = &r
		return nil
	})
	return out, err
}

// DeleteBPAExclusion deletes an exclusion: it stays visible in state
// delete-complete for BPAExclusionRetention; the answer is in state
// delete-in-progress.
func (s *Service) DeleteBPAExclusion(ctx context.Context, scope model.Scope, id string) (*model.BlockPublicAccessExclusion, error) {
	var out *model.BlockPublicAccessExclusion
	err := s.update(ctx, func(tx *store.Tx) error {
		e, err := GetBPAExclusion(tx.World, scope, id)
		if err != nil {
			return err
		}
		if !e.Active() {
			return awserr.New("IncorrectState", "The exclusion %s is in state %s and cannot be deleted.", e.ID, e.State)
		}
		c := model.Clone(e)
		c.State, c.LastUpdate, c.Deleted = model.BPAExclusionDeleteComplete, tx.Now(), tx.Now()
		store.BPAExclusionKind.In(tx.World).Put(c)
		r := *c
		r.State = model.BPAExclusionDeleteInProgress
		out = &r
		return nil
	})
	return out, err
}

// BPAExclusionVisible reports whether Describe still shows e at now.
func BPAExclusionVisible(e *model.BlockPublicAccessExclusion, now time.Time) bool {
	return e.Active() || now.Sub(e.Deleted) < BPAExclusionRetention
}

// ActiveBPAExclusions returns the scope's exclusions that still exempt
// their resource (the data plane's input).
func ActiveBPAExclusions(w *store.World, scope model.Scope) []*model.BlockPublicAccessExclusion {
	var out []*model.BlockPublicAccessExclusion
	store.BPAExclusionKind.In(w).All(func(e *model.BlockPublicAccessExclusion) bool {
		if e.InScope(scope) && e.Active() {
			out = append(out, e)
		}
		return true
	})
	return out
}

func checkBPAExclusionMode(mode string) error {
	switch mode {
	case "":
		return awserr.MissingParameter("InternetGatewayExclusionMode")
	case model.BPAAllowBidirectional, model.BPAAllowEgress:
		return nil
	}
	return awserr.InvalidParameterValue("Value (%s) for parameter InternetGatewayExclusionMode is invalid. Valid values: allow-bidirectional, allow-egress.", mode)
}
