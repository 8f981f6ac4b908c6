package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/store"
)

// adminPost posts body to an admin route, unsigned, with an optional
// X-Vpcsim-Account.
func adminPost(t *testing.T, url, account, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if account != "" {
		req.Header.Set(AccountHeader, account)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// defaultNet creates an interface in account's default subnet and returns
// it with the account's internet gateway.
func defaultNet(t *testing.T, ts *testServer, account string) (eni, igw string) {
	t.Helper()
	ctx := context.Background()
	c := newServerTestEC2(ts, account)
	subs, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{})
	if err != nil || len(subs.Subnets) == 0 {
		t.Fatalf("default subnets: %v", err)
	}
	n, err := c.CreateNetworkInterface(ctx, &ec2.CreateNetworkInterfaceInput{SubnetId: subs.Subnets[0].SubnetId})
	if err != nil {
		t.Fatal(err)
	}
	gws, err := c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{})
	if err != nil || len(gws.InternetGateways) != 1 {
		t.Fatalf("default IGW: %v", err)
	}
	return aws.ToString(n.NetworkInterface.NetworkInterfaceId), aws.ToString(gws.InternetGateways[0].InternetGatewayId)
}

// TestTraceSeesTheCallersAccountOnly: /_vpcsim/trace resolves ids,
// addresses and paths in the caller's account; another account's
// resources are unknown to it (issue 11 item 3).
func TestTraceSeesTheCallersAccountOnly(t *testing.T) {
	ts := newTestServer(t, Options{})
	const a, b = "111111111111", "222222222222"
	enaA, igwA := defaultNet(t, ts, a)
	_, igwB := defaultNet(t, ts, b)
	query := func(src, dst string) string {
		return fmt.Sprintf(`{"source":%q,"destination":%q,"protocol":"tcp","destinationPort":443}`, src, dst)
	}
	// Account A (by the header) traces its own interface.
	status, out := adminPost(t, ts.URL+"/_vpcsim/trace", a, query(enaA, igwA))
	if status != 200 || !strings.Contains(out, enaA) {
		t.Fatalf("own trace: %d %s", status, out)
	}
	// B cannot name A's interface or gateway: they are unknown ids.
	for _, q := range []string{query(enaA, igwB), query("172.31.0.99", igwA)} {
		status, out = adminPost(t, ts.URL+"/_vpcsim/trace", b, q)
		if status != 400 || !strings.Contains(out, "unknown resource id") || strings.Contains(out, igwA) && !strings.Contains(q, igwA) {
			t.Fatalf("B naming A's resources: %d %s", status, out)
		}
	}
	// A's interface address, in the default range every account has,
	// resolves in B's default VPC (to B's own interface holding the same
	// address), never to A's, and is not "ambiguous".
	var ipA string
	c := newServerTestEC2(ts, a)
	n, err := c.DescribeNetworkInterfaces(context.Background(), &ec2.DescribeNetworkInterfacesInput{NetworkInterfaceIds: []string{enaA}})
	if err != nil {
		t.Fatal(err)
	}
	ipA = aws.ToString(n.NetworkInterfaces[0].PrivateIpAddress)
	status, out = adminPost(t, ts.URL+"/_vpcsim/trace", b, query(ipA, igwB))
	if strings.Contains(out, enaA) || strings.Contains(out, a) || strings.Contains(out, "ambiguous") {
		t.Fatalf("B tracing A's address: %d %s", status, out)
	}
	// Unsigned without the header: the default account, which holds none of it.
	status, out = adminPost(t, ts.URL+"/_vpcsim/trace", "", query(enaA, igwA))
	if status != 400 || !strings.Contains(out, "unknown resource id") {
		t.Fatalf("default account naming A's interface: %d %s", status, out)
	}
	// A malformed account header is refused.
	if status, out = adminPost(t, ts.URL+"/_vpcsim/trace", "12", query(enaA, igwA)); status != 400 {
		t.Fatalf("malformed account header: %d %s", status, out)
	}
}

