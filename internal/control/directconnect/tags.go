package directconnect

import (
	"context"
	"strings"
	"unicode"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Tags [DX using-tags.md; TagResource]: at most 50 per resource; keys of 1
// to 128 characters, values of at most 256, letters, digits, spaces and
// _ . : / = + - @; the aws: prefix is reserved; a key given twice in one
// request is DuplicateTagKeysException; going over 50 is
// TooManyTagsException.
const maxTags = 50

// TagMap turns a request's tag list into a map, refusing a key given
// twice (DuplicateTagKeysException).
func TagMap(tags []model.Tag) (map[string]string, error) {
	if len(tags) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		if _, dup := out[t.Key]; dup {
			return nil, awserr.New(codeDuplicateTags, "A tag key was specified more than once: %s", t.Key)
		}
		out[t.Key] = t.Value
	}
	return out, nil
}

func validTagText(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) && !strings.ContainsRune("_.:/=+-@", r) {
			return false
		}
	}
	return true
}

func checkTags(tags map[string]string) error {
	if len(tags) > maxTags {
		return tooManyTags()
	}
	for k, v := range tags {
		if err := checkTagKey(k); err != nil {
			return err
		}
		if len(v) > 256 || !validTagText(v) {
			if model.IsBGPTagKey(k) {
				return clientErr("Tag value %q is not valid: at most 256 letters, digits, spaces and _ . : / = + - @ (separate %s entries with + and AS path ASNs with :).", v, model.BGPTagKey)
			}
			return clientErr("Tag value %q is not valid: at most 256 letters, digits, spaces and _ . : / = + - @.", v)
		}
	}
	return checkBGPTags(tags)
}

// checkBGPTags refuses malformed BGP declarations (vpcsim:bgp tags: what
// the on-premises side advertises over a virtual interface,
// docs/onprem.md) with Direct Connect's client error, naming the tag and
// the entry.
func checkBGPTags(tags map[string]string) error {
	var bgp map[string]string
	for k, v := range tags {
		if model.IsBGPTagKey(k) {
			if bgp == nil {
				bgp = map[string]string{}
			}
			bgp[k] = v
		}
	}
	if bgp == nil {
		return nil
	}
	if _, err := model.ParseBGPTags(bgp); err != nil {
		return clientErr("Invalid BGP advertisement: %s (docs/onprem.md).", err.Error())
	}
	return nil
}

func checkTagKey(k string) error {
	if len(k) < 1 || len(k) > 128 || !validTagText(k) {
		return clientErr("Tag key %q is not valid: 1 to 128 letters, digits, spaces and _ . : / = + - @.", k)
	}
	if strings.HasPrefix(strings.ToLower(k), "aws:") {
		return clientErr("Tag keys starting with aws: are reserved.")
	}
	return nil
}

// resolveARN returns the kind and id of the resource an ARN names, if the
// scope's account owns it.
func resolveARN(w *store.World, sc Scope, arn string) (store.AnyKind, string, error) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "directconnect" {
		return nil, "", clientErr("The ARN %s is not a valid Direct Connect resource ARN.", arn)
	}
	region, account, res := parts[3], parts[4], parts[5]
	typ, id, ok := strings.Cut(res, "/")
	if !ok || account != sc.Account {
		return nil, "", clientErr("Resource %s does not exist.", arn)
	}
	var kind store.AnyKind
	switch typ {
	case "dxcon":
		kind = ConnectionKind
	case "dxlag":
		kind = LagKind
	case "dxvif":
		kind = VifKind
	case "dx-gateway":
		kind = GatewayKind
		if region != "" {
			return nil, "", clientErr("Resource %s does not exist.", arn)
		}
	default:
		return nil, "", clientErr("The ARN %s is not a valid Direct Connect resource ARN.", arn)
	}
	m, found := kind.Meta(w, id)
	if !found || m.Account != sc.Account || m.Region != region {
		return nil, "", clientErr("Resource %s does not exist.", arn)
	}
	return kind, id, nil
}

// TagResource adds or replaces tags on the resource an ARN names.
func (s *Service) TagResource(ctx context.Context, sc Scope, arn string, tags map[string]string) error {
	if err := checkTags(tags); err != nil {
		return err
	}
	return s.update(ctx, func(tx *store.Tx) error {
		kind, id, err := resolveARN(tx.World, sc, arn)
		if err != nil {
			return err
		}
		m, _ := kind.Meta(tx.World, id)
		merged := map[string]string{}
		for k, v := range m.Tags {
			merged[k] = v
		}
		for k, v := range tags {
			merged[k] = v
		}
		if len(merged) > maxTags {
			return tooManyTags()
		}
		kind.Retag(tx, id, func(m *model.Meta) { m.Tags = merged })
		return nil
	})
}

// UntagResource removes tag keys from the resource an ARN names.
func (s *Service) UntagResource(ctx context.Context, sc Scope, arn string, keys []string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		kind, id, err := resolveARN(tx.World, sc, arn)
		if err != nil {
			return err
		}
		m, _ := kind.Meta(tx.World, id)
		left := map[string]string{}
		for k, v := range m.Tags {
			left[k] = v
		}
		for _, k := range keys {
			delete(left, k)
		}
		if len(left) == 0 {
			left = nil
		}
		kind.Retag(tx, id, func(m *model.Meta) { m.Tags = left })
		return nil
	})
}

// ResourceTags are the tags of one resource.
type ResourceTags struct {
	ARN  string
	Tags map[string]string
}

// DescribeTags returns the tags of the resources the ARNs name.
func (s *Service) DescribeTags(ctx context.Context, sc Scope, arns []string) ([]ResourceTags, error) {
	if len(arns) > 20 {
		return nil, clientErr("You can describe the tags of at most 20 resources at a time.")
	}
	w := s.view(ctx)
	out := make([]ResourceTags, 0, len(arns))
	for _, arn := range arns {
		kind, id, err := resolveARN(w, sc, arn)
		if err != nil {
			return nil, err
		}
		m, _ := kind.Meta(w, id)
		out = append(out, ResourceTags{ARN: arn, Tags: m.Tags})
	}
	return out, nil
}
