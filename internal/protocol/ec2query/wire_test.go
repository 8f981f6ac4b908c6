package ec2query_test

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

func newWireServer(t *testing.T) *httptest.Server {
	t.Helper()
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	t.Cleanup(func() { ts.Close(); st.Close() })
	return ts
}

func newEC2(ts *httptest.Server) *ec2.Client {
	return ec2.NewFromConfig(aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDWIRETEST", "secret", ""),
		BaseEndpoint: aws.String(ts.URL),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.RateLimiter = ratelimit.None
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
			})
		},
	})
}

type ec2Error struct {
	Errors []struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Errors>Error"`
}

// raw sends an unsigned request and returns its status and EC2 error code.
func raw(t *testing.T, ts *httptest.Server, method, query, body string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+"/?"+query, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var e ec2Error
	if resp.StatusCode != 200 {
		if err := xml.Unmarshal(b, &e); err != nil || len(e.Errors) != 1 {
			t.Fatalf("%d answer is not the EC2 error envelope: %s", resp.StatusCode, b)
		}
		return resp.StatusCode, e.Errors[0].Code, e.Errors[0].Message
	}
	return resp.StatusCode, "", string(b)
}

// TestWireNeverWidens sends the malformed forms issue 11 item 5 found: each
// is answered with AWS's 400 error, never with every VPC.
func TestWireNeverWidens(t *testing.T) {
	ts := newWireServer(t)
	const v = "&Version=2016-11-15"
	for _, tc := range []struct {
		name, method, query, body, code string
	}{
		{"index zero", "POST", "", "Action=DescribeVpcs" + v + "&VpcId.0=vpc-1", "UnknownParameter"},
		{"negative index", "POST", "", "Action=DescribeVpcs" + v + "&VpcId.-1=vpc-1", "UnknownParameter"},
		{"overflowing index", "POST", "", "Action=DescribeVpcs" + v + "&VpcId.99999999999999999999=vpc-1", "UnknownParameter"},
		{"Arabic-Indic digit", "POST", "", "Action=DescribeVpcs" + v + "&VpcId.%D9%A1=vpc-1", "UnknownParameter"},
		{"filter index zero", "POST", "", "Action=DescribeVpcs" + v + "&Filter.0.Name=vpc-id&Filter.0.Value.1=vpc-1", "UnknownParameter"},
		{"misspelt filter", "POST", "", "Action=DescribeVpcs" + v + "&Filters.1.Name=vpc-id&Filters.1.Value.1=vpc-1", "UnknownParameter"},
		{"malformed GET pair", "GET", "Action=DescribeVpcs" + v + "&VpcId.1=%zz", "", "MalformedQueryString"},
		{"malformed body pair", "POST", "", "Action=DescribeVpcs" + v + "&VpcId.1=%e", "MalformedQueryString"},
		{"invalid UTF-8 tag", "POST", "", "Action=CreateTags" + v + "&ResourceId.1=vpc-1&Tag.1.Key=k&Tag.1.Value=%C0%AF", "InvalidParameterValue"},
		{"missing Version", "POST", "", "Action=DescribeVpcs", "MissingParameter"},
		{"missing Version on GET", "GET", "Action=DescribeVpcs", "", "MissingParameter"},
		{"unknown Version", "POST", "", "Action=DescribeVpcs&Version=2016-09-15", "NoSuchVersion"}, // an older EC2 version; 2015-12-01 is ELBv2's
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, code, msg := raw(t, ts, tc.method, tc.query, tc.body)
			if status != 400 || code != tc.code {
				t.Fatalf("%d %s %s, want 400 %s", status, code, msg, tc.code)
			}
		})
	}
	// Unsigned routing by Version still reaches the other query services.
	status, _, body := raw(t, ts, "POST", "", "Action=GetCallerIdentity&Version=2011-06-15")
	if status != 200 || !strings.Contains(body, "GetCallerIdentityResult") {
		t.Fatalf("unsigned STS by Version: %d %s", status, body)
	}
}

// TestSDKTagAndFilterSemantics drives the fixed semantics with the real
// aws-sdk-go-v2 client.
func TestSDKTagAndFilterSemantics(t *testing.T) {
	ctx := context.Background()
	c := newEC2(newWireServer(t))
	vpc, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(vpc.Vpc.VpcId)
	long := strings.Repeat("é", 128) // 128 characters, 256 bytes
	if _, err := c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{id}, Tags: []types.Tag{
		{Key: aws.String("Name"), Value: aws.String("a")}, {Key: aws.String(long), Value: aws.String(strings.Repeat("€", 256))},
	}}); err != nil {
		t.Fatalf("a 128-character key: %v", err)
	}

	// A filter with no values matches nothing (the default VPC exists too).
	out, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []types.Filter{{Name: aws.String("vpc-id")}}})
	if err != nil || len(out.Vpcs) != 0 {
		t.Fatalf("filter without values: %d vpcs, %v", len(out.Vpcs), err)
	}
	out, err = c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []types.Filter{{Name: aws.String("vpc-id"), Values: []string{id}}}})
	if err != nil || len(out.Vpcs) != 1 {
		t.Fatalf("filter with a value: %d vpcs, %v", len(out.Vpcs), err)
	}

	// Tag.1.Value= deletes the tag only if its value is empty.
	if _, err := c.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: []string{id}, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("")}}}); err != nil {
		t.Fatal(err)
	}
	tags, err := c.DescribeTags(ctx, &ec2.DescribeTagsInput{Filters: []types.Filter{{Name: aws.String("resource-id"), Values: []string{id}}}})
	if err != nil || len(tags.Tags) != 2 {
		t.Fatalf("after DeleteTags Name=\"\": %+v %v", tags, err)
	}

	// aws: keys can be neither created nor deleted.
	for _, call := range []func() error{
		func() error {
			_, err := c.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: []string{id}, Tags: []types.Tag{{Key: aws.String("aws:cloudformation:stack-name")}}})
			return err
		},
		func() error {
			_, err := c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{id}, Tags: []types.Tag{{Key: aws.String("AWS:x"), Value: aws.String("v")}}})
			return err
		},
	} {
		var ae smithy.APIError
		if err := call(); !errors.As(err, &ae) || ae.ErrorCode() != "InvalidParameterValue" || !strings.Contains(ae.ErrorMessage(), "Tag keys starting with 'aws:' are reserved for internal use") {
			t.Errorf("aws: key: %v", err)
		}
	}
}
