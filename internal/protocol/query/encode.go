package query

import (
	"encoding/base64"
	"math"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/vpcsim/vpcsim/internal/protocol"
)

// appendStart writes <name ...> with struct v's attribute members and an
// optional namespace.
func appendStart(b []byte, name string, v reflect.Value, ns string) []byte {
	b = append(b, '<')
	b = append(b, name...)
	if ns != "" {
		b = append(b, " xmlns=\""...)
		b = appendEscaped(b, ns, true)
		b = append(b, '"')
	}
	if v.IsValid() {
		fields := protocol.Describe(v.Type()).Fields
		for i := range fields {
			f := &fields[i]
			if !f.Tag.Attr {
				continue
			}
			fv := v.Field(f.Index)
			if absent(fv) {
				continue
			}
			b = append(b, ' ')
			b = append(b, f.Tag.Wire...)
			b = append(b, "=\""...)
			b = appendScalar(b, fv, &f.Tag, true)
			b = append(b, '"')
		}
	}
	return append(b, '>')
}

func appendEnd(b []byte, name string) []byte {
	b = append(b, "</"...)
	b = append(b, name...)
	return append(b, '>')
}

func appendEmpty(b []byte, name string) []byte {
	b = append(b, '<')
	b = append(b, name...)
	return append(b, "/>"...)
}

func absent(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return v.IsNil()
	}
	return false
}

// appendFields writes struct v's present element members in field order.
func appendFields(b []byte, v reflect.Value) []byte {
	fields := protocol.Describe(v.Type()).Fields
	for i := range fields {
		f := &fields[i]
		if f.Tag.Attr {
			continue
		}
		fv := v.Field(f.Index)
		if absent(fv) {
			continue
		}
		b = appendMember(b, f.Tag.Wire, fv, &f.Tag)
	}
	return b
}

// appendMember writes one member named name.
func appendMember(b []byte, name string, v reflect.Value, tag *protocol.Tag) []byte {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return appendEmpty(b, name)
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == timeType {
			break
		}
		b = appendStart(b, name, v, tag.NS)
		b = appendFields(b, v)
		return appendEnd(b, name)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			break
		}
		if tag.Flat {
			for i := 0; i < v.Len(); i++ {
				b = appendMember(b, name, v.Index(i), &elemTag)
			}
			return b
		}
		if v.Len() == 0 {
			return appendEmpty(b, name)
		}
		b = appendStart(b, name, reflect.Value{}, tag.NS)
		for i := 0; i < v.Len(); i++ {
			b = appendMember(b, tag.Member, v.Index(i), &elemTag)
		}
		return appendEnd(b, name)
	case reflect.Map:
		if v.Len() == 0 && !tag.Flat {
			return appendEmpty(b, name)
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(x, y reflect.Value) int {
			if x.String() < y.String() {
				return -1
			}
			if x.String() > y.String() {
				return 1
			}
			return 0
		})
		entry := "entry"
		if tag.Flat {
			entry = name
		} else {
			b = appendStart(b, name, reflect.Value{}, tag.NS)
		}
		for _, k := range keys {
			b = appendStart(b, entry, reflect.Value{}, "")
			b = appendMember(b, tag.Key, k, &elemTag)
			b = appendMember(b, tag.Value, v.MapIndex(k), &elemTag)
			b = appendEnd(b, entry)
		}
		if !tag.Flat {
			b = appendEnd(b, name)
		}
		return b
	case reflect.Interface:
		return b // documents have no query form
	}
	b = appendStart(b, name, reflect.Value{}, tag.NS)
	b = appendScalar(b, v, tag, false)
	return appendEnd(b, name)
}

// appendScalar writes a scalar's text.
func appendScalar(b []byte, v reflect.Value, tag *protocol.Tag, attr bool) []byte {
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		return appendEscaped(b, v.String(), attr)
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10)
	case reflect.Float32, reflect.Float64:
		return appendFloat(b, v.Float())
	case reflect.Slice:
		return base64.StdEncoding.AppendEncode(b, v.Bytes())
	case reflect.Struct:
		if v.Type() == timeType {
			if v.CanAddr() {
				return appendTime(b, *v.Addr().Interface().(*time.Time), tag.TS)
			}
			return appendTime(b, v.Interface().(time.Time), tag.TS)
		}
	}
	return b
}

func appendFloat(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "NaN"...)
	case math.IsInf(f, 1):
		return append(b, "Infinity"...)
	case math.IsInf(f, -1):
		return append(b, "-Infinity"...)
	}
	return strconv.AppendFloat(b, f, 'g', -1, 64)
}

// appendTime writes t in the member's timestamp format: ISO 8601 UTC by
// default, with milliseconds only when non-zero.
func appendTime(b []byte, t time.Time, format string) []byte {
	t = t.UTC()
	switch format {
	case "unixTimestamp":
		b = strconv.AppendInt(b, t.Unix(), 10)
		if ms := t.Nanosecond() / 1e6; ms != 0 {
			b = append(b, '.', byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10))
			for b[len(b)-1] == '0' {
				b = b[:len(b)-1]
			}
		}
		return b
	case "rfc822":
		return t.AppendFormat(b, http.TimeFormat)
	}
	return appendISO(b, t)
}

// appendISO writes UTC t as 2006-01-02T15:04:05Z, with up to three
// fractional digits when its milliseconds are non-zero.
func appendISO(b []byte, t time.Time) []byte {
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(b, "2006-01-02T15:04:05.999Z")
	}
	h, m, sec := t.Clock()
	b = append(b, byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-')
	b = append(b, byte('0'+month/10), byte('0'+month%10), '-', byte('0'+day/10), byte('0'+day%10), 'T')
	b = append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+sec/10), byte('0'+sec%10))
	if ms := t.Nanosecond() / 1e6; ms != 0 {
		b = append(b, '.', byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10))
		for b[len(b)-1] == '0' {
			b = b[:len(b)-1]
		}
	}
	return append(b, 'Z')
}

// plain marks the ASCII bytes that need no escaping anywhere.
var plain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '&' && c != '<' && c != '>' && c != '"'
	}
	return t
}()

// appendEscaped writes s as XML character data (or an attribute value),
// replacing characters XML cannot carry with U+FFFD.
func appendEscaped(b []byte, s string, attr bool) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		width := 1
		if c < utf8.RuneSelf {
			if plain[c] {
				i++
				continue
			}
			switch {
			case c == '&':
				esc = "&amp;"
			case c == '<':
				esc = "&lt;"
			case c == '>':
				esc = "&gt;"
			case c == '"' && attr:
				esc = "&quot;"
			case c == '\r':
				esc = "&#xD;"
			case c == '\n' && attr:
				esc = "&#xA;"
			case c == '\t' && attr:
				esc = "&#x9;"
			case c < 0x20 && c != '\n' && c != '\t':
				esc = "\uFFFD"
			default:
				i++
				continue
			}
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			width = n
			if (r != utf8.RuneError || n != 1) && r != 0xFFFE && r != 0xFFFF {
				i += n
				continue
			}
			esc = "\uFFFD"
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		i += width
		last = i
	}
	return append(b, s[last:]...)
}
