package jsonrpc

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// Codec is the AWS JSON 1.0/1.1 protocol as a protocol.Codec. Its zero
// value is ready to use.
type Codec struct{}

var _ protocol.Codec = Codec{}

// Resolve returns the operation named by the X-Amz-Target header, which
// must carry the service's target prefix.
func (Codec) Resolve(svc *protocol.Service, req *protocol.Request) (string, error) {
	var target string
	if req.HTTP != nil {
		target = req.HTTP.Header.Get("X-Amz-Target")
	}
	if target == "" {
		return "", unknownOperation("Missing X-Amz-Target header.")
	}
	i := strings.LastIndexByte(target, '.')
	if i < 0 || target[:i] != svc.TargetPrefix || i == len(target)-1 {
		return "", unknownOperation(fmt.Sprintf("The X-Amz-Target %q names no operation of this service.", target))
	}
	return target[i+1:], nil
}

func unknownOperation(msg string) *awserr.Error {
	return &awserr.Error{Code: "UnknownOperationException", Message: msg, Status: http.StatusBadRequest}
}

func contentType(svc *protocol.Service) string {
	if svc != nil && svc.JSONVersion != "" {
		return "application/x-amz-json-" + svc.JSONVersion
	}
	return "application/x-amz-json-1.1"
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

// WriteOutput renders out (a pointer to the output shape, or nil for none)
// as a JSON object.
func (Codec) WriteOutput(w http.ResponseWriter, svc *protocol.Service, op *protocol.Operation, out any, requestID string) error {
	bp := bufPool.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= 1<<20 {
			bufPool.Put(bp)
		}
	}()
	b, err := appendOutput((*bp)[:0], out)
	if err != nil {
		return fmt.Errorf("jsonrpc: %s: %w", op.Name, err)
	}
	*bp = b
	writeJSON(w, svc, http.StatusOK, b, requestID)
	return nil
}

func appendOutput(b []byte, out any) ([]byte, error) {
	if out == nil {
		return append(b, "{}"...), nil
	}
	v := reflect.ValueOf(out)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil, fmt.Errorf("output is %T, not a pointer to a struct", out)
	}
	return appendValue(b, v, "")
}

// WriteError renders e as {"__type":..., "message":...} with the
// x-amzn-ErrorType header and e's HTTP status (500 when it has none).
func (Codec) WriteError(w http.ResponseWriter, svc *protocol.Service, e *awserr.Error, requestID string) {
	if e == nil {
		e = awserr.Internal(fmt.Errorf("nil error"))
	}
	status := e.Status
	if status < 400 || status > 599 {
		status = http.StatusInternalServerError
	}
	b := make([]byte, 0, 64+len(e.Code)+len(e.Message))
	b = append(b, `{"__type":`...)
	b = appendString(b, e.Code)
	b = append(b, `,"message":`...)
	b = appendString(b, e.Message)
	b = append(b, '}')
	w.Header().Set("x-amzn-ErrorType", e.Code)
	writeJSON(w, svc, status, b, requestID)
}

func writeJSON(w http.ResponseWriter, svc *protocol.Service, status int, body []byte, requestID string) {
	h := w.Header()
	h.Set("Content-Type", contentType(svc))
	h.Set("x-amzn-RequestId", requestID)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func absent(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return v.IsNil()
	}
	return false
}

// appendValue writes v as JSON; ts is the member's timestamp format.
func appendValue(b []byte, v reflect.Value, ts string) ([]byte, error) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		if v.Kind() == reflect.Interface {
			doc, err := json.Marshal(v.Interface())
			if err != nil {
				return nil, err
			}
			return append(b, doc...), nil
		}
		return appendValue(b, v.Elem(), ts)
	case reflect.Struct:
		if v.Type() == timeType {
			var t time.Time
			if v.CanAddr() {
				t = *v.Addr().Interface().(*time.Time)
			} else {
				t = v.Interface().(time.Time)
			}
			return appendTime(b, t, ts), nil
		}
		b = append(b, '{')
		first := true
		fields := codecOf(v.Type()).fields
		for i := range fields {
			f := &fields[i]
			fv := v.Field(f.Index)
			if absent(fv) {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendString(b, f.Tag.Wire)
			b = append(b, ':')
			var err error
			if b, err = appendValue(b, fv, f.Tag.TS); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			b = append(b, '"')
			b = base64.StdEncoding.AppendEncode(b, v.Bytes())
			return append(b, '"'), nil
		}
		b = append(b, '[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendValue(b, v.Index(i), ""); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return nil, fmt.Errorf("map key kind %s", v.Type().Key().Kind())
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(x, y reflect.Value) int { return strings.Compare(x.String(), y.String()) })
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k.String())
			b = append(b, ':')
			var err error
			if b, err = appendValue(b, v.MapIndex(k), ""); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case reflect.String:
		return appendString(b, v.String()), nil
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10), nil
	case reflect.Float32, reflect.Float64:
		return appendFloat(b, v.Float()), nil
	}
	return nil, fmt.Errorf("unsupported kind %s", v.Kind())
}

// appendFloat writes f as a JSON number, or as smithy's "NaN",
// "Infinity" and "-Infinity" strings.
func appendFloat(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(b, `"Infinity"`...)
	case math.IsInf(f, -1):
		return append(b, `"-Infinity"`...)
	}
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		return strconv.AppendFloat(b, f, 'e', -1, 64)
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

// appendTime writes t as epoch seconds (a fraction of milliseconds when
// non-zero), or as a string in the ts= trait's iso8601 or rfc822 format.
func appendTime(b []byte, t time.Time, format string) []byte {
	t = t.UTC()
	switch format {
	case "iso8601":
		b = append(b, '"')
		b = t.AppendFormat(b, "2006-01-02T15:04:05.999Z")
		return append(b, '"')
	case "rfc822":
		b = append(b, '"')
		b = t.AppendFormat(b, http.TimeFormat)
		return append(b, '"')
	}
	sec, ms := t.Unix(), t.Nanosecond()/1e6
	if sec < 0 && ms != 0 { // -1.5s is Unix -2 plus 500ms
		b = append(b, '-')
		b = strconv.AppendInt(b, -(sec + 1), 10)
		ms = 1000 - ms
	} else {
		b = strconv.AppendInt(b, sec, 10)
	}
	if ms != 0 {
		b = append(b, '.', byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10))
		for b[len(b)-1] == '0' {
			b = b[:len(b)-1]
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[last:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			last = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, s[last:i]...)
			b = append(b, "\uFFFD"...)
			i++
			last = i
			continue
		}
		i += n
	}
	b = append(b, s[last:]...)
	return append(b, '"')
}
