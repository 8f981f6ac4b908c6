package control

import (
	"context"
	"testing"
)

// TestManagedPrefixListVersions pins VPC-UG managed-prefix-lists.md: entry
// changes need the current version and create a new one; earlier versions
// stay readable; AWS-managed lists cannot be changed.
func TestManagedPrefixListVersions(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	pl, err := s.CreateManagedPrefixList(ctx, testScope, CreatePrefixListInput{Name: "office", AddressFamily: "IPv4", MaxEntries: eniP32(2),
		Entries: []PrefixListEntryInput{{Cidr: "192.0.2.0/24"}}})
	if err != nil || pl.Version != 1 {
		t.Fatalf("create: %v", err)
	}
	v := int64(1)
	_, err = s.ModifyManagedPrefixList(ctx, testScope, ModifyPrefixListInput{PrefixListID: pl.ID, CurrentVersion: &v, Add: []PrefixListEntryInput{{Cidr: "2001:db8::/32"}}})
	wantCode(t, err, "InvalidParameterValue")
	m, err := s.ModifyManagedPrefixList(ctx, testScope, ModifyPrefixListInput{PrefixListID: pl.ID, CurrentVersion: &v, Add: []PrefixListEntryInput{{Cidr: "198.51.100.0/24"}}})
	if err != nil || m.Version != 2 {
		t.Fatalf("modify: %v", err)
	}
	_, err = s.ModifyManagedPrefixList(ctx, testScope, ModifyPrefixListInput{PrefixListID: pl.ID, CurrentVersion: &v, Remove: []string{"192.0.2.0/24"}})
	wantCode(t, err, "PrefixListVersionMismatch")
	v = 2
	_, err = s.ModifyManagedPrefixList(ctx, testScope, ModifyPrefixListInput{PrefixListID: pl.ID, CurrentVersion: &v, Add: []PrefixListEntryInput{{Cidr: "203.0.113.0/24"}}})
	wantCode(t, err, "InvalidParameterValue") // MaxEntries 2
	_, err = s.ModifyManagedPrefixList(ctx, testScope, ModifyPrefixListInput{PrefixListID: pl.ID, CurrentVersion: &v, Remove: []string{"203.0.113.0/24"}})
	wantCode(t, err, "InvalidPrefixListModification")
	one := int64(1)
	old, err := PrefixListEntries(s.Snapshot(), testScope, pl.ID, &one)
	if err != nil || len(old) != 1 {
		t.Fatalf("v1: %v %+v", err, old)
	}
	cur, _ := PrefixListEntries(s.Snapshot(), testScope, pl.ID, nil)
	if len(cur) != 2 {
		t.Fatalf("current: %+v", cur)
	}
	_, err = s.CreateManagedPrefixList(ctx, testScope, CreatePrefixListInput{Name: "com.amazonaws.x", AddressFamily: "IPv4", MaxEntries: eniP32(2)})
	wantCode(t, err, "InvalidParameterValue")
	_, err = s.CreateManagedPrefixList(ctx, testScope, CreatePrefixListInput{Name: "x", AddressFamily: "IPv4"})
	wantCode(t, err, "MissingParameter")
	s3 := managedPrefixListID(testScope.Region, "s3")
	_, err = s.DeleteManagedPrefixList(ctx, testScope, s3)
	wantCode(t, err, "UnauthorizedOperation")
	if _, err := s.DeleteManagedPrefixList(ctx, testScope, pl.ID); err != nil {
		t.Fatal(err)
	}
	_, err = GetPrefixList(s.Snapshot(), testScope, pl.ID)
	wantCode(t, err, "InvalidPrefixListID.NotFound")
}
