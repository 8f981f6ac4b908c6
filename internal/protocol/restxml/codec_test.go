package restxml_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	s3api "github.com/vpcsim/vpcsim/internal/api/s3"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/restxml"
)

var codec restxml.Codec

func decodeS3(t *testing.T, req *protocol.Request) (string, any, error) {
	t.Helper()
	name, err := codec.Resolve(s3api.Service, req)
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	op := s3api.Service.Operations[name]
	in := op.NewInput()
	return name, in, codec.Decode(s3api.Service, op, req, in)
}

func TestDecodeHeaders(t *testing.T) {
	req := newReq("PUT", "/bkt/some/key.txt", map[string]string{
		"Content-Type":         "text/plain",
		"Content-Length":       "5",
		"X-Amz-Meta-Owner":     "team-a",
		"x-amz-meta-MixedCase": "v",
		"x-amz-server-side-encryption-bucket-key-enabled": "true",
		"x-amz-object-lock-retain-until-date":             "2026-11-29T22:15:04.123Z",
		"x-amz-checksum-crc32":                            "AAAAAA==",
		"x-amz-content-sha256":                            "UNSIGNED-PAYLOAD",
	}, "hello")
	name, in, err := decodeS3(t, req)
	if err != nil || name != "PutObject" {
		t.Fatalf("%s: %v", name, err)
	}
	p := in.(*s3api.PutObjectRequest)
	if string(p.Body) != "hello" || *p.Bucket != "bkt" || *p.Key != "some/key.txt" || *p.ContentType != "text/plain" || *p.ContentLength != 5 || !*p.BucketKeyEnabled {
		t.Errorf("decoded %+v", p)
	}
	if !reflect.DeepEqual(p.Metadata, map[string]string{"owner": "team-a", "mixedcase": "v"}) {
		t.Errorf("metadata = %v", p.Metadata)
	}
	if want := time.Date(2026, 11, 29, 22, 15, 4, 123e6, time.UTC); !p.ObjectLockRetainUntilDate.Equal(want) {
		t.Errorf("retain until = %v", p.ObjectLockRetainUntilDate)
	}

	// RFC 1123 header timestamps, header lists.
	req = newReq("PUT", "/bkt/k", map[string]string{
		"x-amz-copy-source":                   "/src/k",
		"x-amz-copy-source-if-modified-since": "Sun, 29 Nov 2026 22:15:04 GMT",
	}, "")
	name, in, err = decodeS3(t, req)
	if err != nil || name != "CopyObject" {
		t.Fatalf("%s: %v", name, err)
	}
	if c := in.(*s3api.CopyObjectRequest); !c.CopySourceIfModifiedSince.Equal(modTime) || *c.CopySource != "/src/k" {
		t.Errorf("copy = %+v", c)
	}
	req = newReq("GET", "/bkt/k?attributes", map[string]string{"x-amz-object-attributes": "ETag, ObjectSize,StorageClass"}, "")
	_, in, err = decodeS3(t, req)
	if got := in.(*s3api.GetObjectAttributesRequest).ObjectAttributes; err != nil || !reflect.DeepEqual(got, []string{"ETag", "ObjectSize", "StorageClass"}) {
		t.Errorf("attributes = %q, %v", got, err)
	}

	// Query scalars.
	req = newReq("GET", "/bkt?list-type=2&max-keys=7&fetch-owner=true&prefix=a%2Fb&start-after=", nil, "")
	_, in, err = decodeS3(t, req)
	l := in.(*s3api.ListObjectsV2Request)
	if err != nil || *l.MaxKeys != 7 || !*l.FetchOwner || *l.Prefix != "a/b" || l.StartAfter == nil || *l.StartAfter != "" || l.Delimiter != nil {
		t.Errorf("list = %+v, %v", l, err)
	}
}

