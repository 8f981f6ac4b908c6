package control

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
)

// TestImageCatalog pins the catalog's ids: well-formed 17-digit ami- ids,
// unique, stable, and different per region like AWS's.
func TestImageCatalog(t *testing.T) {
	east, west := CatalogImages("us-east-1"), CatalogImages("eu-west-1")
	if len(east) < 30 || len(east) != len(west) {
		t.Fatalf("catalog sizes %d, %d", len(east), len(west))
	}
	seen := map[string]bool{}
	byName := map[string]string{}
	for _, im := range east {
		if !validAMI(im.ID) || len(im.ID) != len("ami-")+17 || seen[im.ID] {
			t.Errorf("bad or duplicate id %q", im.ID)
		}
		seen[im.ID] = true
		byName[im.Name] = im.ID
		if got, ok := LookupImage("us-east-1", im.ID); !ok || got.Name != im.Name {
			t.Errorf("LookupImage(%s) = %v, %v", im.ID, got.Name, ok)
		}
		if !strings.HasSuffix(im.CreationDate(), ".000Z") || len(im.CreationDate()) != len("2025-10-28T18:30:42.000Z") {
			t.Errorf("creation date %q not ISO 8601 with milliseconds", im.CreationDate())
		}
	}
	for _, im := range west {
		if byName[im.Name] == im.ID {
			t.Errorf("%s has the same id in two regions", im.Name)
		}
	}
	if want := hashID("ami-", "us-east-1", "al2023-ami-2023.9.20251027.0-kernel-6.1-x86_64"); byName["al2023-ami-2023.9.20251027.0-kernel-6.1-x86_64"] != want {
		t.Errorf("al2023 id not derived from region+name")
	}
	win, _ := LookupImage("us-east-1", byName["Windows_Server-2022-English-Full-Base-2025.10.15"])
	if win.OwnerID != OwnerWindows || win.OwnerAlias != "amazon" || win.Platform != "windows" || win.PlatformDetails != "Windows" ||
		win.UsageOperation != "RunInstances:0002" || win.RootDeviceName != "/dev/sda1" || win.VolumeSize != 30 {
		t.Errorf("windows image = %+v", win)
	}
	ub, _ := LookupImage("us-east-1", byName["ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20251022"])
	if ub.OwnerID != OwnerCanonical || ub.OwnerAlias != "" || ub.Architecture != "arm64" || ub.RootDeviceName != "/dev/sda1" {
		t.Errorf("ubuntu image = %+v", ub)
	}
	if g := ImageFor("us-east-1", "ami-12345678"); !g.Generic || g.Architecture != "x86_64" {
		t.Errorf("generic image = %+v", g)
	}
}

