package jsonrpc

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// maxDepth bounds the nesting of objects and arrays in a request.
const maxDepth = 256

// structCodec is a generated struct's fields by wire name.
type structCodec struct {
	fields []protocol.Field
	byWire map[string]int // wire name -> index in fields
}

var codecs sync.Map // reflect.Type -> *structCodec

func codecOf(t reflect.Type) *structCodec {
	if c, ok := codecs.Load(t); ok {
		return c.(*structCodec)
	}
	info := protocol.Describe(t)
	c := &structCodec{fields: info.Fields, byWire: make(map[string]int, len(info.Fields))}
	for i, f := range info.Fields {
		c.byWire[f.Tag.Wire] = i
	}
	v, _ := codecs.LoadOrStore(t, c)
	return v.(*structCodec)
}

// pathSeg is one step of the member path kept for error messages.
type pathSeg struct {
	name  string
	index int // list position when name == ""
}

type decoder struct {
	data    []byte
	pos     int
	depth   int
	path    []pathSeg
	scratch []byte
}

// Decode fills the struct dst points to from the JSON request body.
func (Codec) Decode(_ *protocol.Service, _ *protocol.Operation, req *protocol.Request, dst any) error {
	return decodeBody(req.Body, dst)
}

func decodeBody(body []byte, dst any) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("jsonrpc: Decode needs a non-nil pointer to a struct, got %T", dst)
	}
	d := decoder{data: body}
	d.skipSpace()
	if d.pos == len(d.data) {
		return nil // an empty body is an empty object
	}
	if err := d.value(v.Elem()); err != nil {
		return err
	}
	d.skipSpace()
	if d.pos != len(d.data) {
		return d.syntax("unexpected data after the top-level value")
	}
	return nil
}

func serialization(format string, args ...any) *awserr.Error {
	return &awserr.Error{Code: "SerializationException", Message: fmt.Sprintf(format, args...), Status: http.StatusBadRequest}
}

func (d *decoder) syntax(msg string) error {
	return serialization("Malformed JSON request body at offset %d: %s", d.pos, msg)
}

func (d *decoder) pathString() string {
	if len(d.path) == 0 {
		return "(request body)"
	}
	var b strings.Builder
	for i, s := range d.path {
		if s.name == "" {
			fmt.Fprintf(&b, "[%d]", s.index)
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.name)
	}
	return b.String()
}

// mismatch reports a value of the wrong JSON type at the current member.
func (d *decoder) mismatch(want string) error {
	got := "a value"
	if d.pos < len(d.data) {
		switch c := d.data[d.pos]; {
		case c == '"':
			got = "a string"
		case c == '{':
			got = "an object"
		case c == '[':
			got = "an array"
		case c == 't' || c == 'f':
			got = "a boolean"
		case c == '-' || (c >= '0' && c <= '9'):
			got = "a number"
		}
	}
	return serialization("Value for member %s must be %s, got %s.", d.pathString(), want, got)
}

func (d *decoder) badValue(want string) error {
	return serialization("Value for member %s must be %s.", d.pathString(), want)
}

