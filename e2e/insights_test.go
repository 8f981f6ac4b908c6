package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// insightsNet is the world the Network Insights tests analyse, built with
// the Go SDK: a VPC with an attached internet gateway routed from its
// subnet, instance web (Elastic IP, group allowing tcp/443 from anywhere)
// and instance db (a group without inbound rules).
type insightsNet struct {
	igw, web, db, sgDB string
}

func buildInsightsNet(t *testing.T, ctx context.Context, c *ec2.Client) insightsNet {
	t.Helper()
	var n insightsNet
	vpc := must[*ec2.CreateVpcOutput](t, "CreateVpc")(c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.60.0.0/16")}))
	vpcID := aws.ToString(vpc.Vpc.VpcId)
	sn := must[*ec2.CreateSubnetOutput](t, "CreateSubnet")(c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: &vpcID, CidrBlock: aws.String("10.60.1.0/24")}))
	snID := aws.ToString(sn.Subnet.SubnetId)
	igw := must[*ec2.CreateInternetGatewayOutput](t, "CreateInternetGateway")(c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{}))
	n.igw = aws.ToString(igw.InternetGateway.InternetGatewayId)
	must[*ec2.AttachInternetGatewayOutput](t, "AttachInternetGateway")(c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: &n.igw, VpcId: &vpcID}))
	rt := must[*ec2.CreateRouteTableOutput](t, "CreateRouteTable")(c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: &vpcID}))
	must[*ec2.CreateRouteOutput](t, "CreateRoute")(c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: rt.RouteTable.RouteTableId, DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: &n.igw}))
	must[*ec2.AssociateRouteTableOutput](t, "AssociateRouteTable")(c.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: rt.RouteTable.RouteTableId, SubnetId: &snID}))
	sg := func(name string) string {
		g := must[*ec2.CreateSecurityGroupOutput](t, "CreateSecurityGroup")(c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: &name, Description: &name, VpcId: &vpcID}))
		return aws.ToString(g.GroupId)
	}
	sgWeb := sg("web")
	n.sgDB = sg("db")
	must[*ec2.AuthorizeSecurityGroupIngressOutput](t, "AuthorizeSecurityGroupIngress")(c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{
		GroupId: &sgWeb, IpPermissions: []types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}}))
	run := func(group string) string {
		out := must[*ec2.RunInstancesOutput](t, "RunInstances")(c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-0123456789abcdef0"), InstanceType: types.InstanceTypeT3Micro,
			MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: &snID, SecurityGroupIds: []string{group}}))
		return aws.ToString(out.Instances[0].InstanceId)
	}
	n.web, n.db = run(sgWeb), run(n.sgDB)
	eip := must[*ec2.AllocateAddressOutput](t, "AllocateAddress")(c.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc}))
	must[*ec2.AssociateAddressOutput](t, "AssociateAddress")(c.AssociateAddress(ctx, &ec2.AssociateAddressInput{AllocationId: eip.AllocationId, InstanceId: &n.web}))
	return n
}

