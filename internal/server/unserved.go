package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// awsService is one AWS service of the botocore models (unserved_gen.go).
type awsService struct {
	name, protocol, targetPrefix, jsonVersion, xmlNamespace string
}

// unserved answers a request for a service vpcsim does not serve: in that
// service's own protocol, so that the client parses the error and prints
// it, naming the service and the operation. The request tells its
// protocol when it can (an X-Amz-Target header is the json protocol, a
// form body or an Action parameter a query protocol); otherwise the
// service's model protocol decides (rest-json or rest-xml). The code is
// the protocol's own for an operation the endpoint does not know:
// InvalidAction (query, ec2), UnknownOperationException (json), and 501
// NotImplemented (rest).
func unserved(r *http.Request, cred credential, served []*api.Binding) (protocol.Codec, *protocol.Service, string, *awserr.Error) {
	signing := cred.service
	target := r.Header.Get("X-Amz-Target")
	prefix, op, _ := strings.Cut(target, ".")
	if signing == "" && prefix != "" {
		signing = awsTargets[prefix]
		if signing == "" {
			signing = prefix
		}
	}
	known, ok := awsServices[signing]
	if !ok {
		known = awsService{name: signing, protocol: "rest-json"}
	}
	svc := &protocol.Service{Name: known.name, SigningName: signing, Protocol: known.protocol,
		TargetPrefix: known.targetPrefix, JSONVersion: known.jsonVersion, XMLNamespace: known.xmlNamespace}
	switch {
	case target != "":
		svc.Protocol = "json"
		if v, ok := strings.CutPrefix(r.Header.Get("Content-Type"), "application/x-amz-json-"); ok {
			svc.JSONVersion = v
		}
	case isForm(r) || r.URL.Query().Get("Action") != "":
		if svc.Protocol != "ec2" {
			svc.Protocol = "query"
		}
		op = queryAction(r)
	default:
		if svc.Protocol != "rest-xml" {
			svc.Protocol = "rest-json"
		}
		op = r.Method + " " + r.URL.Path
	}
	if svc.Name == "" {
		svc.Name = "(unnamed)"
	}
	names := make([]string, 0, len(served))
	for _, b := range served {
		names = append(names, b.Service.Name)
	}
	msg := "vpcsim does not emulate the AWS service " + svc.Name
	if op != "" {
		msg += " (operation " + op + ")"
	}
	msg += " yet; it serves " + strings.Join(names, ", ")
	var e *awserr.Error
	switch svc.Protocol {
	case "json":
		e = &awserr.Error{Code: "UnknownOperationException", Message: msg, Status: http.StatusBadRequest}
	case "rest-json", "rest-xml":
		e = &awserr.Error{Code: "NotImplemented", Message: msg, Status: http.StatusNotImplemented}
	default:
		e = &awserr.Error{Code: "InvalidAction", Message: msg, Status: http.StatusBadRequest}
	}
	return codecs()[svc.Protocol], svc, op, e
}

// isForm reports whether r carries a form-encoded body (the query protocols).
func isForm(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded")
}

// queryAction returns a query-protocol request's Action, from the URL or
// the form body (read bounded; the request is answered with an error, so
// the body is not needed afterwards).
func queryAction(r *http.Request) string {
	if a := r.URL.Query().Get("Action"); a != "" {
		return a
	}
	if !isForm(r) {
		return ""
	}
	body, aerr := readBody(r, maxBody)
	if aerr != nil {
		return ""
	}
	q, err := url.ParseQuery(string(body))
	if err != nil {
		return ""
	}
	return q.Get("Action")
}
