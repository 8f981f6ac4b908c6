// Package ram is the control plane of AWS Resource Access Manager, with
// the semantics of the RAM User Guide [RAM] and API reference (the
// botocore model's documentation strings), and the transit gateway
// guide's sharing chapter [TGW transit-gateway-share.md]:
//
//   - resource shares (regional; ARN arn:aws:ram:REGION:ACCOUNT:
//     resource-share/UUID), ACTIVE until deleted (then DELETED, still
//     listed), allowExternalPrincipals true unless given, tags,
//     idempotent clientToken;
//   - resources: the shareable resources vpcsim has, transit gateways of
//     the caller's account and Region (ListResourceTypes); any other
//     well-formed ARN is refused (not a silent success);
//   - principals: 12-digit accounts, and the organization when sharing
//     with AWS Organizations is enabled. Rule of this project
//     (docs/insights.md): every account of one vpcsim server is a member
//     of one organization. [RAM working-with-shared-invitations]: "If
//     you're added to a resource share through an AWS account that is a
//     member of an organization in AWS Organizations, and sharing within
//     the organization is enabled, then you automatically get access ...
//     without having to accept an invitation", and an invitation goes to
//     "an account inside your organization when sharing with AWS
//     Organizations is not enabled". So: after
//     EnableSharingWithAwsOrganization account principals get access at
//     once; before, each gets an invitation (PENDING -> ACCEPTED /
//     REJECTED; EXPIRED after seven days, the period the guide gives the
//     resource types it lists) and counts as external, which a share
//     with allowExternalPrincipals=false refuses;
//   - the AWS managed permission of each resource type
//     (AWSRAMDefaultPermissionTransitGateway), attached by default;
//   - ListResources / ListPrincipals for SELF and OTHER-ACCOUNTS,
//     pagination (maxResults 1-500, nextToken).
//
// Associations reach their steady state at once: Associate answers
// ASSOCIATING and the next read shows ASSOCIATED (DISASSOCIATING ->
// DISASSOCIATED likewise), so the provider's waiters return at once.
//
// SharedWith is the question the EC2 control plane asks: may an account
// use another account's resource?
package ram

import (
	"context"
	"fmt"
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Options configure the Service (none yet).
type Options struct{}

// Service is the RAM control plane over a store.
type Service struct {
	st *store.Store
}

// New returns the RAM control plane over st (the world every service
// shares: transit gateways are read from it).
func New(st *store.Store, _ Options) *Service { return &Service{st: st} }

// Scope is the account and Region a request acts on.
type Scope = model.Scope

func (s *Service) update(ctx context.Context, fn func(tx *store.Tx) error) error {
	return s.st.Join(ctx, fn)
}

func (s *Service) view(ctx context.Context) *store.World { return s.st.View(ctx) }

func (s *Service) now() time.Time { return s.st.Now() }

// uuid returns a random-looking (seeded) UUID, the form of share and
// invitation ids.
func uuid(tx *store.Tx) string {
	h := tx.NewHex(32)
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
}

// ShareArn returns the ARN of a resource share.
func ShareArn(scope Scope, id string) string {
	return fmt.Sprintf("arn:aws:ram:%s:%s:resource-share/%s", scope.Region, scope.Account, id)
}

// InvitationArn returns the ARN of a resource share invitation.
func InvitationArn(scope Scope, id string) string {
	return fmt.Sprintf("arn:aws:ram:%s:%s:resource-share-invitation/%s", scope.Region, scope.Account, id)
}
