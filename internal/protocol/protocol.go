// Package protocol holds what every AWS wire protocol shares: the generated
// description of a service and its operations, the Codec interface each
// protocol package implements (ec2query, query, jsonrpc, restxml,
// restjson), and the member traits every generated shape carries in its
// struct tags. It knows no service's semantics.
//
// A generated shape field carries one tag, `aws:"Wire,opt,opt=value"`:
//
//	Wire            the member's wire name (locationName, else member name);
//	                for loc=header the header name, for loc=headers its prefix,
//	                for loc=uri the label, for loc=querystring the key
//	loc=L           header | headers | querystring | uri | statusCode
//	payload         the member is the HTTP payload of a rest protocol
//	streaming       the payload blob is the raw body
//	flat            a flattened list or map (no wrapping element)
//	member=N        a list's member element name (default "member")
//	key=K value=V   a map's key and value element names (default key, value)
//	attr            rendered as an XML attribute
//	ns=URI          the member's XML namespace
//	ts=F            timestamp format: iso8601 | unixTimestamp | rfc822
//	req             the member is required
//	min=N max=N     numeric bounds of an integer member (paging bounds)
//	minlen=N        minimum length of a string or list member
//	enum=Shape      the member takes one of the generated Enums[Shape] values
//	jsonvalue       a header holding base64-encoded JSON
//	idem            an idempotency token
//
// A blank field `_ struct{} aws:"root=Name,ns=URI"` names a structure's XML
// root element where the model gives one.
//
// EC2 shapes keep the EC2 tags instead (`ec2:"Wire"` for the flattened query
// name, `xml:"name>item"` for the response), plus `ec2:"Wire,req"` for
// required members: the ec2query codec reads those.
package protocol

import (
	"context"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// Service is one AWS service's model metadata, generated from its
// service-2.json, with the operations vpcsim decodes.
type Service struct {
	// Name is the model's endpointPrefix ("ec2", "iam", "logs", "s3").
	Name string
	// SigningName is the SigV4 credential scope service name.
	SigningName string
	// Protocol is the model's metadata.protocol: ec2, query, json,
	// rest-xml or rest-json. The server picks the codec from it.
	Protocol string
	// APIVersion is the model's apiVersion (the query protocols' Version).
	APIVersion string
	// TargetPrefix is the json protocol's X-Amz-Target prefix.
	TargetPrefix string
	// JSONVersion is the json protocol's version (1.0 or 1.1).
	JSONVersion string
	// XMLNamespace is the namespace of XML responses.
	XMLNamespace string
	// Global is true for services with one endpoint for every region
	// (IAM, global STS, Route 53).
	Global bool
	// Operations maps an operation name to its description, for the
	// operations whose shapes were generated.
	Operations map[string]*Operation
	// AllOperations lists every operation of the model, served or not, so
	// an unserved one can be named in the error.
	AllOperations []string
	// Enums lists the values of each enum shape the generated shapes use.
	Enums map[string][]string
}

// Operation is one operation of a service.
type Operation struct {
	Name string
	// Method and RequestURI are the model's http trait (rest protocols
	// route by them; RequestURI may carry a query part, "/{Bucket}?acl").
	Method     string
	RequestURI string
	// ResponseCode is the model's http.responseCode (0 means 200).
	ResponseCode int
	// NewInput and NewOutput allocate the generated shapes; NewOutput is
	// nil for an operation without output.
	NewInput  func() any
	NewOutput func() any
	// ResultWrapper is the query protocol's result element ("XResult").
	ResultWrapper string
	// OutputRoot, when set, names the XML root of a rest-xml output.
	OutputRoot string
}

// Request is one HTTP request as a codec sees it: the body is read whole
// and bounded by the server.
type Request struct {
	HTTP *http.Request
	Body []byte
	// Labels holds the URI labels a rest codec matched while resolving.
	Labels map[string]string
}

// Codec is one AWS wire protocol.
type Codec interface {
	// Resolve names the operation the request asks for, from the Action
	// parameter, the X-Amz-Target header, or the method and path.
	Resolve(svc *Service, req *Request) (string, error)
	// Decode fills the operation's input shape from the request.
	Decode(svc *Service, op *Operation, req *Request, dst any) error
	// WriteOutput renders an output shape (nil for none).
	WriteOutput(w http.ResponseWriter, svc *Service, op *Operation, out any, requestID string) error
	// WriteError renders an AWS error in the protocol's error shape.
	WriteError(w http.ResponseWriter, svc *Service, e *awserr.Error, requestID string)
}

// Handler runs one decoded operation of a service and returns its output
// shape (nil for none).
type Handler interface {
	// Serves reports whether the operation is implemented.
	Serves(operation string) bool
	// Handle runs call.Operation with its decoded input.
	Handle(ctx context.Context, call *Call, in any) (any, error)
	// Served lists the implemented operations, sorted.
	Served() []string
}

// Call is the caller's context for one operation: identity, region,
// operation and request id.
type Call struct {
	Account   string
	Region    string
	AccessKey string
	Service   string
	Operation string
	RequestID string
	// HTTP is the request (rest handlers read extra headers from it).
	HTTP *http.Request
	// Body is the raw request body.
	Body []byte
}

// Tag is the parsed `aws` tag of one generated field.
type Tag struct {
	Wire      string
	Loc       string
	Payload   bool
	Streaming bool
	Flat      bool
	Member    string
	Key       string
	Value     string
	Attr      bool
	NS        string
	TS        string
	Required  bool
	Min, Max  *int64
	MinLen    *int64
	Enum      string
	JSONValue bool
	Idem      bool
	Root      string
}

// ParseTag parses an `aws` struct tag.
func ParseTag(s string) Tag {
	parts := strings.Split(s, ",")
	t := Tag{Wire: parts[0], Member: "member", Key: "key", Value: "value"}
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(p, "=")
		switch k {
		case "loc":
			t.Loc = v
		case "payload":
			t.Payload = true
		case "streaming":
			t.Streaming = true
		case "flat":
			t.Flat = true
		case "member":
			t.Member = v
		case "key":
			t.Key = v
		case "value":
			t.Value = v
		case "attr":
			t.Attr = true
		case "ns":
			t.NS = v
		case "ts":
			t.TS = v
		case "req":
			t.Required = true
		case "min":
			t.Min = parseInt(v)
		case "max":
			t.Max = parseInt(v)
		case "minlen":
			t.MinLen = parseInt(v)
		case "enum":
			t.Enum = v
		case "jsonvalue":
			t.JSONValue = true
		case "idem":
			t.Idem = true
		case "root":
			t.Root = v
		}
	}
	return t
}

