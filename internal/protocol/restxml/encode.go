package restxml

import (
	"bytes"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/rest"
)

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// encoder renders shapes as XML.
type encoder struct {
	b bytes.Buffer
}

// text writes s escaped as XML character data or attribute value; bytes
// that are not valid UTF-8 or not XML characters become U+FFFD.
func (e *encoder) text(s string) {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var esc string
			switch {
			case c == '&':
				esc = "&amp;"
			case c == '<':
				esc = "&lt;"
			case c == '>':
				esc = "&gt;"
			case c == '"':
				esc = "&#34;"
			case c == '\'':
				esc = "&#39;"
			case c == '\n':
				esc = "&#xA;"
			case c == '\r':
				esc = "&#xD;"
			case c == '\t':
				esc = "&#x9;"
			case c < 0x20:
				esc = "\uFFFD"
			default:
				i++
				continue
			}
			e.b.WriteString(s[start:i])
			e.b.WriteString(esc)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !isXMLChar(r) {
			e.b.WriteString(s[start:i])
			e.b.WriteString("\uFFFD")
			i += size
			start = i
			continue
		}
		i += size
	}
	e.b.WriteString(s[start:])
}

func isXMLChar(r rune) bool {
	return (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// open writes "<name" with a namespace declaration when ns differs from
// the inherited default namespace; it returns the default namespace for the
// element's children. prefix, when set, declares ns as xmlns:prefix instead.
func (e *encoder) open(name, ns, prefix, inherited string) string {
	e.b.WriteByte('<')
	e.b.WriteString(name)
	switch {
	case ns == "":
	case prefix != "":
		e.b.WriteString(` xmlns:`)
		e.b.WriteString(prefix)
		e.b.WriteString(`="`)
		e.text(ns)
		e.b.WriteByte('"')
	case ns != inherited:
		e.b.WriteString(` xmlns="`)
		e.text(ns)
		e.b.WriteByte('"')
		return ns
	}
	return inherited
}

func (e *encoder) close(name string) {
	e.b.WriteString("</")
	e.b.WriteString(name)
	e.b.WriteByte('>')
}

// scalar writes <name>text</name>; ok is false for a non-scalar.
func (e *encoder) scalar(name string, v reflect.Value, tag protocol.Tag) bool {
	s, ok := rest.FormatScalar(v, tag.TS)
	if !ok {
		return false
	}
	e.b.WriteByte('<')
	e.b.WriteString(name)
	e.b.WriteByte('>')
	e.text(s)
	e.close(name)
	return true
}

// structElem writes struct v as element name. ns is the element's
// namespace (from its member's ns= or the structure's own).
func (e *encoder) structElem(name, ns string, v reflect.Value, fields []protocol.Field, inherited string) {
	info := protocol.Describe(v.Type())
	if ns == "" {
		ns = info.NS
	}
	prefix := ""
	for _, f := range fields {
		if f.Tag.Attr {
			if p, _, ok := strings.Cut(f.Tag.Wire, ":"); ok {
				prefix = p
			}
		}
	}
	inner := e.open(name, ns, prefix, inherited)
	for _, f := range fields {
		if !f.Tag.Attr {
			continue
		}
		fv, ok := rest.Indirect(v.Field(f.Index))
		if !ok {
			continue
		}
		s, ok := rest.FormatScalar(fv, f.Tag.TS)
		if !ok {
			continue
		}
		e.b.WriteByte(' ')
		e.b.WriteString(f.Tag.Wire)
		e.b.WriteString(`="`)
		e.text(s)
		e.b.WriteByte('"')
	}
	e.b.WriteByte('>')
	for _, f := range fields {
		if f.Tag.Attr || f.Tag.Loc != "" {
			continue
		}
		e.member(v.Field(f.Index), f.Tag, inner)
	}
	e.close(name)
}

// member writes one member by its tag; nil members are omitted.
func (e *encoder) member(fv reflect.Value, tag protocol.Tag, inherited string) {
	t := fv.Type()
	switch {
	case t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8:
		if fv.IsNil() {
			return
		}
		if tag.Flat {
			for i := 0; i < fv.Len(); i++ {
				e.value(tag.Wire, fv.Index(i), tag, inherited)
			}
			return
		}
		inner := e.open(tag.Wire, tag.NS, "", inherited)
		e.b.WriteByte('>')
		for i := 0; i < fv.Len(); i++ {
			e.value(tag.Member, fv.Index(i), protocol.Tag{TS: tag.TS}, inner)
		}
		e.close(tag.Wire)
	case t.Kind() == reflect.Map:
		if fv.IsNil() {
			return
		}
		keys := fv.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		entry := func(k reflect.Value, inner string) {
			e.value(tag.Key, k, protocol.Tag{}, inner)
			e.value(tag.Value, fv.MapIndex(k), protocol.Tag{TS: tag.TS}, inner)
		}
		if tag.Flat {
			for _, k := range keys {
				inner := e.open(tag.Wire, tag.NS, "", inherited)
				e.b.WriteByte('>')
				entry(k, inner)
				e.close(tag.Wire)
			}
			return
		}
		inner := e.open(tag.Wire, tag.NS, "", inherited)
		e.b.WriteByte('>')
		for _, k := range keys {
			e.b.WriteString("<entry>")
			entry(k, inner)
			e.b.WriteString("</entry>")
		}
		e.close(tag.Wire)
	default:
		e.value(tag.Wire, fv, tag, inherited)
	}
}

// value writes a scalar or structure value as element name.
func (e *encoder) value(name string, fv reflect.Value, tag protocol.Tag, inherited string) {
	v, ok := rest.Indirect(fv)
	if !ok {
		return
	}
	if v.Kind() == reflect.Struct && v.Type() != rest.TimeType {
		e.structElem(name, tag.NS, v, protocol.Describe(v.Type()).Fields, inherited)
		return
	}
	e.scalar(name, v, tag)
}
