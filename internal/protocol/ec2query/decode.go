package ec2query

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// Params is a request's flattened parameter set (form body merged with the
// query string), as sent: an empty value is kept, and Decode gives it its
// meaning.
type Params map[string]string

// node is one segment of the flattened parameter tree.
type node struct {
	value    string
	hasValue bool
	children map[string]*node
}

func buildTree(p Params) *node {
	root := &node{}
	for k, v := range p {
		n := root
		for _, seg := range strings.Split(k, ".") {
			if n.children == nil {
				n.children = map[string]*node{}
			}
			c, ok := n.children[seg]
			if !ok {
				c = &node{}
				n.children[seg] = c
			}
			n = c
		}
		n.value, n.hasValue = v, true
	}
	return root
}

// commonParams are the parameters every EC2 request may carry besides its
// action's members: the action and version, and the query-string
// authentication of signature versions 2 and 4.
var commonParams = map[string]bool{
	"Action": true, "Version": true,
	"AWSAccessKeyId": true, "Signature": true, "SignatureMethod": true, "SignatureVersion": true,
	"Timestamp": true, "Expires": true, "SecurityToken": true,
	"X-Amz-Algorithm": true, "X-Amz-Credential": true, "X-Amz-Date": true, "X-Amz-Expires": true,
	"X-Amz-SignedHeaders": true, "X-Amz-Signature": true, "X-Amz-Security-Token": true,
}

// Decode fills the struct pointed to by dst from p, by the fields' `ec2`
// tags. Lists are rebuilt by numeric index (N.1, N.2, ... in numeric order,
// whatever order they arrived in; gaps are allowed).
//
// Decoding never widens a request by dropping what it cannot place: a
// parameter that names no member of the input (a misspelt name, a list
// index that is not a positive decimal integer without sign or leading
// zeros such as `VpcId.0`, `VpcId.-1`, `VpcId.01` or `VpcId.١`, a value
// given to a list or structure, a sub-parameter of a scalar) is EC2's
// UnknownParameter, which AWS documents for "improperly formatted
// parameters" ("The parameter X is not recognized").
//
// An empty value is absent (Terraform sends `Placement.AvailabilityZone=`
// for "unset"), except inside a list element, where it was sent on purpose:
// `VpcId.1=` is the id "", and `Tag.1.Value=` is the empty value DeleteTags
// matches exactly.
func Decode(p Params, dst any) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("protocol: Decode needs a pointer to a struct, got %T", dst)
	}
	return decodeStruct(buildTree(p), v.Elem(), "", false)
}

type fieldInfo struct {
	index    int
	wire     string
	required bool
}

type structInfo struct {
	fields []fieldInfo
	byWire map[string]int // wire name -> index in fields
}

var fieldCache sync.Map // reflect.Type -> *structInfo

func infoOf(t reflect.Type) *structInfo {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*structInfo)
	}
	info := &structInfo{byWire: map[string]int{}}
	for i := 0; i < t.NumField(); i++ {
		if tag := t.Field(i).Tag.Get("ec2"); tag != "" {
			wire, opts, _ := strings.Cut(tag, ",")
			info.byWire[wire] = len(info.fields)
			info.fields = append(info.fields, fieldInfo{index: i, wire: wire, required: opts == "req"})
		}
	}
	fieldCache.Store(t, info)
	return info
}

func fieldsOf(t reflect.Type) []fieldInfo { return infoOf(t).fields }

// unknownParameter is EC2's answer to a parameter it cannot place.
func unknownParameter(name string) error {
	return awserr.New("UnknownParameter", "The parameter %s is not recognized", name)
}

