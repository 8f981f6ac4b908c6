package iam

import (
	"context"
	"reflect"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
	iammodel "github.com/vpcsim/vpcsim/internal/model/iam"
	"github.com/vpcsim/vpcsim/internal/store"
)

// TestPersistence writes every IAM and STS kind to a data directory,
// reopens it and compares the objects.
func TestPersistence(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(store.Options{Dir: dir, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	s := New(st)
	ctx := context.Background()
	mustRole(t, s, "keep", accountTrust)
	p, err := s.CreatePolicy(ctx, PolicyInput{Account: acct, Name: "p", Document: s3Read, Tags: []model.Tag{{Key: "a", Value: "b"}}})
	if err != nil {
		t.Fatal(err)
	}
	steps := []error{
		s.AttachRolePolicy(ctx, acct, "keep", p.ARN),
		s.PutRolePolicy(ctx, acct, "keep", "inline", s3Read),
	}
	_, e1 := s.CreateInstanceProfile(ctx, acct, "ip", "", nil)
	steps = append(steps, e1, s.AddRoleToInstanceProfile(ctx, acct, "ip", "keep"))
	slr, e2 := s.CreateServiceLinkedRole(ctx, acct, "redshift.amazonaws.com", "", "")
	steps = append(steps, e2)
	_, e3 := s.DeleteServiceLinkedRole(ctx, acct, slr.Name)
	_, e4 := s.AssumeRole(ctx, AssumeRoleInput{AccessKey: "k", Account: acct, SessionName: "s1", RoleARN: RoleARN(acct, "/", "keep")})
	steps = append(steps, e3, e4)
	for i, err := range steps {
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	before := st.Snapshot()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st2, err := store.Open(store.Options{Dir: dir, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	after := st2.Snapshot()
	compare := func(name string, a, b []any) {
		if len(a) == 0 || !reflect.DeepEqual(a, b) {
			t.Errorf("%s: %d objects before, %d after, or they differ", name, len(a), len(b))
		}
	}
	collect := func(w *store.World) (roles, pols, profs, tasks, sess []any) {
		RoleKind.In(w).All(func(v *iammodel.Role) bool { roles = append(roles, *v); return true })
		PolicyKind.In(w).All(func(v *iammodel.ManagedPolicy) bool { pols = append(pols, *v); return true })
		InstanceProfileKind.In(w).All(func(v *iammodel.InstanceProfile) bool { profs = append(profs, *v); return true })
		DeletionTaskKind.In(w).All(func(v *iammodel.DeletionTask) bool { tasks = append(tasks, *v); return true })
		SessionKind.In(w).All(func(v *iammodel.Session) bool { sess = append(sess, *v); return true })
		return
	}
	r1, p1, i1, t1, s1 := collect(before)
	r2, p2, i2, t2, s2 := collect(after)
	compare("roles", r1, r2)
	compare("policies", p1, p2)
	compare("instance profiles", i1, i2)
	compare("deletion tasks", t1, t2)
	compare("sessions", s1, s2)
}