func TestDecodeBadValues(t *testing.T) {
	for _, tc := range []struct {
		method, target string
		headers        map[string]string
		body, code     string
	}{
		{"GET", "/bkt?list-type=2&max-keys=many", nil, "", "InvalidArgument"},
		{"PUT", "/bkt/k", map[string]string{"Content-Length": "x"}, "", "InvalidArgument"},
		{"PUT", "/bkt/k", map[string]string{"x-amz-server-side-encryption-bucket-key-enabled": "maybe"}, "", "InvalidArgument"},
		{"PUT", "/bkt/k", map[string]string{"x-amz-object-lock-retain-until-date": "yesterday"}, "", "InvalidArgument"},
		{"PUT", "/bkt", nil, "<CreateBucketConfiguration><LocationConstraint>eu", "MalformedXML"},
		{"PUT", "/bkt", nil, "<Wrong/>", "MalformedXML"},
		{"PUT", "/bkt", nil, "<a/><b/>", "MalformedXML"},
		{"PUT", "/bkt", nil, "<CreateBucketConfiguration/>trailing", "MalformedXML"},
		{"POST", "/bkt?delete", nil, "<Delete><Quiet>perhaps</Quiet></Delete>", "MalformedXML"},
		{"PUT", "/bkt/k", map[string]string{"Content-Encoding": "aws-chunked"}, "zz\r\nabc", "IncompleteBody"},
	} {
		_, _, err := decodeS3(t, newReq(tc.method, tc.target, tc.headers, tc.body))
		ae, ok := err.(*awserr.Error)
		if !ok || ae.Code != tc.code || ae.Status != 400 {
			t.Errorf("%s %s %v %q: %v, want %s", tc.method, tc.target, tc.headers, tc.body, err, tc.code)
		}
		if ok && ae.Code == "MalformedXML" && ae.Message != restxml.MalformedXMLMessage {
			t.Errorf("message %q", ae.Message)
		}
	}
}

func TestDecodeXMLPayloads(t *testing.T) {
	// Namespaced payload.
	_, in, err := decodeS3(t, newReq("PUT", "/bkt", nil, `<?xml version="1.0" encoding="UTF-8"?>
<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>eu-west-1</LocationConstraint><Tags><Tag><Key>k</Key><Value>v</Value></Tag></Tags></CreateBucketConfiguration>`))
	cb := in.(*s3api.CreateBucketRequest)
	if err != nil || *cb.CreateBucketConfiguration.LocationConstraint != "eu-west-1" || len(cb.CreateBucketConfiguration.Tags) != 1 || *cb.CreateBucketConfiguration.Tags[0].Value != "v" {
		t.Errorf("create = %+v, %v", cb.CreateBucketConfiguration, err)
	}
	// Empty body: nil payload.
	_, in, err = decodeS3(t, newReq("PUT", "/bkt", nil, ""))
	if err != nil || in.(*s3api.CreateBucketRequest).CreateBucketConfiguration != nil {
		t.Errorf("empty create: %v", err)
	}
	// Flat list.
	_, in, err = decodeS3(t, newReq("POST", "/bkt?delete", nil, `<Delete><Object><Key>a</Key></Object><Object><Key>b</Key><VersionId>v1</VersionId></Object><Quiet>true</Quiet></Delete>`))
	d := in.(*s3api.DeleteObjectsRequest).Delete
	if err != nil || len(d.Objects) != 2 || *d.Objects[1].VersionId != "v1" || !*d.Quiet {
		t.Errorf("delete = %+v, %v", d, err)
	}
	// Attributes with a namespace prefix (xsi:type).
	_, in, err = decodeS3(t, newReq("PUT", "/bkt?acl", nil, `<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>abc</ID></Grantee><Permission>READ</Permission></Grant></AccessControlList><Owner><ID>abc</ID></Owner></AccessControlPolicy>`))
	acl := in.(*s3api.PutBucketAclRequest).AccessControlPolicy
	if err != nil || len(acl.Grants) != 1 || *acl.Grants[0].Grantee.Type != "CanonicalUser" || *acl.Grants[0].Grantee.ID != "abc" {
		t.Errorf("acl = %+v, %v", acl, err)
	}
	// A string payload is the raw body.
	_, in, err = decodeS3(t, newReq("PUT", "/bkt?policy", nil, `{"Version":"2012-10-17"}`))
	if err != nil || *in.(*s3api.PutBucketPolicyRequest).Policy != `{"Version":"2012-10-17"}` {
		t.Errorf("policy: %v", err)
	}
}

