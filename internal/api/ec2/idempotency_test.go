package ec2_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	ec2api "github.com/vpcsim/vpcsim/internal/api/ec2"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

// startClockServer serves a fresh world whose store clock is *now.
func startClockServer(t *testing.T, now *atomic.Pointer[time.Time]) (*ec2.Client, *control.Service) {
	t.Helper()
	st, err := store.Open(store.Options{Seed: 41, Clock: func() time.Time { return *now.Load() }})
	if err != nil {
		t.Fatal(err)
	}
	ctl := control.New(st, control.Options{})
	srv := httptest.NewServer(server.New(ctl, server.Options{}))
	t.Cleanup(func() {
		srv.Close()
		st.Close()
	})
	return newSDKClient(srv.URL, "us-east-1"), ctl
}

func startFixedClockServer(t *testing.T) (*ec2.Client, *control.Service) {
	var now atomic.Pointer[time.Time]
	t0 := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	now.Store(&t0)
	return startClockServer(t, &now)
}

func countInstances(ctl *control.Service, token string) int {
	n := 0
	ctl.Snapshot().Instances.All(func(inst *model.Instance) bool {
		if inst.ClientToken == token {
			n++
		}
		return true
	})
	return n
}

// TestClientTokenRecordedAtomicallyWithOperation injects a failure between
// RunInstances and the recording of its ClientToken: neither the instance
// nor the token may survive, so the client's retry launches exactly one
// instance, and later retries answer it again [EC2 API "Ensuring
// idempotency"].
func TestClientTokenRecordedAtomicallyWithOperation(t *testing.T) {
	c, ctl := startFixedClockServer(t)
	ctx := context.Background()
	_, sn := instNet(t, c)
	run := &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), InstanceType: types.InstanceTypeT3Micro,
		MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: sn.SubnetId, ClientToken: aws.String("tok-atomic")}

	revBefore := ctl.Store().Revision()
	enisBefore := ctl.Snapshot().NetworkInterfaces.Len()
	var hookRan atomic.Int32
	restore := ec2api.SetAfterOperation(func(action string) error {
		hookRan.Add(1)
		return awserr.New("InjectedFailure", "injected between %s and its client token", action)
	})
	_, err := c.RunInstances(ctx, run)
	restore()
	instWantCode(t, err, "InjectedFailure")
	if hookRan.Load() != 1 {
		t.Fatalf("hook ran %d times", hookRan.Load())
	}
	if n := countInstances(ctl, "tok-atomic"); n != 0 {
		t.Fatalf("%d instances survived the failed request", n)
	}
	if ctl.Snapshot().ClientTokens.Len() != 0 || ctl.Snapshot().NetworkInterfaces.Len() != enisBefore || ctl.Store().Revision() != revBefore {
		t.Fatalf("the failed request left changes: tokens %d, ENIs %d (was %d), revision %d (was %d)",
			ctl.Snapshot().ClientTokens.Len(), ctl.Snapshot().NetworkInterfaces.Len(), enisBefore, ctl.Store().Revision(), revBefore)
	}

	// The retry runs the operation once, and its answer is rendered from
	// the transaction's own writes (interfaces, addresses, DNS name).
	first, err := c.RunInstances(ctx, run)
	if err != nil {
		t.Fatal(err)
	}
	inst := first.Instances[0]
	if len(inst.NetworkInterfaces) != 1 || aws.ToString(inst.PrivateIpAddress) == "" ||
		aws.ToString(inst.PrivateDnsName) != "ip-"+dashed(aws.ToString(inst.PrivateIpAddress))+".ec2.internal" || len(inst.SecurityGroups) != 1 {
		t.Fatalf("RunInstances answer misses its own transaction's writes: %+v", inst)
	}
	again, err := c.RunInstances(ctx, run)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(again.Instances[0].InstanceId) != aws.ToString(inst.InstanceId) || aws.ToString(again.ReservationId) != aws.ToString(first.ReservationId) {
		t.Fatalf("retry answered %s, want %s", aws.ToString(again.Instances[0].InstanceId), aws.ToString(inst.InstanceId))
	}
	if n := countInstances(ctl, "tok-atomic"); n != 1 {
		t.Fatalf("%d instances for one token, want 1", n)
	}
	other := *run
	other.InstanceType = types.InstanceTypeT3Small
	_, err = c.RunInstances(ctx, &other)
	instWantCode(t, err, "IdempotentParameterMismatch")
}

