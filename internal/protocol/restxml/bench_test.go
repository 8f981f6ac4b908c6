package restxml_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	s3api "github.com/vpcsim/vpcsim/internal/api/s3"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func benchDecode(b *testing.B, method, target string, headers map[string]string, body []byte) {
	r := httptest.NewRequest(method, target, bytes.NewReader(body))
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	b.ReportAllocs()
	for b.Loop() {
		req := &protocol.Request{HTTP: r, Body: body}
		name, err := codec.Resolve(s3api.Service, req)
		if err != nil {
			b.Fatal(err)
		}
		op := s3api.Service.Operations[name]
		if err := codec.Decode(s3api.Service, op, req, op.NewInput()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolveDecodePutObject(b *testing.B) {
	benchDecode(b, "PUT", "/bucket/dir/object.bin?x-id=PutObject", map[string]string{
		"Content-Type": "application/octet-stream", "Content-Length": "4096",
		"x-amz-meta-owner": "team", "x-amz-meta-purpose": "bench",
		"x-amz-checksum-crc32": "AAAAAA==", "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
	}, bytes.Repeat([]byte("x"), 4096))
}

func BenchmarkResolveDecodeGetObject(b *testing.B) {
	benchDecode(b, "GET", "/bucket/dir/object.bin?x-id=GetObject", map[string]string{"Range": "bytes=0-99"}, nil)
}

func BenchmarkResolveDecodeListObjectsV2(b *testing.B) {
	benchDecode(b, "GET", "/bucket?list-type=2&prefix=dir%2F&delimiter=%2F&max-keys=100", nil, nil)
}

func BenchmarkResolveDecodeDeleteObjects(b *testing.B) {
	var body bytes.Buffer
	body.WriteString(`<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`)
	for i := range 100 {
		fmt.Fprintf(&body, "<Object><Key>dir/key-%03d</Key></Object>", i)
	}
	body.WriteString("<Quiet>true</Quiet></Delete>")
	benchDecode(b, "POST", "/bucket?delete", nil, body.Bytes())
}

type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}

func benchEncode(b *testing.B, opName string, out any) {
	op := s3api.Service.Operations[opName]
	b.ReportAllocs()
	for b.Loop() {
		w := &discard{h: http.Header{}}
		if err := codec.WriteOutput(w, s3api.Service, op, out, "REQ"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodePutObject(b *testing.B) {
	benchEncode(b, "PutObject", &s3api.PutObjectOutput{ETag: aws.String(`"0123456789abcdef"`), VersionId: aws.String("v1")})
}

func BenchmarkEncodeGetObject(b *testing.B) {
	benchEncode(b, "GetObject", &s3api.GetObjectOutput{
		Body: bytes.Repeat([]byte("x"), 4096), ContentLength: aws.Int64(4096), ETag: aws.String(`"e"`),
		LastModified: &modTime, ContentType: aws.String("text/plain"), Metadata: map[string]string{"owner": "team", "purpose": "bench"},
	})
}

func BenchmarkEncodeListObjectsV2(b *testing.B) {
	out := &s3api.ListObjectsV2Output{Name: aws.String("bucket"), Prefix: aws.String("dir/"), MaxKeys: aws.Int32(1000), IsTruncated: aws.Bool(false), KeyCount: aws.Int32(100)}
	for i := range 100 {
		out.Contents = append(out.Contents, s3api.Object{Key: aws.String(fmt.Sprintf("dir/key-%03d", i)), LastModified: &modTime, ETag: aws.String(`"e"`), Size: aws.Int64(int64(i)), StorageClass: aws.String("STANDARD")})
	}
	benchEncode(b, "ListObjectsV2", out)
}
