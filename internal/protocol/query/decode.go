package query

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// node is one segment of the flattened parameter tree: "Tags.member.1.Key"
// is root -> Tags -> member -> 1 -> Key.
type node struct {
	// key is the full parameter name up to this segment, for messages.
	key      string
	value    string
	hasValue bool
	children map[string]*node
}

// tree allocates a request's nodes from one slab.
type tree struct {
	slab []node
}

func (t *tree) child(n *node, seg, key string) *node {
	if n.children == nil {
		n.children = make(map[string]*node, 4)
	}
	c := n.children[seg]
	if c == nil {
		if len(t.slab) == cap(t.slab) {
			t.slab = make([]node, 0, 16)
		}
		t.slab = append(t.slab, node{key: key})
		c = &t.slab[len(t.slab)-1]
		n.children[seg] = c
	}
	return c
}

// formBody returns the request body when it is a form (by its Content-Type,
// or any non-empty body sent without one), else "".
func formBody(req *protocol.Request) string {
	if len(req.Body) == 0 {
		return ""
	}
	if req.HTTP != nil {
		if ct := req.HTTP.Header.Get("Content-Type"); ct != "" {
			mt, _, _ := strings.Cut(ct, ";")
			if !strings.EqualFold(strings.TrimSpace(mt), "application/x-www-form-urlencoded") {
				return ""
			}
		}
	}
	return string(req.Body)
}

func rawQuery(req *protocol.Request) string {
	if req.HTTP == nil || req.HTTP.URL == nil {
		return ""
	}
	return req.HTTP.URL.RawQuery
}

// lookup returns the first value of key in the form-encoded string s.
func lookup(s, key string) (string, bool) {
	for s != "" {
		var pair string
		pair, s, _ = strings.Cut(s, "&")
		k, v, _ := strings.Cut(pair, "=")
		if k != key {
			if !strings.ContainsAny(k, "%+") {
				continue
			}
			uk, err := url.QueryUnescape(k)
			if err != nil || uk != key {
				continue
			}
		}
		uv, err := url.QueryUnescape(v)
		if err != nil {
			return "", false
		}
		return uv, true
	}
	return "", false
}

// action returns the request's Action parameter (body first).
func action(req *protocol.Request) string { return param(req, "Action") }

// version returns the request's Version parameter (body first).
func version(req *protocol.Request) string { return param(req, "Version") }

func param(req *protocol.Request, name string) string {
	if v, ok := lookup(formBody(req), name); ok {
		return v
	}
	v, _ := lookup(rawQuery(req), name)
	return v
}

// parseTree builds the parameter tree of a request: the form body, then the
// query string; a key already set keeps its first value.
func parseTree(req *protocol.Request) (*node, error) {
	srcs := [2]string{formBody(req), rawQuery(req)}
	// Every segment of every key may make a node.
	est := 1
	for _, s := range srcs {
		est += strings.Count(s, ".") + strings.Count(s, "&") + 1
	}
	t := &tree{slab: make([]node, 0, min(est, 4096))}
	root := &node{}
	for _, src := range srcs {
		if err := t.addPairs(root, src); err != nil {
			return nil, err
		}
	}
	return root, nil
}

func (t *tree) addPairs(root *node, s string) error {
	for s != "" {
		var pair string
		pair, s, _ = strings.Cut(s, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		var err error
		if strings.ContainsAny(k, "%+") {
			if k, err = url.QueryUnescape(k); err != nil {
				return awserr.New("MalformedQueryString", "The parameter name %q is not properly URL-encoded.", k)
			}
		}
		if strings.ContainsAny(v, "%+") {
			if v, err = url.QueryUnescape(v); err != nil {
				return awserr.New("MalformedQueryString", "The value of parameter %s is not properly URL-encoded.", k)
			}
		}
		// Invalid UTF-8 is refused here, so that what a service stores in
		// memory is what its JSON on disk holds (JSON would coerce it to
		// U+FFFD). AWS documents no code for it: InvalidParameterValue.
		if !utf8.ValidString(k) {
			return awserr.InvalidParameterValue("The parameter name %q is not valid UTF-8.", k)
		}
		if !utf8.ValidString(v) {
			return awserr.InvalidParameterValue("The value of parameter %s is not valid UTF-8.", k)
		}
		n := root
		for i := 0; ; {
			j := strings.IndexByte(k[i:], '.')
			if j < 0 {
				n = t.child(n, k[i:], k)
				break
			}
			n = t.child(n, k[i:i+j], k[:i+j])
			i += j + 1
		}
		if !n.hasValue {
			n.value, n.hasValue = v, true
		}
	}
	return nil
}

// Decode fills the struct dst points to from the request's parameters.
func (Codec) Decode(_ *protocol.Service, _ *protocol.Operation, req *protocol.Request, dst any) error {
	root, err := parseTree(req)
	if err != nil {
		return err
	}
	return decodeTree(root, dst)
}

func decodeTree(root *node, dst any) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("query: Decode needs a non-nil pointer to a struct, got %T", dst)
	}
	return decodeStruct(root, v.Elem())
}

