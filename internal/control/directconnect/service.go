// Package directconnect is the control plane of AWS Direct Connect, with
// the semantics of the Direct Connect User Guide [DX] and API reference
// (the botocore model's documentation strings):
//
//   - locations: a small regional catalogue of locations with their port
//     speeds and providers (DescribeLocations);
//   - dedicated connections (1, 10, 100 and 400 Gbps), hosted connections
//     allocated on a connection or LAG (ordering until the owner confirms
//     them), LAGs with minimum links and same-bandwidth, same-location
//     members;
//   - private, public and transit virtual interfaces, hosted ones
//     (allocate + confirm), VLANs unique per connection, BGP peers with
//     addresses from 169.254.0.0/16 (IPv4) or an Amazon pool (IPv6) when
//     not given, SiteLink and jumbo frames;
//   - Direct Connect gateways (global) and their associations with virtual
//     private gateways and transit gateways, with allowed prefixes; a
//     transit gateway association creates the transit gateway's
//     direct-connect-gateway attachment on the EC2 side;
//   - tags by ARN, the quotas of [DX limits.md].
//
// Asynchronous resources reach their steady state at once: the answer to
// a create shows AWS's first state (requested, pending, associating) and
// the next read shows available / associated, so waiters return at once.
// Deleted resources are removed: describing them answers what AWS answers
// for an unknown id (Terraform treats both alike).
package directconnect

import (
	"context"
	"fmt"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Options configure the Service (none yet).
type Options struct{}

// Service is the Direct Connect control plane over a store.
type Service struct {
	st *store.Store
}

// New returns the Direct Connect control plane over st (the world every
// service shares: virtual private gateways and transit gateways are read
// from it, transit gateway attachments written to it).
func New(st *store.Store, _ Options) *Service { return &Service{st: st} }

// Scope is the account and region a request acts on.
type Scope = model.Scope

func (s *Service) update(ctx context.Context, fn func(tx *store.Tx) error) error {
	return s.st.Join(ctx, fn)
}

func (s *Service) view(ctx context.Context) *store.World { return s.st.View(ctx) }

// shortID returns an id in Direct Connect's form: prefix-xxxxxxxx.
func shortID(tx *store.Tx, prefix string) string { return prefix + "-" + tx.NewHex(8) }

// uuid returns a random-looking (seeded) UUID, the form of Direct Connect
// gateway and association ids.
func uuid(tx *store.Tx) string {
	h := tx.NewHex(32)
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
}

func meta(tx *store.Tx, account, region, id string, tags map[string]string) model.Meta {
	if len(tags) == 0 {
		tags = nil
	}
	return model.Meta{ID: id, Account: account, Region: region, Tags: tags, Created: tx.Now()}
}

// awsDevice names the AWS device a port terminates on at a location.
func awsDevice(tx *store.Tx, location string) string {
	return location + "-" + tx.NewHex(6)
}