// TestInsightsAWSCLI runs Reachability Analyzer through the AWS CLI and
// checks that describe-network-insights-analyses prints what AWS would:
// NetworkPathFound, ForwardPathComponents and ReturnPathComponents with
// sequence numbers and ARNs, Explanations with their codes.
func TestInsightsAWSCLI(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	cli := findAWSCLI(t, srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	n := buildInsightsNet(t, ctx, srv.ec2Client())

	analyse := func(args ...string) (pathID string, an map[string]any) {
		t.Helper()
		p := cli.json(append([]string{"create-network-insights-path", "--protocol", "tcp"}, args...)...)
		pathID = str(p, "NetworkInsightsPath", "NetworkInsightsPathId")
		if !strings.HasPrefix(pathID, "nip-") || !strings.HasPrefix(str(p, "NetworkInsightsPath", "NetworkInsightsPathArn"), "arn:aws:ec2:us-east-1:") {
			t.Fatalf("create-network-insights-path printed %v", p)
		}
		s := cli.json("start-network-insights-analysis", "--network-insights-path-id", pathID)
		id := str(s, "NetworkInsightsAnalysis", "NetworkInsightsAnalysisId")
		if st := str(s, "NetworkInsightsAnalysis", "Status"); st != "running" || !strings.HasPrefix(id, "nia-") {
			t.Fatalf("start-network-insights-analysis printed status %q id %q", st, id)
		}
		d := cli.json("describe-network-insights-analyses", "--network-insights-analysis-ids", id)
		as := list(d, "NetworkInsightsAnalyses")
		if len(as) != 1 {
			t.Fatalf("describe-network-insights-analyses printed %v", d)
		}
		an = as[0].(map[string]any)
		if str(an, "Status") != "succeeded" || str(an, "StartDate") == "" || str(an, "NetworkInsightsPathId") != pathID {
			t.Errorf("analysis %v", an)
		}
		return pathID, an
	}

	// Reachable: the internet through the IGW to web on 443.
	pathID, an := analyse("--source", n.igw, "--destination", n.web, "--destination-port", "443")
	if str(an, "NetworkPathFound") != "true" || len(list(an, "Explanations")) != 0 {
		t.Errorf("igw -> web:443: NetworkPathFound %q, explanations %v", str(an, "NetworkPathFound"), list(an, "Explanations"))
	}
	fwd, ret := list(an, "ForwardPathComponents"), list(an, "ReturnPathComponents")
	if len(fwd) < 3 || len(ret) < 3 {
		t.Fatalf("components: forward %d, return %d", len(fwd), len(ret))
	}
	if str(fwd[0], "Component", "Id") != n.igw || str(fwd[0], "SequenceNumber") != "1" ||
		!strings.HasPrefix(str(fwd[0], "Component", "Arn"), "arn:aws:ec2:us-east-1:123456789012:internet-gateway/") {
		t.Errorf("first forward component %v", fwd[0])
	}
	if str(fwd[0], "InboundHeader", "Protocol") != "6" || str(fwd[len(fwd)-1], "Component", "Id") != n.web {
		t.Errorf("forward path %v", fwd)
	}
	if str(ret[0], "Component", "Id") != n.web {
		t.Errorf("return path starts at %v", ret[0])
	}
	// A path with an analysis cannot be deleted.
	cli.fails("AnalysisExistsForNetworkInsightsPath", "delete-network-insights-path", "--network-insights-path-id", pathID)

	// Blocked: web -> db:5432, db's group has no inbound rule.
	_, an = analyse("--source", n.web, "--destination", n.db, "--destination-port", "5432")
	xs := list(an, "Explanations")
	if str(an, "NetworkPathFound") != "false" || len(xs) == 0 {
		t.Fatalf("web -> db:5432: NetworkPathFound %q, explanations %v", str(an, "NetworkPathFound"), xs)
	}
	if str(xs[0], "ExplanationCode") != "SG_HAS_NO_RULES" || str(xs[0], "Direction") != "ingress" ||
		str(xs[0], "SecurityGroups", 0, "Id") != n.sgDB || str(xs[0], "NetworkInterface", "Id") == "" {
		t.Errorf("explanation %v", xs[0])
	}
	if len(list(an, "ReturnPathComponents")) != 0 {
		t.Errorf("blocked path with return components")
	}

	// An IP destination through FilterAtSource; and the path-found filter.
	_, an = analyse("--source", n.web, "--filter-at-source", "DestinationAddress=8.8.8.8,DestinationPortRange={FromPort=443,ToPort=443}")
	if str(an, "NetworkPathFound") != "true" {
		t.Errorf("web -> 8.8.8.8:443 not found: %v", list(an, "Explanations"))
	}
	d := cli.json("describe-network-insights-analyses", "--filters", "Name=path-found,Values=false")
	if got := list(d, "NetworkInsightsAnalyses"); len(got) != 1 {
		t.Errorf("path-found=false lists %d analyses, want 1", len(got))
	}
	cli.fails("InvalidParameterCombination", "create-network-insights-path", "--protocol", "tcp", "--source", n.web,
		"--source-ip", "10.60.1.9", "--filter-at-source", "SourceAddress=10.60.1.9")
	cli.fails("InvalidParameterValue", "create-network-insights-path", "--protocol", "tcp", "--source", n.web, "--destination-ip", "2600:1f18::1")
}

// TestInsightsTerraform applies aws_ec2_network_insights_path and
// aws_ec2_network_insights_analysis (wait_for_completion = true): path_found
// is right for a reachable and a blocked path, the plan is clean after
// apply, and destroy works (the provider retries DeleteNetworkInsightsPath
// while AnalysisExistsForNetworkInsightsPath).
func TestInsightsTerraform(t *testing.T) {
	t.Parallel() // beside the Terraform groups
	tf := findTerraform(t)
	srv := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	w := newTFWork(t, tf, "insights", srv.URL)
	w.mustRun(ctx, "init", "-no-color", "-input=false", "-backend=false")
	vars := []string{"-var", "phase=1"}
	applied := false
	defer func() {
		if applied && t.Failed() {
			w.run(ctx, append([]string{"destroy", "-auto-approve", "-no-color"}, vars...)...)
		}
	}()
	applied = true
	w.mustRun(ctx, append([]string{"apply", "-auto-approve", "-no-color", "-parallelism=10"}, vars...)...)

	var outs map[string]struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal([]byte(w.mustRun(ctx, "output", "-json")), &outs); err != nil {
		t.Fatalf("terraform output -json: %v", err)
	}
	val := func(name string) string { return strings.TrimSpace(string(outs[name].Value)) }
	if got := val("internet_to_web_found"); got != "true" {
		t.Errorf("internet -> web path_found = %s, want true", got)
	}
	if got := val("web_to_db_found"); got != "false" {
		t.Errorf("web -> db path_found = %s, want false", got)
	}
	if got := val("web_to_db_codes"); !strings.Contains(got, `"SG_HAS_NO_RULES"`) {
		t.Errorf("web -> db explanation codes %s", got)
	}
	var fwd []string
	if err := json.Unmarshal(outs["internet_to_web_forward"].Value, &fwd); err != nil || len(fwd) < 3 ||
		!strings.HasPrefix(fwd[0], "igw-") || !strings.HasPrefix(fwd[len(fwd)-1], "i-") {
		t.Errorf("internet -> web forward components %v (%v)", fwd, err)
	}
	w.planClean(ctx, "the apply", vars...)

	w.mustRun(ctx, append([]string{"destroy", "-auto-approve", "-no-color", "-parallelism=10"}, vars...)...)
	applied = false
	c := srv.ec2Client()
	paths := must[*ec2.DescribeNetworkInsightsPathsOutput](t, "DescribeNetworkInsightsPaths")(c.DescribeNetworkInsightsPaths(ctx, &ec2.DescribeNetworkInsightsPathsInput{}))
	if len(paths.NetworkInsightsPaths) != 0 {
		t.Errorf("%d network insights paths left after destroy", len(paths.NetworkInsightsPaths))
	}
}