// decodeStruct fills v from n's children; elem says v is a list element.
func decodeStruct(n *node, v reflect.Value, path string, elem bool) error {
	if n.hasValue && path != "" {
		return unknownParameter(path)
	}
	info := infoOf(v.Type())
	// Visit children in name order so the first unknown one reported is
	// the same on every run.
	keys := make([]string, 0, len(n.children))
	for k := range n.children {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		i, ok := info.byWire[k]
		if !ok {
			if path == "" && commonParams[k] && len(n.children[k].children) == 0 {
				continue
			}
			return unknownParameter(join(path, k))
		}
		f := info.fields[i]
		if err := decodeValue(n.children[k], v.Field(f.index), join(path, f.wire), elem); err != nil {
			return err
		}
	}
	return nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

var timeType = reflect.TypeOf(time.Time{})

// decodeValue fills v from n; inElem says v is a direct member of a list
// element (or the element itself), where an empty value is kept.
func decodeValue(n *node, v reflect.Value, path string, inElem bool) error {
	switch v.Kind() {
	case reflect.Pointer:
		elem := reflect.New(v.Type().Elem())
		if elem.Elem().Kind() == reflect.Struct && elem.Elem().Type() != timeType {
			if len(n.children) == 0 {
				if n.hasValue {
					return unknownParameter(path)
				}
				return nil
			}
			if err := decodeStruct(n, elem.Elem(), path, false); err != nil {
				return err
			}
			v.Set(elem)
			return nil
		}
		if len(n.children) > 0 {
			return unknownParameter(firstChild(n, path))
		}
		if !present(n, elem.Elem().Kind(), inElem) {
			return nil
		}
		if err := decodeScalar(n.value, elem.Elem(), path); err != nil {
			return err
		}
		v.Set(elem)
		return nil
	case reflect.Slice:
		return decodeList(n, v, path)
	case reflect.Struct:
		if v.Type() != timeType {
			return decodeStruct(n, v, path, inElem)
		}
	}
	if len(n.children) > 0 {
		return unknownParameter(firstChild(n, path))
	}
	if !present(n, v.Kind(), inElem) {
		return nil
	}
	return decodeScalar(n.value, v, path)
}

// present reports whether scalar node n holds a value to decode: any value
// of a string in a list element, any non-empty value otherwise.
func present(n *node, k reflect.Kind, inElem bool) bool {
	if !n.hasValue {
		return false
	}
	return n.value != "" || inElem && k == reflect.String
}

// firstChild names n's first sub-parameter (by name), for messages.
func firstChild(n *node, path string) string {
	first := ""
	for k := range n.children {
		if first == "" || k < first {
			first = k
		}
	}
	return path + "." + first
}

// maxIndexDigits bounds a list index (999,999,999 positions).
const maxIndexDigits = 9

// parseIndex accepts a list position: a positive decimal integer in ASCII
// digits, without sign or leading zeros.
func parseIndex(s string) (int, bool) {
	if s == "" || len(s) > maxIndexDigits || s[0] == '0' {
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

// decodeList rebuilds a list from n's indexed children in numeric order.
func decodeList(n *node, v reflect.Value, path string) error {
	if n.hasValue {
		return unknownParameter(path)
	}
	type item struct {
		i   int
		key string
	}
	items := make([]item, 0, len(n.children))
	for k := range n.children {
		i, ok := parseIndex(k)
		if !ok {
			return unknownParameter(path + "." + k)
		}
		items = append(items, item{i, k})
	}
	if len(items) == 0 {
		return nil
	}
	sort.Slice(items, func(a, b int) bool { return items[a].i < items[b].i })
	s := reflect.MakeSlice(v.Type(), len(items), len(items))
	for j, it := range items {
		if err := decodeValue(n.children[it.key], s.Index(j), path+"."+it.key, true); err != nil {
			return err
		}
	}
	v.Set(s)
	return nil
}

func decodeScalar(s string, v reflect.Value, path string) error {
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		switch strings.ToLower(s) {
		case "true":
			v.SetBool(true)
		case "false":
			v.SetBool(false)
		default:
			return awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid. Expected: 'true' or 'false'.", s, path)
		}
	case reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, v.Type().Bits())
		if err != nil {
			return awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid. Expected an integer.", s, path)
		}
		v.SetInt(n)
	case reflect.Float64:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid. Expected a number.", s, path)
		}
		v.SetFloat(f)
	case reflect.Struct:
		if v.Type() == timeType {
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid. Expected an ISO 8601 timestamp.", s, path)
			}
			v.Set(reflect.ValueOf(t))
			return nil
		}
		return fmt.Errorf("protocol: unsupported struct scalar %s", v.Type())
	default:
		return fmt.Errorf("protocol: unsupported kind %s at %s", v.Kind(), path)
	}
	return nil
}

// CheckRequired returns EC2's MissingParameter error for the first required
// member (by the model's `required` lists, carried as `ec2:"Wire,req"`)
// that a decoded input lacks, descending into present structures and list
// elements. The message names the member's wire path ("Filter.Name"), or
// the name the input gives it through MissingNamer.
func CheckRequired(in any) *awserr.Error {
	if name, ok := missing(reflect.ValueOf(in), ""); ok {
		if n, ok := in.(MissingNamer); ok {
			name = n.MissingParameterName(name)
		}
		return awserr.MissingParameter(name)
	}
	return nil
}

// MissingNamer is implemented by an input shape whose MissingParameter
// message names a member otherwise than by its wire path (CreateTags'
// ResourceId list is "resourceIdSet"). It returns wire unchanged for the
// other members.
type MissingNamer interface {
	MissingParameterName(wire string) string
}

func missing(v reflect.Value, path string) (string, bool) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", false
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == timeType {
			return "", false
		}
		for _, f := range fieldsOf(v.Type()) {
			fv := v.Field(f.index)
			if (fv.Kind() == reflect.Pointer || fv.Kind() == reflect.Slice) && fv.IsNil() {
				if f.required {
					return join(path, f.wire), true
				}
				continue
			}
			if name, ok := missing(fv, join(path, f.wire)); ok {
				return name, true
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			if name, ok := missing(v.Index(i), path); ok {
				return name, true
			}
		}
	}
	return "", false
}
