package flowlog

import (
	"fmt"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// VPC Block Public Access statements of the topology language:
//
//	bpa MODE                                  the account-region's block mode
//	bpaexclude ID vpc|subnet RESOURCE MODE    an exclusion (allow-bidirectional | allow-egress)
func (b *topo) stmtBPA(f []string) error {
	switch f[0] {
	case "bpa":
		if len(f) != 2 {
			return fmt.Errorf("bpa MODE")
		}
		key := b.account + "/" + b.region
		st := &model.ScopeState{Meta: model.Meta{ID: key, Account: b.account, Region: b.region},
			BlockPublicAccess: &model.BlockPublicAccessOptions{Mode: f[1]}}
		b.put(func(tx *store.Tx) { tx.Scopes.Put(st) })
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
		b.put(func(tx *store.Tx) { store.BPAExclusionKind.In(tx.World).Put(e) })
	default:
		return b.stmtSvc(f)
	}
	return nil
}