func decodeStruct(n *node, v reflect.Value) error {
	if len(n.children) == 0 {
		return nil
	}
	fields := protocol.Describe(v.Type()).Fields
	for i := range fields {
		f := &fields[i]
		c := n.children[f.Tag.Wire]
		if c == nil {
			continue
		}
		if err := decodeValue(c, v.Field(f.Index), &f.Tag); err != nil {
			return err
		}
	}
	return nil
}

// elemTag is the tag of a list element or map value, which carries no
// traits of its own.
var elemTag = protocol.ParseTag("")

var timeType = reflect.TypeFor[time.Time]()

func decodeValue(n *node, v reflect.Value, tag *protocol.Tag) error {
	switch v.Kind() {
	case reflect.Pointer:
		et := v.Type().Elem()
		if et.Kind() == reflect.Struct && et != timeType {
			p := reflect.New(et)
			if err := decodeStruct(n, p.Elem()); err != nil {
				return err
			}
			v.Set(p)
			return nil
		}
		if !n.hasValue {
			return nil
		}
		p := reflect.New(et)
		if err := decodeScalar(n, p.Elem(), tag); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case reflect.Struct:
		if v.Type() == timeType {
			if !n.hasValue {
				return nil
			}
			return decodeScalar(n, v, tag)
		}
		return decodeStruct(n, v)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			if !n.hasValue {
				return nil
			}
			return decodeScalar(n, v, tag)
		}
		return decodeList(n, v, tag)
	case reflect.Map:
		return decodeMap(n, v, tag)
	case reflect.Interface:
		return nil // documents have no query form
	}
	if !n.hasValue {
		return nil
	}
	return decodeScalar(n, v, tag)
}

// isEmptyMarker reports whether n is "Name=" with nothing below it, the
// SDKs' spelling of an empty list.
func isEmptyMarker(n *node) bool {
	return n.hasValue && n.value == "" && len(n.children) == 0
}

type indexed struct {
	i int
	n *node
}

// positions returns n's children as list positions in numeric order.
func positions(n *node) ([]indexed, error) {
	out := make([]indexed, 0, len(n.children))
	for seg, c := range n.children {
		i, ok := parseIndex(seg)
		if !ok {
			return nil, awserr.InvalidParameterValue("The parameter %s has an invalid list index %q: positions are positive integers.", c.key, seg)
		}
		out = append(out, indexed{i, c})
	}
	slices.SortFunc(out, func(a, b indexed) int { return a.i - b.i })
	return out, nil
}