// TestResetIsPerAccount: /_vpcsim/reset deletes the caller's account and
// nothing else; ?all=true empties the world, refused in strict mode.
func TestResetIsPerAccount(t *testing.T) {
	ts := newTestServer(t, Options{})
	ctx := context.Background()
	const a, b = "111111111111", "222222222222"
	for _, acct := range []string{a, b} {
		if _, err := newServerTestEC2(ts, acct).CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")}); err != nil {
			t.Fatal(err)
		}
	}
	status, out := adminPost(t, ts.URL+"/_vpcsim/reset", a, "")
	if status != 200 || !strings.Contains(out, `"reset":"`+a+`"`) {
		t.Fatalf("reset A: %d %s", status, out)
	}
	if n := countVpcs(t, newServerTestEC2(ts, a)); n != 1 {
		t.Fatalf("A after its reset: %d VPCs, want its default one", n)
	}
	if n := countVpcs(t, newServerTestEC2(ts, b)); n != 2 {
		t.Fatalf("B after A's reset: %d VPCs, want 2", n)
	}
	if status, out = adminPost(t, ts.URL+"/_vpcsim/reset?all=true", "", ""); status != 200 {
		t.Fatalf("reset all: %d %s", status, out)
	}
	if n := ts.st.Snapshot().VPCs.Len(); n != 0 {
		t.Fatalf("after reset all: %d VPCs stored", n)
	}
	strict := newStrictServer(t, nil)
	if status, out = adminPost(t, strict.URL+"/_vpcsim/reset", "", ""); status != 403 || !strings.Contains(out, "MissingAuthenticationToken") {
		t.Fatalf("unsigned reset in strict mode: %d %s", status, out)
	}
	req := signedRaw(t, http.MethodPost, strict.URL+"/_vpcsim/reset?all=true", "vpcsim", nil, "", http.Header{})
	if status, out := doRaw(t, req); status != 403 {
		t.Fatalf("reset all in strict mode: %d %s", status, out)
	}
	req = signedRaw(t, http.MethodPost, strict.URL+"/_vpcsim/reset", "vpcsim", nil, "", http.Header{})
	if status, out := doRaw(t, req); status != 200 || !strings.Contains(out, strictAccount) {
		t.Fatalf("signed reset in strict mode: %d %s", status, out)
	}
}

// TestReadsOfNewAccountsStoreNothing: reads from new accounts answer from
// the computed defaults and store nothing; the first write stores exactly
// the defaults the reads showed, which survive a restart (issue 11 item 4).
func TestReadsOfNewAccountsStoreNothing(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(New(control.New(st, control.Options{}), Options{}))
	ctx := context.Background()
	defaultVpc := func(url, account string) string {
		t.Helper()
		c := ec2.NewFromConfig(sdkConfig(url, account))
		out, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
		if err != nil || len(out.Vpcs) != 1 || !aws.ToBool(out.Vpcs[0].IsDefault) {
			t.Fatalf("DescribeVpcs in %s: %v %+v", account, err, out)
		}
		attrs, err := c.DescribeAccountAttributes(ctx, &ec2.DescribeAccountAttributesInput{AttributeNames: []ec2types.AccountAttributeName{"default-vpc"}})
		if err != nil || aws.ToString(attrs.AccountAttributes[0].AttributeValues[0].AttributeValue) != aws.ToString(out.Vpcs[0].VpcId) {
			t.Fatalf("default-vpc attribute in %s: %v %+v", account, err, attrs)
		}
		return aws.ToString(out.Vpcs[0].VpcId)
	}
	rev := st.Revision()
	seen := map[string]bool{}
	for i := range 20 {
		id := defaultVpc(hs.URL, fmt.Sprintf("9000000000%02d", i))
		if seen[id] {
			t.Fatalf("default VPC id %s repeats across accounts", id)
		}
		seen[id] = true
	}
	if st.Revision() != rev || st.Snapshot().Scopes.Len() != 0 || st.Snapshot().VPCs.Len() != 0 {
		t.Fatalf("reads stored something: revision %d -> %d, %d scopes", rev, st.Revision(), st.Snapshot().Scopes.Len())
	}
	const acct = "900000000003"
	before := defaultVpc(hs.URL, acct)
	if again := defaultVpc(hs.URL, acct); again != before {
		t.Fatalf("default VPC changed between reads: %s then %s", before, again)
	}
	// A dry run stores nothing either.
	c := ec2.NewFromConfig(sdkConfig(hs.URL, acct))
	if _, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.1.0.0/16"), DryRun: aws.Bool(true)}); err == nil || !strings.Contains(err.Error(), "DryRunOperation") {
		t.Fatalf("dry run: %v", err)
	}
	if st.Revision() != rev {
		t.Fatal("a dry run stored the defaults")
	}
	if _, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.1.0.0/16")}); err != nil {
		t.Fatal(err)
	}
	if st.Snapshot().Scopes.Len() != 1 {
		t.Fatalf("%d scopes stored after one write", st.Snapshot().Scopes.Len())
	}
	out, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []ec2types.Filter{{Name: aws.String("is-default"), Values: []string{"true"}}}})
	if err != nil || len(out.Vpcs) != 1 || aws.ToString(out.Vpcs[0].VpcId) != before {
		t.Fatalf("default VPC after the write: %v %+v, want %s", err, out, before)
	}
	hs.Close()
	st.Close()

	st, err = store.Open(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hs = httptest.NewServer(New(control.New(st, control.Options{}), Options{}))
	defer hs.Close()
	out, err = ec2.NewFromConfig(sdkConfig(hs.URL, acct)).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []ec2types.Filter{{Name: aws.String("is-default"), Values: []string{"true"}}}})
	if err != nil || len(out.Vpcs) != 1 || aws.ToString(out.Vpcs[0].VpcId) != before {
		t.Fatalf("default VPC after restart: %v %+v, want %s", err, out, before)
	}
}
