package ec2query

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// Codec is the EC2 Query protocol as a protocol.Codec. Its zero value is
// ready to use.
type Codec struct{}

var _ protocol.Codec = Codec{}

// Resolve returns the Action parameter, once the request's Version is
// known to be svc's (see CheckVersion).
func (Codec) Resolve(svc *protocol.Service, req *protocol.Request) (string, error) {
	p, err := ReadParams(req)
	if err != nil {
		return "", err
	}
	if p["Action"] == "" {
		return "", awserr.New("MissingAction", "The request must contain the parameter Action")
	}
	if svc != nil {
		if err := CheckVersion(p["Version"], svc.APIVersion); err != nil {
			return "", err
		}
	}
	return p["Action"], nil
}

// CheckVersion answers a request whose Version is not the API version
// served. Version is a required common parameter of every EC2 Query request
// (EC2 API reference, "Query requests": "Version: The API version to use.
// For the Amazon EC2 API, the version is 2016-11-15"). A missing one is
// MissingParameter in EC2's usual wording; an unknown one is EC2's
// NoSuchVersion, whose message AWS is seen to word as below (AWS documents
// the code only through those observed answers). EC2 also accepts older
// versions of its API; vpcsim serves only the shapes of 2016-11-15, so it
// refuses those rather than read them with newer semantics.
func CheckVersion(got, served string) error {
	if served == "" || got == served {
		return nil
	}
	if got == "" {
		return awserr.MissingParameter("Version")
	}
	return awserr.New("NoSuchVersion", "The requested version (%s) of service AmazonEC2 does not exist", got)
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
