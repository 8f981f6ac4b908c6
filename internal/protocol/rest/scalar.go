package rest

import (
	"encoding/base64"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Timestamp formats of the ts= trait.
const (
	ISO8601 = "iso8601"
	RFC822  = "rfc822"
	Unix    = "unixTimestamp"
)

// ISO8601Layout is how timestamps are written in ISO 8601: UTC with
// milliseconds, as AWS writes them.
const ISO8601Layout = "2006-01-02T15:04:05.000Z"

// TimeType is reflect.TypeOf(time.Time{}).
var TimeType = reflect.TypeOf(time.Time{})

// ParseTime parses a timestamp in the given format, falling back to the
// other formats, so that a client's variant is accepted.
func ParseTime(s, format string) (time.Time, error) {
	s = strings.TrimSpace(s)
	order := []string{format, ISO8601, RFC822, Unix}
	for _, f := range order {
		switch f {
		case ISO8601:
			if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return t.UTC(), nil
			}
			if t, err := time.Parse("2006-01-02T15:04:05", s); err == nil {
				return t, nil
			}
		case RFC822:
			if t, err := http.ParseTime(s); err == nil {
				return t.UTC(), nil
			}
			if t, err := time.Parse(time.RFC1123Z, s); err == nil {
				return t.UTC(), nil
			}
		case Unix:
			if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) && math.Abs(f) < 1e15 {
				sec, frac := math.Modf(f)
				return time.Unix(int64(sec), int64(math.Round(frac*1e3))*int64(time.Millisecond)).UTC(), nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("invalid timestamp %q", s)
}

// FormatTime writes a timestamp in the given format (ISO 8601 when empty).
func FormatTime(t time.Time, format string) string {
	t = t.UTC()
	switch format {
	case RFC822:
		return t.Format(http.TimeFormat)
	case Unix:
		if t.Nanosecond() == 0 {
			return strconv.FormatInt(t.Unix(), 10)
		}
		return strconv.FormatFloat(float64(t.UnixMilli())/1e3, 'f', -1, 64)
	}
	return t.Format(ISO8601Layout)
}

// SetScalar parses s into fv, a settable scalar of a generated shape
// (*string, *int32, *int64, *bool, *float64, *time.Time, []byte, or the
// non-pointer element of a list). ts is the timestamp format to try first.
func SetScalar(fv reflect.Value, s string, ts string) error {
	t := fv.Type()
	if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return fmt.Errorf("invalid base64 value")
		}
		fv.SetBytes(b)
		return nil
	}
	ptr := t.Kind() == reflect.Pointer
	et := t
	if ptr {
		et = t.Elem()
	}
	nv := reflect.New(et)
	e := nv.Elem()
	switch et.Kind() {
	case reflect.String:
		e.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("invalid boolean %q", s)
		}
		e.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, et.Bits())
		if err != nil {
			return fmt.Errorf("invalid integer %q", s)
		}
		e.SetInt(n)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), et.Bits())
		if err != nil {
			return fmt.Errorf("invalid number %q", s)
		}
		e.SetFloat(f)
	case reflect.Struct:
		if et != TimeType {
			return fmt.Errorf("cannot bind a structure from text")
		}
		tm, err := ParseTime(s, ts)
		if err != nil {
			return err
		}
		e.Set(reflect.ValueOf(tm))
	case reflect.Interface:
		e.Set(reflect.ValueOf(s))
	default:
		return fmt.Errorf("cannot bind a %s from text", et)
	}
	if ptr {
		fv.Set(nv)
	} else {
		fv.Set(e)
	}
	return nil
}

// FormatScalar renders a scalar value (pointers already dereferenced) as
// text; ts is the timestamp format. ok is false for a non-scalar value.
func FormatScalar(v reflect.Value, ts string) (string, bool) {
	switch v.Kind() {
	case reflect.String:
		return v.String(), true
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), true
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		switch {
		case math.IsNaN(f):
			return "NaN", true
		case math.IsInf(f, 1):
			return "Infinity", true
		case math.IsInf(f, -1):
			return "-Infinity", true
		}
		return strconv.FormatFloat(f, 'f', -1, v.Type().Bits()), true
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return base64.StdEncoding.EncodeToString(v.Bytes()), true
		}
	case reflect.Struct:
		if v.Type() == TimeType {
			return FormatTime(v.Interface().(time.Time), ts), true
		}
	}
	return "", false
}

// Indirect dereferences pointers and interfaces; ok is false for nil.
func Indirect(v reflect.Value) (reflect.Value, bool) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return v, false
		}
		v = v.Elem()
	}
	return v, true
}

// IsScalarType reports whether t (a field type) is bound from one text
// value: strings, numbers, booleans, timestamps and blobs, by pointer or not.
func IsScalarType(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Float32, reflect.Float64:
		return true
	case reflect.Slice:
		return t.Elem().Kind() == reflect.Uint8
	case reflect.Struct:
		return t == TimeType
	}
	return false
}
