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
// query string). Empty values are dropped: EC2 treats them as absent.
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
		if v == "" {
			continue
		}
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

// Decode fills the struct pointed to by dst from p, by the fields' `ec2`
// tags. Lists are rebuilt by numeric index (N.1, N.2, ... in numeric order,
// whatever order they arrived in). Unknown parameters are ignored.
func Decode(p Params, dst any) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("protocol: Decode needs a pointer to a struct, got %T", dst)
	}
	return decodeStruct(buildTree(p), v.Elem(), "")
}

type fieldInfo struct {
	index    int
	wire     string
	required bool
}

var fieldCache sync.Map // reflect.Type -> []fieldInfo

func fieldsOf(t reflect.Type) []fieldInfo {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]fieldInfo)
	}
	var out []fieldInfo
	for i := 0; i < t.NumField(); i++ {
		if tag := t.Field(i).Tag.Get("ec2"); tag != "" {
			wire, opts, _ := strings.Cut(tag, ",")
			out = append(out, fieldInfo{index: i, wire: wire, required: opts == "req"})
		}
	}
	fieldCache.Store(t, out)
	return out
}

func decodeStruct(n *node, v reflect.Value, path string) error {
	for _, f := range fieldsOf(v.Type()) {
		c := n.children[f.wire]
		if c == nil {
			continue
		}
		if err := decodeValue(c, v.Field(f.index), join(path, f.wire)); err != nil {
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

func decodeValue(n *node, v reflect.Value, path string) error {
	switch v.Kind() {
	case reflect.Pointer:
		elem := reflect.New(v.Type().Elem())
		if elem.Elem().Kind() == reflect.Struct && elem.Elem().Type() != timeType {
			if len(n.children) == 0 {
				return nil
			}
			if err := decodeStruct(n, elem.Elem(), path); err != nil {
				return err
			}
			v.Set(elem)
			return nil
		}
		if !n.hasValue {
			return nil
		}
		if err := decodeScalar(n.value, elem.Elem(), path); err != nil {
			return err
		}
		v.Set(elem)
		return nil
	case reflect.Slice:
		// Rebuild the list in numeric index order; "01" and "1" are the
		// same position, the first spelling seen (in sorted key order) wins.
		type item struct {
			i   int
			key string
		}
		items := make([]item, 0, len(n.children))
		for k := range n.children {
			i, err := strconv.Atoi(k)
			if err != nil || i < 1 {
				continue
			}
			items = append(items, item{i, k})
		}
		sort.Slice(items, func(a, b int) bool {
			if items[a].i != items[b].i {
				return items[a].i < items[b].i
			}
			return items[a].key < items[b].key
		})
		s := reflect.MakeSlice(v.Type(), 0, len(items))
		for j, it := range items {
			if j > 0 && items[j-1].i == it.i {
				continue
			}
			c := n.children[it.key]
			e := reflect.New(v.Type().Elem()).Elem()
			p := path + "." + it.key
			if e.Kind() == reflect.Struct {
				if err := decodeStruct(c, e, p); err != nil {
					return err
				}
			} else {
				if !c.hasValue {
					continue
				}
				if err := decodeScalar(c.value, e, p); err != nil {
					return err
				}
			}
			s = reflect.Append(s, e)
		}
		if s.Len() > 0 {
			v.Set(s)
		}
		return nil
	}
	if !n.hasValue {
		return nil
	}
	return decodeScalar(n.value, v, path)
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
// elements. The message names the member's wire path ("Filter.Name").
func CheckRequired(in any) *awserr.Error {
	if name, ok := missing(reflect.ValueOf(in), ""); ok {
		return awserr.MissingParameter(name)
	}
	return nil
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
