package control

import (
	"context"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// maxTagsPerResource is EC2's fixed limit.
const maxTagsPerResource = 50

// validateTags checks tags a client asks to set.
func validateTags(tags map[string]string) error {
	for k, v := range tags {
		if k == "" {
			return awserr.InvalidParameterValue("Tag key cannot be empty")
		}
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			return awserr.InvalidParameterValue("Value ( %s ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use", k)
		}
		if len(k) > 128 {
			return awserr.InvalidParameterValue("Tag key exceeds the maximum length of 128 characters")
		}
		if len(v) > 256 {
			return awserr.InvalidParameterValue("Tag value exceeds the maximum length of 256 characters")
		}
	}
	if len(tags) > maxTagsPerResource {
		return awserr.New("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.")
	}
	return nil
}

// TaggedResource is one tag of one resource, as DescribeTags lists it.
type TaggedResource struct {
	ResourceID   string
	ResourceType string
	Key, Value   string
}

// metaTable gives kind-independent access to one table for tagging.
type metaTable interface {
	meta(id string) (*model.Meta, bool)
	retag(id string, fn func(*model.Meta))
	each(fn func(*model.Meta) bool)
}

type tableAdapter[T any] struct{ t *store.Table[T] }

func (a tableAdapter[T]) meta(id string) (*model.Meta, bool) {
	v, ok := a.t.Get(id)
	if !ok {
		return nil, false
	}
	return any(v).(model.Object).GetMeta(), true
}

func (a tableAdapter[T]) retag(id string, fn func(*model.Meta)) {
	v, _ := a.t.Get(id)
	c := model.Clone(v)
	fn(any(c).(model.Object).GetMeta())
	a.t.Put(c)
}

func (a tableAdapter[T]) each(fn func(*model.Meta) bool) {
	a.t.All(func(v *T) bool { return fn(any(v).(model.Object).GetMeta()) })
}

// taggable maps an id prefix to its table and DescribeTags resource type.
func taggable(w *store.World, id string) (metaTable, string, bool) {
	prefix, _, _ := strings.Cut(id, "-")
	switch prefix {
	case "vpc":
		return tableAdapter[model.VPC]{w.VPCs}, "vpc", true
	case "subnet":
		return tableAdapter[model.Subnet]{w.Subnets}, "subnet", true
	case "rtb":
		return tableAdapter[model.RouteTable]{w.RouteTables}, "route-table", true
	case "igw":
		return tableAdapter[model.InternetGateway]{w.InternetGateways}, "internet-gateway", true
	case "eigw":
		return tableAdapter[model.EgressOnlyInternetGateway]{w.EgressOnlyIGWs}, "egress-only-internet-gateway", true
	case "vgw":
		return tableAdapter[model.VpnGateway]{w.VpnGateways}, "vpn-gateway", true
	case "nat":
		return tableAdapter[model.NatGateway]{w.NatGateways}, "natgateway", true
	case "eipalloc":
		return tableAdapter[model.Address]{w.Addresses}, "elastic-ip", true
	case "sg":
		return tableAdapter[model.SecurityGroup]{w.SecurityGroups}, "security-group", true
	case "sgr":
		return tableAdapter[model.SecurityGroupRule]{w.SecurityGroupRules}, "security-group-rule", true
	case "acl":
		return tableAdapter[model.NetworkACL]{w.NetworkACLs}, "network-acl", true
	case "eni":
		return tableAdapter[model.NetworkInterface]{w.NetworkInterfaces}, "network-interface", true
	case "i":
		return tableAdapter[model.Instance]{w.Instances}, "instance", true
	case "key":
		return tableAdapter[model.KeyPair]{w.KeyPairs}, "key-pair", true
	case "dopt":
		return tableAdapter[model.DhcpOptions]{w.DhcpOptions}, "dhcp-options", true
	case "pl":
		return tableAdapter[model.ManagedPrefixList]{w.PrefixLists}, "prefix-list", true
	case "nip":
		return tableAdapter[model.NetworkInsightsPath]{w.InsightsPaths}, "network-insights-path", true
	case "nia":
		return tableAdapter[model.NetworkInsightsAnalysis]{w.InsightsAnalyses}, "network-insights-analysis", true
	}
	return nil, "", false
}

