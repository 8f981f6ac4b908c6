package logs

import "github.com/vpcsim/vpcsim/internal/model"

// Resource policy scopes (PolicyScope in the API model).
const (
	ScopeAccount  = "ACCOUNT"
	ScopeResource = "RESOURCE"
)

// ResourcePolicy is one CloudWatch Logs resource policy: account-wide
// (Scope ACCOUNT, keyed by name) or attached to one log group (Scope
// RESOURCE, keyed by the group's ARN). LastUpdated is in milliseconds.
type ResourcePolicy struct {
	model.Meta
	Name        string `json:"name,omitempty"`
	Document    string `json:"document"`
	Scope       string `json:"scope"`
	ResourceARN string `json:"resourceArn,omitempty"`
	RevisionID  string `json:"revisionId"`
	LastUpdated int64  `json:"lastUpdated"`
}

// PolicyKey is the table key of an account-scoped policy (by name) or a
// resource-scoped one (by resource ARN).
func PolicyKey(account, region, scope, nameOrARN string) string {
	return account + "/" + region + "/" + scope + "/" + nameOrARN
}