func (d *decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *decoder) peek() byte {
	d.skipSpace()
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

func (d *decoder) literal(lit string) error {
	if len(d.data)-d.pos < len(lit) || string(d.data[d.pos:d.pos+len(lit)]) != lit {
		return d.syntax("invalid literal")
	}
	d.pos += len(lit)
	return nil
}

var timeType = reflect.TypeFor[time.Time]()

// value decodes the next JSON value into v (settable).
func (d *decoder) value(v reflect.Value) error {
	c := d.peek()
	if c == 0 {
		return d.syntax("unexpected end of input")
	}
	if c == 'n' {
		return d.literal("null") // null leaves the member absent
	}
	switch v.Kind() {
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		if err := d.value(p.Elem()); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case reflect.Struct:
		if v.Type() == timeType {
			return d.timestamp(v)
		}
		if c != '{' {
			return d.mismatch("an object")
		}
		return d.object(v)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			if c != '"' {
				return d.mismatch("a base64-encoded string")
			}
			s, err := d.str()
			if err != nil {
				return err
			}
			b, err := decodeBase64(s)
			if err != nil {
				return d.badValue("a base64-encoded string")
			}
			v.SetBytes(b)
			return nil
		}
		if c != '[' {
			return d.mismatch("an array")
		}
		return d.array(v)
	case reflect.Map:
		if c != '{' {
			return d.mismatch("an object")
		}
		return d.mapValue(v)
	case reflect.String:
		if c != '"' {
			return d.mismatch("a string")
		}
		s, err := d.str()
		if err != nil {
			return err
		}
		v.SetString(string(s))
		return nil
	case reflect.Bool:
		switch c {
		case 't':
			if err := d.literal("true"); err != nil {
				return err
			}
			v.SetBool(true)
		case 'f':
			if err := d.literal("false"); err != nil {
				return err
			}
			v.SetBool(false)
		default:
			return d.mismatch("a boolean")
		}
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if c != '-' && (c < '0' || c > '9') {
			return d.mismatch("an integer")
		}
		num, err := d.number()
		if err != nil {
			return err
		}
		n, ok := parseInt(num, v.Type().Bits())
		if !ok {
			return d.badValue(fmt.Sprintf("an integer of %d bits, not %s", v.Type().Bits(), num))
		}
		v.SetInt(n)
		return nil
	case reflect.Float32, reflect.Float64:
		var f float64
		switch {
		case c == '"': // smithy spells non-finite numbers as strings
			s, err := d.str()
			if err != nil {
				return err
			}
			switch string(s) {
			case "NaN":
				f = math.NaN()
			case "Infinity":
				f = math.Inf(1)
			case "-Infinity":
				f = math.Inf(-1)
			default:
				return d.badValue("a number")
			}
		case c == '-' || (c >= '0' && c <= '9'):
			num, err := d.number()
			if err != nil {
				return err
			}
			if f, err = strconv.ParseFloat(string(num), 64); err != nil {
				return d.badValue("a number in range")
			}
		default:
			return d.mismatch("a number")
		}
		v.SetFloat(f)
		return nil
	case reflect.Interface:
		start := d.pos
		if err := d.skip(); err != nil {
			return err
		}
		var doc any
		if err := json.Unmarshal(d.data[start:d.pos], &doc); err != nil {
			return d.badValue("a JSON document")
		}
		if doc != nil {
			v.Set(reflect.ValueOf(doc))
		}
		return nil
	}
	return fmt.Errorf("jsonrpc: unsupported member kind %s at %s", v.Kind(), d.pathString())
}

func (d *decoder) enter() error {
	d.depth++
	if d.depth > maxDepth {
		return d.syntax("nesting too deep")
	}
	return nil
}

// object decodes a JSON object into struct v.
func (d *decoder) object(v reflect.Value) error {
	if err := d.enter(); err != nil {
		return err
	}
	sc := codecOf(v.Type())
	d.pos++ // '{'
	if d.peek() == '}' {
		d.pos++
		d.depth--
		return nil
	}
	for {
		if d.peek() != '"' {
			return d.syntax("expected a member name")
		}
		key, err := d.str()
		if err != nil {
			return err
		}
		if d.peek() != ':' {
			return d.syntax("expected ':'")
		}
		d.pos++
		if i, ok := sc.byWire[string(key)]; ok {
			f := &sc.fields[i]
			d.path = append(d.path, pathSeg{name: f.Tag.Wire})
			if err := d.value(v.Field(f.Index)); err != nil {
				return err
			}
			d.path = d.path[:len(d.path)-1]
		} else if err := d.skip(); err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			d.depth--
			return nil
		default:
			return d.syntax("expected ',' or '}'")
		}
	}
}

// array decodes a JSON array into slice v; null elements are dropped.
func (d *decoder) array(v reflect.Value) error {
	if err := d.enter(); err != nil {
		return err
	}
	d.pos++ // '['
	et := v.Type().Elem()
	s := reflect.MakeSlice(v.Type(), 0, 4)
	if d.peek() == ']' {
		d.pos++
		d.depth--
		v.Set(s)
		return nil
	}
	d.path = append(d.path, pathSeg{})
	for i := 0; ; i++ {
		d.path[len(d.path)-1].index = i
		if d.peek() == 'n' {
			if err := d.literal("null"); err != nil {
				return err
			}
		} else {
			s = reflect.Append(s, reflect.Zero(et))
			if err := d.value(s.Index(s.Len() - 1)); err != nil {
				return err
			}
		}
		switch d.peek() {
		case ',':
			d.pos++
		case ']':
			d.pos++
			d.depth--
			d.path = d.path[:len(d.path)-1]
			v.Set(s)
			return nil
		default:
			return d.syntax("expected ',' or ']'")
		}
	}
}

// mapValue decodes a JSON object into map v; null values are dropped.
func (d *decoder) mapValue(v reflect.Value) error {
	if err := d.enter(); err != nil {
		return err
	}
	d.pos++ // '{'
	m := reflect.MakeMap(v.Type())
	kt, vt := v.Type().Key(), v.Type().Elem()
	if kt.Kind() != reflect.String {
		return fmt.Errorf("jsonrpc: map key kind %s", kt.Kind())
	}
	if d.peek() == '}' {
		d.pos++
		d.depth--
		v.Set(m)
		return nil
	}
	elem := reflect.New(vt).Elem()
	for {
		if d.peek() != '"' {
			return d.syntax("expected a map key")
		}
		kb, err := d.str()
		if err != nil {
			return err
		}
		key := string(kb)
		if d.peek() != ':' {
			return d.syntax("expected ':'")
		}
		d.pos++
		if d.peek() == 'n' {
			if err := d.literal("null"); err != nil {
				return err
			}
		} else {
			d.path = append(d.path, pathSeg{name: key})
			elem.SetZero()
			if err := d.value(elem); err != nil {
				return err
			}
			d.path = d.path[:len(d.path)-1]
			kv := reflect.ValueOf(key)
			if kv.Type() != kt {
				kv = kv.Convert(kt)
			}
			m.SetMapIndex(kv, elem)
		}
		switch d.peek() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			d.depth--
			v.Set(m)
			return nil
		default:
			return d.syntax("expected ',' or '}'")
		}
	}
}

