package s3_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Benchmarks through the whole server (HTTP, SigV4 parsing, rest-xml
// codec, control plane, store and blob store) with the real SDK client.

func benchPut(b *testing.B, size int, dir string) {
	url, _ := startServer(b, dir)
	c := newClient(b, url, "111111111111", "us-east-1")
	ctx := context.Background()
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("bench")}); err != nil {
		b.Fatal(err)
	}
	body := bytes.Repeat([]byte("x"), size)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("bench"), Key: aws.String("k"), Body: bytes.NewReader(body)}); err != nil {
			b.Fatal(err)
		}
	}
}

func benchGet(b *testing.B, size int, dir string) {
	url, _ := startServer(b, dir)
	c := newClient(b, url, "111111111111", "us-east-1")
	ctx := context.Background()
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("bench")}); err != nil {
		b.Fatal(err)
	}
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("bench"), Key: aws.String("k"), Body: bytes.NewReader(bytes.Repeat([]byte("x"), size))}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("bench"), Key: aws.String("k")})
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, out.Body)
		out.Body.Close()
		if n != int64(size) {
			b.Fatalf("read %d bytes", n)
		}
	}
}

func BenchmarkPutObject4KiB(b *testing.B)        { benchPut(b, 4<<10, "") }
func BenchmarkPutObject1MiB(b *testing.B)        { benchPut(b, 1<<20, "") }
func BenchmarkPutObject4KiBDurable(b *testing.B) { benchPut(b, 4<<10, b.TempDir()) }
func BenchmarkPutObject1MiBDurable(b *testing.B) { benchPut(b, 1<<20, b.TempDir()) }
func BenchmarkGetObject4KiB(b *testing.B)        { benchGet(b, 4<<10, "") }
func BenchmarkGetObject1MiB(b *testing.B)        { benchGet(b, 1<<20, "") }
func BenchmarkGetObject1MiBDurable(b *testing.B) { benchGet(b, 1<<20, b.TempDir()) }
