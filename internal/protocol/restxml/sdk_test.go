package restxml_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sdk "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	s3api "github.com/vpcsim/vpcsim/internal/api/s3"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/restxml"
)

// fakeS3 is a tiny in-memory S3 behind the codec, for the SDK round trips.
type fakeS3 struct {
	mu      sync.Mutex
	n       int
	buckets map[string]*fakeBucket
	ops     []string // resolved operation names, in order
	headers []http.Header
}

type fakeBucket struct {
	region  string
	created time.Time
	objects map[string]*fakeObject
}

type fakeObject struct {
	data     []byte
	meta     map[string]string
	ctype    *string
	etag     string
	modified time.Time
}

var modTime = time.Date(2026, 11, 29, 22, 15, 4, 0, time.UTC)

func newFake() *fakeS3 { return &fakeS3{buckets: map[string]*fakeBucket{}} }

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var c restxml.Codec
	svc := s3api.Service
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.n++
	reqID := fmt.Sprintf("REQ%04d", f.n)
	f.mu.Unlock()
	req := &protocol.Request{HTTP: r, Body: body}
	name, err := c.Resolve(svc, req)
	if err != nil {
		c.WriteError(w, svc, err.(*awserr.Error), reqID)
		return
	}
	f.mu.Lock()
	f.ops = append(f.ops, name)
	f.headers = append(f.headers, r.Header.Clone())
	f.mu.Unlock()
	op := svc.Operations[name]
	in := op.NewInput()
	if err := c.Decode(svc, op, req, in); err != nil {
		c.WriteError(w, svc, err.(*awserr.Error), reqID)
		return
	}
	if vs := protocol.Validate(in, svc.Enums); len(vs) > 0 {
		c.WriteError(w, svc, awserr.New("InvalidArgument", "%s", protocol.ValidationMessage(vs)), reqID)
		return
	}
	f.mu.Lock()
	out, err := f.handle(name, in)
	f.mu.Unlock()
	if err != nil {
		c.WriteError(w, svc, err.(*awserr.Error), reqID)
		return
	}
	if err := c.WriteOutput(w, svc, op, out, reqID); err != nil {
		panic(err)
	}
}

func noSuchBucket() error {
	return &awserr.Error{Code: "NoSuchBucket", Message: "The specified bucket does not exist", Status: 404}
}

func (f *fakeS3) bucket(name *string) (*fakeBucket, error) {
	b, ok := f.buckets[aws.ToString(name)]
	if !ok {
		return nil, noSuchBucket()
	}
	return b, nil
}

