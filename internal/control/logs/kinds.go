package logs

import (
	"github.com/vpcsim/vpcsim/internal/model"
	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
	"github.com/vpcsim/vpcsim/internal/store"
)

// CloudWatch Logs' resource kinds, declared once here. Keys are described
// in internal/model/logs (GroupKey, StreamKey, BatchKey, FilterKey,
// PolicyKey); all are unique across accounts and regions.
var (
	// GroupKind holds log groups.
	GroupKind = store.Define[mlogs.LogGroup](model.KindSpec{Name: "logs-log-group", Service: "logs"}, nil)
	// StreamKind holds log streams, indexed by their group's key.
	StreamKind = store.Define[mlogs.LogStream](model.KindSpec{Name: "logs-log-stream", Service: "logs"},
		func(v *mlogs.LogStream) string { return v.GroupKey })
	// BatchKind holds stored events, one object per accepted batch,
	// indexed by their stream's key.
	BatchKind = store.Define[mlogs.EventBatch](model.KindSpec{Name: "logs-event-batch", Service: "logs", Internal: true},
		func(v *mlogs.EventBatch) string { return v.StreamKey })
	// PolicyKind holds resource policies.
	PolicyKind = store.Define[mlogs.ResourcePolicy](model.KindSpec{Name: "logs-resource-policy", Service: "logs"}, nil)
	// SubscriptionKind holds subscription filters, indexed by group key.
	SubscriptionKind = store.Define[mlogs.SubscriptionFilter](model.KindSpec{Name: "logs-subscription-filter", Service: "logs"},
		func(v *mlogs.SubscriptionFilter) string { return v.GroupKey })
	// MetricFilterKind holds metric filters, indexed by group key.
	MetricFilterKind = store.Define[mlogs.MetricFilter](model.KindSpec{Name: "logs-metric-filter", Service: "logs"},
		func(v *mlogs.MetricFilter) string { return v.GroupKey })
)