func TestDecodeAWSChunked(t *testing.T) {
	body := "5;chunk-signature=aaaa\r\nhello\r\n6;chunk-signature=bbbb\r\n world\r\n0;chunk-signature=cccc\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n"
	req := newReq("PUT", "/bkt/k", map[string]string{
		"Content-Encoding":             "aws-chunked,gzip",
		"X-Amz-Decoded-Content-Length": "11",
		"Content-Length":               fmt.Sprint(len(body)),
		"X-Amz-Content-Sha256":         "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
	}, body)
	_, in, err := decodeS3(t, req)
	p := in.(*s3api.PutObjectRequest)
	if err != nil || string(p.Body) != "hello world" || *p.ContentLength != 11 || *p.ContentEncoding != "gzip" {
		t.Errorf("chunked = %q len %v enc %v, %v", p.Body, p.ContentLength, p.ContentEncoding, err)
	}
}

func TestDecodeWithoutResolve(t *testing.T) {
	op := s3api.Service.Operations["GetObject"]
	req := newReq("GET", "/bkt/a/b.txt", map[string]string{"Range": "bytes=0-1"}, "")
	in := op.NewInput().(*s3api.GetObjectRequest)
	if err := codec.Decode(s3api.Service, op, req, in); err != nil || *in.Key != "a/b.txt" || *in.Range != "bytes=0-1" {
		t.Errorf("decode = %+v, %v", in, err)
	}
}

func record(t *testing.T, op string, out any) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	if err := codec.WriteOutput(w, s3api.Service, s3api.Service.Operations[op], out, "REQ1"); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestWriteOutputXML(t *testing.T) {
	w := record(t, "ListObjectsV2", &s3api.ListObjectsV2Output{
		Name:           aws.String("bkt"),
		IsTruncated:    aws.Bool(false),
		Contents:       []s3api.Object{{Key: aws.String("a<&>"), LastModified: &modTime, Size: aws.Int64(3), ChecksumAlgorithm: []string{"CRC32"}}},
		CommonPrefixes: []s3api.CommonPrefix{{Prefix: aws.String("d/")}},
		RequestCharged: aws.String("requester"),
	})
	want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsTruncated>false</IsTruncated>` +
		`<Contents><Key>a&lt;&amp;&gt;</Key><LastModified>2026-11-29T22:15:04.000Z</LastModified><ChecksumAlgorithm>CRC32</ChecksumAlgorithm><Size>3</Size></Contents>` +
		`<Name>bkt</Name><CommonPrefixes><Prefix>d/</Prefix></CommonPrefixes></ListBucketResult>`
	if got := w.Body.String(); got != want {
		t.Errorf("body\n got %s\nwant %s", got, want)
	}
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/xml" || w.Header().Get("x-amz-request-charged") != "requester" ||
		w.Header().Get("x-amz-request-id") != "REQ1" || w.Header().Get("x-amz-id-2") == "" || w.Header().Get("Content-Length") != fmt.Sprint(len(want)) {
		t.Errorf("status %d headers %v", w.Code, w.Header())
	}

	// Grantee: xsi namespace declared with its prefix; wrapped list.
	w = record(t, "GetBucketAcl", &s3api.GetBucketAclOutput{
		Owner:  &s3api.Owner{ID: aws.String("o")},
		Grants: []s3api.Grant{{Grantee: &s3api.Grantee{Type: aws.String("CanonicalUser"), ID: aws.String("o")}, Permission: aws.String("FULL_CONTROL")}},
	})
	if got := w.Body.String(); !strings.Contains(got, `<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>o</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>o</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`) {
		t.Errorf("acl body %s", got)
	}
	// The ACL document decodes back into the input shape.
	_, in, err := decodeS3(t, newReq("PUT", "/bkt?acl", nil, w.Body.String()))
	if acl := in.(*s3api.PutBucketAclRequest).AccessControlPolicy; err != nil || *acl.Grants[0].Grantee.Type != "CanonicalUser" || *acl.Owner.ID != "o" {
		t.Errorf("acl round trip: %+v %v", acl, err)
	}

	// GetBucketLocation: the only member is the root.
	w = record(t, "GetBucketLocation", &s3api.GetBucketLocationOutput{LocationConstraint: aws.String("eu-west-1")})
	if got := w.Body.String(); !strings.HasSuffix(got, `<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>`) {
		t.Errorf("location %s", got)
	}
	w = record(t, "GetBucketLocation", &s3api.GetBucketLocationOutput{})
	if got := w.Body.String(); !strings.HasSuffix(got, `<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></LocationConstraint>`) {
		t.Errorf("empty location %s", got)
	}

	// ListBuckets: root from op.OutputRoot when set, else S3's own.
	op := *s3api.Service.Operations["ListBuckets"]
	w = httptest.NewRecorder()
	_ = codec.WriteOutput(w, s3api.Service, &op, &s3api.ListBucketsOutput{Buckets: []s3api.Bucket{}}, "R")
	if got := w.Body.String(); !strings.HasSuffix(got, `<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Buckets></Buckets></ListAllMyBucketsResult>`) {
		t.Errorf("list buckets %s", got)
	}
	op.OutputRoot = "Custom"
	w = httptest.NewRecorder()
	_ = codec.WriteOutput(w, s3api.Service, &op, &s3api.ListBucketsOutput{}, "R")
	if got := w.Body.String(); !strings.HasSuffix(got, `<Custom xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></Custom>`) {
		t.Errorf("custom root %s", got)
	}

	// Structure payload rooted at its wire name.
	w = record(t, "CopyObject", &s3api.CopyObjectOutput{CopyObjectResult: &s3api.CopyObjectResult{ETag: aws.String(`"e"`), LastModified: &modTime}, VersionId: aws.String("v")})
	if got := w.Body.String(); !strings.HasSuffix(got, `<CopyObjectResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><ETag>&#34;e&#34;</ETag><LastModified>2026-11-29T22:15:04.000Z</LastModified></CopyObjectResult>`) || w.Header().Get("x-amz-version-id") != "v" {
		t.Errorf("copy %s", got)
	}
}

