package control

import (
	"context"
	"encoding/json"
	"testing"
)

// TestLaunchTemplateVersions pins the launch template rules [EC2 User
// Guide, "Modify a launch template (manage launch template versions)"]:
// unique names, version 1 is the default, $Latest/$Default, SourceVersion
// inheritance of unspecified parameters, the default version cannot be
// deleted, numbers are not reused.
func TestLaunchTemplateVersions(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	lt, err := s.CreateLaunchTemplate(ctx, testScope, "web", "v1", json.RawMessage(`{"ImageId":"ami-12345678","InstanceType":"t3.micro"}`), nil)
	if err != nil || lt.DefaultVersion != 1 || lt.LatestVersion != 1 {
		t.Fatalf("create: %+v %v", lt, err)
	}
	_, err = s.CreateLaunchTemplate(ctx, testScope, "web", "", nil, nil)
	wantCode(t, err, "InvalidLaunchTemplateName.AlreadyExistsException")
	_, err = s.CreateLaunchTemplate(ctx, testScope, "a", "", nil, nil)
	wantCode(t, err, "InvalidLaunchTemplateName.MalformedException")
	ref := LaunchTemplateRef{Name: "web"}
	_, v2, err := s.CreateLaunchTemplateVersion(ctx, testScope, ref, "1", "v2", json.RawMessage(`{"InstanceType":"t3.small"}`))
	if err != nil || v2.Number != 2 {
		t.Fatalf("version 2: %+v %v", v2, err)
	}
	var data map[string]string
	if err := json.Unmarshal(v2.Data, &data); err != nil || data["ImageId"] != "ami-12345678" || data["InstanceType"] != "t3.small" {
		t.Fatalf("inherited data: %s %v", v2.Data, err)
	}
	_, _, err = s.CreateLaunchTemplateVersion(ctx, testScope, ref, "9", "", nil)
	wantCode(t, err, "InvalidLaunchTemplateId.VersionNotFound")
	_, _, err = s.CreateLaunchTemplateVersion(ctx, testScope, LaunchTemplateRef{Name: "nope"}, "", "", nil)
	wantCode(t, err, "InvalidLaunchTemplateName.NotFoundException")
	_, _, err = s.CreateLaunchTemplateVersion(ctx, testScope, LaunchTemplateRef{ID: "lt-0123456789abcdef0"}, "", "", nil)
	wantCode(t, err, "InvalidLaunchTemplateId.NotFound")
	if _, _, err := s.LaunchTemplateData(ctx, testScope, ref, "$Latest"); err != nil {
		t.Fatal(err)
	}
	_, def, _ := s.LaunchTemplateData(ctx, testScope, ref, "")
	if def.Number != 1 {
		t.Fatalf("default version %d", def.Number)
	}
	lt, err = s.ModifyLaunchTemplate(ctx, testScope, ref, "2")
	if err != nil || lt.DefaultVersion != 2 {
		t.Fatalf("modify: %+v %v", lt, err)
	}
	_, res, err := s.DeleteLaunchTemplateVersions(ctx, testScope, ref, []string{"1", "2", "7"})
	if err != nil || res[0].Code != "" || res[1].Code != "unexpectedError" || res[2].Code != "launchTemplateVersionDoesNotExist" {
		t.Fatalf("delete versions: %+v %v", res, err)
	}
	_, v3, _ := s.CreateLaunchTemplateVersion(ctx, testScope, ref, "", "", nil)
	if v3.Number != 3 {
		t.Fatalf("numbers are not reused: got %d", v3.Number)
	}
	vs, err := s.LaunchTemplateVersions(ctx, testScope, LaunchTemplateVersionsInput{Versions: []string{"$Latest", "$Default"}})
	if err != nil || len(vs) != 2 {
		t.Fatalf("latest+default across templates: %v %v", vs, err)
	}
	_, err = s.LaunchTemplateVersions(ctx, testScope, LaunchTemplateVersionsInput{Versions: []string{"2"}})
	wantCode(t, err, "InvalidParameterCombination")
	if _, err := s.DeleteLaunchTemplate(ctx, testScope, ref); err != nil {
		t.Fatal(err)
	}
	_, err = s.LaunchTemplates(ctx, testScope, nil, []string{"web"})
	wantCode(t, err, "InvalidLaunchTemplateName.NotFoundException")
}

// TestInstanceTypeOfferings pins DescribeInstanceTypeOfferings' location
// types (region by default, zone names, zone ids).
func TestInstanceTypeOfferings(t *testing.T) {
	n := len(InstanceTypes())
	for _, tc := range []struct {
		typ  string
		want int
	}{{"", n}, {"availability-zone", 6 * n}, {"availability-zone-id", 6 * n}} {
		got, err := InstanceTypeOfferings(testScope, tc.typ)
		if err != nil || len(got) != tc.want {
			t.Fatalf("%q: %d offerings, %v; want %d", tc.typ, len(got), err, tc.want)
		}
	}
	_, err := InstanceTypeOfferings(testScope, "outpost")
	wantCode(t, err, "InvalidParameterValue")
}