func (f *fakeS3) handle(name string, in any) (any, error) {
	switch in := in.(type) {
	case *s3api.CreateBucketRequest:
		region := "us-east-1"
		if c := in.CreateBucketConfiguration; c != nil && c.LocationConstraint != nil {
			region = *c.LocationConstraint
		}
		f.buckets[*in.Bucket] = &fakeBucket{region: region, created: modTime, objects: map[string]*fakeObject{}}
		return &s3api.CreateBucketOutput{Location: aws.String("/" + *in.Bucket)}, nil
	case *s3api.ListBucketsRequest:
		out := &s3api.ListBucketsOutput{Buckets: []s3api.Bucket{}, Owner: &s3api.Owner{ID: aws.String("owner-id"), DisplayName: aws.String("me")}}
		names := make([]string, 0, len(f.buckets))
		for n := range f.buckets {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			out.Buckets = append(out.Buckets, s3api.Bucket{Name: aws.String(n), CreationDate: &f.buckets[n].created, BucketRegion: aws.String(f.buckets[n].region)})
		}
		return out, nil
	case *s3api.GetBucketLocationRequest:
		b, err := f.bucket(in.Bucket)
		if err != nil {
			return nil, err
		}
		out := &s3api.GetBucketLocationOutput{}
		if b.region != "us-east-1" {
			out.LocationConstraint = aws.String(b.region)
		}
		return out, nil
	case *s3api.PutObjectRequest:
		b, err := f.bucket(in.Bucket)
		if err != nil {
			return nil, err
		}
		sum := md5.Sum(in.Body)
		o := &fakeObject{data: in.Body, meta: in.Metadata, ctype: in.ContentType, etag: `"` + hex.EncodeToString(sum[:]) + `"`, modified: modTime}
		b.objects[*in.Key] = o
		return &s3api.PutObjectOutput{ETag: aws.String(o.etag)}, nil
	case *s3api.CopyObjectRequest:
		b, err := f.bucket(in.Bucket)
		if err != nil {
			return nil, err
		}
		src := strings.TrimPrefix(*in.CopySource, "/")
		sb, sk, _ := strings.Cut(src, "/")
		from, err := f.bucket(&sb)
		if err != nil {
			return nil, err
		}
		o, ok := from.objects[sk]
		if !ok {
			return nil, &awserr.Error{Code: "NoSuchKey", Message: "The specified key does not exist.", Status: 404}
		}
		cp := *o
		b.objects[*in.Key] = &cp
		return &s3api.CopyObjectOutput{CopyObjectResult: &s3api.CopyObjectResult{ETag: aws.String(o.etag), LastModified: &o.modified}}, nil
	case *s3api.GetObjectRequest:
		b, err := f.bucket(in.Bucket)
		if err != nil {
			return nil, err
		}
		o, ok := b.objects[*in.Key]
		if !ok {
			return nil, &awserr.Error{Code: "NoSuchKey", Message: "The specified key does not exist.", Status: 404}
		}
		out := &s3api.GetObjectOutput{ETag: aws.String(o.etag), LastModified: &o.modified, Metadata: o.meta, ContentType: o.ctype, AcceptRanges: aws.String("bytes")}
		data := o.data
		if in.Range != nil {
			var start, end int
			if _, err := fmt.Sscanf(*in.Range, "bytes=%d-%d", &start, &end); err != nil || start > end || end >= len(data) {
				return nil, &awserr.Error{Code: "InvalidRange", Message: "The requested range is not satisfiable", Status: 416}
			}
			out.ContentRange = aws.String(fmt.Sprintf("bytes %d-%d/%d", start, end, len(data)))
			data = data[start : end+1]
		}
		out.Body = data
		out.ContentLength = aws.Int64(int64(len(data)))
		return out, nil
	case *s3api.HeadObjectRequest:
		b, err := f.bucket(in.Bucket)
		if err != nil {
			return nil, err
		}
		o, ok := b.objects[*in.Key]
		if !ok {
			return nil, &awserr.Error{Code: "NotFound", Message: "Not Found", Status: 404}
		}
		return &s3api.HeadObjectOutput{ETag: aws.String(o.etag), LastModified: &o.modified, Metadata: o.meta, ContentType: o.ctype, ContentLength: aws.Int64(int64(len(o.data)))}, nil
	case *s3api.ListObjectsV2Request:
		b, err := f.bucket(in.Bucket)
		if err != nil {
			return nil, err
		}
		prefix, delim := aws.ToString(in.Prefix), aws.ToString(in.Delimiter)
		out := &s3api.ListObjectsV2Output{Name: in.Bucket, Prefix: in.Prefix, Delimiter: in.Delimiter, MaxKeys: aws.Int32(1000), IsTruncated: aws.Bool(false)}
		keys := make([]string, 0, len(b.objects))
		for k := range b.objects {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		seen := map[string]bool{}
		for _, k := range keys {
			if !strings.HasPrefix(k, prefix) {
				continue
			}
			if delim != "" {
				if i := strings.Index(k[len(prefix):], delim); i >= 0 {
					cp := k[:len(prefix)+i+len(delim)]
					if !seen[cp] {
						seen[cp] = true
						out.CommonPrefixes = append(out.CommonPrefixes, s3api.CommonPrefix{Prefix: aws.String(cp)})
					}
					continue
				}
			}
			o := b.objects[k]
			out.Contents = append(out.Contents, s3api.Object{Key: aws.String(k), ETag: aws.String(o.etag), Size: aws.Int64(int64(len(o.data))), LastModified: &o.modified, StorageClass: aws.String("STANDARD")})
		}
		out.KeyCount = aws.Int32(int32(len(out.Contents) + len(out.CommonPrefixes)))
		return out, nil
	case *s3api.DeleteObjectsRequest:
		b, err := f.bucket(in.Bucket)
		if err != nil {
			return nil, err
		}
		out := &s3api.DeleteObjectsOutput{}
		for _, o := range in.Delete.Objects {
			if _, ok := b.objects[*o.Key]; !ok {
				out.Errors = append(out.Errors, s3api.Error{Key: o.Key, Code: aws.String("NoSuchKey"), Message: aws.String("The specified key does not exist.")})
				continue
			}
			delete(b.objects, *o.Key)
			out.Deleted = append(out.Deleted, s3api.DeletedObject{Key: o.Key})
		}
		return out, nil
	}
	return nil, &awserr.Error{Code: "NotImplemented", Message: name + " is not implemented", Status: 501}
}

func newClient(t testing.TB, srv *httptest.Server) *sdk.Client {
	t.Helper()
	cfg := aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "SECRET", ""),
		HTTPClient:  srv.Client(),
		Retryer:     func() aws.Retryer { return aws.NopRetryer{} },
	}
	return sdk.NewFromConfig(cfg, func(o *sdk.Options) {
		o.UsePathStyle = true
		o.BaseEndpoint = aws.String(srv.URL)
	})
}

