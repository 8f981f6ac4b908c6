package server

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// Strict authentication is checked with the real aws-sdk-go-v2 signer:
// what it signs is accepted, and a wrong secret, an unknown key, a stale
// clock, a tampered body or chunk are refused with the code each service
// family answers [IAM UG "Create a signed AWS API request"; EC2 API, IAM,
// CloudWatch Logs "Common Errors"; S3 "Error responses"].

const (
	strictKey     = "AKIAVPCSIMSTRICT0001"
	strictSecret  = "strict/secret/key/for/tests/0123456789ab"
	strictAccount = "111122223333"
)

func newStrictServer(t *testing.T, clock func() time.Time) *testServer {
	t.Helper()
	creds, err := ParseCredentials([]byte("# test keys\n"+strictKey+" "+strictSecret+" "+strictAccount+"\n"), "123456789012")
	if err != nil {
		t.Fatal(err)
	}
	return newTestServer(t, Options{StrictAuth: true, Credentials: creds, Clock: clock})
}

func strictConfig(url, key, secret string) aws.Config {
	cfg := sdkConfig(url, key)
	cfg.Credentials = credentials.NewStaticCredentialsProvider(key, secret, "")
	cfg.RetryMaxAttempts = 1
	return cfg
}

// call runs each service's read with cfg and returns the error codes.
func strictCalls(t *testing.T, cfg aws.Config) map[string]string {
	t.Helper()
	ctx := context.Background()
	codes := map[string]string{}
	code := func(err error) string {
		var ae smithy.APIError
		if errors.As(err, &ae) {
			return ae.ErrorCode()
		}
		if err != nil {
			return "error: " + err.Error()
		}
		return ""
	}
	_, err := ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	codes["ec2"] = code(err)
	_, err = iam.NewFromConfig(cfg).ListRoles(ctx, &iam.ListRolesInput{})
	codes["iam"] = code(err)
	_, err = cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
	codes["logs"] = code(err)
	_, err = s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).ListBuckets(ctx, &s3.ListBucketsInput{})
	codes["s3"] = code(err)
	return codes
}

func TestStrictAuthWithTheSDKSigner(t *testing.T) {
	skew := time.Duration(0)
	ts := newStrictServer(t, func() time.Time { return time.Now().Add(skew) })
	for _, tc := range []struct {
		name        string
		key, secret string
		skew        time.Duration
		want        map[string]string
	}{
		{"good signature", strictKey, strictSecret, 0, map[string]string{"ec2": "", "iam": "", "logs": "", "s3": ""}},
		{"wrong secret", strictKey, "not-the-secret", 0, map[string]string{"ec2": "AuthFailure", "iam": "SignatureDoesNotMatch", "logs": "InvalidSignatureException", "s3": "SignatureDoesNotMatch"}},
		{"unknown key", "AKIAUNKNOWNKEY000000", strictSecret, 0, map[string]string{"ec2": "AuthFailure", "iam": "InvalidClientTokenId", "logs": "UnrecognizedClientException", "s3": "InvalidAccessKeyId"}},
		{"client clock 20 minutes behind", strictKey, strictSecret, 20 * time.Minute, map[string]string{"ec2": "RequestExpired", "iam": "SignatureDoesNotMatch", "logs": "InvalidSignatureException", "s3": "RequestTimeTooSkewed"}},
		{"client clock 20 minutes ahead", strictKey, strictSecret, -20 * time.Minute, map[string]string{"ec2": "RequestExpired", "iam": "SignatureDoesNotMatch", "logs": "InvalidSignatureException", "s3": "RequestTimeTooSkewed"}},
		{"14 minutes of skew is allowed", strictKey, strictSecret, 14 * time.Minute, map[string]string{"ec2": "", "iam": "", "logs": "", "s3": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			skew = tc.skew
			got := strictCalls(t, strictConfig(ts.URL, tc.key, tc.secret))
			for svc, want := range tc.want {
				if got[svc] != want {
					t.Errorf("%s: code %q, want %q", svc, got[svc], want)
				}
			}
		})
	}
	skew = 0
	// The key selects the account.
	out, err := ec2.NewFromConfig(strictConfig(ts.URL, strictKey, strictSecret)).DescribeVpcs(context.Background(), &ec2.DescribeVpcsInput{})
	if err != nil || len(out.Vpcs) != 1 || aws.ToString(out.Vpcs[0].OwnerId) != strictAccount {
		t.Fatalf("default VPC of the key's account: %v %+v", err, out)
	}
}

