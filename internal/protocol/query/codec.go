package query

import (
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"sync"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// Codec is the AWS Query protocol as a protocol.Codec. Its zero value is
// ready to use.
type Codec struct{}

var _ protocol.Codec = Codec{}

// Resolve returns the request's Action parameter, or a 400 MissingAction;
// a request whose Version is not svc's API version is refused (see
// checkVersion).
func (Codec) Resolve(svc *protocol.Service, req *protocol.Request) (string, error) {
	a := action(req)
	if a == "" {
		return "", &awserr.Error{Code: "MissingAction", Message: "Missing Action", Status: http.StatusBadRequest}
	}
	if svc != nil {
		if err := checkVersion(a, version(req), svc.APIVersion); err != nil {
			return "", err
		}
	}
	return a, nil
}

// noVersion is how the query services name a missing Version.
const noVersion = "NO_VERSION_SPECIFIED"

// checkVersion refuses a request for another API version than the one
// served. Version is a required common parameter of the Query API (IAM,
// STS, RDS, ElastiCache and Redshift API references, "Common
// Parameters"); these services answer a missing or unknown one with
// InvalidAction "Could not find operation <Action> for version <Version>"
// (NO_VERSION_SPECIFIED when missing), as AWS is seen to word it; AWS
// documents the code (InvalidAction: "The action or operation requested is
// invalid") but not the message.
func checkVersion(action, got, served string) error {
	if served == "" || got == served {
		return nil
	}
	if got == "" {
		got = noVersion
	}
	return &awserr.Error{Code: "InvalidAction", Message: fmt.Sprintf("Could not find operation %s for version %s", action, got), Status: http.StatusBadRequest}
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

// WriteOutput renders out (a pointer to the operation's output shape, or nil
// for none) inside the operation's response and result elements.
func (Codec) WriteOutput(w http.ResponseWriter, svc *protocol.Service, op *protocol.Operation, out any, requestID string) error {
	bp := bufPool.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= 1<<20 {
			bufPool.Put(bp)
		}
	}()
	b, err := appendResponse((*bp)[:0], svc, op, out, requestID)
	if err != nil {
		return err
	}
	*bp = b
	writeXML(w, http.StatusOK, b, requestID)
	return nil
}

// appendResponse appends the whole response document for out to b.
func appendResponse(b []byte, svc *protocol.Service, op *protocol.Operation, out any, requestID string) ([]byte, error) {
	b = append(b, '<')
	b = append(b, op.Name...)
	b = append(b, "Response xmlns=\""...)
	b = appendEscaped(b, svc.XMLNamespace, true)
	b = append(b, "\">"...)
	if out != nil {
		v := reflect.ValueOf(out)
		for v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return nil, fmt.Errorf("query: %s output is %T, not a pointer to a struct", op.Name, out)
		}
		wrapper := op.ResultWrapper
		if wrapper == "" {
			wrapper = op.Name + "Result"
		}
		b = appendStart(b, wrapper, v, "")
		b = appendFields(b, v)
		b = appendEnd(b, wrapper)
	}
	b = append(b, "<ResponseMetadata><RequestId>"...)
	b = appendEscaped(b, requestID, false)
	b = append(b, "</RequestId></ResponseMetadata></"...)
	b = append(b, op.Name...)
	b = append(b, "Response>"...)
	return b, nil
}

// WriteError renders e as an ErrorResponse with e's HTTP status (500 when
// it has none).
func (Codec) WriteError(w http.ResponseWriter, svc *protocol.Service, e *awserr.Error, requestID string) {
	if e == nil {
		e = awserr.Internal(fmt.Errorf("nil error"))
	}
	status := e.Status
	if status < 400 || status > 599 {
		status = http.StatusInternalServerError
	}
	typ := "Sender"
	if status >= 500 {
		typ = "Receiver"
	}
	b := make([]byte, 0, 256+len(e.Message))
	b = append(b, "<ErrorResponse xmlns=\""...)
	if svc != nil {
		b = appendEscaped(b, svc.XMLNamespace, true)
	}
	b = append(b, "\"><Error><Type>"...)
	b = append(b, typ...)
	b = append(b, "</Type><Code>"...)
	b = appendEscaped(b, e.Code, false)
	b = append(b, "</Code><Message>"...)
	b = appendEscaped(b, e.Message, false)
	b = append(b, "</Message></Error><RequestId>"...)
	b = appendEscaped(b, requestID, false)
	b = append(b, "</RequestId></ErrorResponse>"...)
	writeXML(w, status, b, requestID)
}

func writeXML(w http.ResponseWriter, status int, body []byte, requestID string) {
	h := w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("x-amzn-RequestId", requestID)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
