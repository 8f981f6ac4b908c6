package ec2query

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// Codec is the EC2 Query protocol as a protocol.Codec. Its zero value is
// ready to use.
type Codec struct{}

var _ protocol.Codec = Codec{}

// ReadParams merges a request's query string and form body into Params; a
// repeated key keeps its first value.
func ReadParams(req *protocol.Request) (Params, error) {
	p := Params{}
	for k, v := range req.HTTP.URL.Query() {
		if len(v) > 0 {
			p[k] = v[0]
		}
	}
	if len(req.Body) > 0 {
		form, err := url.ParseQuery(string(req.Body))
		if err != nil {
			return nil, awserr.New("MalformedQueryString", "malformed form body: %s", err.Error())
		}
		for k, v := range form {
			if len(v) > 0 {
				p[k] = v[0]
			}
		}
	}
	return p, nil
}

// Resolve returns the Action parameter.
func (Codec) Resolve(_ *protocol.Service, req *protocol.Request) (string, error) {
	p, err := ReadParams(req)
	if err != nil {
		return "", err
	}
	if p["Action"] == "" {
		return "", awserr.New("MissingAction", "The request must contain the parameter Action")
	}
	return p["Action"], nil
}

// Decode fills dst from the flattened parameters.
func (Codec) Decode(_ *protocol.Service, _ *protocol.Operation, req *protocol.Request, dst any) error {
	p, err := ReadParams(req)
	if err != nil {
		return err
	}
	if err := Decode(p, dst); err != nil {
		return err
	}
	if e := CheckRequired(dst); e != nil {
		return e
	}
	return nil
}

// WriteOutput renders an EC2 response (<return>true</return> for no output).
func (Codec) WriteOutput(w http.ResponseWriter, _ *protocol.Service, op *protocol.Operation, out any, requestID string) error {
	if raw, ok := out.(protocol.RawBody); ok {
		WriteBody(w, raw, requestID)
		return nil
	}
	body, err := EncodeResponse(op.Name, requestID, out)
	if err != nil {
		return fmt.Errorf("encode %s: %w", op.Name, err)
	}
	WriteBody(w, body, requestID)
	return nil
}

// WriteBody writes an already encoded EC2 response body.
func WriteBody(w http.ResponseWriter, body []byte, requestID string) {
	h := w.Header()
	h.Set("Content-Type", "text/xml;charset=UTF-8")
	h.Set("x-amzn-RequestId", requestID)
	h.Set("Server", "AmazonEC2")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// WriteError writes EC2's error envelope.
func (Codec) WriteError(w http.ResponseWriter, _ *protocol.Service, e *awserr.Error, requestID string) {
	WriteError(w, e, requestID)
}
