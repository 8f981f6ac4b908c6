package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The Terraform scenarios: each directory under terraform/ is one
// configuration taking two variables: endpoint (the vpcsim URL) and phase
// (1 on the first apply, 2 for the in-place change). Scenarios run in the
// groups of tfGroups, each group against its own server:
//
//	terraform init
//	terraform apply  -var phase=1   then  plan -detailed-exitcode  must be 0
//	terraform plan   -var phase=2   (an in-place change: tags, a rule)
//	terraform apply  <that plan>    then  plan -detailed-exitcode  must be 0
//	terraform destroy -var phase=2
//
// and finally the SDK checks that only the default VPC and its defaults
// remain.
var tfScenarios = []struct {
	name string
	// changes lists resource addresses the phase-2 plan must update in
	// place (never replace): the test asserts the plan says so.
	changes []string
	// afterApply, when set, checks through the SDK what the first apply
	// created. Leftovers after destroy are checked for every service.
	afterApply func(t *testing.T, ctx context.Context, srv *testServer)
}{
	{"network-core", []string{"aws_vpc.main", "aws_subnet.public[0]", "aws_route_table.private[1]", "aws_vpc_dhcp_options.main"}, nil},
	{"nat-egress", []string{"aws_nat_gateway.this[0]", "aws_eip.nat[1]", "aws_route_table.public", "aws_subnet.ipv6_only"}, nil},
	{"security", []string{"aws_security_group.web", "aws_vpc_security_group_ingress_rule.app_from_web", "aws_network_acl.public", "aws_ec2_managed_prefix_list.office"}, nil},
	{"instances", []string{"aws_instance.app", "aws_network_interface.extra", "aws_security_group.app"}, nil},
	{"defaults", []string{"aws_default_vpc.this", "aws_default_security_group.default_vpc", "aws_default_network_acl.main", "aws_default_route_table.main"}, nil},
	{"subnet-groups", []string{"aws_db_subnet_group.database", "aws_elasticache_subnet_group.elasticache", "aws_redshift_subnet_group.redshift", "aws_subnet.database[0]"}, checkSubnetGroupsApplied},
	{"iam", []string{"aws_iam_role.app", "aws_iam_policy.logs", "aws_iam_role_policy.s3", "aws_iam_instance_profile.app", "aws_iam_service_linked_role.elb"}, checkIAMApplied},
	{"s3", []string{"aws_s3_bucket.data", "aws_s3_bucket_lifecycle_configuration.data", "aws_s3_object.readme"}, nil},
	{"logs", []string{"aws_cloudwatch_log_group.app", "aws_cloudwatch_log_metric_filter.errors", "aws_cloudwatch_log_resource_policy.route53"}, checkLogsApplied},
	{"flow-logs", []string{"aws_flow_log.cwl", "aws_flow_log.s3"}, checkFlowLogsApplied},
	{"connect", []string{"aws_vpc_peering_connection.same", "aws_vpc_peering_connection_options.same", "aws_vpc_peering_connection_accepter.cross_account", "aws_ec2_transit_gateway.hub", `aws_ec2_transit_gateway_vpc_attachment.tgw["shared"]`, "aws_ec2_transit_gateway_route_table.spokes", "aws_ram_resource_share.hub"}, checkConnectAndRAMApplied},
	{"block-public-access", []string{"aws_vpc_block_public_access_options.this", "aws_vpc_block_public_access_exclusion.subnet"}, nil},
	{"endpoints", []string{"aws_vpc_endpoint.s3", "aws_vpc_endpoint.ssm"}, checkEndpointsApplied},
	{"vpn", []string{"aws_customer_gateway.office", "aws_vpn_connection.static", "aws_vpn_connection.tgw"}, checkVPNApplied},
	{"elbv2", []string{"aws_lb.web", "aws_lb_target_group.app"}, checkELBv2Applied},
	{"directconnect", []string{"aws_dx_connection.main", "aws_dx_lag.lag", "aws_dx_private_virtual_interface.private", "aws_dx_transit_virtual_interface.transit", "aws_dx_gateway_association.tgw"}, checkDirectConnectApplied},
	{"endpoints-privatelink", []string{"aws_vpc_endpoint_service.this", "aws_vpc_endpoint.consumer", "aws_lb.nlb"}, nil},
	{"compute", []string{"aws_launch_template.web", "aws_ebs_volume.data"}, nil},
	{"ipam", []string{"aws_vpc_ipam.this", "aws_vpc_ipam_pool.ipv4", "aws_vpc.netmask"}, checkIpamApplied},
}