func TestWriteOutputRawAndStatus(t *testing.T) {
	w := record(t, "GetObject", &s3api.GetObjectOutput{
		Body: []byte("abc"), ContentLength: aws.Int64(99), ContentRange: aws.String("bytes 0-2/10"),
		LastModified: &modTime, Metadata: map[string]string{"owner": "x"}, ETag: aws.String(`"e"`),
		ObjectLockRetainUntilDate: &modTime, MissingMeta: aws.Int32(2), DeleteMarker: aws.Bool(false),
	})
	h := w.Header()
	if w.Code != 206 || w.Body.String() != "abc" || h.Get("Content-Length") != "3" || h.Get("Last-Modified") != "Sun, 29 Nov 2026 22:15:04 GMT" ||
		h.Get("x-amz-meta-owner") != "x" || h.Get("x-amz-object-lock-retain-until-date") != "2026-11-29T22:15:04.000Z" ||
		h.Get("x-amz-missing-meta") != "2" || h.Get("x-amz-delete-marker") != "false" || h.Get("Content-Type") != "application/octet-stream" {
		t.Errorf("GetObject: %d %q %v", w.Code, w.Body.String(), h)
	}
	// HEAD: headers only, Content-Length from the member.
	w = record(t, "HeadObject", &s3api.HeadObjectOutput{ContentLength: aws.Int64(1234), ETag: aws.String(`"e"`)})
	if w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") != "1234" {
		t.Errorf("HeadObject: %d %q %v", w.Code, w.Body.String(), w.Header())
	}
	// 204 from the model's responseCode.
	w = record(t, "DeleteObject", &s3api.DeleteObjectOutput{DeleteMarker: aws.Bool(true)})
	if w.Code != 204 || w.Body.Len() != 0 || w.Header().Get("x-amz-delete-marker") != "true" {
		t.Errorf("DeleteObject: %d %v", w.Code, w.Header())
	}
	w = record(t, "DeleteBucket", nil)
	if w.Code != 204 || w.Body.Len() != 0 {
		t.Errorf("DeleteBucket: %d", w.Code)
	}
	// Header-only output: no body.
	w = record(t, "PutObject", &s3api.PutObjectOutput{ETag: aws.String(`"e"`)})
	if w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("ETag") != `"e"` || w.Header().Get("Content-Length") != "0" {
		t.Errorf("PutObject: %d %v", w.Code, w.Header())
	}
	// String payload written raw.
	w = record(t, "GetBucketPolicy", &s3api.GetBucketPolicyOutput{Policy: aws.String(`{"a":1}`)})
	if w.Body.String() != `{"a":1}` {
		t.Errorf("policy %q", w.Body.String())
	}
}

