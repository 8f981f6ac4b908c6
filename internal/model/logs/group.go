package logs

import "github.com/vpcsim/vpcsim/internal/model"

// Log group classes (LogGroupClass in the API model).
const (
	ClassStandard         = "STANDARD"
	ClassInfrequentAccess = "INFREQUENT_ACCESS"
	ClassDelivery         = "DELIVERY"
)

// LogGroup is one log group. Meta.ID is GroupKey(account, region, name);
// Meta.Created is its creationTime; Meta.Tags its tags.
type LogGroup struct {
	model.Meta
	Name string `json:"name"`
	// RetentionInDays is 0 when events never expire.
	RetentionInDays int32  `json:"retentionInDays,omitempty"`
	KmsKeyID        string `json:"kmsKeyId,omitempty"`
	Class           string `json:"class"`
	// DeletionProtection blocks DeleteLogGroup and DeleteLogStream.
	DeletionProtection bool `json:"deletionProtection,omitempty"`
	// StoredBytes is the sum of the stored events' sizes (message bytes
	// plus 26 bytes per event, the PutLogEvents accounting).
	StoredBytes int64 `json:"storedBytes,omitempty"`
	// StreamCounter numbers the group's streams (LogStream.Number), so
	// event ids are unique within the group.
	StreamCounter int64 `json:"streamCounter,omitempty"`
}

// GroupKey is the table key of a log group: unique across accounts and
// regions, and ordered by name within one account-region.
func GroupKey(account, region, name string) string {
	return account + "/" + region + "/" + name
}

// ScopePrefix is the common prefix of the keys of every log group of one
// account-region.
func ScopePrefix(account, region string) string { return account + "/" + region + "/" }

// GroupARN is the log group's ARN without the trailing ":*" (the
// logGroupArn field, tagging APIs, logGroupIdentifier).
func GroupARN(region, account, name string) string {
	return "arn:aws:logs:" + region + ":" + account + ":log-group:" + name
}
