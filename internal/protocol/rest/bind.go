package rest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// Invalid builds the protocol's error for a malformed bound value.
type Invalid func(format string, args ...any) *awserr.Error

// Layout is the body layout of an input or output shape.
type Layout struct {
	// Payload is the payload member, or nil.
	Payload *protocol.Field
	// Body lists the non-located members (the document members when there
	// is no payload member).
	Body []protocol.Field
}

// RawPayload reports whether the payload member is sent as the raw body
// (a blob, a string or a streaming member) rather than a document.
func (l Layout) RawPayload(t reflect.Type) bool {
	if l.Payload == nil {
		return false
	}
	if l.Payload.Tag.Streaming {
		return true
	}
	ft := t.Field(l.Payload.Index).Type
	if ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	return ft.Kind() == reflect.String || (ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Uint8)
}

// LayoutOf returns the body layout of a shape.
func LayoutOf(info *protocol.StructInfo) Layout {
	var l Layout
	for i := range info.Fields {
		f := &info.Fields[i]
		switch {
		case f.Tag.Payload:
			l.Payload = f
		case f.Tag.Loc == "":
			l.Body = append(l.Body, *f)
		}
	}
	return l
}

// DecodeBindings fills the located members of the struct v (labels, query
// string, headers, header maps) from the request. route, when known, names
// the template's literal query keys (kept out of a querystring map).
func DecodeBindings(req *protocol.Request, route *Route, v reflect.Value, info *protocol.StructInfo, invalid Invalid) error {
	r := req.HTTP
	var q url.Values
	claimed := map[string]bool{"x-id": true}
	for _, f := range info.Fields {
		if f.Tag.Loc == "querystring" {
			if q == nil {
				q = r.URL.Query()
			}
			claimed[f.Tag.Wire] = true
		}
	}
	chunked := IsAWSChunked(r)
	for _, f := range info.Fields {
		fv := v.Field(f.Index)
		switch f.Tag.Loc {
		case "uri":
			s, ok := req.Labels[f.Tag.Wire]
			if !ok {
				continue
			}
			if err := SetScalar(fv, s, ISO8601); err != nil {
				return invalid("Invalid value for URI label %s: %v", f.Tag.Wire, err)
			}
		case "querystring":
			if err := decodeQuery(fv, f, q, claimed, route, invalid); err != nil {
				return err
			}
		case "header":
			vals := r.Header.Values(f.Tag.Wire)
			if len(vals) == 0 {
				continue
			}
			s := strings.Join(vals, ",")
			if chunked {
				switch strings.ToLower(f.Tag.Wire) {
				case "content-encoding":
					s = stripChunked(s)
					if s == "" {
						continue
					}
				case "content-length":
					if d := r.Header.Get("X-Amz-Decoded-Content-Length"); d != "" {
						s = d
					}
				}
			}
			if err := decodeHeader(fv, f, s); err != nil {
				return invalid("Invalid value for header %s: %v", f.Tag.Wire, err)
			}
		case "headers":
			if fv.Kind() != reflect.Map || fv.Type().Key().Kind() != reflect.String || fv.Type().Elem().Kind() != reflect.String {
				continue
			}
			prefix := strings.ToLower(f.Tag.Wire)
			var m reflect.Value
			for name, vals := range r.Header {
				lower := strings.ToLower(name)
				if !strings.HasPrefix(lower, prefix) || len(lower) == len(prefix) {
					continue
				}
				if !m.IsValid() {
					m = reflect.MakeMap(fv.Type())
				}
				m.SetMapIndex(reflect.ValueOf(lower[len(prefix):]).Convert(fv.Type().Key()),
					reflect.ValueOf(strings.Join(vals, ",")).Convert(fv.Type().Elem()))
			}
			if m.IsValid() {
				fv.Set(m)
			}
		}
	}
	return nil
}

func stripChunked(s string) string {
	var keep []string
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p != "" && !strings.EqualFold(p, "aws-chunked") {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, ",")
}

func decodeHeader(fv reflect.Value, f protocol.Field, s string) error {
	if f.Tag.JSONValue {
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("invalid base64 JSON value")
		}
		s = string(b)
	}
	ts := f.Tag.TS
	if ts == "" {
		ts = RFC822
	}
	if fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() != reflect.Uint8 {
		parts := strings.Split(s, ",")
		sl := reflect.MakeSlice(fv.Type(), 0, len(parts))
		for _, p := range parts {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			e := reflect.New(fv.Type().Elem()).Elem()
			if err := SetScalar(e, p, ts); err != nil {
				return err
			}
			sl = reflect.Append(sl, e)
		}
		fv.Set(sl)
		return nil
	}
	if !IsScalarType(fv.Type()) && fv.Kind() != reflect.Interface {
		return nil
	}
	return SetScalar(fv, s, ts)
}