// TestDescribeImagesSelection pins DescribeImages' owner, executable-by,
// deprecation and id rules [EC2 API DescribeImages: Owners, ExecutableBy,
// IncludeDeprecated; AMI deprecation: deprecated AMIs are returned when
// described by id].
func TestDescribeImagesSelection(t *testing.T) {
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	all := CatalogImages("us-east-1")
	var deprecated Image
	for _, im := range all {
		if im.Deprecated(now) {
			deprecated = im
			break
		}
	}
	if deprecated.ID == "" {
		t.Fatal("no deprecated image in the catalog")
	}
	count := func(imgs []Image, pred func(Image) bool) int {
		n := 0
		for _, im := range imgs {
			if pred(im) {
				n++
			}
		}
		return n
	}
	for _, tc := range []struct {
		name string
		in   DescribeImagesInput
		code string
		want func([]Image) bool
	}{
		{"owner amazon: alias", DescribeImagesInput{Owners: []string{"amazon"}}, "", func(v []Image) bool {
			return len(v) > 0 && count(v, func(im Image) bool { return im.OwnerAlias == "amazon" }) == len(v) &&
				count(v, func(im Image) bool { return im.OwnerID == OwnerWindows }) > 0
		}},
		{"owner canonical id", DescribeImagesInput{Owners: []string{OwnerCanonical}}, "", func(v []Image) bool {
			return len(v) > 0 && count(v, func(im Image) bool { return im.OwnerID == OwnerCanonical }) == len(v)
		}},
		{"owner self owns none", DescribeImagesInput{Owners: []string{"self"}}, "", func(v []Image) bool { return len(v) == 0 }},
		{"owner marketplace", DescribeImagesInput{Owners: []string{"aws-marketplace"}}, "", func(v []Image) bool { return len(v) == 0 }},
		{"bad owner", DescribeImagesInput{Owners: []string{"canonical"}}, "InvalidUserID.Malformed", nil},
		{"bad executable-by", DescribeImagesInput{ExecutableBy: []string{"everyone"}}, "InvalidUserID.Malformed", nil},
		{"executable by all: public", DescribeImagesInput{ExecutableBy: []string{"all"}}, "", func(v []Image) bool { return len(v) > 0 }},
		{"executable by self: none shared", DescribeImagesInput{ExecutableBy: []string{"self"}}, "", func(v []Image) bool { return len(v) == 0 }},
		{"deprecated hidden", DescribeImagesInput{}, "", func(v []Image) bool {
			return count(v, func(im Image) bool { return im.Deprecated(now) }) == 0 && len(v) < len(all)
		}},
		{"include deprecated", DescribeImagesInput{IncludeDeprecated: true}, "", func(v []Image) bool { return len(v) == len(all) }},
		{"deprecated by id", DescribeImagesInput{ImageIDs: []string{deprecated.ID}}, "", func(v []Image) bool {
			return len(v) == 1 && v[0].ID == deprecated.ID
		}},
		{"generic id", DescribeImagesInput{ImageIDs: []string{"ami-0123456789abcdef0", "ami-0123456789abcdef0"}}, "", func(v []Image) bool {
			return len(v) == 1 && v[0].Generic && v[0].OwnerAlias == "amazon"
		}},
		{"generic id not owned by self", DescribeImagesInput{ImageIDs: []string{"ami-0123456789abcdef0"}, Owners: []string{"self"}}, "", func(v []Image) bool {
			return len(v) == 0
		}},
		{"malformed id", DescribeImagesInput{ImageIDs: []string{"ami-xyz"}}, "InvalidAMIID.Malformed", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.Now = now
			got, err := DescribeImages(testScope, tc.in)
			if tc.code != "" {
				wantCode(t, err, tc.code)
				return
			}
			if err != nil || !tc.want(got) {
				t.Fatalf("got %d images, %v", len(got), err)
			}
		})
	}
}

func catalogID(t *testing.T, name string) string {
	t.Helper()
	for _, im := range CatalogImages(testScope.Region) {
		if im.Name == name {
			return im.ID
		}
	}
	t.Fatalf("no image %s", name)
	return ""
}

// TestRunInstancesCatalogImage pins what RunInstances takes from a catalog
// image: architecture must match the type's, the root volume defaults to
// and may not be smaller than the image's snapshot.
func TestRunInstancesCatalogImage(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	_, sn := eniNet(t, s)
	arm := catalogID(t, "al2023-ami-2023.9.20251027.0-kernel-6.1-arm64")
	win := catalogID(t, "Windows_Server-2022-English-Full-Base-2025.10.15")

	in := runIn(sn.ID, 1)
	in.ImageID = arm
	_, err := s.RunInstances(ctx, testScope, in)
	wantCode(t, err, "InvalidParameterValue")

	in.InstanceType = "t4g.micro"
	got, err := s.RunInstances(ctx, testScope, in)
	if err != nil || rootSize(t, s, got[0]) != 8 {
		t.Fatalf("arm64 launch: %v", err)
	}

	in = runIn(sn.ID, 1)
	in.ImageID = win
	rootMapping := func(size int32, typ string) []BlockDeviceSpec {
		return []BlockDeviceSpec{{DeviceName: "/dev/sda1", Ebs: &EbsSpec{VolumeSize: &size, VolumeType: typ}}}
	}
	in.BlockDeviceMappings = rootMapping(20, "")
	_, err = s.RunInstances(ctx, testScope, in)
	wantCode(t, err, "InvalidBlockDeviceMapping")
	in.BlockDeviceMappings = rootMapping(30, "gp9")
	_, err = s.RunInstances(ctx, testScope, in)
	wantCode(t, err, "InvalidParameterValue")
	in.BlockDeviceMappings = nil
	got, err = s.RunInstances(ctx, testScope, in)
	if err != nil || rootSize(t, s, got[0]) != 30 {
		t.Fatalf("windows launch: %v %+v", err, got)
	}
	if im := InstanceImage(got[0]); im.Platform != "windows" {
		t.Errorf("instance image platform %q", im.Platform)
	}
}

