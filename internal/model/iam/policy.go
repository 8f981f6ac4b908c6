package iam

import (
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
)

// ManagedPolicy is a customer managed policy. Meta.ID is
// PolicyKey(account, name); Meta.Tags are its tags and Meta.Created its
// CreateDate. AWS managed policies are a fixed catalogue in the control
// layer, not stored objects.
type ManagedPolicy struct {
	model.Meta
	// Name is the policy name (unique per account, ignoring case).
	Name string `json:"name"`
	// Path is the policy's path, "/" by default.
	Path string `json:"path"`
	// PolicyID is "ANPA" + 17 uppercase alphanumerics.
	PolicyID string `json:"policyId"`
	// ARN is arn:aws:iam::<account>:policy<path><name>.
	ARN string `json:"arn"`
	// Description is set at creation only.
	Description string `json:"description,omitempty"`
	// DefaultVersion is the id of the default version ("v1").
	DefaultVersion string `json:"defaultVersion"`
	// Versions are the stored versions, oldest first (at most five).
	Versions []PolicyVersion `json:"versions"`
	// NextVersion is the number the next version gets (versions are
	// never renumbered: v1, v2, ... even after deletions).
	NextVersion int `json:"nextVersion"`
	// Updated is the UpdateDate: when the default version last changed.
	Updated time.Time `json:"updated"`
}

// PolicyVersion is one version of a managed policy.
type PolicyVersion struct {
	// ID is "v" + a number.
	ID string `json:"id"`
	// Document is the policy document as sent (decoded).
	Document string `json:"document"`
	// Created is the version's CreateDate.
	Created time.Time `json:"created"`
}

// PolicyKey is the store key of a customer managed policy.
func PolicyKey(account, name string) string { return account + "/" + lower(name) }

// Version returns the version with id.
func (p *ManagedPolicy) Version(id string) (PolicyVersion, bool) {
	for _, v := range p.Versions {
		if v.ID == id {
			return v, true
		}
	}
	return PolicyVersion{}, false
}

// DefaultDocument returns the default version's document.
func (p *ManagedPolicy) DefaultDocument() string {
	v, _ := p.Version(p.DefaultVersion)
	return v.Document
}
