package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// The ELBv2 mix again, sent by a light HTTP client: the same four
// operations with the same parameters, as SigV4-signed query-protocol
// POSTs, each answer checked for its status and the element that proves it
// (not decoded into Go values). With the SDK client, decoding the XML
// answers costs the client about three times what vpcsim spends serving
// them, and the client shares the two cores with the server, so the SDK
// row is bound by the client on the fast server; this row measures the
// servers with a client whose own cost is small (wrk-style), on the same
// machine, in the same run. Both rows are reported.

// elbAPIVersion is ELBv2's query-protocol Version parameter.
const elbAPIVersion = "2015-12-01"

// elbCreds are svcbench's static credentials (sdkConfig).
var elbCreds = aws.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}

// elbCall signs and sends one ELBv2 query-protocol request and returns the
// answer's body; any status but 200 is an error carrying the body's start.
func elbCall(ctx context.Context, hc *http.Client, endpoint string, form url.Values) ([]byte, error) {
	body := form.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+"/", strings.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", form.Get("Action"), err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	sum := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(ctx, elbCreds, req, hex.EncodeToString(sum[:]), elbSvc, "us-east-1", time.Now()); err != nil {
		return nil, fmt.Errorf("%s: sign: %w", form.Get("Action"), err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", form.Get("Action"), err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: read answer: %w", form.Get("Action"), err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: HTTP %d: %.200s", form.Get("Action"), resp.StatusCode, out)
	}
	return out, nil
}

// between returns the text between the first open and the next close in
// b, or "".
func between(b []byte, open, close string) string {
	_, rest, ok := bytes.Cut(b, []byte(open))
	if !ok {
		return ""
	}
	v, _, ok := bytes.Cut(rest, []byte(close))
	if !ok {
		return ""
	}
	return string(v)
}

func elbForm(action string, kv ...string) url.Values {
	v := url.Values{"Action": {action}, "Version": {elbAPIVersion}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// elbv2HTTPRow is elbv2Row's mix through elbCall.
var elbv2HTTPRow = row{
	key: elbMixHTTPKey, title: "ELBv2 mix, light HTTP client (same four operations, answers checked, not decoded)", svc: elbSvc,
	count: elbCount,
	op: func(ctx context.Context, c *clients, p *phase, i int) (int, error) {
		st := elbOf(c.url)
		if st == nil {
			return 0, fmt.Errorf("no ELBv2 setup for %s", c.url)
		}
		switch i % 4 {
		case 0:
			name := "sh-" + p.tag + "-" + strconv.Itoa(i)
			out, err := elbCall(ctx, c.http, c.url, elbForm("CreateTargetGroup", "Name", name, "Protocol", "TCP", "Port", "80",
				"VpcId", st.vpc, "TargetType", "ip"))
			if err != nil {
				return 0, err
			}
			arn := between(out, "<TargetGroupArn>", "</TargetGroupArn>")
			if !bytes.Contains(out, []byte("<TargetGroupName>"+name+"</TargetGroupName>")) || arn == "" {
				return 0, fmt.Errorf("CreateTargetGroup answered %.300s", out)
			}
			st.made(arn)
		case 1:
			if _, err := elbCall(ctx, c.http, c.url, elbForm("RegisterTargets", "TargetGroupArn", st.tgARN,
				"Targets.member.1.Id", elbTarget(i/4), "Targets.member.1.Port", "80")); err != nil {
				return 0, err
			}
		case 2:
			out, err := elbCall(ctx, c.http, c.url, elbForm("DescribeTargetHealth", "TargetGroupArn", st.tgARN))
			if err != nil {
				return 0, err
			}
			if n := bytes.Count(out, []byte("<Target>")); n > elbTargets {
				return 0, fmt.Errorf("DescribeTargetHealth answered %d targets, at most %d were registered", n, elbTargets)
			}
		default:
			out, err := elbCall(ctx, c.http, c.url, elbForm("DescribeLoadBalancers", "LoadBalancerArns.member.1", st.lbARN))
			if err != nil {
				return 0, err
			}
			if bytes.Count(out, []byte("<LoadBalancerName>svcbench-nlb</LoadBalancerName>")) != 1 {
				return 0, fmt.Errorf("DescribeLoadBalancers answered %.300s", out)
			}
		}
		return 0, nil
	},
	verify: verifyELBv2,
}

func init() { allRows = append(allRows, elbv2HTTPRow) }
