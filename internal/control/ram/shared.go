package ram

import (
	"time"

	ram "github.com/vpcsim/vpcsim/internal/model/ram"
	"github.com/vpcsim/vpcsim/internal/store"
)

// SharedWith reports whether the resource resourceArn is shared with
// account in w at now: an ACTIVE share of the resource's owner and Region
// holds it (ASSOCIATED) and has account as a principal, directly or
// through the organization, with its invitation accepted where one was
// needed. The EC2 control plane asks it before letting another account
// use a transit gateway.
func SharedWith(w *store.World, resourceArn, account string, now time.Time) bool {
	a, err := ParseArn(resourceArn)
	if err != nil {
		return false
	}
	if a.Account == account {
		return true
	}
	found := false
	ShareKind.In(w).All(func(sh *ram.ResourceShare) bool {
		if sh.Account != a.Account || sh.Region != a.Region || sh.Status != ram.ShareActive {
			return true
		}
		if i := find(sh, ram.TypeResource, resourceArn); i < 0 || sh.Associations[i].Status != ram.AssocAssociated {
			return true
		}
		found = principalOf(w, sh, account, now, true)
		return !found
	})
	return found
}
