package s3_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

func newClient(t testing.TB, url, accessKey, region string) *s3.Client {
	t.Helper()
	cfg := aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(accessKey, "secret", ""),
		BaseEndpoint: aws.String(url),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.RateLimiter = ratelimit.None
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
			})
		},
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
}

func startServer(t testing.TB, dir string) (string, *store.Store) {
	t.Helper()
	st, err := store.Open(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	t.Cleanup(func() { ts.Close(); st.Close() })
	return ts.URL, st
}

// apiCode returns the AWS error code of err ("" for none).
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := apiCode(err); got != code {
		t.Fatalf("error = %v, want code %s", err, code)
	}
}

func TestBuckets(t *testing.T) {
	url, _ := startServer(t, "")
	ctx := context.Background()
	c := newClient(t, url, "111111111111", "us-east-1")
	other := newClient(t, url, "222222222222", "us-east-1")
	west := newClient(t, url, "111111111111", "eu-west-1")

	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("Bad_Name")})
	wantCode(t, err, "InvalidBucketName")
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("alpha")}); err != nil {
		t.Fatal(err)
	}
	// us-east-1 answers 200 to the owner re-creating its bucket.
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("alpha")}); err != nil {
		t.Fatalf("re-create in us-east-1: %v", err)
	}
	_, err = other.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("alpha")})
	wantCode(t, err, "BucketAlreadyExists")
	_, err = west.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("beta")})
	wantCode(t, err, "IllegalLocationConstraintException")
	_, err = west.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("beta"),
		CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraintUsWest2}})
	wantCode(t, err, "IllegalLocationConstraintException")
	_, err = c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("beta"),
		CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: "us-east-1"}})
	wantCode(t, err, "InvalidLocationConstraint")
	if _, err := west.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("beta"),
		CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraintEuWest1}}); err != nil {
		t.Fatal(err)
	}
	_, err = west.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("beta"),
		CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraintEuWest1}})
	wantCode(t, err, "BucketAlreadyOwnedByYou")
	_, err = c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("gamma"), ACL: types.BucketCannedACLPublicRead})
	wantCode(t, err, "InvalidBucketAclWithObjectOwnership")

	head, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("beta")})
	if err != nil || aws.ToString(head.BucketRegion) != "eu-west-1" {
		t.Fatalf("HeadBucket = %+v, %v", head, err)
	}
	_, err = c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("missing")})
	wantCode(t, err, "NotFound")
	_, err = other.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("alpha")})
	wantCode(t, err, "Forbidden")

	loc, err := c.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String("alpha")})
	if err != nil || loc.LocationConstraint != "" {
		t.Fatalf("location = %+v, %v", loc, err)
	}
	loc, err = c.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String("beta")})
	if err != nil || loc.LocationConstraint != "eu-west-1" {
		t.Fatalf("location = %+v, %v", loc, err)
	}

	list, err := c.ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil || len(list.Buckets) != 2 || aws.ToString(list.Buckets[1].BucketRegion) != "eu-west-1" || len(aws.ToString(list.Owner.ID)) != 64 {
		t.Fatalf("ListBuckets = %+v, %v", list, err)
	}
	list, err = other.ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil || len(list.Buckets) != 0 {
		t.Fatalf("other account sees %+v, %v", list.Buckets, err)
	}
	page, err := c.ListBuckets(ctx, &s3.ListBucketsInput{MaxBuckets: aws.Int32(1)})
	if err != nil || len(page.Buckets) != 1 || page.ContinuationToken == nil {
		t.Fatalf("page 1 = %+v, %v", page, err)
	}
	page, err = c.ListBuckets(ctx, &s3.ListBucketsInput{MaxBuckets: aws.Int32(1), ContinuationToken: page.ContinuationToken})
	if err != nil || len(page.Buckets) != 1 || aws.ToString(page.Buckets[0].Name) != "beta" {
		t.Fatalf("page 2 = %+v, %v", page, err)
	}

	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("alpha"), Key: aws.String("k"), Body: strings.NewReader("x")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("alpha")})
	wantCode(t, err, "BucketNotEmpty")
	_, err = c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("nope")})
	wantCode(t, err, "NoSuchBucket")
	if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("alpha"), Key: aws.String("k")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("alpha")}); err != nil {
		t.Fatal(err)
	}
	// A deleted bucket's name is free for any account.
	if _, err := other.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("alpha")}); err != nil {
		t.Fatal(err)
	}
}

