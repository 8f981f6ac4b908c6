package dataplane

import (
	"fmt"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// VPC Block Public Access statements of the topology language:
//
//	bpa MODE                                  the account-region's block mode
//	bpaexclude ID vpc|subnet RESOURCE MODE    an exclusion (allow-bidirectional | allow-egress)
type topoBPA struct {
	mode       string
	exclusions []*model.BlockPublicAccessExclusion
}

func (b *topo) stmtBPA(f []string) error {
	if b.bpa == nil {
		b.bpa = &topoBPA{}
	}
	switch f[0] {
	case "bpa":
		if len(f) != 2 {
			return fmt.Errorf("bpa MODE")
		}
		b.bpa.mode = f[1]
	case "bpaexclude":
		if len(f) != 5 {
			return fmt.Errorf("bpaexclude ID vpc|subnet RESOURCE MODE")
		}
		e := &model.BlockPublicAccessExclusion{Meta: b.meta(f[1]), Mode: f[4], State: model.BPAExclusionCreateComplete}
		switch f[2] {
		case "vpc":
			e.VpcID = f[3]
		case "subnet":
			s, ok := b.subnets[f[3]]
			if !ok {
				return fmt.Errorf("unknown subnet %s", f[3])
			}
			e.SubnetID, e.VpcID = s.ID, s.VpcID
		default:
			return fmt.Errorf("bpaexclude: vpc or subnet, not %q", f[2])
		}
		b.bpa.exclusions = append(b.bpa.exclusions, e)
	default:
		return fmt.Errorf("unknown statement %q", f[0])
	}
	return nil
}

func (b *topo) putBPA(tx *store.Tx) {
	if b.bpa == nil {
		return
	}
	key := b.account + "/" + b.region
	st, ok := tx.Scopes.Get(key)
	if ok {
		st = model.Clone(st)
	} else {
		st = &model.ScopeState{Meta: model.Meta{ID: key, Account: b.account, Region: b.region}}
	}
	st.BlockPublicAccess = &model.BlockPublicAccessOptions{Mode: b.bpa.mode}
	tx.Scopes.Put(st)
	for _, e := range b.bpa.exclusions {
		store.BPAExclusionKind.In(tx.World).Put(e)
	}
}