func decodeQuery(fv reflect.Value, f protocol.Field, q url.Values, claimed map[string]bool, route *Route, invalid Invalid) error {
	ts := f.Tag.TS
	if ts == "" {
		ts = ISO8601
	}
	switch {
	case fv.Kind() == reflect.Map && fv.Type().Key().Kind() == reflect.String:
		et := fv.Type().Elem()
		m := reflect.MakeMap(fv.Type())
		for k, vs := range q {
			if claimed[k] || (route != nil && route.LiteralQueryKey(k)) || len(vs) == 0 {
				continue
			}
			switch {
			case et.Kind() == reflect.String:
				m.SetMapIndex(reflect.ValueOf(k), reflect.ValueOf(vs[0]).Convert(et))
			case et.Kind() == reflect.Slice && et.Elem().Kind() == reflect.String:
				m.SetMapIndex(reflect.ValueOf(k), reflect.ValueOf(append([]string(nil), vs...)).Convert(et))
			}
		}
		if m.Len() > 0 {
			fv.Set(m)
		}
	case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() != reflect.Uint8:
		vs, ok := q[f.Tag.Wire]
		if !ok {
			return nil
		}
		sl := reflect.MakeSlice(fv.Type(), 0, len(vs))
		for _, s := range vs {
			e := reflect.New(fv.Type().Elem()).Elem()
			if err := SetScalar(e, s, ts); err != nil {
				return invalid("Invalid value for query parameter %s: %v", f.Tag.Wire, err)
			}
			sl = reflect.Append(sl, e)
		}
		fv.Set(sl)
	default:
		vs, ok := q[f.Tag.Wire]
		if !ok || len(vs) == 0 || !IsScalarType(fv.Type()) {
			return nil
		}
		if err := SetScalar(fv, vs[0], ts); err != nil {
			return invalid("Invalid value for query parameter %s: %v", f.Tag.Wire, err)
		}
	}
	return nil
}

// WriteBindings sets the status and headers of an output shape's located
// members and returns the status to answer with: a statusCode member's
// value, else status.
func WriteBindings(h http.Header, v reflect.Value, info *protocol.StructInfo, status int) int {
	for _, f := range info.Fields {
		fv := v.Field(f.Index)
		switch f.Tag.Loc {
		case "statusCode":
			if e, ok := Indirect(fv); ok && e.CanInt() && e.Int() >= 100 && e.Int() <= 999 {
				status = int(e.Int())
			}
		case "header":
			if s, ok := headerValue(fv, f.Tag); ok {
				h.Set(f.Tag.Wire, s)
			}
		case "headers":
			if fv.Kind() != reflect.Map || fv.Len() == 0 {
				continue
			}
			keys := fv.MapKeys()
			sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
			for _, k := range keys {
				e, ok := Indirect(fv.MapIndex(k))
				if !ok {
					continue
				}
				if s, ok := FormatScalar(e, RFC822); ok {
					h.Set(f.Tag.Wire+k.String(), s)
				}
			}
		}
	}
	if status == http.StatusOK && h.Get("Content-Range") != "" {
		status = http.StatusPartialContent
	}
	return status
}

func headerValue(fv reflect.Value, tag protocol.Tag) (string, bool) {
	ts := tag.TS
	if ts == "" {
		ts = RFC822
	}
	if fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() != reflect.Uint8 {
		if fv.Len() == 0 {
			return "", false
		}
		parts := make([]string, 0, fv.Len())
		for i := 0; i < fv.Len(); i++ {
			if e, ok := Indirect(fv.Index(i)); ok {
				if s, ok := FormatScalar(e, ts); ok {
					parts = append(parts, s)
				}
			}
		}
		return strings.Join(parts, ","), len(parts) > 0
	}
	e, ok := Indirect(fv)
	if !ok {
		return "", false
	}
	s, ok := FormatScalar(e, ts)
	if ok && tag.JSONValue {
		s = base64.StdEncoding.EncodeToString([]byte(s))
	}
	return s, ok
}

// RawBytes returns the bytes of a raw payload value ([]byte or string,
// by pointer or not).
func RawBytes(fv reflect.Value) []byte {
	e, ok := Indirect(fv)
	if !ok {
		return nil
	}
	switch {
	case e.Kind() == reflect.String:
		return []byte(e.String())
	case e.Kind() == reflect.Slice && e.Type().Elem().Kind() == reflect.Uint8:
		return e.Bytes()
	}
	return nil
}

// SetRaw stores a raw body into a payload member ([]byte or string).
func SetRaw(fv reflect.Value, body []byte) {
	t := fv.Type()
	switch {
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		fv.SetBytes(body)
	case t.Kind() == reflect.String:
		fv.SetString(string(body))
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.String:
		s := reflect.New(t.Elem())
		s.Elem().SetString(string(body))
		fv.Set(s)
	case t.Kind() == reflect.Interface:
		fv.Set(reflect.ValueOf(body))
	}
}

// SetContentLength sets Content-Length to n.
func SetContentLength(h http.Header, n int) {
	h.Set("Content-Length", strconv.Itoa(n))
}
