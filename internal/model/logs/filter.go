package logs

import "github.com/vpcsim/vpcsim/internal/model"

// SubscriptionFilter is one subscription filter of a log group; its parent
// in the store is the group's key. Meta.Created is its creationTime.
type SubscriptionFilter struct {
	model.Meta
	GroupKey               string   `json:"groupKey"`
	GroupName              string   `json:"groupName"`
	Name                   string   `json:"name"`
	Pattern                string   `json:"pattern"`
	DestinationARN         string   `json:"destinationArn"`
	RoleARN                string   `json:"roleArn,omitempty"`
	Distribution           string   `json:"distribution"`
	ApplyOnTransformedLogs bool     `json:"applyOnTransformedLogs,omitempty"`
	FieldSelectionCriteria string   `json:"fieldSelectionCriteria,omitempty"`
	EmitSystemFields       []string `json:"emitSystemFields,omitempty"`
}

// MetricTransformation says how a metric filter publishes a metric.
type MetricTransformation struct {
	MetricName      string            `json:"metricName"`
	MetricNamespace string            `json:"metricNamespace"`
	MetricValue     string            `json:"metricValue"`
	DefaultValue    *float64          `json:"defaultValue,omitempty"`
	Dimensions      map[string]string `json:"dimensions,omitempty"`
	Unit            string            `json:"unit,omitempty"`
}

// MetricFilter is one metric filter of a log group; its parent in the store
// is the group's key. Meta.Created is its creationTime.
type MetricFilter struct {
	model.Meta
	GroupKey                  string                 `json:"groupKey"`
	GroupName                 string                 `json:"groupName"`
	Name                      string                 `json:"name"`
	Pattern                   string                 `json:"pattern"`
	Transformations           []MetricTransformation `json:"transformations"`
	ApplyOnTransformedLogs    bool                   `json:"applyOnTransformedLogs,omitempty"`
	FieldSelectionCriteria    string                 `json:"fieldSelectionCriteria,omitempty"`
	EmitSystemFieldDimensions []string               `json:"emitSystemFieldDimensions,omitempty"`
}

// FilterKey is the table key of a group's subscription or metric filter.
func FilterKey(groupKey, name string) string { return groupKey + ":" + name }
