package server

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// requestLog records what one request was and how it ended, for the one
// log line ServeHTTP writes per request. It wraps the ResponseWriter to
// see the status; the error code is recorded where the error is written.
type requestLog struct {
	http.ResponseWriter
	start     time.Time
	status    int
	requestID string
	service   string
	action    string
	account   string
	region    string
	code      string
	message   string
}

// WriteHeader records the status.
func (l *requestLog) WriteHeader(status int) {
	if l.status == 0 {
		l.status = status
	}
	l.ResponseWriter.WriteHeader(status)
}

// Write records an implicit 200.
func (l *requestLog) Write(b []byte) (int, error) {
	if l.status == 0 {
		l.status = http.StatusOK
	}
	return l.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (deadlines,
// flushes).
func (l *requestLog) Unwrap() http.ResponseWriter { return l.ResponseWriter }

// failed records the error code and message of the answer.
func (l *requestLog) failed(code, message string) {
	l.code, l.message = code, message
}

// level is the line's level: 5xx at error, except 501 NotImplemented (an
// operation or service vpcsim does not emulate: no fault of the server) at
// warn; everything else (2xx, 3xx and the client's own 4xx mistakes) at
// info, and the health probe a client polls at debug so that waiting
// loops do not flood the log.
func (l *requestLog) level(path string) slog.Level {
	switch {
	case l.status == http.StatusNotImplemented:
		return slog.LevelWarn
	case l.status >= 500:
		return slog.LevelError
	case path == "/_vpcsim/health" && l.status < 400:
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

// done writes the request's line: time (the handler's), account, region,
// service, action, HTTP status, error code (and message), duration and
// request id.
func (l *requestLog) done(logger *slog.Logger, r *http.Request) {
	status := l.status
	if status == 0 {
		status = http.StatusOK
	}
	l.status = status
	level := l.level(r.URL.Path)
	ctx := context.Background()
	if !logger.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 10)
	if l.service == "" && strings.HasPrefix(r.URL.Path, "/_vpcsim") {
		l.service, l.action = "vpcsim", r.Method+" "+r.URL.Path
	}
	add := func(k, v string) {
		if v != "" {
			attrs = append(attrs, slog.String(k, v))
		}
	}
	add("account", l.account)
	add("region", l.region)
	add("service", l.service)
	add("action", l.action)
	attrs = append(attrs, slog.Int("status", status))
	add("error", l.code)
	if l.code != "" {
		add("message", l.message)
	}
	attrs = append(attrs, slog.Duration("duration", time.Since(l.start).Round(time.Microsecond)), slog.String("request_id", l.requestID))
	logger.LogAttrs(ctx, level, "request", attrs...)
}