func parseInt(s string) *int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil
	}
	return &n
}

// Field is one tagged field of a generated struct.
type Field struct {
	Index int
	Name  string // Go field name (= the model's member name)
	Tag   Tag
}

// StructInfo is the tagged layout of one generated struct type.
type StructInfo struct {
	Fields []Field
	// Root and NS come from the blank `_ struct{}` field, if any.
	Root, NS string
}

var structCache sync.Map // reflect.Type -> *StructInfo

// Describe returns the tagged fields of struct type t (cached).
func Describe(t reflect.Type) *StructInfo {
	if v, ok := structCache.Load(t); ok {
		return v.(*StructInfo)
	}
	info := &StructInfo{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		raw, ok := f.Tag.Lookup("aws")
		if !ok {
			continue
		}
		tag := ParseTag(raw)
		if f.Name == "_" {
			info.Root, info.NS = tag.Root, tag.NS
			continue
		}
		info.Fields = append(info.Fields, Field{Index: i, Name: f.Name, Tag: tag})
	}
	v, _ := structCache.LoadOrStore(t, info)
	return v.(*StructInfo)
}

// RawBody is an output that a codec writes as it is: an already encoded
// response, such as the stored answer to a repeated idempotent request.
type RawBody []byte

// UnsupportedOperation is the answer to an operation of a known service
// that vpcsim does not serve, in the words the service's protocol uses.
func UnsupportedOperation(svc *Service, name string) *awserr.Error {
	switch svc.Protocol {
	case "rest-xml", "rest-json":
		return &awserr.Error{Code: "NotImplemented", Status: http.StatusNotImplemented,
			Message: "vpcsim does not emulate " + svc.Name + " operation " + name + " yet"}
	case "json":
		return awserr.New("UnknownOperationException", "vpcsim does not emulate %s operation %s yet", svc.Name, name)
	}
	return awserr.New("InvalidAction", "The action %s is not valid for this web service (vpcsim does not emulate %s %s yet).", name, svc.Name, name)
}
