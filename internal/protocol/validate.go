package protocol

import (
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Violation is one input that breaks a constraint of the service model.
type Violation struct {
	// Path is the member's path with lower-camel names, as AWS's
	// validation messages quote it ("roleName", "tags.1.member.key").
	Path string
	// Wire is the member's wire name (EC2's MissingParameter quotes it).
	Wire string
	// Value is the offending value ("null" for a missing member).
	Value string
	// Constraint is AWS's wording: "Member must not be null", ...
	Constraint string
}

// Missing reports whether the violation is an absent required member.
func (v Violation) Missing() bool { return v.Value == "null" }

// ValidationMessage renders violations the way AWS's query and json
// services do: "1 validation error detected: Value null at 'roleName'
// failed to satisfy constraint: Member must not be null".
func ValidationMessage(vs []Violation) string {
	var b strings.Builder
	if len(vs) == 1 {
		b.WriteString("1 validation error detected: ")
	} else {
		fmt.Fprintf(&b, "%d validation errors detected: ", len(vs))
	}
	for i, v := range vs {
		if i > 0 {
			b.WriteString("; ")
		}
		val := v.Value
		if val != "null" {
			val = "'" + val + "'"
		}
		fmt.Fprintf(&b, "Value %s at '%s' failed to satisfy constraint: %s", val, v.Path, v.Constraint)
	}
	return b.String()
}

// Validate checks a decoded input shape against the model's constraints
// carried in its `aws` tags: required members, integer bounds, minimum
// lengths and enum values. It descends into present structures, lists and
// maps. enums is the service's generated Enums table (nil skips enum checks).
func Validate(in any, enums map[string][]string) []Violation {
	var out []Violation
	validateValue(reflect.ValueOf(in), "", enums, &out)
	return out
}

func validateValue(v reflect.Value, path string, enums map[string][]string, out *[]Violation) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == timeType {
			return
		}
		info := Describe(v.Type())
		for _, f := range info.Fields {
			fv := v.Field(f.Index)
			p := joinPath(path, lowerFirst(f.Name))
			if isAbsent(fv) {
				if f.Tag.Required {
					*out = append(*out, Violation{Path: p, Wire: f.Tag.Wire, Value: "null", Constraint: "Member must not be null"})
				}
				continue
			}
			checkScalar(fv, f.Tag, p, enums, out)
			validateValue(fv, p, enums, out)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := 0; i < v.Len(); i++ {
			validateValue(v.Index(i), fmt.Sprintf("%s.%d.member", path, i+1), enums, out)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			validateValue(iter.Value(), fmt.Sprintf("%s.%v", path, iter.Key()), enums, out)
		}
	}
}

func checkScalar(v reflect.Value, tag Tag, path string, enums map[string][]string, out *[]Violation) {
	e := v
	if e.Kind() == reflect.Pointer {
		e = e.Elem()
	}
	switch e.Kind() {
	case reflect.Int32, reflect.Int64:
		n := e.Int()
		if tag.Min != nil && n < *tag.Min {
			*out = append(*out, Violation{Path: path, Wire: tag.Wire, Value: fmt.Sprint(n), Constraint: fmt.Sprintf("Member must have value greater than or equal to %d", *tag.Min)})
		}
		if tag.Max != nil && n > *tag.Max {
			*out = append(*out, Violation{Path: path, Wire: tag.Wire, Value: fmt.Sprint(n), Constraint: fmt.Sprintf("Member must have value less than or equal to %d", *tag.Max)})
		}
	case reflect.String:
		s := e.String()
		if tag.MinLen != nil && int64(len([]rune(s))) < *tag.MinLen {
			*out = append(*out, Violation{Path: path, Wire: tag.Wire, Value: s, Constraint: fmt.Sprintf("Member must have length greater than or equal to %d", *tag.MinLen)})
		}
		if tag.Enum != "" && enums != nil {
			if vals, ok := enums[tag.Enum]; ok && !contains(vals, s) {
				*out = append(*out, Violation{Path: path, Wire: tag.Wire, Value: s, Constraint: "Member must satisfy enum value set: [" + strings.Join(vals, ", ") + "]"})
			}
		}
	case reflect.Slice:
		if tag.MinLen != nil && int64(e.Len()) < *tag.MinLen {
			*out = append(*out, Violation{Path: path, Wire: tag.Wire, Value: "[]", Constraint: fmt.Sprintf("Member must have length greater than or equal to %d", *tag.MinLen)})
		}
	}
}

func isAbsent(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map:
		return v.IsNil()
	case reflect.Slice:
		return v.IsNil()
	}
	return false
}

func contains(vals []string, s string) bool {
	for _, v := range vals {
		if v == s {
			return true
		}
	}
	return false
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

var timeType = reflect.TypeOf(time.Time{})