func TestSDKRoundTrip(t *testing.T) {
	for _, tls := range []bool{false, true} {
		t.Run(map[bool]string{false: "http", true: "https"}[tls], func(t *testing.T) {
			f := newFake()
			var srv *httptest.Server
			if tls {
				srv = httptest.NewTLSServer(f)
			} else {
				srv = httptest.NewServer(f)
			}
			defer srv.Close()
			testSDK(t, f, newClient(t, srv))
		})
	}
}

func testSDK(t *testing.T, f *fakeS3, c *sdk.Client) {
	ctx := context.Background()
	if _, err := c.CreateBucket(ctx, &sdk.CreateBucketInput{
		Bucket:                    aws.String("alpha"),
		CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraintUsWest2},
	}); err != nil {
		t.Fatalf("CreateBucket: %v", err)
	}
	if _, err := c.CreateBucket(ctx, &sdk.CreateBucketInput{Bucket: aws.String("beta")}); err != nil {
		t.Fatalf("CreateBucket beta: %v", err)
	}
	if got := f.buckets["alpha"].region; got != "us-west-2" {
		t.Errorf("LocationConstraint decoded as %q", got)
	}

	lb, err := c.ListBuckets(ctx, &sdk.ListBucketsInput{})
	if err != nil {
		t.Fatalf("ListBuckets: %v", err)
	}
	if len(lb.Buckets) != 2 || aws.ToString(lb.Buckets[0].Name) != "alpha" || !lb.Buckets[0].CreationDate.Equal(modTime) || aws.ToString(lb.Owner.ID) != "owner-id" {
		t.Errorf("ListBuckets = %+v", lb)
	}

	loc, err := c.GetBucketLocation(ctx, &sdk.GetBucketLocationInput{Bucket: aws.String("alpha")})
	if err != nil || loc.LocationConstraint != types.BucketLocationConstraintUsWest2 {
		t.Errorf("GetBucketLocation alpha = %v, %v", loc, err)
	}
	loc, err = c.GetBucketLocation(ctx, &sdk.GetBucketLocationInput{Bucket: aws.String("beta")})
	if err != nil || loc.LocationConstraint != "" {
		t.Errorf("GetBucketLocation beta = %v, %v", loc, err)
	}

	payload := []byte("hello, vpcsim world")
	keys := []string{"dir/a.txt", "dir/sub/b.txt", "dir/sub/c.txt", "top.txt", "odd key+with spaces/ü.txt"}
	for _, k := range keys {
		put, err := c.PutObject(ctx, &sdk.PutObjectInput{
			Bucket:      aws.String("alpha"),
			Key:         aws.String(k),
			Body:        bytes.NewReader(payload),
			ContentType: aws.String("text/plain"),
			Metadata:    map[string]string{"Owner": "team-a", "purpose": "test"},
		})
		if err != nil {
			t.Fatalf("PutObject %s: %v", k, err)
		}
		sum := md5.Sum(payload)
		if want := `"` + hex.EncodeToString(sum[:]) + `"`; aws.ToString(put.ETag) != want {
			t.Errorf("PutObject ETag = %q, want %q", aws.ToString(put.ETag), want)
		}
	}
	o := f.buckets["alpha"].objects["odd key+with spaces/ü.txt"]
	if o == nil || !bytes.Equal(o.data, payload) {
		t.Fatalf("stored object = %+v (keys %v)", o, f.buckets["alpha"].objects)
	}
	if o.meta["owner"] != "team-a" || o.meta["purpose"] != "test" || aws.ToString(o.ctype) != "text/plain" {
		t.Errorf("stored metadata = %v, content type %v", o.meta, aws.ToString(o.ctype))
	}

	get, err := c.GetObject(ctx, &sdk.GetObjectInput{Bucket: aws.String("alpha"), Key: aws.String("dir/a.txt"), Range: aws.String("bytes=7-12")})
	if err != nil {
		t.Fatalf("GetObject: %v", err)
	}
	data, _ := io.ReadAll(get.Body)
	get.Body.Close()
	if string(data) != "vpcsim" || aws.ToInt64(get.ContentLength) != 6 || aws.ToString(get.ContentRange) != "bytes 7-12/19" {
		t.Errorf("GetObject range = %q len %d range %q", data, aws.ToInt64(get.ContentLength), aws.ToString(get.ContentRange))
	}
	if get.Metadata["owner"] != "team-a" || !get.LastModified.Equal(modTime) || aws.ToString(get.ETag) == "" || aws.ToString(get.ContentType) != "text/plain" || aws.ToString(get.AcceptRanges) != "bytes" {
		t.Errorf("GetObject headers = meta %v modified %v etag %q type %q", get.Metadata, get.LastModified, aws.ToString(get.ETag), aws.ToString(get.ContentType))
	}
	get, err = c.GetObject(ctx, &sdk.GetObjectInput{Bucket: aws.String("alpha"), Key: aws.String("top.txt")})
	if err != nil {
		t.Fatalf("GetObject whole: %v", err)
	}
	data, _ = io.ReadAll(get.Body)
	get.Body.Close()
	if !bytes.Equal(data, payload) || aws.ToInt64(get.ContentLength) != int64(len(payload)) {
		t.Errorf("GetObject = %q (%d)", data, aws.ToInt64(get.ContentLength))
	}

	head, err := c.HeadObject(ctx, &sdk.HeadObjectInput{Bucket: aws.String("alpha"), Key: aws.String("dir/sub/b.txt")})
	if err != nil {
		t.Fatalf("HeadObject: %v", err)
	}
	if aws.ToInt64(head.ContentLength) != int64(len(payload)) || head.Metadata["purpose"] != "test" || !head.LastModified.Equal(modTime) || aws.ToString(head.ETag) == "" {
		t.Errorf("HeadObject = len %d meta %v modified %v", aws.ToInt64(head.ContentLength), head.Metadata, head.LastModified)
	}
	_, err = c.HeadObject(ctx, &sdk.HeadObjectInput{Bucket: aws.String("alpha"), Key: aws.String("missing")})
	var nf *types.NotFound
	if !errors.As(err, &nf) {
		t.Errorf("HeadObject missing: %v, want NotFound", err)
	}

	if _, err := c.CopyObject(ctx, &sdk.CopyObjectInput{Bucket: aws.String("beta"), Key: aws.String("copy.txt"), CopySource: aws.String("alpha/top.txt")}); err != nil {
		t.Fatalf("CopyObject: %v", err)
	}
	if f.buckets["beta"].objects["copy.txt"] == nil {
		t.Errorf("CopyObject did not copy (ops %v)", f.ops)
	}

	lo, err := c.ListObjectsV2(ctx, &sdk.ListObjectsV2Input{Bucket: aws.String("alpha"), Prefix: aws.String("dir/"), Delimiter: aws.String("/")})
	if err != nil {
		t.Fatalf("ListObjectsV2: %v", err)
	}
	if len(lo.Contents) != 1 || aws.ToString(lo.Contents[0].Key) != "dir/a.txt" || aws.ToInt64(lo.Contents[0].Size) != int64(len(payload)) || !lo.Contents[0].LastModified.Equal(modTime) {
		t.Errorf("ListObjectsV2 contents = %+v", lo.Contents)
	}
	if len(lo.CommonPrefixes) != 1 || aws.ToString(lo.CommonPrefixes[0].Prefix) != "dir/sub/" || aws.ToInt32(lo.KeyCount) != 2 || aws.ToBool(lo.IsTruncated) {
		t.Errorf("ListObjectsV2 prefixes = %+v keycount %d", lo.CommonPrefixes, aws.ToInt32(lo.KeyCount))
	}

	del, err := c.DeleteObjects(ctx, &sdk.DeleteObjectsInput{Bucket: aws.String("alpha"), Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: aws.String("dir/a.txt")}, {Key: aws.String("dir/sub/b.txt")}, {Key: aws.String("nope")}}}})
	if err != nil {
		t.Fatalf("DeleteObjects: %v", err)
	}
	if len(del.Deleted) != 2 || len(del.Errors) != 1 || aws.ToString(del.Errors[0].Code) != "NoSuchKey" {
		t.Errorf("DeleteObjects = deleted %+v errors %+v", del.Deleted, del.Errors)
	}
	if len(f.buckets["alpha"].objects) != 3 {
		t.Errorf("objects left: %d", len(f.buckets["alpha"].objects))
	}

	_, err = c.ListObjectsV2(ctx, &sdk.ListObjectsV2Input{Bucket: aws.String("nowhere")})
	var nsb *types.NoSuchBucket
	if !errors.As(err, &nsb) {
		t.Errorf("ListObjectsV2 nowhere: %v, want NoSuchBucket", err)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "NoSuchBucket" || ae.ErrorMessage() != "The specified bucket does not exist" {
		t.Errorf("API error = %v", err)
	}
	_, err = c.GetObject(ctx, &sdk.GetObjectInput{Bucket: aws.String("alpha"), Key: aws.String("top.txt"), Range: aws.String("bytes=50-60")})
	if !errors.As(err, &ae) || ae.ErrorCode() != "InvalidRange" {
		t.Errorf("GetObject bad range: %v", err)
	}

	wantOps := []string{"CreateBucket", "CreateBucket", "ListBuckets", "GetBucketLocation", "GetBucketLocation"}
	for i, w := range wantOps {
		if f.ops[i] != w {
			t.Errorf("op %d = %s, want %s", i, f.ops[i], w)
		}
	}
	for i, op := range f.ops {
		if op == "CopyObject" {
			return
		}
		_ = i
	}
	t.Errorf("CopyObject never resolved: %v", f.ops)
}

