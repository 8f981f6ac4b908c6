package restjson

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/rest"
)

// Codec is the rest-json protocol; its zero value is ready to use.
type Codec struct{}

var _ protocol.Codec = Codec{}

func serialization(format string, args ...any) *awserr.Error {
	return awserr.New("SerializationException", format, args...)
}

func validation(format string, args ...any) *awserr.Error {
	return awserr.New("ValidationException", format, args...)
}

// Resolve matches the request's method, path and query against the
// service's operation URIs and stores the matched labels in req.Labels.
func (Codec) Resolve(svc *protocol.Service, req *protocol.Request) (string, error) {
	rt, labels, res := rest.RouterFor(svc).Match(req.HTTP)
	switch res {
	case rest.Matched:
		req.Labels = labels
		return rt.Op.Name, nil
	case rest.MethodMismatch:
		return "", &awserr.Error{Code: "MethodNotAllowedException", Message: fmt.Sprintf("The method %s is not allowed on %s", req.HTTP.Method, req.HTTP.URL.EscapedPath()), Status: http.StatusMethodNotAllowed}
	}
	return "", &awserr.Error{Code: "UnknownOperationException", Message: fmt.Sprintf("No operation of %s matches %s %s", svc.Name, req.HTTP.Method, req.HTTP.URL.EscapedPath()), Status: http.StatusNotFound}
}

// Decode fills the operation's input shape from the request: located
// members from the labels, query string and headers, the payload or the
// document members from the JSON body.
func (Codec) Decode(svc *protocol.Service, op *protocol.Operation, req *protocol.Request, dst any) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return awserr.Internal(fmt.Errorf("restjson: Decode needs a pointer to a struct, got %T", dst))
	}
	v = v.Elem()
	route := rest.RouterFor(svc).Route(op.Name)
	if req.Labels == nil && route != nil {
		req.Labels, _ = route.MatchPath(req.HTTP.URL.EscapedPath())
	}
	info := protocol.Describe(v.Type())
	if err := rest.DecodeBindings(req, route, v, info, validation); err != nil {
		return err
	}
	layout := rest.LayoutOf(info)
	if layout.Payload == nil && len(layout.Body) == 0 {
		return nil
	}
	body, err := rest.Body(req.HTTP, req.Body)
	if err != nil {
		return serialization("The request body is not a valid aws-chunked stream")
	}
	if layout.Payload != nil {
		fv := v.Field(layout.Payload.Index)
		if layout.RawPayload(v.Type()) {
			if len(body) > 0 || layout.Payload.Tag.Streaming {
				rest.SetRaw(fv, body)
			}
			return nil
		}
		doc, err := parse(body)
		if err != nil {
			return serialization("The request body is not valid JSON: %v", err)
		}
		if doc == nil {
			return nil
		}
		if err := decodeValue(doc, fv, layout.Payload.Tag.TS, 0); err != nil {
			return serialization("Invalid JSON for %s: %v", layout.Payload.Tag.Wire, err)
		}
		return nil
	}
	doc, err := parse(body)
	if err != nil {
		return serialization("The request body is not valid JSON: %v", err)
	}
	if doc == nil {
		return nil
	}
	if err := decodeObject(doc, v, layout.Body, 0); err != nil {
		return serialization("Invalid JSON body: %v", err)
	}
	return nil
}

// WriteOutput renders an output shape: status, headers, then the raw
// payload, the JSON payload or the JSON object of the non-located members.
func (Codec) WriteOutput(w http.ResponseWriter, svc *protocol.Service, op *protocol.Operation, out any, requestID string) error {
	h := w.Header()
	h.Set("x-amzn-RequestId", requestID)
	status := op.ResponseCode
	if status == 0 {
		status = http.StatusOK
	}
	v := reflect.ValueOf(out)
	if out == nil || (v.Kind() == reflect.Pointer && v.IsNil()) {
		h.Set("Content-Length", "0")
		w.WriteHeader(status)
		return nil
	}
	v, _ = rest.Indirect(v)
	if v.Kind() != reflect.Struct {
		return errors.New("restjson: output is not a structure")
	}
	info := protocol.Describe(v.Type())
	status = rest.WriteBindings(h, v, info, status)
	layout := rest.LayoutOf(info)
	var body []byte
	switch {
	case layout.Payload != nil && layout.RawPayload(v.Type()):
		body = rest.RawBytes(v.Field(layout.Payload.Index))
		if h.Get("Content-Type") == "" {
			h.Set("Content-Type", "application/octet-stream")
		}
	case layout.Payload != nil:
		fv := v.Field(layout.Payload.Index)
		if !isNil(fv) {
			var e encoder
			if err := e.value(fv, layout.Payload.Tag.TS, 0); err != nil {
				return err
			}
			body = e.b.Bytes()
			h.Set("Content-Type", "application/json")
		}
	case len(layout.Body) > 0:
		var e encoder
		if err := e.object(v, layout.Body, 0); err != nil {
			return err
		}
		body = e.b.Bytes()
		h.Set("Content-Type", "application/json")
	}
	noBody := op.Method == http.MethodHead || status == http.StatusNoContent || status == http.StatusNotModified
	if !noBody {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(status)
	if !noBody && len(body) > 0 {
		_, err := w.Write(body)
		return err
	}
	return nil
}

// WriteError renders an AWS error: the status, X-Amzn-ErrorType and a
// {"message": ...} body.
func (Codec) WriteError(w http.ResponseWriter, _ *protocol.Service, e *awserr.Error, requestID string) {
	status := e.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	var enc encoder
	enc.b.WriteString(`{"message":`)
	enc.str(e.Message)
	enc.b.WriteByte('}')
	h := w.Header()
	h.Set("x-amzn-RequestId", requestID)
	h.Set("X-Amzn-ErrorType", e.Code)
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(enc.b.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(enc.b.Bytes())
}
