package model

import (
	"encoding/json"
	"time"
)

// LaunchTemplate is an EC2 launch template: a named list of numbered,
// immutable versions, one of which is the default [EC2 User Guide, "Store
// instance launch parameters in Amazon EC2 launch templates"].
type LaunchTemplate struct {
	Meta                  // Meta.ID is the template id (lt-)
	Name           string `json:"name"`
	CreatedBy      string `json:"createdBy"` // ARN of the creating principal
	DefaultVersion int64  `json:"defaultVersion"`
	LatestVersion  int64  `json:"latestVersion"`
	// Versions are the template's remaining versions in ascending order;
	// deleted versions are removed, their numbers are never reused.
	Versions []LaunchTemplateVersion `json:"versions"`
}

// LaunchTemplateVersion is one version of a launch template.
type LaunchTemplateVersion struct {
	Number      int64     `json:"number"`
	Description string    `json:"description,omitempty"`
	Created     time.Time `json:"created"`
	CreatedBy   string    `json:"createdBy"`
	// Data is the version's launch parameters as EC2 reports them
	// (ResponseLaunchTemplateData), encoded as JSON by the API layer; the
	// control plane stores it unchanged.
	Data json.RawMessage `json:"data"`
}

// Version returns version n of the template.
func (t *LaunchTemplate) Version(n int64) (*LaunchTemplateVersion, bool) {
	for i := range t.Versions {
		if t.Versions[i].Number == n {
			return &t.Versions[i], true
		}
	}
	return nil, false
}
