package restjson

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/rest"
)

// maxDepth bounds the nesting of decoded values.
const maxDepth = 64

var errType = errors.New("wrong JSON type")

// encoder renders shapes as JSON.
type encoder struct {
	b bytes.Buffer
}

const hexDigits = "0123456789abcdef"

func (e *encoder) str(s string) {
	e.b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			e.b.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				e.b.WriteByte('\\')
				e.b.WriteByte(c)
			case '\n':
				e.b.WriteString(`\n`)
			case '\r':
				e.b.WriteString(`\r`)
			case '\t':
				e.b.WriteString(`\t`)
			default:
				e.b.WriteString(`\u00`)
				e.b.WriteByte(hexDigits[c>>4])
				e.b.WriteByte(hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			e.b.WriteString(s[start:i])
			e.b.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		i += size
	}
	e.b.WriteString(s[start:])
	e.b.WriteByte('"')
}

// object writes the given members of struct v as a JSON object.
func (e *encoder) object(v reflect.Value, fields []protocol.Field, depth int) error {
	e.b.WriteByte('{')
	n := 0
	for _, f := range fields {
		if f.Tag.Loc != "" {
			continue
		}
		fv := v.Field(f.Index)
		if isNil(fv) {
			continue
		}
		if n > 0 {
			e.b.WriteByte(',')
		}
		n++
		e.str(f.Tag.Wire)
		e.b.WriteByte(':')
		if err := e.value(fv, f.Tag.TS, depth+1); err != nil {
			return err
		}
	}
	e.b.WriteByte('}')
	return nil
}

func isNil(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice:
		return v.IsNil()
	}
	return false
}

func (e *encoder) value(v reflect.Value, ts string, depth int) error {
	if depth > maxDepth {
		return errors.New("restjson: value nested too deeply")
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			e.b.WriteString("null")
			return nil
		}
		raw, err := json.Marshal(v.Interface())
		if err != nil {
			return err
		}
		e.b.Write(raw)
		return nil
	}
	v, ok := rest.Indirect(v)
	if !ok {
		e.b.WriteString("null")
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		e.str(v.String())
	case reflect.Bool:
		e.b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			s, _ := rest.FormatScalar(v, "")
			e.str(s)
		} else {
			e.b.WriteString(strconv.FormatFloat(f, 'g', -1, v.Type().Bits()))
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			e.str(base64.StdEncoding.EncodeToString(v.Bytes()))
			return nil
		}
		e.b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				e.b.WriteByte(',')
			}
			if err := e.value(v.Index(i), ts, depth+1); err != nil {
				return err
			}
		}
		e.b.WriteByte(']')
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		e.b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				e.b.WriteByte(',')
			}
			e.str(k.String())
			e.b.WriteByte(':')
			if err := e.value(v.MapIndex(k), ts, depth+1); err != nil {
				return err
			}
		}
		e.b.WriteByte('}')
	case reflect.Struct:
		if v.Type() == rest.TimeType {
			t := v.Interface().(time.Time)
			if ts == "" {
				ts = rest.Unix
			}
			s := rest.FormatTime(t, ts)
			if ts == rest.Unix {
				e.b.WriteString(s)
			} else {
				e.str(s)
			}
			return nil
		}
		return e.object(v, protocol.Describe(v.Type()).Fields, depth)
	default:
		return fmt.Errorf("restjson: cannot encode %s", v.Type())
	}
	return nil
}

// parse decodes a JSON document into generic values (numbers kept as
// json.Number); nil, nil for an empty body.
func parse(body []byte) (any, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, nil
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err == nil {
		return nil, errors.New("trailing data after the JSON document")
	}
	return v, nil
}

// decodeObject fills the given members of struct v from a JSON object.
func decodeObject(src any, v reflect.Value, fields []protocol.Field, depth int) error {
	obj, ok := src.(map[string]any)
	if !ok {
		return errType
	}
	for _, f := range fields {
		if f.Tag.Loc != "" {
			continue
		}
		raw, ok := obj[f.Tag.Wire]
		if !ok || raw == nil {
			continue
		}
		if err := decodeValue(raw, v.Field(f.Index), f.Tag.TS, depth+1); err != nil {
			return fmt.Errorf("%s: %w", f.Tag.Wire, err)
		}
	}
	return nil
}

func decodeValue(src any, fv reflect.Value, ts string, depth int) error {
	if depth > maxDepth {
		return errType
	}
	t := fv.Type()
	if t.Kind() == reflect.Interface {
		fv.Set(reflect.ValueOf(src))
		return nil
	}
	if src == nil {
		return nil
	}
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && t.Elem() != rest.TimeType {
		p := reflect.New(t.Elem())
		if err := decodeObject(src, p.Elem(), protocol.Describe(t.Elem()).Fields, depth); err != nil {
			return err
		}
		fv.Set(p)
		return nil
	}
	switch {
	case t.Kind() == reflect.Struct && t != rest.TimeType:
		return decodeObject(src, fv, protocol.Describe(t).Fields, depth)
	case t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8:
		arr, ok := src.([]any)
		if !ok {
			return errType
		}
		sl := reflect.MakeSlice(t, len(arr), len(arr))
		for i, e := range arr {
			if err := decodeValue(e, sl.Index(i), ts, depth+1); err != nil {
				return err
			}
		}
		fv.Set(sl)
		return nil
	case t.Kind() == reflect.Map:
		obj, ok := src.(map[string]any)
		if !ok || t.Key().Kind() != reflect.String {
			return errType
		}
		m := reflect.MakeMapWithSize(t, len(obj))
		for k, e := range obj {
			val := reflect.New(t.Elem()).Elem()
			if err := decodeValue(e, val, ts, depth+1); err != nil {
				return err
			}
			m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), val)
		}
		fv.Set(m)
		return nil
	}
	return decodeScalar(src, fv, ts)
}

func decodeScalar(src any, fv reflect.Value, ts string) error {
	et := fv.Type()
	if et.Kind() == reflect.Pointer {
		et = et.Elem()
	}
	var text string
	switch s := src.(type) {
	case string:
		switch {
		case et.Kind() == reflect.String, et == rest.TimeType, et.Kind() == reflect.Slice:
		case et.Kind() == reflect.Float32 || et.Kind() == reflect.Float64:
			if s != "NaN" && s != "Infinity" && s != "-Infinity" {
				return errType
			}
			f := math.NaN()
			if s == "Infinity" {
				f = math.Inf(1)
			} else if s == "-Infinity" {
				f = math.Inf(-1)
			}
			nv := reflect.New(et)
			nv.Elem().SetFloat(f)
			if fv.Kind() == reflect.Pointer {
				fv.Set(nv)
			} else {
				fv.Set(nv.Elem())
			}
			return nil
		default:
			return errType
		}
		text = s
	case json.Number:
		switch et.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Float32, reflect.Float64:
		case reflect.Struct:
			if et != rest.TimeType {
				return errType
			}
			ts = rest.Unix
		default:
			return errType
		}
		text = s.String()
	case bool:
		if et.Kind() != reflect.Bool {
			return errType
		}
		text = strconv.FormatBool(s)
	default:
		return errType
	}
	if ts == "" {
		ts = rest.Unix
	}
	return rest.SetScalar(fv, text, ts)
}
