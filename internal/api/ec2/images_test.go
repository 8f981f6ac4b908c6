package ec2_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// newImageTestClients serves vpcsim in-process and returns real SDK
// clients for it in us-east-1 and eu-west-1.
func newImageTestClients(t *testing.T) (east, west *ec2.Client) {
	t.Helper()
	url, _ := startTestServer(t, 31)
	return newSDKClient(url, "us-east-1"), newSDKClient(url, "eu-west-1")
}

// mostRecent is what Terraform's data "aws_ami" { most_recent = true }
// does client-side: the image with the greatest creationDate.
func mostRecent(t *testing.T, imgs []types.Image) types.Image {
	t.Helper()
	if len(imgs) == 0 {
		t.Fatal("Your query returned no results")
	}
	sort.Slice(imgs, func(i, j int) bool {
		a, err1 := time.Parse(time.RFC3339, *imgs[i].CreationDate)
		b, err2 := time.Parse(time.RFC3339, *imgs[j].CreationDate)
		if err1 != nil || err2 != nil {
			t.Fatalf("creation dates %q %q not ISO 8601", *imgs[i].CreationDate, *imgs[j].CreationDate)
		}
		return a.After(b)
	})
	return imgs[0]
}

// TestDescribeImagesCatalogSDK runs the lookups Terraform configurations do
// (data "aws_ami" by owner and name pattern) and DescribeImages' paging,
// filters and errors.
func TestDescribeImagesCatalogSDK(t *testing.T) {
	c, west := newImageTestClients(t)
	ctx := context.Background()
	for _, tc := range []struct {
		owner, name, arch, want, root, platform string
	}{
		{"amazon", "al2023-ami-*-x86_64", "x86_64", "al2023-ami-2023.9.20251027.0-kernel-6.1-x86_64", "/dev/xvda", ""},
		{"amazon", "al2023-ami-*-arm64", "arm64", "al2023-ami-2023.9.20251027.0-kernel-6.1-arm64", "/dev/xvda", ""},
		{"amazon", "amzn2-ami-hvm-*-x86_64-gp2", "x86_64", "amzn2-ami-hvm-2.0.20251014.0-x86_64-gp2", "/dev/xvda", ""},
		{"099720109477", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*", "x86_64", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20251022", "/dev/sda1", ""},
		{"099720109477", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*", "x86_64", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20251015", "/dev/sda1", ""},
		{"136693071363", "debian-12-amd64-*", "x86_64", "debian-12-amd64-20251006-2257", "/dev/xvda", ""},
		{"amazon", "Windows_Server-2022-English-Full-Base-*", "x86_64", "Windows_Server-2022-English-Full-Base-2025.10.15", "/dev/sda1", "windows"},
	} {
		out, err := c.DescribeImages(ctx, &ec2.DescribeImagesInput{Owners: []string{tc.owner}, Filters: []types.Filter{
			instFilter("name", tc.name), instFilter("virtualization-type", "hvm")}})
		if err != nil {
			t.Fatal(err)
		}
		im := mostRecent(t, out.Images)
		if *im.Name != tc.want || string(im.Architecture) != tc.arch || *im.RootDeviceName != tc.root || string(im.Platform) != tc.platform ||
			*im.BlockDeviceMappings[0].DeviceName != tc.root || im.State != types.ImageStateAvailable || !*im.Public {
			t.Errorf("%s: got %s %s %s %q", tc.name, *im.Name, im.Architecture, *im.RootDeviceName, im.Platform)
		}
		// The same image has another id in another region.
		wout, err := west.DescribeImages(ctx, &ec2.DescribeImagesInput{Filters: []types.Filter{instFilter("name", *im.Name)}})
		if err != nil || len(wout.Images) != 1 || *wout.Images[0].ImageId == *im.ImageId {
			t.Errorf("%s in eu-west-1: %v %v", *im.Name, wout, err)
		}
	}

	// Owner alias: Canonical's images are not "amazon"'s.
	out, err := c.DescribeImages(ctx, &ec2.DescribeImagesInput{Owners: []string{"amazon"}, Filters: []types.Filter{instFilter("name", "ubuntu/*")}})
	if err != nil || len(out.Images) != 0 {
		t.Fatalf("amazon-owned ubuntu images: %d %v", len(out.Images), err)
	}
	out, err = c.DescribeImages(ctx, &ec2.DescribeImagesInput{Filters: []types.Filter{instFilter("owner-alias", "amazon"), instFilter("platform", "windows")}})
	if err != nil || len(out.Images) == 0 || *out.Images[0].OwnerId != "801119661308" || *out.Images[0].PlatformDetails != "Windows" {
		t.Fatalf("windows by owner-alias: %v %v", out, err)
	}

	// creation-date takes wildcards.
	out, err = c.DescribeImages(ctx, &ec2.DescribeImagesInput{Filters: []types.Filter{instFilter("creation-date", "2025-10-28T*")}})
	if err != nil || len(out.Images) != 2 {
		t.Fatalf("creation-date wildcard: %d %v", len(out.Images), err)
	}

	// Paging returns every image once; deprecated images only on request.
	all, err := c.DescribeImages(ctx, &ec2.DescribeImagesInput{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	pages := 0
	p := ec2.NewDescribeImagesPaginator(c, &ec2.DescribeImagesInput{MaxResults: aws.Int32(5)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, im := range page.Images {
			if seen[*im.ImageId] {
				t.Fatalf("%s on two pages", *im.ImageId)
			}
			seen[*im.ImageId] = true
		}
	}
	if len(seen) != len(all.Images) || pages < 2 {
		t.Fatalf("paged %d images in %d pages, want %d", len(seen), pages, len(all.Images))
	}
	withDep, err := c.DescribeImages(ctx, &ec2.DescribeImagesInput{IncludeDeprecated: aws.Bool(true)})
	if err != nil || len(withDep.Images) <= len(all.Images) {
		t.Fatalf("IncludeDeprecated: %d vs %d, %v", len(withDep.Images), len(all.Images), err)
	}

	// Arbitrary well-formed ids keep describing a generic image.
	out, err = c.DescribeImages(ctx, &ec2.DescribeImagesInput{ImageIds: []string{"ami-12345678"}})
	if err != nil || len(out.Images) != 1 || *out.Images[0].ImageId != "ami-12345678" {
		t.Fatalf("generic image: %v %v", out, err)
	}
	out, err = c.DescribeImages(ctx, &ec2.DescribeImagesInput{Filters: []types.Filter{instFilter("tag:Name", "x")}})
	if err != nil || len(out.Images) != 0 {
		t.Fatalf("tag filter: %v %v", out, err)
	}

	_, err = c.DescribeImages(ctx, &ec2.DescribeImagesInput{ImageIds: []string{"ami-12345678"}, MaxResults: aws.Int32(5)})
	instWantCode(t, err, "InvalidParameterCombination")
	_, err = c.DescribeImages(ctx, &ec2.DescribeImagesInput{ImageIds: []string{"ami-xyz"}})
	instWantCode(t, err, "InvalidAMIID.Malformed")
	_, err = c.DescribeImages(ctx, &ec2.DescribeImagesInput{Owners: []string{"canonical"}})
	instWantCode(t, err, "InvalidUserID.Malformed")
	_, err = c.DescribeImages(ctx, &ec2.DescribeImagesInput{Filters: []types.Filter{instFilter("nom", "x")}})
	instWantCode(t, err, "InvalidParameterValue")
}

func imageID(t *testing.T, c *ec2.Client, name string) string {
	t.Helper()
	out, err := c.DescribeImages(context.Background(), &ec2.DescribeImagesInput{Filters: []types.Filter{instFilter("name", name)}})
	if err != nil || len(out.Images) != 1 {
		t.Fatalf("image %s: %v %v", name, out, err)
	}
	return *out.Images[0].ImageId
}

// TestInstanceFromCatalogImageSDK checks that instances show their image's
// platform, architecture and root device, and every read the Terraform
// provider makes of an aws_instance answers what it dereferences.
func TestInstanceFromCatalogImageSDK(t *testing.T) {
	c, _ := newImageTestClients(t)
	ctx := context.Background()
	win := imageID(t, c, "Windows_Server-2022-English-Full-Base-2025.10.15")
	arm := imageID(t, c, "al2023-ami-2023.9.20251027.0-kernel-6.1-arm64")

	run := func(ami, typ string) types.Instance {
		t.Helper()
		r, err := c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String(ami), InstanceType: types.InstanceType(typ),
			MinCount: aws.Int32(1), MaxCount: aws.Int32(1), Placement: &types.Placement{AvailabilityZone: aws.String("")}})
		if err != nil {
			t.Fatal(err)
		}
		d, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{*r.Instances[0].InstanceId}})
		if err != nil {
			t.Fatal(err)
		}
		return d.Reservations[0].Instances[0]
	}

	wi := run(win, "t3.medium")
	if wi.Platform != "windows" /* AWS sends lower case; the SDK enum says "Windows" */ || *wi.PlatformDetails != "Windows" || *wi.UsageOperation != "RunInstances:0002" ||
		*wi.RootDeviceName != "/dev/sda1" || *wi.BlockDeviceMappings[0].DeviceName != "/dev/sda1" || wi.Architecture != types.ArchitectureValuesX8664 {
		t.Fatalf("windows instance: %s %s %s %s %s %s", wi.Platform, *wi.PlatformDetails, *wi.UsageOperation, *wi.RootDeviceName, *wi.BlockDeviceMappings[0].DeviceName, wi.Architecture)
	}
	vols, err := c.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{VolumeIds: []string{*wi.BlockDeviceMappings[0].Ebs.VolumeId}})
	if err != nil || *vols.Volumes[0].Size != 30 || *vols.Volumes[0].Attachments[0].Device != "/dev/sda1" || *vols.Volumes[0].SnapshotId == "" {
		t.Fatalf("windows root volume: %v %v", vols, err)
	}
	attr, err := c.DescribeInstanceAttribute(ctx, &ec2.DescribeInstanceAttributeInput{InstanceId: wi.InstanceId, Attribute: types.InstanceAttributeNameRootDeviceName})
	if err != nil || *attr.RootDeviceName.Value != "/dev/sda1" {
		t.Fatalf("rootDeviceName attribute: %v %v", attr, err)
	}
	f, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{Filters: []types.Filter{instFilter("platform", "windows")}})
	if err != nil || len(f.Reservations) != 1 {
		t.Fatalf("platform filter: %v %v", f, err)
	}

	ai := run(arm, "t4g.micro")
	if ai.Architecture != types.ArchitectureValuesArm64 || ai.Platform != "" || *ai.PlatformDetails != "Linux/UNIX" ||
		ai.CurrentInstanceBootMode != types.InstanceBootModeValuesUefi || *ai.RootDeviceName != "/dev/xvda" {
		t.Fatalf("arm64 instance: %s %s %s", ai.Architecture, ai.CurrentInstanceBootMode, *ai.RootDeviceName)
	}
	_, err = c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String(arm), InstanceType: types.InstanceTypeT3Micro, MinCount: aws.Int32(1), MaxCount: aws.Int32(1)})
	instWantCode(t, err, "InvalidParameterValue")

	// The reads of the provider's aws_instance Read (ec2-api-surface.md §2).
	id := ai.InstanceId
	it, err := c.DescribeInstanceTypes(ctx, &ec2.DescribeInstanceTypesInput{InstanceTypes: []types.InstanceType{ai.InstanceType}})
	if err != nil || len(it.InstanceTypes) != 1 || it.InstanceTypes[0].BurstablePerformanceSupported == nil || !*it.InstanceTypes[0].BurstablePerformanceSupported {
		t.Fatalf("DescribeInstanceTypes: %v %v", it, err)
	}
	tags, err := c.DescribeTags(ctx, &ec2.DescribeTagsInput{Filters: []types.Filter{instFilter("key", "aws:ec2launchtemplate:id"), instFilter("resource-id", *id)}})
	if err != nil || len(tags.Tags) != 0 {
		t.Fatalf("DescribeTags: %v %v", tags, err)
	}
	for _, a := range []types.InstanceAttributeName{"instanceInitiatedShutdownBehavior", "disableApiStop", "disableApiTermination", "userData"} {
		if _, err := c.DescribeInstanceAttribute(ctx, &ec2.DescribeInstanceAttributeInput{InstanceId: id, Attribute: a}); err != nil {
			t.Fatalf("DescribeInstanceAttribute %s: %v", a, err)
		}
	}
	cs, err := c.DescribeInstanceCreditSpecifications(ctx, &ec2.DescribeInstanceCreditSpecificationsInput{InstanceIds: []string{*id}})
	if err != nil || len(cs.InstanceCreditSpecifications) != 1 || *cs.InstanceCreditSpecifications[0].CpuCredits != "unlimited" {
		t.Fatalf("DescribeInstanceCreditSpecifications: %v %v", cs, err)
	}
	// MaxResults above DescribeVolumes' 500 is capped, not rejected.
	if _, err := c.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{MaxResults: aws.Int32(1000)}); err != nil {
		t.Fatalf("DescribeVolumes MaxResults=1000: %v", err)
	}

	// Default subnets map public IPs on launch: the address changes across
	// a stop/start.
	ip := ai.PublicIpAddress
	if ip == nil {
		t.Fatal("no public IP in the default VPC")
	}
	if _, err := c.StopInstances(ctx, &ec2.StopInstancesInput{InstanceIds: []string{*id}}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{*id}})
	if err != nil || d.Reservations[0].Instances[0].PublicIpAddress != nil {
		t.Fatalf("stopped instance public IP: %v", err)
	}
	if _, err := c.StartInstances(ctx, &ec2.StartInstancesInput{InstanceIds: []string{*id}}); err != nil {
		t.Fatal(err)
	}
	d, err = c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{*id}})
	if err != nil || d.Reservations[0].Instances[0].PublicIpAddress == nil || *d.Reservations[0].Instances[0].PublicIpAddress == *ip {
		t.Fatalf("restarted instance public IP: %v", err)
	}
}
