package model

import (
	"sort"
	"time"
)

// Scope is one account in one region: the unit a client's request acts on.
type Scope struct {
	Account string
	Region  string
}

// Meta is carried by every stored object.
type Meta struct {
	ID      string            `json:"id"`
	Account string            `json:"account"`
	Region  string            `json:"region"`
	Tags    map[string]string `json:"tags,omitempty"`
	Created time.Time         `json:"created"`
}

// Scope returns the account-region the object lives in.
func (m *Meta) Scope() Scope { return Scope{Account: m.Account, Region: m.Region} }

// InScope reports whether the object belongs to s.
func (m *Meta) InScope(s Scope) bool { return m.Account == s.Account && m.Region == s.Region }

// Tag is one key/value pair.
type Tag struct {
	Key   string
	Value string
}

// SortedTags returns the tags ordered by key, as EC2 lists them.
func (m *Meta) SortedTags() []Tag {
	if len(m.Tags) == 0 {
		return nil
	}
	out := make([]Tag, 0, len(m.Tags))
	for k, v := range m.Tags {
		out = append(out, Tag{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Object is implemented by every stored type through its embedded Meta.
type Object interface {
	GetMeta() *Meta
}

// GetMeta returns the object's metadata.
func (m *Meta) GetMeta() *Meta { return m }
