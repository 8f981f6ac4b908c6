package policy

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// jkind is the JSON type of a jvalue.
type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

func (k jkind) String() string {
	switch k {
	case jBool:
		return "boolean"
	case jNumber:
		return "number"
	case jString:
		return "string"
	case jArray:
		return "array"
	case jObject:
		return "object"
	}
	return "null"
}

// jvalue is a JSON value that keeps object member order and the source text
// of scalars (numbers keep their spelling, booleans become "true"/"false").
type jvalue struct {
	kind   jkind
	text   string
	arr    []jvalue
	obj    []jmember
	offset int64
}

type jmember struct {
	key string
	val jvalue
}

// maxDepth bounds nesting; the policy grammar never needs more than five
// levels, so anything deep is garbage and is rejected early.
const maxDepth = 32

// decodeJSON parses doc into a jvalue tree, rejecting duplicate keys within
// an object (policy grammar notes: "Individual elements must not contain
// multiple instances of the same key") and trailing data.
func decodeJSON(doc string) (jvalue, error) {
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	v, err := readValue(dec, 0)
	if err != nil {
		return jvalue{}, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return jvalue{}, syntaxErr(dec.InputOffset(), "data after the top-level value")
	}
	return v, nil
}

func readValue(dec *json.Decoder, depth int) (jvalue, error) {
	if depth > maxDepth {
		return jvalue{}, syntaxErr(dec.InputOffset(), "nesting too deep")
	}
	off := dec.InputOffset()
	tok, err := dec.Token()
	if err != nil {
		return jvalue{}, jsonErr(dec, err)
	}
	switch t := tok.(type) {
	case nil:
		return jvalue{kind: jNull, offset: off}, nil
	case bool:
		if t {
			return jvalue{kind: jBool, text: "true", offset: off}, nil
		}
		return jvalue{kind: jBool, text: "false", offset: off}, nil
	case json.Number:
		return jvalue{kind: jNumber, text: string(t), offset: off}, nil
	case string:
		return jvalue{kind: jString, text: t, offset: off}, nil
	case json.Delim:
		switch t {
		case '[':
			v := jvalue{kind: jArray, offset: off}
			for dec.More() {
				e, err := readValue(dec, depth+1)
				if err != nil {
					return jvalue{}, err
				}
				v.arr = append(v.arr, e)
			}
			if _, err := dec.Token(); err != nil {
				return jvalue{}, jsonErr(dec, err)
			}
			return v, nil
		case '{':
			v := jvalue{kind: jObject, offset: off}
			for dec.More() {
				koff := dec.InputOffset()
				kt, err := dec.Token()
				if err != nil {
					return jvalue{}, jsonErr(dec, err)
				}
				key, ok := kt.(string)
				if !ok {
					return jvalue{}, syntaxErr(koff, "object key is not a string")
				}
				for _, m := range v.obj {
					if m.key == key {
						return jvalue{}, syntaxErr(koff, "duplicate key %q", key)
					}
				}
				e, err := readValue(dec, depth+1)
				if err != nil {
					return jvalue{}, err
				}
				v.obj = append(v.obj, jmember{key: key, val: e})
			}
			if _, err := dec.Token(); err != nil {
				return jvalue{}, jsonErr(dec, err)
			}
			return v, nil
		}
	}
	return jvalue{}, syntaxErr(off, "unexpected token %v", tok)
}

func jsonErr(dec *json.Decoder, err error) error {
	if errors.Is(err, io.EOF) {
		return syntaxErr(dec.InputOffset(), "unexpected end of document")
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return syntaxErr(se.Offset, "%s", se.Error())
	}
	return syntaxErr(dec.InputOffset(), "%s", err.Error())
}
