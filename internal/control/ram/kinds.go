package ram

import (
	"github.com/vpcsim/vpcsim/internal/model"
	ram "github.com/vpcsim/vpcsim/internal/model/ram"
	"github.com/vpcsim/vpcsim/internal/store"
)

// RAM's resource kinds, declared once here. Keys are ARNs (unique across
// accounts and Regions).
var (
	// ShareKind holds resource shares with their associations.
	ShareKind = store.Define[ram.ResourceShare](model.KindSpec{Name: "ram-resource-share", Service: "ram"}, nil)
	// InvitationKind holds invitations, indexed by their share.
	InvitationKind = store.Define[ram.Invitation](model.KindSpec{Name: "ram-invitation", Service: "ram"},
		func(v *ram.Invitation) string { return v.ShareArn })
	// DeletedShareKind holds the record of deleted shares: a deleted
	// share is no longer a resource (it shares nothing and cannot change)
	// but GetResourceShares still answers it with status DELETED for a
	// while (deletedRetention), as AWS does.
	DeletedShareKind = store.Define[ram.ResourceShare](model.KindSpec{Name: "ram-deleted-share", Service: "ram", Internal: true}, nil)
	// OrgKind holds the organization's sharing setting (one object).
	OrgKind = store.Define[ram.OrgSharing](model.KindSpec{Name: "ram-organization-sharing", Service: "ram", Global: true}, nil)
)

// orgID is the key of the organization's sharing setting.
const orgID = "organization"

// orgSharingEnabled reports whether EnableSharingWithAwsOrganization was
// called.
func orgSharingEnabled(w *store.World) bool {
	o, ok := OrgKind.In(w).Get(orgID)
	return ok && o.Enabled
}
