// Package logs holds the domain types of Amazon CloudWatch Logs: log
// groups, log streams, batches of stored log events, resource policies,
// subscription filters and metric filters. It is pure data: the semantics
// live in internal/control/logs.
package logs