// parseIndex accepts a positive decimal integer without sign or leading
// zeros.
func parseIndex(s string) (int, bool) {
	if s == "" || len(s) > 9 || s[0] == '0' {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func decodeList(n *node, v reflect.Value, tag *protocol.Tag) error {
	items := n
	if !tag.Flat {
		if err := onlyChild(n, tag.Member); err != nil {
			return err
		}
		items = n.children[tag.Member]
	}
	if items != nil && items != n && items.hasValue {
		return strayValue(items)
	}
	if items == nil || len(items.children) == 0 {
		if isEmptyMarker(n) {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		}
		return nil
	}
	pos, err := positions(items)
	if err != nil {
		return err
	}
	s := reflect.MakeSlice(v.Type(), len(pos), len(pos))
	j := 0
	for _, p := range pos {
		e := s.Index(j)
		if !p.n.hasValue && len(p.n.children) == 0 {
			continue
		}
		if isScalar(e.Type()) && !p.n.hasValue {
			continue // "List.member.1.x=": no element value
		}
		if err := decodeValue(p.n, e, &elemTag); err != nil {
			return err
		}
		j++
	}
	v.Set(s.Slice(0, j))
	return nil
}

func decodeMap(n *node, v reflect.Value, tag *protocol.Tag) error {
	entries := n
	if !tag.Flat {
		if err := onlyChild(n, "entry"); err != nil {
			return err
		}
		entries = n.children["entry"]
	}
	if entries != nil && entries != n && entries.hasValue {
		return strayValue(entries)
	}
	if entries == nil || len(entries.children) == 0 {
		if isEmptyMarker(n) {
			v.Set(reflect.MakeMap(v.Type()))
		}
		return nil
	}
	pos, err := positions(entries)
	if err != nil {
		return err
	}
	m := reflect.MakeMapWithSize(v.Type(), len(pos))
	kt, vt := v.Type().Key(), v.Type().Elem()
	for _, p := range pos {
		kn := p.n.children[tag.Key]
		if kn == nil || !kn.hasValue {
			return awserr.InvalidParameterValue("The map entry %s has no %s.", p.n.key, tag.Key)
		}
		k := reflect.New(kt).Elem()
		if err := decodeScalar(kn, k, &elemTag); err != nil {
			return err
		}
		val := reflect.New(vt).Elem()
		if vn := p.n.children[tag.Value]; vn != nil {
			if err := decodeValue(vn, val, &elemTag); err != nil {
				return err
			}
		}
		m.SetMapIndex(k, val)
	}
	v.Set(m)
	return nil
}

// onlyChild refuses a wrapped list or map whose parameters do not all go
// through its member (or entry) segment: `Tags.member.1.Key` sent where
// the list is `Tags.Tag.N` would otherwise be dropped, silently widening a
// request that meant to narrow.
func onlyChild(n *node, member string) error {
	for seg, c := range n.children {
		if seg != member {
			return awserr.InvalidParameterValue("The parameter %s is not valid: the members of %s are %s.%s.N.", c.key, n.key, n.key, member)
		}
	}
	return nil
}

// strayValue refuses a value given to a list's member segment itself
// (`Tags.member=x`), which holds no element.
func strayValue(n *node) error {
	return awserr.InvalidParameterValue("The parameter %s is not valid: a list position is missing.", n.key)
}

func isScalar(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer:
		return t.Elem() == timeType || t.Elem().Kind() != reflect.Struct
	case reflect.Struct:
		return t == timeType
	case reflect.Slice:
		return t.Elem().Kind() == reflect.Uint8
	case reflect.Map, reflect.Interface:
		return false
	}
	return true
}

func decodeScalar(n *node, v reflect.Value, tag *protocol.Tag) error {
	s := n.value
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		switch s {
		case "true":
			v.SetBool(true)
		case "false":
			v.SetBool(false)
		default:
			return invalid(n, "Expected: 'true' or 'false'.")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := strconv.ParseInt(s, 10, v.Type().Bits())
		if err != nil {
			return invalid(n, "Expected an integer.")
		}
		v.SetInt(i)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(s, v.Type().Bits())
		if err != nil {
			return invalid(n, "Expected a number.")
		}
		v.SetFloat(f)
	case reflect.Slice: // []byte
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return invalid(n, "Expected base64-encoded data.")
		}
		v.SetBytes(b)
	case reflect.Struct: // time.Time
		t, err := parseTime(s, tag.TS)
		if err != nil {
			return invalid(n, "Expected an ISO 8601 timestamp.")
		}
		v.Set(reflect.ValueOf(t))
	default:
		return fmt.Errorf("query: unsupported member kind %s at %s", v.Kind(), n.key)
	}
	return nil
}

func invalid(n *node, want string) error {
	return awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid. %s", n.value, n.key, want)
}

var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999", // no zone: UTC
	"2006-01-02T15:04:05.999999999Z0700",
}

// parseTime parses a timestamp in the member's format (ISO 8601 unless the
// ts= trait says otherwise).
func parseTime(s, format string) (time.Time, error) {
	switch format {
	case "unixTimestamp":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f != f || f > 1e15 || f < -1e15 {
			return time.Time{}, fmt.Errorf("bad epoch seconds %q", s)
		}
		sec := int64(f)
		return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), nil
	case "rfc822":
		return http.ParseTime(s)
	}
	var err error
	for _, l := range isoLayouts {
		var t time.Time
		if t, err = time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, err
}