func TestBucketConfigurationDefaults(t *testing.T) {
	url, _ := startServer(t, "")
	ctx := context.Background()
	c := newClient(t, url, "111111111111", "us-east-1")
	b := aws.String("conf")
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	// What an unconfigured bucket answers (what Terraform reads on refresh).
	_, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: b})
	wantCode(t, err, "NoSuchBucketPolicy")
	_, err = c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: b})
	wantCode(t, err, "NoSuchTagSet")
	_, err = c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: b})
	wantCode(t, err, "NoSuchLifecycleConfiguration")
	_, err = c.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: b})
	wantCode(t, err, "NoSuchCORSConfiguration")
	_, err = c.GetBucketWebsite(ctx, &s3.GetBucketWebsiteInput{Bucket: b})
	wantCode(t, err, "NoSuchWebsiteConfiguration")
	_, err = c.GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: b})
	wantCode(t, err, "ReplicationConfigurationNotFoundError")
	_, err = c.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: b})
	wantCode(t, err, "ObjectLockConfigurationNotFoundError")
	enc, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: b})
	if err != nil || enc.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm != types.ServerSideEncryptionAes256 {
		t.Fatalf("encryption = %+v, %v", enc, err)
	}
	ver, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: b})
	if err != nil || ver.Status != "" {
		t.Fatalf("versioning = %+v, %v", ver, err)
	}
	if _, err := c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	acc, err := c.GetBucketAccelerateConfiguration(ctx, &s3.GetBucketAccelerateConfigurationInput{Bucket: b})
	if err != nil || acc.Status != "" {
		t.Fatalf("accelerate = %+v, %v", acc, err)
	}
	pay, err := c.GetBucketRequestPayment(ctx, &s3.GetBucketRequestPaymentInput{Bucket: b})
	if err != nil || pay.Payer != types.PayerBucketOwner {
		t.Fatalf("payer = %+v, %v", pay, err)
	}
	acl, err := c.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: b})
	if err != nil || len(acl.Grants) != 1 || acl.Grants[0].Permission != types.PermissionFullControl || acl.Grants[0].Grantee.Type != types.TypeCanonicalUser {
		t.Fatalf("acl = %+v, %v", acl, err)
	}
	own, err := c.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: b})
	if err != nil || own.OwnershipControls.Rules[0].ObjectOwnership != types.ObjectOwnershipBucketOwnerEnforced {
		t.Fatalf("ownership = %+v, %v", own, err)
	}
	pab, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: b})
	if err != nil || !aws.ToBool(pab.PublicAccessBlockConfiguration.BlockPublicPolicy) {
		t.Fatalf("public access block = %+v, %v", pab, err)
	}
	if _, err := c.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String("nobucket")})
	wantCode(t, err, "NoSuchBucket")
}