// tfGroups puts the scenarios into Terraform roots: each group is one root
// with a module per scenario and one provider configuration, applied by one
// sequence of terraform commands against one server. Terraform's cost here
// is mostly per command, not per resource: every command starts the 700 MB
// provider and asks it for its schema (about 8 CPU-seconds on the 2-vCPU
// machines), so 18 scenarios run one by one cost 126 commands; grouped, 42,
// and the provider's waiters (30 s before a load balancer is polled) overlap
// instead of adding up. A group of one runs its directory as the root: that
// is how a scenario with provider aliases (connect: three accounts and
// regions) runs. Scenarios in one group share the account, so they must not
// collide on names or on account-wide settings; TestTerraformGroups checks
// the membership.
var tfGroups = []struct {
	name      string
	scenarios []string
}{
	{"vpc", []string{"network-core", "nat-egress", "security", "instances", "compute"}},
	{"account", []string{"defaults", "block-public-access", "ipam"}},
	{"services", []string{"subnet-groups", "iam", "s3", "logs", "flow-logs"}},
	{"connect", []string{"connect"}},
	{"private-services", []string{"endpoints", "elbv2"}},
	// endpoints-privatelink is here, not with endpoints and elbv2, whose
	// checks count every endpoint and load balancer of the account.
	{"on-premises", []string{"vpn", "directconnect", "endpoints-privatelink"}},
}

// TestTerraformGroups checks that every scenario runs in exactly one group.
func TestTerraformGroups(t *testing.T) {
	t.Parallel()
	seen := map[string]string{}
	for _, g := range tfGroups {
		for _, name := range g.scenarios {
			if other, dup := seen[name]; dup {
				t.Errorf("scenario %s is in groups %s and %s", name, other, g.name)
			}
			seen[name] = g.name
		}
	}
	for _, sc := range tfScenarios {
		if _, ok := seen[sc.name]; !ok {
			t.Errorf("scenario %s is in no group of tfGroups", sc.name)
		}
		delete(seen, sc.name)
	}
	for name := range seen {
		t.Errorf("group member %s is not a scenario of tfScenarios", name)
	}
}

func TestTerraform(t *testing.T) {
	t.Parallel() // its groups run beside every other test of the package
	tf := findTerraform(t)
	for _, g := range tfGroups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			runGroup(t, tf, g.name, g.scenarios)
		})
	}
}

// terraformEnv is what every scenario shares: the terraform binary and a
// CLI configuration that installs hashicorp/* from the filesystem mirror.
type terraformEnv struct {
	bin       string
	cliConfig string
	mirror    string
}