func TestWriteError(t *testing.T) {
	w := httptest.NewRecorder()
	codec.WriteError(w, s3api.Service, &awserr.Error{Code: "NoSuchBucket", Message: "The specified bucket does not exist & <gone>", Status: 404}, "RID")
	body := w.Body.String()
	if w.Code != 404 || !strings.Contains(body, `<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist &amp; &lt;gone&gt;</Message><RequestId>RID</RequestId><HostId>`) || w.Header().Get("x-amz-request-id") != "RID" {
		t.Errorf("s3 error %d %s", w.Code, body)
	}
	w = httptest.NewRecorder()
	codec.WriteError(w, route53Like(), &awserr.Error{Code: "NoSuchHostedZone", Message: "No hosted zone found with ID: Z1", Status: 404}, "RID")
	if want := `<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>NoSuchHostedZone</Code><Message>No hosted zone found with ID: Z1</Message></Error><RequestId>RID</RequestId></ErrorResponse>`; !strings.HasSuffix(w.Body.String(), want) || w.Header().Get("x-amzn-RequestId") != "RID" {
		t.Errorf("route53 error %s", w.Body.String())
	}
	w = httptest.NewRecorder()
	codec.WriteError(w, route53Like(), awserr.Internal(fmt.Errorf("boom")), "RID")
	if !strings.Contains(w.Body.String(), "<Type>Receiver</Type>") || w.Code != 500 {
		t.Errorf("500 error %s", w.Body.String())
	}
}

// item and shapes are hand-written shapes exercising every XML trait.
type item struct {
	Name  *string  `aws:"Name"`
	Kind  *string  `aws:"kind,attr"`
	Size  *int64   `aws:"Size"`
	Ratio *float64 `aws:"Ratio"`
}

type shapes struct {
	_      struct{}          `aws:",root=Shapes,ns=urn:test"`
	ID     *string           `aws:"Id,loc=uri,req"`
	Tags   []string          `aws:"tag,loc=querystring"`
	Extra  map[string]string `aws:"extra,loc=querystring"`
	Doc    *string           `aws:"x-doc,loc=header,jsonvalue"`
	Status *int32            `aws:"Status,loc=statusCode"`
	Items  []item            `aws:"Items,member=Item"`
	Flat   []item            `aws:"F,flat"`
	Names  []string          `aws:"Names"`
	M      map[string]string `aws:"M,key=K,value=V"`
	FM     map[string]*item  `aws:"FM,flat"`
	Stamp  *time.Time        `aws:"Stamp"`
	Unix   *time.Time        `aws:"U,ts=unixTimestamp"`
	RFC    *time.Time        `aws:"R,ts=rfc822"`
	Blob   []byte            `aws:"Blob"`
	Nested *item             `aws:"Nested"`
	OK     *bool             `aws:"OK"`
}

func shapesService() *protocol.Service {
	return &protocol.Service{Name: "shapes", Protocol: "rest-xml", XMLNamespace: "urn:svc", Operations: map[string]*protocol.Operation{
		"Put": {Name: "Put", Method: "PUT", RequestURI: "/things/{Id}?put", NewInput: func() any { return new(shapes) }, NewOutput: func() any { return new(shapes) }},
	}}
}

