package restxml

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/rest"
)

// Codec is the rest-xml protocol; its zero value is ready to use.
type Codec struct{}

var _ protocol.Codec = Codec{}

// MalformedXMLMessage is S3's message for a request document it cannot
// parse.
const MalformedXMLMessage = "The XML you provided was not well-formed or did not validate against our published schema"

func malformedXML() *awserr.Error {
	return &awserr.Error{Code: "MalformedXML", Message: MalformedXMLMessage, Status: http.StatusBadRequest}
}

func isS3(svc *protocol.Service) bool { return svc != nil && svc.Name == "s3" }

func invalidFor(svc *protocol.Service) rest.Invalid {
	code := "InvalidInput"
	if isS3(svc) {
		code = "InvalidArgument"
	}
	return func(format string, args ...any) *awserr.Error { return awserr.New(code, format, args...) }
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
		return "", methodNotAllowed()
	}
	if isS3(svc) {
		return "", methodNotAllowed()
	}
	return "", &awserr.Error{Code: "UnknownOperationException",
		Message: fmt.Sprintf("No operation of %s matches %s %s", svc.Name, req.HTTP.Method, req.HTTP.URL.EscapedPath()),
		Status:  http.StatusNotFound}
}

func methodNotAllowed() *awserr.Error {
	return &awserr.Error{Code: "MethodNotAllowed", Message: "The specified method is not allowed against this resource.", Status: http.StatusMethodNotAllowed}
}

// Decode fills the operation's input shape from the request: located
// members from the labels, query string and headers, the payload or the
// document members from the body.
func (Codec) Decode(svc *protocol.Service, op *protocol.Operation, req *protocol.Request, dst any) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return awserr.Internal(fmt.Errorf("restxml: Decode needs a pointer to a struct, got %T", dst))
	}
	v = v.Elem()
	route := rest.RouterFor(svc).Route(op.Name)
	if req.Labels == nil && route != nil {
		req.Labels, _ = route.MatchPath(req.HTTP.URL.EscapedPath())
	}
	info := protocol.Describe(v.Type())
	if err := rest.DecodeBindings(req, route, v, info, invalidFor(svc)); err != nil {
		return err
	}
	layout := rest.LayoutOf(info)
	if layout.Payload == nil && len(layout.Body) == 0 {
		return nil
	}
	body, err := rest.Body(req.HTTP, req.Body)
	if err != nil {
		return &awserr.Error{Code: "IncompleteBody", Message: "The request body terminated unexpectedly", Status: http.StatusBadRequest}
	}
	if layout.Payload != nil {
		fv := v.Field(layout.Payload.Index)
		if layout.RawPayload(v.Type()) {
			if len(body) > 0 || layout.Payload.Tag.Streaming {
				rest.SetRaw(fv, body)
			}
			return nil
		}
		root, err := parse(body)
		if err != nil {
			return malformedXML()
		}
		if root == nil {
			return nil
		}
		ft := fv.Type()
		if ft.Kind() != reflect.Pointer || ft.Elem().Kind() != reflect.Struct {
			return nil
		}
		if root.name != layout.Payload.Tag.Wire && root.name != protocol.Describe(ft.Elem()).Root {
			return malformedXML()
		}
		p := reflect.New(ft.Elem())
		if err := decodeStruct(root, p.Elem(), 0); err != nil {
			return malformedXML()
		}
		fv.Set(p)
		return nil
	}
	root, err := parse(body)
	if err != nil {
		return malformedXML()
	}
	if root == nil {
		return nil
	}
	for _, f := range layout.Body {
		if err := decodeField(root, v.Field(f.Index), f.Tag, 0); err != nil {
			return malformedXML()
		}
	}
	return nil
}

// Namespace returns the XML namespace of svc's documents: its
// XMLNamespace, or for S3 (whose model names none) the 2006-03-01 one.
func Namespace(svc *protocol.Service) string {
	if svc.XMLNamespace != "" {
		return svc.XMLNamespace
	}
	if isS3(svc) {
		return "http://s3.amazonaws.com/doc/" + svc.APIVersion + "/"
	}
	return ""
}

// s3Roots names the root element S3 answers with where the model names
// none (the generator leaves Operation.OutputRoot empty).
var s3Roots = map[string]string{
	"ListBuckets":                                "ListAllMyBucketsResult",
	"ListDirectoryBuckets":                       "ListAllMyDirectoryBucketsResult",
	"ListObjects":                                "ListBucketResult",
	"ListObjectsV2":                              "ListBucketResult",
	"ListObjectVersions":                         "ListVersionsResult",
	"ListMultipartUploads":                       "ListMultipartUploadsResult",
	"ListParts":                                  "ListPartsResult",
	"CreateMultipartUpload":                      "InitiateMultipartUploadResult",
	"CompleteMultipartUpload":                    "CompleteMultipartUploadResult",
	"DeleteObjects":                              "DeleteResult",
	"GetBucketLocation":                          "LocationConstraint",
	"GetBucketAcl":                               "AccessControlPolicy",
	"GetObjectAcl":                               "AccessControlPolicy",
	"GetBucketTagging":                           "Tagging",
	"GetObjectTagging":                           "Tagging",
	"GetBucketVersioning":                        "VersioningConfiguration",
	"GetBucketCors":                              "CORSConfiguration",
	"GetBucketLifecycle":                         "LifecycleConfiguration",
	"GetBucketLifecycleConfiguration":            "LifecycleConfiguration",
	"GetBucketLogging":                           "BucketLoggingStatus",
	"GetBucketWebsite":                           "WebsiteConfiguration",
	"GetBucketRequestPayment":                    "RequestPaymentConfiguration",
	"GetBucketAccelerateConfiguration":           "AccelerateConfiguration",
	"GetBucketNotification":                      "NotificationConfiguration",
	"GetBucketNotificationConfiguration":         "NotificationConfiguration",
	"GetObjectAttributes":                        "GetObjectAttributesResponse",
	"ListBucketAnalyticsConfigurations":          "ListBucketAnalyticsConfigurationResult",
	"ListBucketInventoryConfigurations":          "ListInventoryConfigurationsResult",
	"ListBucketMetricsConfigurations":            "ListMetricsConfigurationsResult",
	"ListBucketIntelligentTieringConfigurations": "ListBucketIntelligentTieringConfigurationsOutput",
	"CreateSession":                              "CreateSessionResult",
}

