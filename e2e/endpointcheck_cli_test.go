package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// endpointCheckPolicy is the S3 User Guide's "Restricting access to a
// specific VPC endpoint" bucket policy (example-bucket-policies-vpc-endpoint.md):
// deny every request that does not come through endpoint {vpce}.
const endpointCheckPolicy = `{"Version":"2012-10-17","Id":"Policy1415115909152","Statement":[{"Sid":"Access-to-specific-VPCE-only",` +
	`"Principal":"*","Action":"s3:*","Effect":"Deny","Resource":["arn:aws:s3:::{bucket}","arn:aws:s3:::{bucket}/*"],` +
	`"Condition":{"StringNotEquals":{"aws:SourceVpce":"{vpce}"}}}]}`

// TestEndpointCheckCLI runs the real `vpcsim endpoint-check` against a
// server (PrivateLink Guide 2021 "Troubleshoot" checklist; S3 User Guide
// example-bucket-policies-vpc-endpoint.md): an instance reaches S3 through
// a gateway endpoint of its VPC; the bucket policy admits only another
// endpoint, so the command fails at step 5 (the resource policy) naming
// the statement and exits 1; with the policy naming this endpoint, every
// step passes and it exits 0. The VPC's DNS attributes are on by default
// (VPC-UG vpc-dns.md), so steps 6 and 7 pass.
func TestEndpointCheckCLI(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the vpcsim binary (slow)")
	}
	srv := startServer(t)
	bin := vpcsimBin(t)
	ctx := testCtx(t)
	e := srv.ec2Client()
	s3c := srv.s3Client()

	vpc := must[*ec2.CreateVpcOutput](t, "CreateVpc")(e.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.70.0.0/16")})).Vpc.VpcId
	subnet := must[*ec2.CreateSubnetOutput](t, "CreateSubnet")(e.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc, CidrBlock: aws.String("10.70.1.0/24")})).Subnet.SubnetId
	inst := must[*ec2.RunInstancesOutput](t, "RunInstances")(e.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-0123456789abcdef0"),
		InstanceType: types.InstanceTypeT3Micro, MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: subnet})).Instances[0].InstanceId
	rts := must[*ec2.DescribeRouteTablesOutput](t, "DescribeRouteTables")(e.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{
		Filters: []types.Filter{{Name: aws.String("vpc-id"), Values: []string{*vpc}}, {Name: aws.String("association.main"), Values: []string{"true"}}}}))
	if len(rts.RouteTables) != 1 {
		t.Fatalf("main route table: %+v", rts.RouteTables)
	}
	vpce := must[*ec2.CreateVpcEndpointOutput](t, "CreateVpcEndpoint")(e.CreateVpcEndpoint(ctx, &ec2.CreateVpcEndpointInput{
		VpcId: vpc, ServiceName: aws.String("com.amazonaws." + testRegion + ".s3"), VpcEndpointType: types.VpcEndpointTypeGateway,
		RouteTableIds: []string{*rts.RouteTables[0].RouteTableId}})).VpcEndpoint.VpcEndpointId

	const bucket = "endpoint-check-reports"
	must[*s3.CreateBucketOutput](t, "CreateBucket")(s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}))
	policy := func(endpoint string) {
		t.Helper()
		p := strings.NewReplacer("{bucket}", bucket, "{vpce}", endpoint).Replace(endpointCheckPolicy)
		must[*s3.PutBucketPolicyOutput](t, "PutBucketPolicy")(s3c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(p)}))
	}
	check := func(phase string, wantCode int) map[string]any {
		t.Helper()
		code, out, errOut := vpcsimCmd(t, bin, "endpoint-check", "--server", srv.URL, "--from", *inst, "--endpoint", *vpce,
			"--action", "s3:GetObject", "--resource", "arn:aws:s3:::"+bucket+"/q3.csv", "--output", "json")
		if code != wantCode {
			t.Fatalf("%s: vpcsim endpoint-check: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", phase, code, wantCode, out, errOut)
		}
		var res map[string]any
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("%s: output is not JSON: %v\n%s", phase, err, out)
		}
		return res
	}
	steps := func(res map[string]any) []map[string]any {
		raw, _ := res["steps"].([]any)
		out := make([]map[string]any, 0, len(raw))
		for _, s := range raw {
			m, _ := s.(map[string]any)
			out = append(out, m)
		}
		return out
	}

	// The policy admits only another endpoint: step 5 fails, the earlier
	// steps pass, the later ones are not reached.
	policy("vpce-1a2b3c4d")
	res := check("other endpoint", 1)
	if ok, _ := res["ok"].(bool); ok {
		t.Fatalf("other endpoint: ok: %v", res)
	}
	if f, _ := res["failedStep"].(float64); f != 5 {
		t.Fatalf("other endpoint: failed at step %v, want 5 (resource policy): %v", res["failedStep"], res)
	}
	for _, s := range steps(res) {
		n, _ := s["step"].(float64)
		st, _ := s["status"].(string)
		switch {
		case n < 5 && st != "pass" && st != "n/a":
			t.Errorf("other endpoint: step %v %s: %s (%v)", n, s["name"], st, s["detail"])
		case n == 5 && (st != "fail" || !strings.Contains(s["statement"].(string), "Access-to-specific-VPCE-only")):
			t.Errorf("other endpoint: step 5: %v", s)
		}
	}

	// The table names the failing step too.
	code, out, _ := vpcsimCmd(t, bin, "endpoint-check", "--server", srv.URL, "--from", *inst, "--endpoint", *vpce,
		"--action", "s3:GetObject", "--resource", "arn:aws:s3:::"+bucket+"/q3.csv")
	if code != 1 || !strings.Contains(out, "FAILED at step 5 (resource policy)") {
		t.Errorf("table: exit %d:\n%s", code, out)
	}

	// Fixed: the policy names this endpoint.
	policy(*vpce)
	res = check("this endpoint", 0)
	if ok, _ := res["ok"].(bool); !ok {
		t.Fatalf("this endpoint: not ok: %v", res)
	}
	for _, s := range steps(res) {
		if st, _ := s["status"].(string); st != "pass" && st != "n/a" {
			t.Errorf("this endpoint: step %v %s: %s (%v)", s["step"], s["name"], st, s["detail"])
		}
	}
}