// timestamp decodes epoch seconds (or an ISO 8601 / RFC 822 string).
func (d *decoder) timestamp(v reflect.Value) error {
	switch c := d.peek(); {
	case c == '"':
		s, err := d.str()
		if err != nil {
			return err
		}
		t, ok := parseTimeString(string(s))
		if !ok {
			return d.badValue("a timestamp (epoch seconds)")
		}
		v.Set(reflect.ValueOf(t))
		return nil
	case c == '-' || (c >= '0' && c <= '9'):
		num, err := d.number()
		if err != nil {
			return err
		}
		t, ok := parseEpoch(num)
		if !ok {
			return d.badValue("a timestamp (epoch seconds) in range")
		}
		v.Set(reflect.ValueOf(t))
		return nil
	}
	return d.mismatch("a timestamp (epoch seconds)")
}

// maxEpoch bounds epoch seconds to years -9999..9999.
const maxEpoch = 253402300799

// parseEpoch parses a JSON number of epoch seconds exactly when it is
// written in plain decimal, else through float64.
func parseEpoch(num []byte) (time.Time, bool) {
	neg := len(num) > 0 && num[0] == '-'
	digits := num
	if neg {
		digits = num[1:]
	}
	intPart, frac, hasFrac := strings.Cut(string(digits), ".")
	if !strings.ContainsAny(string(digits), "eE") {
		sec, ok := parseInt([]byte(intPart), 64)
		if !ok || sec > maxEpoch {
			return time.Time{}, false
		}
		var nsec int64
		if hasFrac {
			for i := 0; i < 9; i++ {
				nsec *= 10
				if i < len(frac) {
					nsec += int64(frac[i] - '0')
				}
			}
		}
		if neg {
			sec, nsec = -sec, -nsec
		}
		return time.Unix(sec, nsec).UTC(), true
	}
	f, err := strconv.ParseFloat(string(num), 64)
	if err != nil || math.IsNaN(f) || math.Abs(f) > maxEpoch {
		return time.Time{}, false
	}
	sec, fr := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(fr*1e6))*1e3).UTC(), true
}