func primaryPublicIP(t *testing.T, s *Service, inst *model.Instance) netip.Addr {
	t.Helper()
	n, ok := s.Snapshot().NetworkInterfaces.Get(inst.PrimaryENI)
	if !ok {
		t.Fatalf("no primary ENI")
	}
	return n.PrivateIPs[0].PublicIP
}

// TestStopStartPublicIP pins EC2's public IPv4 rule: an auto-assigned
// public address is released when the instance stops and a new one is
// assigned when it starts; an Elastic IP stays; no new address when a
// second interface is attached [amazon-vpc-user-guide/vpc-ip-addressing.md,
// amazon-vpc-user-guide/vpc-eips.md].
func TestStopStartPublicIP(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	vpc, sn := eniNet(t, s)
	igw, err := s.CreateInternetGateway(ctx, testScope, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AttachInternetGateway(ctx, testScope, igw.ID, vpc.ID); err != nil {
		t.Fatal(err)
	}
	launch := func() *model.Instance {
		t.Helper()
		in := runIn("", 1)
		yes := true
		in.NetworkInterfaces = []InstanceENISpec{{ENISpec: ENISpec{SubnetID: sn.ID}, DeviceIndex: eniP32(0), AssociatePublicIP: &yes}}
		got, err := s.RunInstances(ctx, testScope, in)
		if err != nil {
			t.Fatal(err)
		}
		if !got[0].AutoPublicIP {
			t.Fatal("AutoPublicIP not recorded")
		}
		return got[0]
	}
	stop := func(inst *model.Instance) {
		t.Helper()
		if _, err := s.StopInstances(ctx, testScope, []string{inst.ID}); err != nil {
			t.Fatal(err)
		}
	}
	start := func(inst *model.Instance) {
		t.Helper()
		if _, err := s.StartInstances(ctx, testScope, []string{inst.ID}); err != nil {
			t.Fatal(err)
		}
	}

	// Auto-assigned: released on stop, a new one on start.
	inst := launch()
	first := primaryPublicIP(t, s, inst)
	if !first.IsValid() {
		t.Fatal("no public IP at launch")
	}
	stop(inst)
	if ip := primaryPublicIP(t, s, inst); ip.IsValid() {
		t.Fatalf("stopped instance keeps public IP %s", ip)
	}
	start(inst)
	second := primaryPublicIP(t, s, inst)
	if !second.IsValid() || second == first {
		t.Fatalf("restarted public IP %v (was %v)", second, first)
	}

	// Elastic IP: kept across stop/start.
	inst2 := launch()
	eip, err := s.AllocateAddress(ctx, testScope, AllocateAddressInput{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AssociateAddress(ctx, testScope, AssociateAddressInput{AllocationID: eip.ID, InstanceID: inst2.ID}); err != nil {
		t.Fatal(err)
	}
	stop(inst2)
	start(inst2)
	if ip := primaryPublicIP(t, s, inst2); ip != eip.PublicIP {
		t.Fatalf("EIP instance public IP %v, want %v", ip, eip.PublicIP)
	}

	// A second interface: no new public address on start.
	inst3 := launch()
	extra, err := s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: sn.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AttachNetworkInterface(ctx, testScope, extra.ID, inst3.ID, eniP32(1)); err != nil {
		t.Fatal(err)
	}
	stop(inst3)
	start(inst3)
	if ip := primaryPublicIP(t, s, inst3); ip.IsValid() {
		t.Fatalf("instance with two interfaces got public IP %s", ip)
	}

	// Launched without a public address: none on start either.
	plain, err := s.RunInstances(ctx, testScope, runIn(sn.ID, 1))
	if err != nil {
		t.Fatal(err)
	}
	stop(plain[0])
	start(plain[0])
	if ip := primaryPublicIP(t, s, plain[0]); ip.IsValid() {
		t.Fatalf("private instance got public IP %s", ip)
	}
}

// rootSize is the size of the volume attached at inst's root device.
func rootSize(t *testing.T, s *Service, inst *model.Instance) int32 {
	t.Helper()
	v := DescribeInstance(s.View(context.Background()), inst)
	if len(v.Volumes) == 0 || v.Volumes[0].Attachment.Device != v.RootDeviceName {
		t.Fatalf("no root volume for %s: %+v", inst.ID, v.Volumes)
	}
	return v.Volumes[0].Size
}
