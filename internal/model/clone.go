package model

import "reflect"

// Clone returns a deep copy of v: exported slices, maps, pointers and nested
// structs are copied; value types with unexported internals (netip.Addr,
// time.Time) are copied by value, which is safe because they are immutable.
func Clone[T any](v *T) *T {
	if v == nil {
		return nil
	}
	out := new(T)
	src := reflect.ValueOf(v).Elem()
	dst := reflect.ValueOf(out).Elem()
	dst.Set(src)
	deepen(dst)
	return out
}

// deepen replaces every shared reference reachable from the settable value v
// with a private copy.
func deepen(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			if !t.Field(i).IsExported() {
				continue
			}
			deepen(v.Field(i))
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		for i := 0; i < c.Len(); i++ {
			deepen(c.Index(i))
		}
		v.Set(c)
	case reflect.Map:
		if v.IsNil() {
			return
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		iter := v.MapRange()
		for iter.Next() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(iter.Value())
			deepen(e)
			c.SetMapIndex(iter.Key(), e)
		}
		v.Set(c)
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(v.Elem())
		deepen(c.Elem())
		v.Set(c)
	}
}