func parseTimeString(s string) (time.Time, bool) {
	for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	if t, err := http.ParseTime(s); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// parseInt parses a JSON number as an integer of the given bit size; an
// exponent or fraction is accepted when the value is integral.
func parseInt(num []byte, bits int) (int64, bool) {
	neg := false
	i := 0
	if len(num) > 0 && num[0] == '-' {
		neg, i = true, 1
	}
	if i == len(num) {
		return 0, false
	}
	limit := uint64(1) << (bits - 1)
	var n uint64
	for ; i < len(num); i++ {
		c := num[i]
		if c < '0' || c > '9' {
			return parseIntFloat(num, bits)
		}
		if n > limit/10 {
			// n*10 exceeds limit (and could wrap): still a fraction or
			// exponent may follow ("1e30" is out of range either way).
			return parseIntFloat(num, bits)
		}
		n = n*10 + uint64(c-'0')
		if n > limit {
			return 0, false
		}
	}
	if neg {
		return -int64(n), true // n <= limit: -limit is the minimum
	}
	if n == limit {
		return 0, false
	}
	return int64(n), true
}

func parseIntFloat(num []byte, bits int) (int64, bool) {
	f, err := strconv.ParseFloat(string(num), 64)
	if err != nil || f != math.Trunc(f) {
		return 0, false
	}
	lim := math.Ldexp(1, bits-1)
	if f >= lim || f < -lim {
		return 0, false
	}
	return int64(f), true
}

// number scans a JSON number and returns its text.
func (d *decoder) number() ([]byte, error) {
	start := d.pos
	p := d.pos
	data := d.data
	if p < len(data) && data[p] == '-' {
		p++
	}
	switch {
	case p < len(data) && data[p] == '0':
		p++
	case p < len(data) && data[p] >= '1' && data[p] <= '9':
		for p < len(data) && data[p] >= '0' && data[p] <= '9' {
			p++
		}
	default:
		d.pos = p
		return nil, d.syntax("invalid number")
	}
	if p < len(data) && data[p] == '.' {
		p++
		q := p
		for p < len(data) && data[p] >= '0' && data[p] <= '9' {
			p++
		}
		if p == q {
			d.pos = p
			return nil, d.syntax("invalid number")
		}
	}
	if p < len(data) && (data[p] == 'e' || data[p] == 'E') {
		p++
		if p < len(data) && (data[p] == '+' || data[p] == '-') {
			p++
		}
		q := p
		for p < len(data) && data[p] >= '0' && data[p] <= '9' {
			p++
		}
		if p == q {
			d.pos = p
			return nil, d.syntax("invalid number")
		}
	}
	d.pos = p
	return data[start:p], nil
}

// str scans a JSON string at d.pos. The result aliases the input when the
// string has no escapes, else the decoder's scratch buffer: it is valid
// until the next call.
func (d *decoder) str() ([]byte, error) {
	d.pos++ // '"'
	start := d.pos
	data := d.data
	ascii := true
	for p := start; p < len(data); p++ {
		c := data[p]
		switch {
		case c == '"':
			d.pos = p + 1
			s := data[start:p]
			if !ascii && !utf8.Valid(s) {
				return []byte(strings.ToValidUTF8(string(s), "\uFFFD")), nil
			}
			return s, nil
		case c == '\\':
			return d.strSlow(start)
		case c < 0x20:
			d.pos = p
			return nil, d.syntax("control character in string")
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	d.pos = len(data)
	return nil, d.syntax("unterminated string")
}

func (d *decoder) strSlow(start int) ([]byte, error) {
	b := d.scratch[:0]
	data := d.data
	p := start
	for p < len(data) {
		c := data[p]
		switch {
		case c == '"':
			d.pos = p + 1
			d.scratch = b
			return b, nil
		case c < 0x20:
			d.pos = p
			return nil, d.syntax("control character in string")
		case c == '\\':
			if p+1 >= len(data) {
				d.pos = p
				return nil, d.syntax("unterminated string")
			}
			p++
			switch data[p] {
			case '"', '\\', '/':
				b = append(b, data[p])
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := hex4(data, p+1)
				if !ok {
					d.pos = p
					return nil, d.syntax("invalid \\u escape")
				}
				p += 4
				if utf16.IsSurrogate(r) {
					r2, ok := rune(0), false
					if p+6 < len(data) && data[p+1] == '\\' && data[p+2] == 'u' {
						r2, ok = hex4(data, p+3)
					}
					if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
						r = dec
						p += 6
					} else {
						r = utf8.RuneError
					}
				}
				b = utf8.AppendRune(b, r)
			default:
				d.pos = p
				return nil, d.syntax("invalid escape")
			}
			p++
		case c < utf8.RuneSelf:
			b = append(b, c)
			p++
		default:
			r, n := utf8.DecodeRune(data[p:])
			b = utf8.AppendRune(b, r) // invalid bytes become U+FFFD
			p += n
		}
	}
	d.pos = len(data)
	return nil, d.syntax("unterminated string")
}

func hex4(data []byte, p int) (rune, bool) {
	if p+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[p : p+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// skip validates and skips one JSON value.
func (d *decoder) skip() error {
	switch c := d.peek(); {
	case c == '"':
		_, err := d.str()
		return err
	case c == '{':
		if err := d.enter(); err != nil {
			return err
		}
		d.pos++
		if d.peek() == '}' {
			d.pos++
			d.depth--
			return nil
		}
		for {
			if d.peek() != '"' {
				return d.syntax("expected a member name")
			}
			if _, err := d.str(); err != nil {
				return err
			}
			if d.peek() != ':' {
				return d.syntax("expected ':'")
			}
			d.pos++
			if err := d.skip(); err != nil {
				return err
			}
			switch d.peek() {
			case ',':
				d.pos++
			case '}':
				d.pos++
				d.depth--
				return nil
			default:
				return d.syntax("expected ',' or '}'")
			}
		}
	case c == '[':
		if err := d.enter(); err != nil {
			return err
		}
		d.pos++
		if d.peek() == ']' {
			d.pos++
			d.depth--
			return nil
		}
		for {
			if err := d.skip(); err != nil {
				return err
			}
			switch d.peek() {
			case ',':
				d.pos++
			case ']':
				d.pos++
				d.depth--
				return nil
			default:
				return d.syntax("expected ',' or ']'")
			}
		}
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		_, err := d.number()
		return err
	case c == 0:
		return d.syntax("unexpected end of input")
	}
	return d.syntax("unexpected character")
}

func decodeBase64(s []byte) ([]byte, error) {
	out := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Decode(out, s)
	if err != nil {
		// Some clients drop the padding.
		out = out[:cap(out)]
		if n, err = base64.RawStdEncoding.Decode(out, s); err != nil {
			return nil, err
		}
	}
	return out[:n], nil
}
