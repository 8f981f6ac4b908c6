package restxml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/rest"
)

// maxDepth bounds the nesting of a request document.
const maxDepth = 64

// node is one element of a parsed request document.
type node struct {
	name     string // local name
	attrs    []xml.Attr
	children []*node
	text     []byte
}

func (n *node) child(name string) *node {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

func (n *node) attr(name string) (string, bool) {
	_, local, ok := strings.Cut(name, ":")
	if !ok {
		local = name
	}
	for _, a := range n.attrs {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

var errMalformed = errors.New("malformed XML")

// parse reads an XML document into a tree; it returns nil, nil for a body
// holding no element at all (empty or whitespace).
func parse(body []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	var (
		root  *node
		stack []*node
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errMalformed
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth {
				return nil, errMalformed
			}
			n := &node{name: t.Name.Local, attrs: t.Attr}
			if len(stack) == 0 {
				if root != nil {
					return nil, errMalformed
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, errMalformed
				}
				continue
			}
			p := stack[len(stack)-1]
			p.text = append(p.text, t...)
		}
	}
	if len(stack) != 0 {
		return nil, errMalformed
	}
	return root, nil
}

// decodeStruct fills the non-located members of struct v from element n.
func decodeStruct(n *node, v reflect.Value, depth int) error {
	if depth > maxDepth {
		return errMalformed
	}
	info := protocol.Describe(v.Type())
	for _, f := range info.Fields {
		if f.Tag.Loc != "" {
			continue
		}
		if err := decodeField(n, v.Field(f.Index), f.Tag, depth); err != nil {
			return err
		}
	}
	return nil
}

func decodeField(n *node, fv reflect.Value, tag protocol.Tag, depth int) error {
	if tag.Attr {
		s, ok := n.attr(tag.Wire)
		if !ok {
			return nil
		}
		return setText(fv, s, tag)
	}
	t := fv.Type()
	switch {
	case t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8:
		var items []*node
		if tag.Flat {
			for _, c := range n.children {
				if c.name == tag.Wire {
					items = append(items, c)
				}
			}
		} else {
			w := n.child(tag.Wire)
			if w == nil {
				return nil
			}
			for _, c := range w.children {
				if c.name == tag.Member {
					items = append(items, c)
				}
			}
		}
		if items == nil && tag.Flat {
			return nil
		}
		sl := reflect.MakeSlice(t, len(items), len(items))
		for i, c := range items {
			if err := decodeValue(c, sl.Index(i), tag, depth+1); err != nil {
				return err
			}
		}
		fv.Set(sl)
	case t.Kind() == reflect.Map:
		var entries []*node
		if tag.Flat {
			for _, c := range n.children {
				if c.name == tag.Wire {
					entries = append(entries, c)
				}
			}
			if entries == nil {
				return nil
			}
		} else {
			w := n.child(tag.Wire)
			if w == nil {
				return nil
			}
			for _, c := range w.children {
				if c.name == "entry" {
					entries = append(entries, c)
				}
			}
		}
		m := reflect.MakeMapWithSize(t, len(entries))
		for _, e := range entries {
			kn, vn := e.child(tag.Key), e.child(tag.Value)
			if kn == nil {
				return errMalformed
			}
			k := reflect.New(t.Key()).Elem()
			if err := setText(k, string(kn.text), tag); err != nil {
				return err
			}
			val := reflect.New(t.Elem()).Elem()
			if vn != nil {
				if err := decodeValue(vn, val, tag, depth+1); err != nil {
					return err
				}
			}
			m.SetMapIndex(k, val)
		}
		fv.Set(m)
	default:
		c := n.child(tag.Wire)
		if c == nil {
			return nil
		}
		return decodeValue(c, fv, tag, depth+1)
	}
	return nil
}

// decodeValue fills fv (a scalar, a structure or a pointer to one) from n.
func decodeValue(n *node, fv reflect.Value, tag protocol.Tag, depth int) error {
	t := fv.Type()
	if rest.IsScalarType(t) {
		return setText(fv, string(n.text), tag)
	}
	switch {
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		p := reflect.New(t.Elem())
		if err := decodeStruct(n, p.Elem(), depth); err != nil {
			return err
		}
		fv.Set(p)
	case t.Kind() == reflect.Struct:
		return decodeStruct(n, fv, depth)
	case t.Kind() == reflect.Interface:
		fv.Set(reflect.ValueOf(string(n.text)))
	}
	return nil
}

func setText(fv reflect.Value, s string, tag protocol.Tag) error {
	ts := tag.TS
	if ts == "" {
		ts = rest.ISO8601
	}
	if t := fv.Type(); t.Kind() != reflect.String && !(t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.String) {
		s = strings.TrimSpace(s)
	}
	if err := rest.SetScalar(fv, s, ts); err != nil {
		return fmt.Errorf("%w: %v", errMalformed, err)
	}
	return nil
}
