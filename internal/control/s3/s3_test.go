package s3

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	s3m "github.com/vpcsim/vpcsim/internal/model/s3"
	"github.com/vpcsim/vpcsim/internal/store"
)

func code(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := awserr.As(err); ok {
		return e.Code
	}
	return err.Error()
}

// S3 User Guide, "Bucket naming rules".
func TestValidBucketName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"docexamplebucket1", true},
		{"log-delivery-march-2020", true},
		{"my.example.s3.bucket", true},
		{"doc_example_bucket", false}, // underscore
		{"DocExampleBucket", false},   // upper case
		{"doc-example-bucket-", false},
		{"ab", false},
		{string(bytes.Repeat([]byte("a"), 64)), false},
		{"a..b", false},
		{"192.168.5.4", false},
		{"xn--abc", false},
		{"abc-s3alias", false},
		{"abc--ol-s3", false},
	} {
		if err := ValidBucketName(tc.name); (err == nil) != tc.ok {
			t.Errorf("ValidBucketName(%q) = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

// S3 API Reference, CreateBucket: LocationConstraint must match the
// endpoint's region; us-east-1 is no constraint.
func TestBucketRegion(t *testing.T) {
	for _, tc := range []struct {
		req, constraint, want, code string
	}{
		{"us-east-1", "", "us-east-1", ""},
		{"eu-west-1", "eu-west-1", "eu-west-1", ""},
		{"eu-west-1", "EU", "eu-west-1", ""},
		{"eu-west-1", "", "", "IllegalLocationConstraintException"},
		{"us-east-1", "eu-west-1", "", "IllegalLocationConstraintException"},
		{"us-east-1", "us-east-1", "", "InvalidLocationConstraint"},
	} {
		got, err := bucketRegion(tc.req, tc.constraint)
		if got != tc.want || code(err) != tc.code {
			t.Errorf("bucketRegion(%s, %q) = %s, %v; want %s, %s", tc.req, tc.constraint, got, err, tc.want, tc.code)
		}
	}
}

// RFC 9110 section 14.1.2 as S3 applies it (GetObject, Range): one range;
// an unparseable one is ignored; one starting past the end is 416.
func TestParseRange(t *testing.T) {
	for _, tc := range []struct {
		h          string
		start, end int64
		ok         bool
		code       string
	}{
		{"bytes=0-4", 0, 4, true, ""},
		{"bytes=5-", 5, 9, true, ""},
		{"bytes=-3", 7, 9, true, ""},
		{"bytes=-30", 0, 9, true, ""},
		{"bytes=8-100", 8, 9, true, ""},
		{"bytes=10-", 0, 0, false, "InvalidRange"},
		{"bytes=5-2", 0, 0, false, ""},
		{"bytes=0-1,3-4", 0, 0, false, ""},
		{"items=0-1", 0, 0, false, ""},
		{"bytes=-0", 0, 0, false, "InvalidRange"},
	} {
		s, e, ok, err := parseRange(tc.h, 10)
		if ok != tc.ok || code(err) != tc.code || ok && (s != tc.start || e != tc.end) {
			t.Errorf("parseRange(%q) = %d-%d %v %v", tc.h, s, e, ok, err)
		}
	}
}

// S3 API Reference, GetObject: If-Match / If-Unmodified-Since -> 412,
// If-None-Match / If-Modified-Since -> 304, with If-Match winning over
// If-Unmodified-Since and If-None-Match over If-Modified-Since.
func TestConditions(t *testing.T) {
	mod := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	before, after := mod.Add(-time.Hour), mod.Add(time.Hour)
	v := &s3m.Version{ETag: `"abc"`, LastModified: mod.Add(300 * time.Millisecond)}
	for _, tc := range []struct {
		name string
		c    Conditions
		want string
	}{
		{"none", Conditions{}, ""},
		{"if-match ok", Conditions{IfMatch: `"abc"`}, ""},
		{"if-match star", Conditions{IfMatch: "*"}, ""},
		{"if-match fails", Conditions{IfMatch: `"x"`}, "PreconditionFailed"},
		{"unmodified since fails", Conditions{IfUnmodifiedSince: &before}, "PreconditionFailed"},
		{"if-match beats unmodified", Conditions{IfMatch: `"abc"`, IfUnmodifiedSince: &before}, ""},
		{"none-match hits", Conditions{IfNoneMatch: `"abc"`}, "NotModified"},
		{"modified since not", Conditions{IfModifiedSince: &after}, "NotModified"},
		{"modified since same second", Conditions{IfModifiedSince: &mod}, "NotModified"},
		{"modified since yes", Conditions{IfModifiedSince: &before}, ""},
		{"none-match beats modified", Conditions{IfNoneMatch: `"x"`, IfModifiedSince: &after}, ""},
	} {
		if got := code(tc.c.check(v, true)); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	if got := code(Conditions{IfNoneMatch: `"abc"`}.check(v, false)); got != "PreconditionFailed" {
		t.Errorf("copy-source if-none-match = %s", got)
	}
}

func TestTagHeader(t *testing.T) {
	tags, err := ParseTagHeader("a=1&b=two%20words")
	if err != nil || tags["b"] != "two words" {
		t.Fatalf("%v %v", tags, err)
	}
	for _, h := range []string{"a=1&a=2", "aws:k=v", "1=a&2=a&3=a&4=a&5=a&6=a&7=a&8=a&9=a&10=a&11=a"} {
		if _, err := ParseTagHeader(h); err == nil {
			t.Errorf("ParseTagHeader(%q) accepted", h)
		}
	}
}

var sc = model.Scope{Account: "111111111111", Region: "us-east-1"}

// An acknowledged object survives a restart with its bytes; a body whose
// metadata never committed (a crash between the blob write and the commit)
// is invisible and collected at start-up.
func TestDurability(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := New(st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateBucket(ctx, sc, CreateBucketInput{Name: "durable"}); err != nil {
		t.Fatal(err)
	}
	body := bytes.Repeat([]byte("0123456789abcdef"), 4096)
	if _, err := svc.PutObject(ctx, sc, PutInput{Bucket: "durable", Key: "k", Body: body}); err != nil {
		t.Fatal(err)
	}
	// Overwriting releases the first body once committed.
	if _, err := svc.PutObject(ctx, sc, PutInput{Bucket: "durable", Key: "k", Body: body[:100]}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.PutObject(ctx, sc, PutInput{Bucket: "durable", Key: "k", Body: body}); err != nil {
		t.Fatal(err)
	}
	if n := svc.Blobs().Len(); n != 1 {
		t.Fatalf("blobs after overwrite = %d, want 1", n)
	}
	// A failed put (no bucket) leaves no blob.
	if _, err := svc.PutObject(ctx, sc, PutInput{Bucket: "absent", Key: "k", Body: body}); code(err) != "NoSuchBucket" {
		t.Fatal(err)
	}
	// Simulated crash: a body written, its metadata never committed.
	if _, err := svc.Blobs().Put([]byte("orphan")); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st2, err := store.Open(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	svc2, err := New(st2)
	if err != nil {
		t.Fatal(err)
	}
	res, err := svc2.GetObject(ctx, sc, GetInput{Bucket: "durable", Key: "k"})
	if err != nil || !bytes.Equal(res.Body, body) {
		t.Fatalf("after restart: %v (%d bytes)", err, len(res.Body))
	}
	if n := svc2.Blobs().Len(); n != 1 {
		t.Fatalf("blobs after restart = %d, want 1 (orphan collected)", n)
	}
	list, _ := svc2.ListObjects(sc, ListInput{Bucket: "durable", MaxKeys: 1000})
	if len(list.Entries) != 1 {
		t.Fatalf("objects after restart = %d", len(list.Entries))
	}
	// Deleting the object and the bucket releases every blob.
	if _, err := svc2.DeleteObject(ctx, sc, "durable", "k", ""); err != nil {
		t.Fatal(err)
	}
	if err := svc2.DeleteBucket(ctx, sc, "durable"); err != nil {
		t.Fatal(err)
	}
	if n := svc2.Blobs().Len(); n != 0 {
		t.Fatalf("blobs after delete = %d", n)
	}
}

func TestAbortAndBucketDeleteReleaseParts(t *testing.T) {
	ctx := context.Background()
	st, _ := store.Open(store.Options{})
	svc, err := New(st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateBucket(ctx, sc, CreateBucketInput{Name: "parts"}); err != nil {
		t.Fatal(err)
	}
	u, err := svc.CreateUpload(ctx, sc, "parts", "k", "", s3m.Attrs{})
	if err != nil {
		t.Fatal(err)
	}
	for n := int32(1); n <= 3; n++ {
		if _, err := svc.UploadPart(ctx, sc, "parts", "k", u.UploadID, n, []byte("part"), ""); err != nil {
			t.Fatal(err)
		}
	}
	// Re-uploading a part replaces (and releases) the earlier body.
	if _, err := svc.UploadPart(ctx, sc, "parts", "k", u.UploadID, 2, []byte("again"), ""); err != nil {
		t.Fatal(err)
	}
	if n := svc.Blobs().Len(); n != 3 {
		t.Fatalf("blobs = %d, want 3", n)
	}
	if err := svc.DeleteBucket(ctx, sc, "parts"); err != nil {
		t.Fatal(err)
	}
	if n := svc.Blobs().Len(); n != 0 {
		t.Fatalf("blobs after bucket delete = %d", n)
	}
}