// signedRaw builds a request signed by the SDK signer.
func signedRaw(t *testing.T, method, url, service string, body []byte, payloadHash string, header http.Header) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if payloadHash == "" {
		sum := sha256.Sum256(body)
		payloadHash = hex.EncodeToString(sum[:])
	}
	creds := aws.Credentials{AccessKeyID: strictKey, SecretAccessKey: strictSecret}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, payloadHash, service, "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	return req
}

func doRaw(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestStrictAuthTamperedAndUnsigned(t *testing.T) {
	ts := newStrictServer(t, nil)
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded; charset=utf-8"}}
	body := []byte("Action=DescribeVpcs&Version=2016-11-15")

	req := signedRaw(t, http.MethodPost, ts.URL+"/", "ec2", body, "", form)
	if status, out := doRaw(t, req); status != 200 {
		t.Fatalf("signed EC2 request: %d %s", status, out)
	}
	// Same length, other content: the signature no longer matches.
	req = signedRaw(t, http.MethodPost, ts.URL+"/", "ec2", body, "", form)
	req.Body = io.NopCloser(strings.NewReader("Action=DescribeVpcs&Version=2016-11-16"))
	if status, out := doRaw(t, req); status != 401 || !strings.Contains(out, "<Code>AuthFailure</Code>") {
		t.Fatalf("tampered EC2 body: %d %s", status, out)
	}
	iamBody := []byte("Action=ListRoles&Version=2010-05-08")
	req = signedRaw(t, http.MethodPost, ts.URL+"/", "iam", iamBody, "", form)
	req.Body = io.NopCloser(strings.NewReader("Action=ListUsers&Version=2010-05-08"))
	if status, out := doRaw(t, req); status != 403 || !strings.Contains(out, "<Code>SignatureDoesNotMatch</Code>") {
		t.Fatalf("tampered IAM body: %d %s", status, out)
	}
	// Unsigned.
	resp, err := http.Post(ts.URL+"/", "application/x-www-form-urlencoded", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 401 || !strings.Contains(string(out), "MissingAuthenticationToken") {
		t.Fatalf("unsigned EC2 request: %d %s", resp.StatusCode, out)
	}
	// A malformed Authorization header.
	req, _ = http.NewRequest(http.MethodPost, ts.URL+"/", bytes.NewReader(iamBody))
	req.Header = form.Clone()
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+strictKey+"/20250101/us-east-1/iam/aws4_request, Signature=00")
	req.Header.Set("X-Amz-Date", "20250101T000000Z")
	if status, out := doRaw(t, req); status != 400 || !strings.Contains(out, "<Code>IncompleteSignature</Code>") {
		t.Fatalf("malformed Authorization: %d %s", status, out)
	}
	// S3: the body must be the one x-amz-content-sha256 names.
	s3c := s3.NewFromConfig(strictConfig(ts.URL, strictKey, strictSecret), func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := s3c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String("strict-bucket")}); err != nil {
		t.Fatal(err)
	}
	req = signedRaw(t, http.MethodPut, ts.URL+"/strict-bucket/k", "s3", []byte("hello"), hexSHA256([]byte("hello")), http.Header{"X-Amz-Content-Sha256": {hexSHA256([]byte("hello"))}})
	req.Body = io.NopCloser(strings.NewReader("jello"))
	if status, out := doRaw(t, req); status != 400 || !strings.Contains(out, "<Code>XAmzContentSHA256Mismatch</Code>") {
		t.Fatalf("tampered S3 body: %d %s", status, out)
	}
}