// taggableWorlds lists every taggable table, for DescribeTags.
func taggableTables(w *store.World) []struct {
	t   metaTable
	typ string
} {
	var out []struct {
		t   metaTable
		typ string
	}
	for _, p := range []string{"vpc", "subnet", "rtb", "igw", "eigw", "vgw", "nat", "eipalloc", "sg", "sgr", "acl", "eni", "i", "key", "dopt", "pl", "nip", "nia"} {
		t, typ, _ := taggable(w, p+"-")
		out = append(out, struct {
			t   metaTable
			typ string
		}{t, typ})
	}
	return out
}

// resolveTaggable finds id in scope or returns the id's not-found error.
func resolveTaggable(w *store.World, scope model.Scope, id string) (metaTable, error) {
	t, _, ok := taggable(w, id)
	if !ok {
		return nil, awserr.New("InvalidID", "The ID '%s' is not valid", id)
	}
	m, found := t.meta(id)
	if !found || !m.InScope(scope) {
		return nil, notFoundFor(id)
	}
	return t, nil
}

// notFoundFor returns the not-found error matching id's prefix.
func notFoundFor(id string) error {
	prefix, _, _ := strings.Cut(id, "-")
	for _, k := range allKinds {
		if k.prefix == prefix {
			return k.NotFound(id)
		}
	}
	return awserr.New("InvalidID", "The ID '%s' is not valid", id)
}

// CreateTags sets tags on every resource, all or nothing.
func (s *Service) CreateTags(ctx context.Context, scope model.Scope, ids []string, tags map[string]string) error {
	if len(ids) == 0 {
		return awserr.MissingParameter("ResourceId")
	}
	if err := validateTags(tags); err != nil {
		return err
	}
	return s.update(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			t, err := resolveTaggable(tx.World, scope, id)
			if err != nil {
				return err
			}
			m, _ := t.meta(id)
			merged := len(m.Tags)
			for k := range tags {
				if _, ok := m.Tags[k]; !ok {
					merged++
				}
			}
			if merged > maxTagsPerResource {
				return awserr.New("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.")
			}
			t.retag(id, func(m *model.Meta) {
				if m.Tags == nil {
					m.Tags = map[string]string{}
				}
				for k, v := range tags {
					m.Tags[k] = v
				}
			})
		}
		return nil
	})
}

// TagFilter is one tag of a DeleteTags request: a key, and a value that
// must match when HasValue is set (EC2 deletes the tag only if it matches).
type TagFilter struct {
	Key      string
	Value    string
	HasValue bool
}

// DeleteTags removes tags from every resource; with no tags given it
// removes all of them.
func (s *Service) DeleteTags(ctx context.Context, scope model.Scope, ids []string, tags []TagFilter) error {
	if len(ids) == 0 {
		return awserr.MissingParameter("ResourceId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			t, err := resolveTaggable(tx.World, scope, id)
			if err != nil {
				return err
			}
			m, _ := t.meta(id)
			if len(m.Tags) == 0 {
				continue
			}
			t.retag(id, func(m *model.Meta) {
				if len(tags) == 0 {
					m.Tags = nil
					return
				}
				for _, f := range tags {
					if v, ok := m.Tags[f.Key]; ok && (!f.HasValue || v == f.Value) {
						delete(m.Tags, f.Key)
					}
				}
				if len(m.Tags) == 0 {
					m.Tags = nil
				}
			})
		}
		return nil
	})
}

// ListTags returns every tag in scope, ordered by resource id then key.
func ListTags(w *store.World, scope model.Scope) []TaggedResource {
	var out []TaggedResource
	for _, tt := range taggableTables(w) {
		tt.t.each(func(m *model.Meta) bool {
			if len(m.Tags) == 0 || !m.InScope(scope) {
				return true
			}
			for _, tag := range m.SortedTags() {
				out = append(out, TaggedResource{ResourceID: m.ID, ResourceType: tt.typ, Key: tag.Key, Value: tag.Value})
			}
			return true
		})
	}
	return out
}