// OutputRoot returns the root element of op's output document.
func OutputRoot(svc *protocol.Service, op *protocol.Operation, info *protocol.StructInfo) string {
	if op.OutputRoot != "" {
		return op.OutputRoot
	}
	if info.Root != "" {
		return info.Root
	}
	if isS3(svc) {
		if r, ok := s3Roots[op.Name]; ok {
			return r
		}
	}
	return op.Name + "Result"
}

func hostID(requestID string) string {
	sum := sha256.Sum256([]byte(requestID))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func setRequestID(h http.Header, svc *protocol.Service, requestID string) {
	h.Set("x-amz-request-id", requestID)
	h.Set("x-amz-id-2", hostID(requestID))
	if !isS3(svc) {
		h.Set("x-amzn-RequestId", requestID)
	}
}

// WriteOutput renders an output shape: status, headers, then the raw
// payload, the XML payload or the XML document of the non-located members.
func (Codec) WriteOutput(w http.ResponseWriter, svc *protocol.Service, op *protocol.Operation, out any, requestID string) error {
	h := w.Header()
	setRequestID(h, svc, requestID)
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
		return errors.New("restxml: output is not a structure")
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
		pv, ok := rest.Indirect(v.Field(layout.Payload.Index))
		if ok && pv.Kind() == reflect.Struct {
			var e encoder
			e.b.WriteString(xmlHeader)
			ns := layout.Payload.Tag.NS
			if ns == "" && protocol.Describe(pv.Type()).NS == "" {
				ns = Namespace(svc)
			}
			e.structElem(layout.Payload.Tag.Wire, ns, pv, protocol.Describe(pv.Type()).Fields, "")
			body = e.b.Bytes()
			h.Set("Content-Type", "application/xml")
		}
	case len(layout.Body) > 0:
		body = encodeDocument(svc, op, info, v, layout.Body)
		h.Set("Content-Type", "application/xml")
	}
	noBody := op.Method == http.MethodHead || status == http.StatusNoContent || status == http.StatusNotModified
	if !noBody {
		rest.SetContentLength(h, len(body))
	} else if status != http.StatusOK {
		h.Del("Content-Length")
	}
	w.WriteHeader(status)
	if !noBody && len(body) > 0 {
		_, err := w.Write(body)
		return err
	}
	return nil
}

func encodeDocument(svc *protocol.Service, op *protocol.Operation, info *protocol.StructInfo, v reflect.Value, fields []protocol.Field) []byte {
	root := OutputRoot(svc, op, info)
	ns := info.NS
	if ns == "" {
		ns = Namespace(svc)
	}
	var e encoder
	e.b.WriteString(xmlHeader)
	if len(fields) == 1 && fields[0].Tag.Wire == root {
		if fv, ok := rest.Indirect(v.Field(fields[0].Index)); !ok || rest.IsScalarType(fv.Type()) {
			// The only member is the root: <LocationConstraint>x</..>.
			e.open(root, ns, "", "")
			e.b.WriteByte('>')
			if ok {
				s, _ := rest.FormatScalar(fv, fields[0].Tag.TS)
				e.text(s)
			}
			e.close(root)
			return e.b.Bytes()
		}
	}
	e.structElem(root, ns, v, fields, "")
	return e.b.Bytes()
}

// WriteError renders an AWS error: S3's <Error> document for S3, the
// <ErrorResponse> envelope for every other rest-xml service. HEAD answers
// lose the body in net/http, keeping the status.
func (Codec) WriteError(w http.ResponseWriter, svc *protocol.Service, e *awserr.Error, requestID string) {
	status := e.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	h := w.Header()
	setRequestID(h, svc, requestID)
	var enc encoder
	enc.b.WriteString(xmlHeader)
	if isS3(svc) || svc == nil {
		enc.b.WriteString("<Error><Code>")
		enc.text(e.Code)
		enc.b.WriteString("</Code><Message>")
		enc.text(e.Message)
		enc.b.WriteString("</Message><RequestId>")
		enc.text(requestID)
		enc.b.WriteString("</RequestId><HostId>")
		enc.text(hostID(requestID))
		enc.b.WriteString("</HostId></Error>")
	} else {
		enc.open("ErrorResponse", Namespace(svc), "", "")
		enc.b.WriteString("><Error><Type>")
		if status >= 500 {
			enc.b.WriteString("Receiver")
		} else {
			enc.b.WriteString("Sender")
		}
		enc.b.WriteString("</Type><Code>")
		enc.text(e.Code)
		enc.b.WriteString("</Code><Message>")
		enc.text(e.Message)
		enc.b.WriteString("</Message></Error><RequestId>")
		enc.text(requestID)
		enc.b.WriteString("</RequestId></ErrorResponse>")
	}
	h.Set("Content-Type", "application/xml")
	h.Set("Content-Length", strconv.Itoa(enc.b.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(enc.b.Bytes())
}