func TestShapesRoundTrip(t *testing.T) {
	svc := shapesService()
	op := svc.Operations["Put"]
	stamp := time.Date(2026, 1, 2, 3, 4, 5, 678e6, time.UTC)
	src := &shapes{
		Status: aws.Int32(201),
		Items:  []item{{Name: aws.String("a"), Kind: aws.String("k1"), Size: aws.Int64(1)}, {Name: aws.String("b"), Ratio: aws.Float64(0.5)}},
		Flat:   []item{{Name: aws.String("f1")}, {Name: aws.String("f2")}},
		Names:  []string{"x", "y"},
		M:      map[string]string{"k2": "v2", "k1": "v1"},
		FM:     map[string]*item{"one": {Name: aws.String("n1")}},
		Stamp:  &stamp, Unix: &stamp, RFC: &modTime,
		Blob:   []byte{0, 1, 2, 250},
		Nested: &item{Kind: aws.String("solo")},
		OK:     aws.Bool(true),
	}
	w := httptest.NewRecorder()
	if err := codec.WriteOutput(w, svc, op, src, "R"); err != nil {
		t.Fatal(err)
	}
	body := w.Body.String()
	for _, frag := range []string{
		`<Shapes xmlns="urn:test">`,
		`<Items><Item kind="k1"><Name>a</Name><Size>1</Size></Item><Item><Name>b</Name><Ratio>0.5</Ratio></Item></Items>`,
		`<F><Name>f1</Name></F><F><Name>f2</Name></F>`,
		`<Names><member>x</member><member>y</member></Names>`,
		`<M><entry><K>k1</K><V>v1</V></entry><entry><K>k2</K><V>v2</V></entry></M>`,
		`<FM><key>one</key><value><Name>n1</Name></value></FM>`,
		`<Stamp>2026-01-02T03:04:05.678Z</Stamp><U>1767323045.678</U><R>Sun, 29 Nov 2026 22:15:04 GMT</R>`,
		`<Blob>AAEC+g==</Blob><Nested kind="solo"></Nested><OK>true</OK>`,
	} {
		if !strings.Contains(body, frag) {
			t.Errorf("body lacks %s\n%s", frag, body)
		}
	}
	if w.Code != 201 {
		t.Errorf("status %d", w.Code)
	}
	doc := base64.StdEncoding.EncodeToString([]byte(`{"a":[1,2]}`))
	req := newReq("PUT", "/things/i%2Fd?put&tag=t1&tag=t2&color=red&size=9", map[string]string{"x-doc": doc}, body)
	name, err := codec.Resolve(svc, req)
	if err != nil || name != "Put" {
		t.Fatalf("resolve %q %v", name, err)
	}
	got := new(shapes)
	if err := codec.Decode(svc, op, req, got); err != nil {
		t.Fatal(err)
	}
	if *got.ID != "i/d" || !reflect.DeepEqual(got.Tags, []string{"t1", "t2"}) || !reflect.DeepEqual(got.Extra, map[string]string{"color": "red", "size": "9"}) || *got.Doc != `{"a":[1,2]}` {
		t.Errorf("bindings: id %v tags %v extra %v doc %v", *got.ID, got.Tags, got.Extra, got.Doc)
	}
	got.ID, got.Tags, got.Extra, got.Doc, got.Status = nil, nil, nil, nil, src.Status
	if !reflect.DeepEqual(got, src) {
		t.Errorf("round trip\n got %+v\nwant %+v", got, src)
	}
	// The jsonvalue header is written back base64.
	w = httptest.NewRecorder()
	_ = codec.WriteOutput(w, svc, op, &shapes{Doc: aws.String(`{"a":[1,2]}`)}, "R")
	if w.Header().Get("x-doc") != doc {
		t.Errorf("x-doc = %q", w.Header().Get("x-doc"))
	}
	// Bad jsonvalue.
	req = newReq("PUT", "/things/x?put", map[string]string{"x-doc": "%%%"}, "")
	if err := codec.Decode(svc, op, req, new(shapes)); err == nil || err.(*awserr.Error).Code != "InvalidInput" {
		t.Errorf("bad jsonvalue: %v", err)
	}
}

func TestHeadErrorHasNoBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		codec.WriteError(w, s3api.Service, &awserr.Error{Code: "NoSuchKey", Message: "gone", Status: 404}, "R")
	}))
	defer srv.Close()
	resp, err := http.Head(srv.URL + "/b/k")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	if resp.StatusCode != 404 || b.Len() != 0 {
		t.Errorf("HEAD error: %d %q", resp.StatusCode, b.String())
	}
}