// TestClientTokenConcurrentRetries: simultaneous requests with one token
// launch one instance and all answer it.
func TestClientTokenConcurrentRetries(t *testing.T) {
	c, ctl := startFixedClockServer(t)
	ctx := context.Background()
	_, sn := instNet(t, c)
	run := &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		SubnetId: sn.SubnetId, ClientToken: aws.String("tok-race")}
	var wg sync.WaitGroup
	ids := make([]string, 8)
	for i := range ids {
		wg.Go(func() {
			out, err := c.RunInstances(ctx, run)
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = aws.ToString(out.Instances[0].InstanceId)
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("concurrent retries answered different instances: %v", ids)
		}
	}
	if n := countInstances(ctl, "tok-race"); n != 1 {
		t.Fatalf("%d instances for one token, want 1", n)
	}
}

// TestDryRunWithClientTokenChangesNothing: DryRun with a ClientToken
// answers DryRunOperation and records neither the instance nor the token.
func TestDryRunWithClientTokenChangesNothing(t *testing.T) {
	c, ctl := startFixedClockServer(t)
	ctx := context.Background()
	_, sn := instNet(t, c)
	rev := ctl.Store().Revision()
	_, err := c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		SubnetId: sn.SubnetId, ClientToken: aws.String("tok-dry"), DryRun: aws.Bool(true)})
	instWantCode(t, err, "DryRunOperation")
	if ctl.Store().Revision() != rev || ctl.Snapshot().ClientTokens.Len() != 0 {
		t.Fatal("a dry run changed the world")
	}
}

// TestTerminatedVisibilityFollowsStoreClock: a terminated instance stays
// listed for about an hour [EC2 User Guide, "Terminate Amazon EC2
// instances"], measured on the store's clock.
func TestTerminatedVisibilityFollowsStoreClock(t *testing.T) {
	var now atomic.Pointer[time.Time]
	t0 := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	now.Store(&t0)
	c, _ := startClockServer(t, &now)
	ctx := context.Background()
	_, sn := instNet(t, c)
	out, err := c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: sn.SubnetId})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(out.Instances[0].InstanceId)
	if aws.ToTime(out.Instances[0].LaunchTime) != t0 {
		t.Fatalf("LaunchTime %v, want the store clock's %v", aws.ToTime(out.Instances[0].LaunchTime), t0)
	}
	if _, err := c.TerminateInstances(ctx, &ec2.TerminateInstancesInput{InstanceIds: []string{id}}); err != nil {
		t.Fatal(err)
	}
	t1 := t0.Add(59 * time.Minute)
	now.Store(&t1)
	di, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{id}})
	if err != nil {
		t.Fatal(err)
	}
	if st := di.Reservations[0].Instances[0].State.Name; st != types.InstanceStateNameTerminated {
		t.Fatalf("state %s, want terminated", st)
	}
	t2 := t0.Add(61 * time.Minute)
	now.Store(&t2)
	_, err = c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{id}})
	instWantCode(t, err, "InvalidInstanceID.NotFound")
	all, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Reservations) != 0 {
		t.Fatalf("terminated instance still listed after an hour: %+v", all.Reservations)
	}
}

func dashed(ip string) string {
	b := []byte(ip)
	for i, c := range b {
		if c == '.' {
			b[i] = '-'
		}
	}
	return string(b)
}