// TestSDKChunkedUpload checks that a PutObject with an aws-chunked body
// (trailing checksum, the SDK's choice over TLS) stores the real bytes.
func TestSDKChunkedUpload(t *testing.T) {
	f := newFake()
	srv := httptest.NewTLSServer(f)
	defer srv.Close()
	c := newClient(t, srv)
	ctx := context.Background()
	if _, err := c.CreateBucket(ctx, &sdk.CreateBucketInput{Bucket: aws.String("chunky")}); err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte("0123456789abcdef"), 70000) // > 1 MiB: several chunks
	if _, err := c.PutObject(ctx, &sdk.PutObjectInput{Bucket: aws.String("chunky"), Key: aws.String("big.bin"), Body: bytes.NewReader(big), ChecksumAlgorithm: types.ChecksumAlgorithmCrc32}); err != nil {
		t.Fatalf("PutObject: %v", err)
	}
	o := f.buckets["chunky"].objects["big.bin"]
	if o == nil || !bytes.Equal(o.data, big) {
		n := -1
		if o != nil {
			n = len(o.data)
		}
		t.Fatalf("stored %d bytes, want %d", n, len(big))
	}
	h := f.headers[len(f.headers)-1]
	t.Logf("PutObject Content-Encoding=%q x-amz-decoded-content-length=%q trailer=%q", h.Get("Content-Encoding"), h.Get("X-Amz-Decoded-Content-Length"), h.Get("X-Amz-Trailer"))
	if h.Get("X-Amz-Decoded-Content-Length") != strconv.Itoa(len(big)) {
		t.Logf("note: the SDK did not send an aws-chunked body")
	}
}
