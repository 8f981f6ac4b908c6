package server

import (
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// Default bounds on the work in flight.
const (
	defaultMaxInFlight      = 256
	defaultMaxInFlightBytes = 512 << 20
	// bodyGrace and bodyRate bound how long a request body may take: a
	// client gets bodyGrace plus one second per bodyRate bytes declared.
	bodyGrace = 30 * time.Second
	bodyRate  = 1 << 20
)

// limiter bounds concurrent requests and the body bytes they may hold.
type limiter struct {
	slots    chan struct{}
	mu       sync.Mutex
	bytes    int64
	maxBytes int64
}

func newLimiter(maxRequests int, maxBytes int64) *limiter {
	if maxRequests <= 0 {
		maxRequests = defaultMaxInFlight
	}
	if maxBytes <= 0 {
		maxBytes = defaultMaxInFlightBytes
	}
	return &limiter{slots: make(chan struct{}, maxRequests), maxBytes: maxBytes}
}

// acquire takes a request slot and reserves n body bytes, waiting briefly
// for a slot; false means the server is saturated.
func (l *limiter) acquire(n int64) bool {
	select {
	case l.slots <- struct{}{}:
	case <-time.After(time.Second):
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.bytes+n > l.maxBytes && l.bytes > 0 {
		<-l.slots
		return false
	}
	l.bytes += n
	return true
}

func (l *limiter) release(n int64) {
	l.mu.Lock()
	l.bytes -= n
	l.mu.Unlock()
	<-l.slots
}

// throttled is the service's own answer to a request refused for load:
// SDKs retry it with back-off.
func throttled(svc *protocol.Service) *awserr.Error {
	msg := "vpcsim is at its limit of concurrent requests or request bytes in flight; retry"
	switch {
	case svc == nil || svc.Protocol == "ec2":
		return &awserr.Error{Code: "RequestLimitExceeded", Message: "Request limit exceeded. " + msg, Status: http.StatusServiceUnavailable}
	case svc.Name == "s3":
		return &awserr.Error{Code: "SlowDown", Message: "Please reduce your request rate. " + msg, Status: http.StatusServiceUnavailable}
	case svc.Protocol == "json" || svc.Protocol == "rest-json":
		return &awserr.Error{Code: "ThrottlingException", Message: "Rate exceeded. " + msg, Status: http.StatusBadRequest}
	}
	return &awserr.Error{Code: "Throttling", Message: "Rate exceeded. " + msg, Status: http.StatusBadRequest}
}

// bodyDeadline bounds the time to read a body of the declared length, so a
// client trickling bytes cannot hold a connection and a slot forever.
func bodyDeadline(w http.ResponseWriter, declared int64, grace time.Duration) {
	if declared < 0 {
		declared = maxBody
	}
	if grace <= 0 {
		grace = bodyGrace
	}
	d := grace + time.Duration(declared/bodyRate)*time.Second
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(d))
}

// LimitListener returns a listener accepting at most n connections at once;
// further connections wait in the kernel's backlog.
func LimitListener(ln net.Listener, n int) net.Listener {
	return &limitListener{Listener: ln, sem: make(chan struct{}, n)}
}

type limitListener struct {
	net.Listener
	sem chan struct{}
}

func (l *limitListener) Accept() (net.Conn, error) {
	l.sem <- struct{}{}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.sem
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.sem }}, nil
}

type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
