package server

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	ec2sdk "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go"
)

// TestUnservedServiceShapes: a request for a service vpcsim does not
// serve answers in that service's protocol, naming the service and the
// operation: the json protocol's __type, the query protocols'
// ErrorResponse, rest-json's X-Amzn-ErrorType with a JSON body, and
// rest-xml's ErrorResponse (501 for the REST protocols).
func TestUnservedServiceShapes(t *testing.T) {
	ts := newTestServer(t, Options{})
	do := func(method, path, signing, contentType, body string, h map[string]string) (int, string, http.Header) {
		t.Helper()
		req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if signing != "" {
			req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/eu-west-1/"+signing+"/aws4_request, SignedHeaders=host, Signature=00")
		}
		for k, v := range h {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw), resp.Header
	}
	// json (SQS): X-Amz-Target names the operation.
	status, body, h := do("POST", "/", "sqs", "application/x-amz-json-1.0", "{}", map[string]string{"X-Amz-Target": "AmazonSQS.ListQueues"})
	var je struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	if status != 400 || json.Unmarshal([]byte(body), &je) != nil || je.Type != "UnknownOperationException" ||
		!strings.Contains(je.Message, "service sqs") || !strings.Contains(je.Message, "ListQueues") || !strings.Contains(je.Message, "it serves ec2") ||
		h.Get("Content-Type") != "application/x-amz-json-1.0" {
		t.Errorf("sqs: %d %s %v", status, body, h)
	}
	// query (SNS): the form's Action names the operation.
	status, body, _ = do("POST", "/", "sns", "application/x-www-form-urlencoded", "Action=ListTopics&Version=2010-03-31", nil)
	var qe struct {
		Error struct{ Code, Message string }
	}
	if status != 400 || xml.Unmarshal([]byte(body), &qe) != nil || qe.Error.Code != "InvalidAction" ||
		!strings.Contains(qe.Error.Message, "service sns (operation ListTopics)") || !strings.Contains(body, "http://sns.amazonaws.com/doc/2010-03-31/") {
		t.Errorf("sns: %d %s", status, body)
	}
	// rest-json (Lambda).
	status, body, h = do("GET", "/2015-03-31/functions/", "lambda", "", "", nil)
	if status != 501 || h.Get("X-Amzn-ErrorType") != "NotImplemented" || json.Unmarshal([]byte(body), &je) != nil ||
		!strings.Contains(je.Message, "service lambda (operation GET /2015-03-31/functions/)") {
		t.Errorf("lambda: %d %s %v", status, body, h)
	}
	// rest-xml (Route 53).
	status, body, _ = do("GET", "/2013-04-01/hostedzone", "route53", "", "", nil)
	if status != 501 || xml.Unmarshal([]byte(body), &qe) != nil || qe.Error.Code != "NotImplemented" || !strings.Contains(qe.Error.Message, "service route53") {
		t.Errorf("route53: %d %s", status, body)
	}
	// A signing name no model knows: still an error that names it.
	status, body, _ = do("GET", "/x", "nosuchservice", "", "", nil)
	if status != 501 || !strings.Contains(body, "nosuchservice") {
		t.Errorf("unknown signing name: %d %s", status, body)
	}
}

// TestUnservedOperationSDK: an EC2 operation of AWS's model that vpcsim
// does not serve reaches the SDK as an API error it parses, naming the
// operation.
func TestUnservedOperationSDK(t *testing.T) {
	ts := newTestServer(t, Options{})
	c := ec2sdk.NewFromConfig(sdkConfig(ts.URL, "AKIDEXAMPLE"))
	_, err := c.DescribeFpgaImages(context.Background(), &ec2sdk.DescribeFpgaImagesInput{})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "InvalidAction" || !strings.Contains(ae.ErrorMessage(), "DescribeFpgaImages") || !strings.Contains(ae.ErrorMessage(), "vpcsim does not emulate") {
		t.Fatalf("DescribeFpgaImages: %v", err)
	}
}