func findTerraform(t *testing.T) *terraformEnv {
	t.Helper()
	if testing.Short() {
		t.Skip("terraform scenarios are slow; skipped with -short")
	}
	bin, err := exec.LookPath("terraform")
	if err != nil {
		t.Skipf("terraform not found in PATH: %v", err)
	}
	mirror, err := findProviderMirror()
	if err != nil {
		t.Skipf("no filesystem mirror with hashicorp/aws 5.100.0 (set VPCSIM_TF_MIRROR to the directory holding registry.terraform.io/): %v", err)
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "terraformrc")
	body := fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
`, mirror)
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return &terraformEnv{bin: bin, cliConfig: cfg, mirror: mirror}
}

const providerPath = "registry.terraform.io/hashicorp/aws/5.100.0"

// findProviderMirror returns the root of a Terraform filesystem mirror that
// holds hashicorp/aws 5.100.0: $VPCSIM_TF_MIRROR, else the usual places.
func findProviderMirror() (string, error) {
	if d := os.Getenv("VPCSIM_TF_MIRROR"); d != "" {
		if hasProvider(d) {
			return d, nil
		}
		return "", fmt.Errorf("VPCSIM_TF_MIRROR=%s has no %s", d, providerPath)
	}
	candidates := []string{"/opt/tf-plugins", "/usr/local/share/terraform/plugins", "/usr/share/terraform/plugins"}
	if h, err := os.UserHomeDir(); err == nil {
		candidates = append(candidates,
			filepath.Join(h, ".terraform.d", "plugins"),
			filepath.Join(h, ".local", "share", "terraform", "plugins"))
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		candidates = append(candidates, filepath.Join(d, "terraform", "plugins"))
	}
	for _, d := range candidates {
		if hasProvider(d) {
			return d, nil
		}
	}
	return "", fmt.Errorf("looked in %s", strings.Join(candidates, ", "))
}

func hasProvider(root string) bool {
	m, _ := filepath.Glob(filepath.Join(root, providerPath, "*", "terraform-provider-aws_*"))
	if len(m) > 0 {
		return true
	}
	// The packed layout: .../hashicorp/aws/terraform-provider-aws_5.100.0_linux_amd64.zip
	m, _ = filepath.Glob(filepath.Join(root, "registry.terraform.io/hashicorp/aws", "terraform-provider-aws_5.100.0_*.zip"))
	return len(m) > 0
}

// tfWork is one scenario's working copy.
type tfWork struct {
	t   *testing.T
	env []string
	dir string
	bin string
	log string // TF_LOG_PATH, when VPCSIM_E2E_TF_LOG is set
}

func newTFWork(t *testing.T, tf *terraformEnv, scenario, endpoint string) *tfWork {
	dir := t.TempDir()
	copyScenario(t, scenario, dir, false)
	return newTFWorkIn(t, tf, dir, scenario, endpoint)
}

// copyScenario copies a scenario's .tf files into dir; asModule drops its
// provider "aws" block, so that the module takes the root's configuration.
func copyScenario(t *testing.T, scenario, dir string, asModule bool) {
	t.Helper()
	src := filepath.Join("terraform", scenario)
	files, err := filepath.Glob(filepath.Join(src, "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("scenario %s: no .tf files in %s", scenario, src)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if asModule {
			if b, err = withoutProviderBlocks(b); err != nil {
				t.Fatalf("scenario %s, %s: %v", scenario, filepath.Base(f), err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// withoutProviderBlocks removes the top-level provider "aws" blocks of a
// terraform fmt-formatted file (the block ends at the first line that is
// exactly "}"). A scenario with provider aliases cannot be a module of a
// group, since its resources name the aliases.
func withoutProviderBlocks(src []byte) ([]byte, error) {
	var out []string
	in := false
	for _, line := range strings.Split(string(src), "\n") {
		switch {
		case in:
			if f := strings.Fields(strings.ReplaceAll(line, "=", " = ")); len(f) > 0 && f[0] == "alias" {
				return nil, errors.New("a provider alias: run this scenario in a group of its own")
			}
			if line == "}" {
				in = false
			}
		case strings.HasPrefix(line, "provider "):
			if !strings.HasPrefix(line, `provider "aws" {`) {
				return nil, fmt.Errorf("unexpected provider block %q", line)
			}
			in = true
		default:
			out = append(out, line)
		}
	}
	if in {
		return nil, errors.New("provider block without a closing brace at column 0")
	}
	return []byte(strings.Join(out, "\n")), nil
}

// groupRoot is the root module of a group: one provider configuration
// serving every service the scenarios use, and a module per scenario.
func groupRoot(scenarios []string) string {
	var b strings.Builder
	b.WriteString(`terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "endpoint" {
  type = string
}

variable "phase" {
  type    = number
  default = 1
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true
  endpoints {
    ec2            = var.endpoint
    sts            = var.endpoint
    iam            = var.endpoint
    s3             = var.endpoint
    cloudwatchlogs = var.endpoint
    elbv2          = var.endpoint
    directconnect  = var.endpoint
    rds            = var.endpoint
    elasticache    = var.endpoint
    redshift       = var.endpoint
  }
}
`)
	for _, sc := range scenarios {
		fmt.Fprintf(&b, `
module %q {
  source   = "./%s"
  endpoint = var.endpoint
  phase    = var.phase
}
`, moduleName(sc), sc)
	}
	return b.String()
}

// moduleName is a scenario's module name in a group root.
func moduleName(scenario string) string { return strings.ReplaceAll(scenario, "-", "_") }

// newTFWorkIn prepares terraform's environment for the configuration in dir.
func newTFWorkIn(t *testing.T, tf *terraformEnv, dir, label, endpoint string) *tfWork {
	// A clean environment: nothing from the caller's AWS or Terraform
	// settings leaks in, except PATH and HOME.
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir,
		"TMPDIR=" + os.TempDir(),
		"TF_CLI_CONFIG_FILE=" + tf.cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1",
		"TF_DATA_DIR=" + filepath.Join(dir, ".terraform"),
		"TF_VAR_endpoint=" + endpoint,
		"AWS_ACCESS_KEY_ID=test",
		"AWS_SECRET_ACCESS_KEY=test",
		"AWS_REGION=" + testRegion,
		"AWS_EC2_METADATA_DISABLED=true",
		// Terraform and the 700 MB provider spend most of their CPU
		// starting up (schemas); a lazier collector cuts that by about
		// a quarter, which the parallel scenarios on two cores feel.
		"GOGC=400",
		"AWS_CONFIG_FILE=" + filepath.Join(dir, "aws-config-absent"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(dir, "aws-credentials-absent"),
	}
	w := &tfWork{t: t, env: env, dir: dir, bin: tf.bin}
	if lvl := os.Getenv("VPCSIM_E2E_TF_LOG"); lvl != "" {
		w.log = filepath.Join(os.TempDir(), fmt.Sprintf("vpcsim-e2e-%s-%d.log", label, time.Now().UnixNano()))
		w.env = append(w.env, "TF_LOG="+lvl, "TF_LOG_PATH="+w.log)
		t.Logf("terraform log: %s", w.log)
	}
	return w
}

// run runs terraform with args and returns its exit status and combined
// output.
func (w *tfWork) run(ctx context.Context, args ...string) (int, string) {
	cmd := exec.CommandContext(ctx, w.bin, args...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	err := cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			w.t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	w.t.Logf("terraform %s: exit %d in %s", strings.Join(args, " "), code, time.Since(start).Round(100*time.Millisecond))
	return code, out.String()
}

// mustRun runs terraform and fails the test when it does not exit 0.
func (w *tfWork) mustRun(ctx context.Context, args ...string) string {
	w.t.Helper()
	code, out := w.run(ctx, args...)
	if code != 0 {
		w.t.Fatalf("terraform %s exited %d:\n%s", strings.Join(args, " "), code, tfErrors(out))
	}
	return out
}

// planClean asserts that a plan shows no changes (exit 0 with
// -detailed-exitcode; 2 means changes, 1 an error).
func (w *tfWork) planClean(ctx context.Context, when string, vars ...string) {
	w.t.Helper()
	args := append([]string{"plan", "-detailed-exitcode", "-no-color", "-parallelism=10"}, vars...)
	code, out := w.run(ctx, args...)
	switch code {
	case 0:
	case 2:
		w.t.Errorf("plan after %s shows changes (want none):\n%s", when, planSummary(out))
	default:
		w.t.Fatalf("plan after %s failed (exit %d):\n%s", when, code, tfErrors(out))
	}
}

// tfErrors keeps the useful part of terraform output: the error blocks, or
// the tail when there are none.
func tfErrors(out string) string {
	if i := strings.Index(out, "Error:"); i >= 0 {
		j := strings.LastIndex(out[:i], "\n╷")
		if j < 0 {
			j = i
		}
		return abbreviate(out[j:], 12000)
	}
	if len(out) > 6000 {
		return "…" + out[len(out)-6000:]
	}
	return out
}

// planSummary keeps the resource diffs of a plan.
func planSummary(out string) string {
	if i := strings.Index(out, "Terraform will perform the following actions:"); i >= 0 {
		return abbreviate(out[i:], 12000)
	}
	return tfErrors(out)
}

// scenarioByName returns a scenario of tfScenarios.
func scenarioByName(t *testing.T, name string) (changes []string, afterApply func(*testing.T, context.Context, *testServer)) {
	t.Helper()
	for _, sc := range tfScenarios {
		if sc.name == name {
			return sc.changes, sc.afterApply
		}
	}
	t.Fatalf("no scenario %s in tfScenarios", name)
	return nil, nil
}

// runGroup applies a group's scenarios together, changes them in place,
// and destroys them; each scenario's SDK checks run after the first apply.
func runGroup(t *testing.T, tf *terraformEnv, group string, scenarios []string) {
	srv := startServer(t)
	ec2c := srv.ec2Client()
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	before, errs := takeInventory(ctx, ec2c)
	for _, e := range errs {
		t.Logf("inventory before apply: %s", e)
	}
	otherBefore := srv.objectsOutsideEC2()

	var w *tfWork
	var changes []string
	if len(scenarios) == 1 {
		w = newTFWork(t, tf, scenarios[0], srv.URL)
		changes, _ = scenarioByName(t, scenarios[0])
	} else {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(groupRoot(scenarios)), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, sc := range scenarios {
			copyScenario(t, sc, filepath.Join(dir, sc), true)
			scChanges, _ := scenarioByName(t, sc)
			for _, addr := range scChanges {
				changes = append(changes, "module."+moduleName(sc)+"."+addr)
			}
		}
		w = newTFWorkIn(t, tf, dir, group, srv.URL)
	}
	w.mustRun(ctx, "init", "-no-color", "-input=false", "-backend=false")
	phase1 := []string{"-var", "phase=1"}
	phase2 := []string{"-var", "phase=2"}
	const parallelism = "-parallelism=20"

	applied := false
	defer func() {
		// Destroy even after a failure, so the log shows what destroy
		// calls too; the assertions below run only on the success path.
		if applied && t.Failed() {
			w.run(ctx, append([]string{"destroy", "-auto-approve", "-no-color", parallelism}, phase2...)...)
		}
	}()

	applied = true
	w.mustRun(ctx, append([]string{"apply", "-auto-approve", "-no-color", parallelism}, phase1...)...)
	w.planClean(ctx, "the first apply", phase1...)
	for _, sc := range scenarios {
		// On the group's t, not a subtest's: the checks register their
		// after-destroy assertions with t.Cleanup, which must run after the
		// destroy below, while the server still runs.
		if _, afterApply := scenarioByName(t, sc); afterApply != nil {
			t.Logf("SDK checks of scenario %s", sc)
			afterApply(t, ctx, srv)
		}
	}

	// The in-place change: the plan must update, never replace. The plan
	// just refreshed the state and found it clean, so this one need not
	// refresh again, and the apply carries out exactly the plan checked.
	code, out := w.run(ctx, append([]string{"plan", "-detailed-exitcode", "-no-color", "-refresh=false", "-out=phase2.tfplan", parallelism}, phase2...)...)
	switch code {
	case 2:
		for _, addr := range changes {
			if !strings.Contains(out, "# "+addr+" will be updated in-place") {
				t.Errorf("phase 2 plan: want %s updated in place:\n%s", addr, planSummary(out))
			}
		}
		if strings.Contains(out, "must be replaced") || strings.Contains(out, "will be destroyed") {
			t.Errorf("phase 2 plan replaces or destroys resources (want in-place changes only):\n%s", planSummary(out))
		}
	case 0:
		t.Errorf("phase 2 plan shows no changes; the scenarios' phase variable has no effect")
	default:
		t.Fatalf("phase 2 plan failed (exit %d):\n%s", code, tfErrors(out))
	}
	w.mustRun(ctx, "apply", "-auto-approve", "-no-color", parallelism, "phase2.tfplan")
	w.planClean(ctx, "the in-place change", phase2...)

	if t.Failed() {
		return
	}
	applied = false
	// The plan above refreshed the state and found it clean.
	w.mustRun(ctx, append([]string{"destroy", "-auto-approve", "-no-color", "-refresh=false", parallelism}, phase2...)...)
	assertOnlyDefaults(t, ctx, ec2c, before)
	for obj := range srv.objectsOutsideEC2() {
		if !otherBefore[obj] {
			t.Errorf("left after destroy: %s", obj)
		}
	}
}