func TestBucketConfigurationRoundTrips(t *testing.T) {
	url, _ := startServer(t, "")
	ctx := context.Background()
	c := newClient(t, url, "111111111111", "us-east-1")
	other := newClient(t, url, "222222222222", "us-east-1")
	b := aws.String("conf")
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	// Policy: validated as a resource policy.
	_, err := c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: b, Policy: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::conf/*"}]}`)})
	wantCode(t, err, "MalformedPolicy")
	_, err = c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: b, Policy: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"}]}`)})
	wantCode(t, err, "MalformedPolicy")
	_, err = c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: b, Policy: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::conf/*"}]}`)})
	wantCode(t, err, "AccessDenied") // BlockPublicPolicy
	pol := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::conf","arn:aws:s3:::conf/shared/*"]}]}`
	if _, err := c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: b, Policy: aws.String(pol)}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: b})
	if err != nil || aws.ToString(got.Policy) != pol {
		t.Fatalf("policy = %v, %v", got, err)
	}
	st, err := c.GetBucketPolicyStatus(ctx, &s3.GetBucketPolicyStatusInput{Bucket: b})
	if err != nil || aws.ToBool(st.PolicyStatus.IsPublic) {
		t.Fatalf("policy status = %+v, %v", st, err)
	}
	// Cross-account access follows the policy.
	for _, k := range []string{"shared/a", "private/a"} {
		if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String(k), Body: strings.NewReader("v")}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := other.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("shared/a")}); err != nil {
		t.Fatalf("granted cross-account read: %v", err)
	}
	_, err = other.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("private/a")})
	wantCode(t, err, "AccessDenied")
	_, err = other.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("shared/b"), Body: strings.NewReader("v")})
	wantCode(t, err, "AccessDenied")
	if _, err := other.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: b}); err != nil {
		t.Fatalf("granted cross-account list: %v", err)
	}
	if _, err := c.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	_, err = other.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("shared/a")})
	wantCode(t, err, "AccessDenied")

	// Versioning.
	if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: b, VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	ver, _ := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: b})
	if ver.Status != types.BucketVersioningStatusEnabled {
		t.Fatalf("versioning = %v", ver.Status)
	}
	// Encryption.
	if _, err := c.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: b, ServerSideEncryptionConfiguration: &types.ServerSideEncryptionConfiguration{
		Rules: []types.ServerSideEncryptionRule{{ApplyServerSideEncryptionByDefault: &types.ServerSideEncryptionByDefault{SSEAlgorithm: types.ServerSideEncryptionAwsKms, KMSMasterKeyID: aws.String("alias/k")}, BucketKeyEnabled: aws.Bool(true)}}}}); err != nil {
		t.Fatal(err)
	}
	enc, _ := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: b})
	if r := enc.ServerSideEncryptionConfiguration.Rules[0]; r.ApplyServerSideEncryptionByDefault.SSEAlgorithm != types.ServerSideEncryptionAwsKms || !aws.ToBool(r.BucketKeyEnabled) {
		t.Fatalf("encryption = %+v", r)
	}
	put, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("enc"), Body: strings.NewReader("v")})
	if err != nil || put.ServerSideEncryption != types.ServerSideEncryptionAwsKms || aws.ToString(put.VersionId) == "" {
		t.Fatalf("put under kms default = %+v, %v", put, err)
	}
	if _, err := c.DeleteBucketEncryption(ctx, &s3.DeleteBucketEncryptionInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	enc, _ = c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: b})
	if enc.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm != types.ServerSideEncryptionAes256 {
		t.Fatal("DeleteBucketEncryption did not restore SSE-S3")
	}
	// Public access block and ownership controls.
	if _, err := c.DeletePublicAccessBlock(ctx, &s3.DeletePublicAccessBlockInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: b})
	wantCode(t, err, "NoSuchPublicAccessBlockConfiguration")
	if _, err := c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: b, PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true)}}); err != nil {
		t.Fatal(err)
	}
	pab, _ := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: b})
	if !aws.ToBool(pab.PublicAccessBlockConfiguration.BlockPublicAcls) || aws.ToBool(pab.PublicAccessBlockConfiguration.BlockPublicPolicy) {
		t.Fatalf("pab = %+v", pab.PublicAccessBlockConfiguration)
	}
	if _, err := c.DeleteBucketOwnershipControls(ctx, &s3.DeleteBucketOwnershipControlsInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: b})
	wantCode(t, err, "OwnershipControlsNotFoundError")
	if _, err := c.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{Bucket: b, OwnershipControls: &types.OwnershipControls{
		Rules: []types.OwnershipControlsRule{{ObjectOwnership: types.ObjectOwnershipBucketOwnerPreferred}}}}); err != nil {
		t.Fatal(err)
	}
	// ACLs are accepted once ownership allows them.
	if _, err := c.PutBucketAcl(ctx, &s3.PutBucketAclInput{Bucket: b, ACL: types.BucketCannedACLPublicRead}); err != nil {
		t.Fatal(err)
	}
	acl, _ := c.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: b})
	if len(acl.Grants) != 2 || aws.ToString(acl.Grants[1].Grantee.URI) != "http://acs.amazonaws.com/groups/global/AllUsers" {
		t.Fatalf("acl = %+v", acl.Grants)
	}
	// Tagging.
	if _, err := c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: b, Tagging: &types.Tagging{TagSet: []types.Tag{{Key: aws.String("env"), Value: aws.String("test")}, {Key: aws.String("a"), Value: aws.String("1")}}}}); err != nil {
		t.Fatal(err)
	}
	tags, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: b})
	if err != nil || len(tags.TagSet) != 2 || aws.ToString(tags.TagSet[0].Key) != "a" {
		t.Fatalf("tags = %+v, %v", tags, err)
	}
	_, err = c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: b, Tagging: &types.Tagging{TagSet: []types.Tag{{Key: aws.String("aws:x"), Value: aws.String("1")}}}})
	wantCode(t, err, "InvalidTag")
	if _, err := c.DeleteBucketTagging(ctx, &s3.DeleteBucketTaggingInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: b})
	wantCode(t, err, "NoSuchTagSet")
	// Lifecycle.
	lc := &types.BucketLifecycleConfiguration{Rules: []types.LifecycleRule{{ID: aws.String("expire"), Status: types.ExpirationStatusEnabled,
		Filter: &types.LifecycleRuleFilter{Prefix: aws.String("logs/")}, Expiration: &types.LifecycleExpiration{Days: aws.Int32(30)}}}}
	if _, err := c.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: b, LifecycleConfiguration: lc}); err != nil {
		t.Fatal(err)
	}
	lco, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: b})
	if err != nil || len(lco.Rules) != 1 || aws.ToInt32(lco.Rules[0].Expiration.Days) != 30 || aws.ToString(lco.Rules[0].Filter.Prefix) != "logs/" {
		t.Fatalf("lifecycle = %+v, %v", lco, err)
	}
	_, err = c.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: b, LifecycleConfiguration: &types.BucketLifecycleConfiguration{
		Rules: []types.LifecycleRule{{ID: aws.String("x"), Status: types.ExpirationStatusEnabled, Filter: &types.LifecycleRuleFilter{}}}}})
	wantCode(t, err, "InvalidRequest")
	if _, err := c.DeleteBucketLifecycle(ctx, &s3.DeleteBucketLifecycleInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: b})
	wantCode(t, err, "NoSuchLifecycleConfiguration")
	// CORS and website.
	if _, err := c.PutBucketCors(ctx, &s3.PutBucketCorsInput{Bucket: b, CORSConfiguration: &types.CORSConfiguration{CORSRules: []types.CORSRule{{AllowedMethods: []string{"GET"}, AllowedOrigins: []string{"*"}}}}}); err != nil {
		t.Fatal(err)
	}
	cors, err := c.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: b})
	if err != nil || len(cors.CORSRules) != 1 || cors.CORSRules[0].AllowedMethods[0] != "GET" {
		t.Fatalf("cors = %+v, %v", cors, err)
	}
	if _, err := c.PutBucketWebsite(ctx, &s3.PutBucketWebsiteInput{Bucket: b, WebsiteConfiguration: &types.WebsiteConfiguration{IndexDocument: &types.IndexDocument{Suffix: aws.String("index.html")}}}); err != nil {
		t.Fatal(err)
	}
	web, err := c.GetBucketWebsite(ctx, &s3.GetBucketWebsiteInput{Bucket: b})
	if err != nil || aws.ToString(web.IndexDocument.Suffix) != "index.html" {
		t.Fatalf("website = %+v, %v", web, err)
	}
	// Accelerate and request payment.
	if _, err := c.PutBucketAccelerateConfiguration(ctx, &s3.PutBucketAccelerateConfigurationInput{Bucket: b, AccelerateConfiguration: &types.AccelerateConfiguration{Status: types.BucketAccelerateStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutBucketRequestPayment(ctx, &s3.PutBucketRequestPaymentInput{Bucket: b, RequestPaymentConfiguration: &types.RequestPaymentConfiguration{Payer: types.PayerRequester}}); err != nil {
		t.Fatal(err)
	}
	pay, _ := c.GetBucketRequestPayment(ctx, &s3.GetBucketRequestPaymentInput{Bucket: b})
	if pay.Payer != types.PayerRequester {
		t.Fatalf("payer = %v", pay.Payer)
	}
	// Object Lock needs a bucket created with it.
	lock := aws.String("locked")
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: lock, ObjectLockEnabledForBucket: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: lock, ObjectLockConfiguration: &types.ObjectLockConfiguration{
		ObjectLockEnabled: types.ObjectLockEnabledEnabled, Rule: &types.ObjectLockRule{DefaultRetention: &types.DefaultRetention{Mode: types.ObjectLockRetentionModeGovernance, Days: aws.Int32(1)}}}}); err != nil {
		t.Fatal(err)
	}
	ol, err := c.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: lock})
	if err != nil || aws.ToInt32(ol.ObjectLockConfiguration.Rule.DefaultRetention.Days) != 1 {
		t.Fatalf("object lock = %+v, %v", ol, err)
	}
}

func md5b64(b []byte) string { s := md5.Sum(b); return base64.StdEncoding.EncodeToString(s[:]) }

func TestObjects(t *testing.T) {
	url, _ := startServer(t, "")
	ctx := context.Background()
	c := newClient(t, url, "111111111111", "us-east-1")
	b := aws.String("objs")
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	body := []byte("hello, world")
	put, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("dir/hello.txt"), Body: bytes.NewReader(body),
		ContentType: aws.String("text/plain"), Metadata: map[string]string{"owner": "me"}, CacheControl: aws.String("max-age=60"),
		ContentMD5: aws.String(md5b64(body)), Tagging: aws.String("a=1&b=2"), StorageClass: types.StorageClassStandardIa})
	if err != nil {
		t.Fatal(err)
	}
	sum := md5.Sum(body)
	if aws.ToString(put.ETag) != fmt.Sprintf(`"%x"`, sum) || put.ServerSideEncryption != types.ServerSideEncryptionAes256 || put.VersionId != nil {
		t.Fatalf("put = %+v", put)
	}
	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("bad"), Body: bytes.NewReader(body), ContentMD5: aws.String(md5b64([]byte("other")))})
	wantCode(t, err, "BadDigest")
	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("bad"), Body: bytes.NewReader(body), ContentMD5: aws.String("xx")})
	wantCode(t, err, "InvalidDigest")
	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("nobucket"), Key: aws.String("k"), Body: bytes.NewReader(body)})
	wantCode(t, err, "NoSuchBucket")

	get, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("dir/hello.txt")})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(get.Body)
	if string(data) != string(body) || aws.ToString(get.ContentType) != "text/plain" || get.Metadata["owner"] != "me" ||
		aws.ToString(get.CacheControl) != "max-age=60" || aws.ToInt32(get.TagCount) != 2 || get.StorageClass != types.StorageClassStandardIa {
		t.Fatalf("get = %q %+v", data, get)
	}
	// Range.
	rng, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("dir/hello.txt"), Range: aws.String("bytes=7-")})
	if err != nil {
		t.Fatal(err)
	}
	data, _ = io.ReadAll(rng.Body)
	if string(data) != "world" || aws.ToString(rng.ContentRange) != "bytes 7-11/12" {
		t.Fatalf("range = %q %v", data, aws.ToString(rng.ContentRange))
	}
	rng, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("dir/hello.txt"), Range: aws.String("bytes=-5")})
	if err != nil {
		t.Fatal(err)
	}
	data, _ = io.ReadAll(rng.Body)
	if string(data) != "world" {
		t.Fatalf("suffix range = %q", data)
	}
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("dir/hello.txt"), Range: aws.String("bytes=100-")})
	wantCode(t, err, "InvalidRange")
	// Conditions.
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("dir/hello.txt"), IfMatch: aws.String(`"nope"`)})
	wantCode(t, err, "PreconditionFailed")
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("dir/hello.txt"), IfNoneMatch: put.ETag})
	wantCode(t, err, "NotModified")
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("dir/hello.txt"), IfModifiedSince: aws.Time(time.Now().Add(time.Hour))})
	wantCode(t, err, "NotModified")
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("dir/hello.txt"), IfUnmodifiedSince: aws.Time(time.Now().Add(-time.Hour))})
	wantCode(t, err, "PreconditionFailed")
	if _, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("dir/hello.txt"), IfMatch: put.ETag}); err != nil {
		t.Fatal(err)
	}
	// Overrides.
	ov, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("dir/hello.txt"), ResponseContentType: aws.String("application/json"), ResponseContentDisposition: aws.String("attachment")})
	if err != nil || aws.ToString(ov.ContentType) != "application/json" || aws.ToString(ov.ContentDisposition) != "attachment" {
		t.Fatalf("overrides = %+v, %v", ov, err)
	}
	// Head.
	head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: b, Key: aws.String("dir/hello.txt")})
	if err != nil || aws.ToInt64(head.ContentLength) != 12 || aws.ToString(head.ETag) != aws.ToString(put.ETag) {
		t.Fatalf("head = %+v, %v", head, err)
	}
	_, err = c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: b, Key: aws.String("missing")})
	wantCode(t, err, "NotFound")
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("missing")})
	wantCode(t, err, "NoSuchKey")
	// Conditional write.
	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("dir/hello.txt"), Body: bytes.NewReader(body), IfNoneMatch: aws.String("*")})
	wantCode(t, err, "PreconditionFailed")

	// Copy: key with characters to encode, metadata COPY and REPLACE.
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("a b+c/ü.txt"), Body: bytes.NewReader(body), Metadata: map[string]string{"x": "1"}}); err != nil {
		t.Fatal(err)
	}
	cp, err := c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: b, Key: aws.String("copy1"), CopySource: aws.String("objs/a%20b%2Bc/%C3%BC.txt")})
	if err != nil || aws.ToString(cp.CopyObjectResult.ETag) != aws.ToString(put.ETag) {
		t.Fatalf("copy = %+v, %v", cp, err)
	}
	h, _ := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: b, Key: aws.String("copy1")})
	if h.Metadata["x"] != "1" {
		t.Fatalf("copied metadata = %v", h.Metadata)
	}
	if _, err := c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: b, Key: aws.String("copy2"), CopySource: aws.String("objs/copy1"),
		MetadataDirective: types.MetadataDirectiveReplace, Metadata: map[string]string{"y": "2"}, ContentType: aws.String("text/x")}); err != nil {
		t.Fatal(err)
	}
	h, _ = c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: b, Key: aws.String("copy2")})
	if h.Metadata["y"] != "2" || h.Metadata["x"] != "" || aws.ToString(h.ContentType) != "text/x" {
		t.Fatalf("replaced metadata = %v %v", h.Metadata, aws.ToString(h.ContentType))
	}
	_, err = c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: b, Key: aws.String("copy1"), CopySource: aws.String("objs/copy1")})
	wantCode(t, err, "InvalidRequest")
	_, err = c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: b, Key: aws.String("copy3"), CopySource: aws.String("objs/missing")})
	wantCode(t, err, "NoSuchKey")
	_, err = c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: b, Key: aws.String("copy3"), CopySource: aws.String("objs/copy1"), CopySourceIfMatch: aws.String(`"zz"`)})
	wantCode(t, err, "PreconditionFailed")

	// Object tagging.
	tg, err := c.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: b, Key: aws.String("dir/hello.txt")})
	if err != nil || len(tg.TagSet) != 2 {
		t.Fatalf("tags = %+v, %v", tg, err)
	}
	if _, err := c.PutObjectTagging(ctx, &s3.PutObjectTaggingInput{Bucket: b, Key: aws.String("dir/hello.txt"), Tagging: &types.Tagging{TagSet: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}}); err != nil {
		t.Fatal(err)
	}
	tg, _ = c.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: b, Key: aws.String("dir/hello.txt")})
	if len(tg.TagSet) != 1 || aws.ToString(tg.TagSet[0].Key) != "k" {
		t.Fatalf("tags = %+v", tg.TagSet)
	}
	if _, err := c.DeleteObjectTagging(ctx, &s3.DeleteObjectTaggingInput{Bucket: b, Key: aws.String("dir/hello.txt")}); err != nil {
		t.Fatal(err)
	}
	tg, _ = c.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: b, Key: aws.String("dir/hello.txt")})
	if len(tg.TagSet) != 0 {
		t.Fatalf("tags after delete = %+v", tg.TagSet)
	}
	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("t"), Body: bytes.NewReader(body), Tagging: aws.String("aws:x=1")})
	wantCode(t, err, "InvalidTag")

	// Delete: idempotent, and DeleteObjects with Quiet.
	if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: b, Key: aws.String("never-existed")}); err != nil {
		t.Fatal(err)
	}
	del, err := c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: b, Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: aws.String("copy1")}, {Key: aws.String("copy2")}}}})
	if err != nil || len(del.Deleted) != 2 {
		t.Fatalf("DeleteObjects = %+v, %v", del, err)
	}
	del, err = c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: b, Delete: &types.Delete{Quiet: aws.Bool(true), Objects: []types.ObjectIdentifier{{Key: aws.String("dir/hello.txt")}}}})
	if err != nil || len(del.Deleted) != 0 || len(del.Errors) != 0 {
		t.Fatalf("quiet DeleteObjects = %+v, %v", del, err)
	}
	_, err = c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: b, Key: aws.String("dir/hello.txt")})
	wantCode(t, err, "NotFound")
}

func TestListing(t *testing.T) {
	url, _ := startServer(t, "")
	ctx := context.Background()
	c := newClient(t, url, "111111111111", "us-east-1")
	b := aws.String("list")
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	keys := []string{"a.txt", "photos/2024/a.jpg", "photos/2024/b.jpg", "photos/2025/c.jpg", "photos/top.jpg", "z z.txt"}
	for _, k := range keys {
		if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String(k), Body: strings.NewReader(k)}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: b})
	if err != nil || aws.ToInt32(all.KeyCount) != 6 || aws.ToBool(all.IsTruncated) {
		t.Fatalf("list = %+v, %v", all, err)
	}
	for i, o := range all.Contents {
		if aws.ToString(o.Key) != keys[i] || o.Owner != nil {
			t.Fatalf("key %d = %s (owner %v)", i, aws.ToString(o.Key), o.Owner)
		}
	}
	d, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: b, Delimiter: aws.String("/")})
	if err != nil || len(d.Contents) != 2 || len(d.CommonPrefixes) != 1 || aws.ToString(d.CommonPrefixes[0].Prefix) != "photos/" {
		t.Fatalf("delimited = %+v, %v", d, err)
	}
	d, err = c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: b, Prefix: aws.String("photos/"), Delimiter: aws.String("/"), FetchOwner: aws.Bool(true)})
	if err != nil || len(d.Contents) != 1 || len(d.CommonPrefixes) != 2 || d.Contents[0].Owner == nil {
		t.Fatalf("prefix+delimiter = %+v, %v", d, err)
	}
	// Paging: 2 per page over keys and prefixes.
	var got []string
	var token *string
	for pages := 0; ; pages++ {
		p, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: b, MaxKeys: aws.Int32(2), ContinuationToken: token, Delimiter: aws.String("/")})
		if err != nil || pages > 5 {
			t.Fatalf("page %d: %v", pages, err)
		}
		for _, o := range p.Contents {
			got = append(got, aws.ToString(o.Key))
		}
		for _, cp := range p.CommonPrefixes {
			got = append(got, aws.ToString(cp.Prefix))
		}
		if !aws.ToBool(p.IsTruncated) {
			break
		}
		token = p.NextContinuationToken
	}
	sort.Strings(got)
	if strings.Join(got, ",") != "a.txt,photos/,z z.txt" {
		t.Fatalf("paged = %v", got)
	}
	sa, _ := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: b, StartAfter: aws.String("photos/2025/c.jpg")})
	if len(sa.Contents) != 2 || aws.ToString(sa.Contents[0].Key) != "photos/top.jpg" {
		t.Fatalf("start-after = %+v", sa.Contents)
	}
	zero, _ := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: b, MaxKeys: aws.Int32(0)})
	if len(zero.Contents) != 0 || aws.ToInt32(zero.KeyCount) != 0 {
		t.Fatalf("max-keys 0 = %+v", zero)
	}
	enc, _ := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: b, EncodingType: types.EncodingTypeUrl, Prefix: aws.String("z")})
	if len(enc.Contents) != 1 || aws.ToString(enc.Contents[0].Key) != "z+z.txt" {
		t.Fatalf("url encoded = %v", aws.ToString(enc.Contents[0].Key))
	}
	// v1 with marker.
	v1, err := c.ListObjects(ctx, &s3.ListObjectsInput{Bucket: b, Marker: aws.String("photos/top.jpg")})
	if err != nil || len(v1.Contents) != 1 || aws.ToString(v1.Contents[0].Key) != "z z.txt" {
		t.Fatalf("v1 = %+v, %v", v1, err)
	}
	v1, err = c.ListObjects(ctx, &s3.ListObjectsInput{Bucket: b, MaxKeys: aws.Int32(1), Delimiter: aws.String("/"), Marker: aws.String("a.txt")})
	if err != nil || !aws.ToBool(v1.IsTruncated) || aws.ToString(v1.NextMarker) != "photos/" {
		t.Fatalf("v1 next marker = %+v, %v", v1, err)
	}
	_, err = c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("nobucket")})
	wantCode(t, err, "NoSuchBucket")
}

func TestVersioning(t *testing.T) {
	url, _ := startServer(t, "")
	ctx := context.Background()
	c := newClient(t, url, "111111111111", "us-east-1")
	b := aws.String("vers")
	k := aws.String("doc")
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: k, Body: strings.NewReader("v0")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: b, VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	p1, _ := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: k, Body: strings.NewReader("v1")})
	p2, _ := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: k, Body: strings.NewReader("v2")})
	if aws.ToString(p1.VersionId) == "" || aws.ToString(p1.VersionId) == aws.ToString(p2.VersionId) {
		t.Fatalf("version ids %v %v", aws.ToString(p1.VersionId), aws.ToString(p2.VersionId))
	}
	read := func(version *string) string {
		g, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: k, VersionId: version})
		if err != nil {
			return apiCode(err)
		}
		d, _ := io.ReadAll(g.Body)
		return string(d)
	}
	if read(nil) != "v2" || read(p1.VersionId) != "v1" || read(aws.String("null")) != "v0" {
		t.Fatal("version reads")
	}
	del, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: b, Key: k})
	if err != nil || !aws.ToBool(del.DeleteMarker) || aws.ToString(del.VersionId) == "" {
		t.Fatalf("delete = %+v, %v", del, err)
	}
	if got := read(nil); got != "NoSuchKey" {
		t.Fatalf("after delete marker: %s", got)
	}
	if got := read(del.VersionId); got != "MethodNotAllowed" {
		t.Fatalf("get delete marker: %s", got)
	}
	vs, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: b})
	if err != nil || len(vs.Versions) != 3 || len(vs.DeleteMarkers) != 1 || !aws.ToBool(vs.DeleteMarkers[0].IsLatest) {
		t.Fatalf("versions = %+v, %v", vs, err)
	}
	// Paging through versions one at a time.
	var n int
	in := &s3.ListObjectVersionsInput{Bucket: b, MaxKeys: aws.Int32(1)}
	for {
		p, err := c.ListObjectVersions(ctx, in)
		if err != nil || n > 10 {
			t.Fatal(err)
		}
		n += len(p.Versions) + len(p.DeleteMarkers)
		if !aws.ToBool(p.IsTruncated) {
			break
		}
		in.KeyMarker, in.VersionIdMarker = p.NextKeyMarker, p.NextVersionIdMarker
	}
	if n != 4 {
		t.Fatalf("paged versions = %d", n)
	}
	// Removing the delete marker restores the object.
	if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: b, Key: k, VersionId: del.VersionId}); err != nil {
		t.Fatal(err)
	}
	if read(nil) != "v2" {
		t.Fatal("delete marker removal")
	}
	if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: b, Key: k, VersionId: p2.VersionId}); err != nil {
		t.Fatal(err)
	}
	if read(nil) != "v1" {
		t.Fatal("version removal")
	}
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: k, VersionId: aws.String("0000000000000000000000000000dead")})
	wantCode(t, err, "NoSuchVersion")
	// Suspended: writes replace the null version.
	if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: b, VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusSuspended}}); err != nil {
		t.Fatal(err)
	}
	ps, _ := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: k, Body: strings.NewReader("s")})
	if aws.ToString(ps.VersionId) != "null" {
		t.Fatalf("suspended version id = %v", aws.ToString(ps.VersionId))
	}
	vs, _ = c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: b})
	if len(vs.Versions) != 2 {
		t.Fatalf("suspended versions = %d", len(vs.Versions))
	}
}

func TestMultipart(t *testing.T) {
	url, _ := startServer(t, "")
	ctx := context.Background()
	c := newClient(t, url, "111111111111", "us-east-1")
	b, k := aws.String("mpu"), aws.String("big/object.bin")
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	cr, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: b, Key: k, ContentType: aws.String("application/x-test"), Metadata: map[string]string{"m": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.UploadPart(ctx, &s3.UploadPartInput{Bucket: b, Key: k, UploadId: cr.UploadId, PartNumber: aws.Int32(10001), Body: strings.NewReader("x")})
	wantCode(t, err, "InvalidArgument")
	_, err = c.UploadPart(ctx, &s3.UploadPartInput{Bucket: b, Key: k, UploadId: aws.String("nope"), PartNumber: aws.Int32(1), Body: strings.NewReader("x")})
	wantCode(t, err, "NoSuchUpload")
	p1 := bytes.Repeat([]byte("a"), 5<<20)
	p2 := []byte("tail")
	small := []byte("small")
	u1, err := c.UploadPart(ctx, &s3.UploadPartInput{Bucket: b, Key: k, UploadId: cr.UploadId, PartNumber: aws.Int32(1), Body: bytes.NewReader(small)})
	if err != nil {
		t.Fatal(err)
	}
	u2, err := c.UploadPart(ctx, &s3.UploadPartInput{Bucket: b, Key: k, UploadId: cr.UploadId, PartNumber: aws.Int32(2), Body: bytes.NewReader(p2)})
	if err != nil {
		t.Fatal(err)
	}
	complete := func(parts ...types.CompletedPart) error {
		_, err := c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: b, Key: k, UploadId: cr.UploadId, MultipartUpload: &types.CompletedMultipartUpload{Parts: parts}})
		return err
	}
	wantCode(t, complete(types.CompletedPart{PartNumber: aws.Int32(1), ETag: u1.ETag}, types.CompletedPart{PartNumber: aws.Int32(2), ETag: u2.ETag}), "EntityTooSmall")
	wantCode(t, complete(types.CompletedPart{PartNumber: aws.Int32(2), ETag: u2.ETag}, types.CompletedPart{PartNumber: aws.Int32(1), ETag: u1.ETag}), "InvalidPartOrder")
	wantCode(t, complete(types.CompletedPart{PartNumber: aws.Int32(1), ETag: aws.String(`"bad"`)}), "InvalidPart")
	// Re-upload part 1 at 5 MiB.
	u1, err = c.UploadPart(ctx, &s3.UploadPartInput{Bucket: b, Key: k, UploadId: cr.UploadId, PartNumber: aws.Int32(1), Body: bytes.NewReader(p1)})
	if err != nil {
		t.Fatal(err)
	}
	lp, err := c.ListParts(ctx, &s3.ListPartsInput{Bucket: b, Key: k, UploadId: cr.UploadId})
	if err != nil || len(lp.Parts) != 2 || aws.ToInt64(lp.Parts[0].Size) != 5<<20 {
		t.Fatalf("parts = %+v, %v", lp, err)
	}
	lu, err := c.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: b})
	if err != nil || len(lu.Uploads) != 1 || aws.ToString(lu.Uploads[0].UploadId) != aws.ToString(cr.UploadId) {
		t.Fatalf("uploads = %+v, %v", lu, err)
	}
	if err := complete(types.CompletedPart{PartNumber: aws.Int32(1), ETag: u1.ETag}, types.CompletedPart{PartNumber: aws.Int32(2), ETag: u2.ETag}); err != nil {
		t.Fatal(err)
	}
	s1, s2 := md5.Sum(p1), md5.Sum(p2)
	want := md5.Sum(append(s1[:], s2[:]...))
	head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: b, Key: k})
	if err != nil || aws.ToString(head.ETag) != fmt.Sprintf(`"%x-2"`, want) || aws.ToInt64(head.ContentLength) != int64(len(p1)+len(p2)) ||
		aws.ToString(head.ContentType) != "application/x-test" || head.Metadata["m"] != "1" {
		t.Fatalf("head = %+v, %v", head, err)
	}
	g, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: k, Range: aws.String(fmt.Sprintf("bytes=%d-", len(p1)-2))})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := io.ReadAll(g.Body)
	if string(d) != "aatail" {
		t.Fatalf("range across parts = %q", d)
	}
	g, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: k, PartNumber: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	d, _ = io.ReadAll(g.Body)
	if string(d) != "tail" || aws.ToInt32(g.PartsCount) != 2 {
		t.Fatalf("part 2 = %q %v", d, g.PartsCount)
	}
	_, err = c.ListParts(ctx, &s3.ListPartsInput{Bucket: b, Key: k, UploadId: cr.UploadId})
	wantCode(t, err, "NoSuchUpload")
	// Abort.
	cr2, _ := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: b, Key: aws.String("aborted")})
	if _, err := c.UploadPart(ctx, &s3.UploadPartInput{Bucket: b, Key: aws.String("aborted"), UploadId: cr2.UploadId, PartNumber: aws.Int32(1), Body: strings.NewReader("x")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: b, Key: aws.String("aborted"), UploadId: cr2.UploadId}); err != nil {
		t.Fatal(err)
	}
	_, err = c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: b, Key: aws.String("aborted"), UploadId: cr2.UploadId})
	wantCode(t, err, "NoSuchUpload")
	// UploadPartCopy.
	cr3, _ := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: b, Key: aws.String("copied")})
	pc, err := c.UploadPartCopy(ctx, &s3.UploadPartCopyInput{Bucket: b, Key: aws.String("copied"), UploadId: cr3.UploadId, PartNumber: aws.Int32(1),
		CopySource: aws.String("mpu/big/object.bin"), CopySourceRange: aws.String(fmt.Sprintf("bytes=%d-%d", len(p1), len(p1)+3))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: b, Key: aws.String("copied"), UploadId: cr3.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{{PartNumber: aws.Int32(1), ETag: pc.CopyPartResult.ETag}}}}); err != nil {
		t.Fatal(err)
	}
	g, _ = c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("copied")})
	d, _ = io.ReadAll(g.Body)
	if string(d) != "tail" {
		t.Fatalf("part copy = %q", d)
	}
}