func TestStrictAuthS3PresignedAndChunked(t *testing.T) {
	skew := time.Duration(0)
	ts := newStrictServer(t, func() time.Time { return time.Now().Add(skew) })
	ctx := context.Background()
	cfg := strictConfig(ts.URL, strictKey, strictSecret)
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("chunky")}); err != nil {
		t.Fatal(err)
	}

	// aws-chunked, STREAMING-AWS4-HMAC-SHA256-PAYLOAD: the SDK signer
	// makes the seed signature, the chunks chain from it.
	data := bytes.Repeat([]byte("0123456789abcdef"), 5000) // 80000 bytes: two chunks and the final one
	seedHeader := http.Header{
		"Content-Encoding":             {"aws-chunked"},
		"X-Amz-Content-Sha256":         {streamingSigned},
		"X-Amz-Decoded-Content-Length": {fmt.Sprint(len(data))},
	}
	build := func(tamper bool) *http.Request {
		req := signedRaw(t, http.MethodPut, ts.URL+"/chunky/object", "s3", nil, streamingSigned, seedHeader)
		auth := req.Header.Get("Authorization")
		seed := auth[strings.LastIndex(auth, "Signature=")+len("Signature="):]
		amzDate := req.Header.Get("X-Amz-Date")
		encoded := chunkBody(data, 64<<10, seed, amzDate, strictSecret, tamper)
		req.Body = io.NopCloser(bytes.NewReader(encoded))
		req.ContentLength = int64(len(encoded))
		return req
	}
	if status, out := doRaw(t, build(true)); status != 403 || !strings.Contains(out, "<Code>SignatureDoesNotMatch</Code>") {
		t.Fatalf("tampered chunk: %d %s", status, out)
	}
	if status, out := doRaw(t, build(false)); status != 200 {
		t.Fatalf("chunked PutObject: %d %s", status, out)
	}
	got, err := s3c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("chunky"), Key: aws.String("object")})
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := io.ReadAll(got.Body)
	got.Body.Close()
	if !bytes.Equal(stored, data) {
		t.Fatalf("stored %d bytes, want the %d sent", len(stored), len(data))
	}

	// A presigned GET works until it expires.
	ps, err := s3.NewPresignClient(s3c).PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("chunky"), Key: aws.String("object")}, s3.WithPresignExpires(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, ps.URL, nil)
	if status, out := doRaw(t, req); status != 200 || len(out) != len(data) {
		t.Fatalf("presigned GET: %d (%d bytes)", status, len(out))
	}
	skew = 2 * time.Hour
	req, _ = http.NewRequest(http.MethodGet, ps.URL, nil)
	if status, out := doRaw(t, req); status != 403 || !strings.Contains(out, "<Code>AccessDenied</Code>") || !strings.Contains(out, "Request has expired") {
		t.Fatalf("expired presigned GET: %d %s", status, out)
	}
}

// chunkBody encodes data as aws-chunked with chunk signatures computed as
// S3's "Signature Calculations for the Authorization Header: Transferring
// Payload in Multiple Chunks" documents; tamper flips a byte of the first
// chunk after signing it.
func chunkBody(data []byte, size int, seed, amzDate, secret string, tamper bool) []byte {
	mac := func(key []byte, s string) []byte {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(s))
		return m.Sum(nil)
	}
	key := mac([]byte("AWS4"+secret), amzDate[:8])
	key = mac(key, "us-east-1")
	key = mac(key, "s3")
	key = mac(key, "aws4_request")
	scope := amzDate[:8] + "/us-east-1/s3/aws4_request"
	empty := sha256.Sum256(nil)
	prev := seed
	var out bytes.Buffer
	for off := 0; ; off = min(off+size, len(data)) {
		end := min(off+size, len(data))
		chunk := append([]byte(nil), data[off:end]...)
		sum := sha256.Sum256(chunk)
		sig := hex.EncodeToString(mac(key, "AWS4-HMAC-SHA256-PAYLOAD\n"+amzDate+"\n"+scope+"\n"+prev+"\n"+hex.EncodeToString(empty[:])+"\n"+hex.EncodeToString(sum[:])))
		if tamper && off == 0 {
			chunk[0] ^= 1
		}
		fmt.Fprintf(&out, "%x;chunk-signature=%s\r\n", len(chunk), sig)
		out.Write(chunk)
		out.WriteString("\r\n")
		prev = sig
		if len(chunk) == 0 {
			return out.Bytes()
		}
	}
}

func TestParseCredentials(t *testing.T) {
	for _, tc := range []struct {
		in      string
		wantErr bool
		account string
	}{
		{"AKID SECRET 111122223333", false, "111122223333"},
		{"AKID,SECRET", false, "123456789012"},
		{"444455556666 SECRET", false, "444455556666"},
		{"AKID SECRET 1234", true, ""},
		{"AKID", true, ""},
		{"# nothing\n\n", true, ""},
		{"AKID S 111122223333\nAKID T 111122223333", true, ""},
	} {
		c, err := ParseCredentials([]byte(tc.in), "123456789012")
		if (err != nil) != tc.wantErr {
			t.Errorf("%q: error %v, want error %v", tc.in, err, tc.wantErr)
			continue
		}
		if err == nil {
			for _, v := range c {
				if v.Account != tc.account {
					t.Errorf("%q: account %s, want %s", tc.in, v.Account, tc.account)
				}
			}
		}
	}
}
