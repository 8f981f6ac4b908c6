package control

import (
	"context"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
)

func runIn(sn string, n int32) RunInstancesInput {
	return RunInstancesInput{ImageID: "ami-12345678", InstanceType: "t3.micro", MinCount: eniP32(1), MaxCount: eniP32(n), SubnetID: sn}
}

// TestRunInstancesCapacity pins RunInstances' MinCount/MaxCount rule: EC2
// launches as many as it can up to MaxCount, and fails when fewer than
// MinCount fit (InsufficientFreeAddressesInSubnet).
func TestRunInstancesCapacity(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	_, sn := eniNet(t, s) // a /28: 11 usable addresses
	got, err := s.RunInstances(ctx, testScope, runIn(sn.ID, 20))
	if err != nil || len(got) != 11 {
		t.Fatalf("launched %d (%v), want 11", len(got), err)
	}
	in := runIn(sn.ID, 2)
	in.MinCount = eniP32(2)
	_, err = s.RunInstances(ctx, testScope, in)
	wantCode(t, err, "InsufficientFreeAddressesInSubnet")
	for i, tc := range []struct {
		mod  func(*RunInstancesInput)
		code string
	}{
		{func(in *RunInstancesInput) { in.ImageID = "" }, "MissingParameter"},
		{func(in *RunInstancesInput) { in.ImageID = "image" }, "InvalidAMIID.Malformed"},
		{func(in *RunInstancesInput) { in.MinCount = eniP32(0) }, "InvalidParameterValue"},
		{func(in *RunInstancesInput) { in.MinCount = eniP32(3) }, "InvalidParameterValue"},
		{func(in *RunInstancesInput) { in.InstanceType = "bogus" }, "InvalidParameterValue"},
		{func(in *RunInstancesInput) { in.KeyName = "missing" }, "InvalidKeyPair.NotFound"},
		{func(in *RunInstancesInput) { in.SubnetID = "subnet-0123456789abcdef0" }, "InvalidSubnetID.NotFound"},
		{func(in *RunInstancesInput) {
			in.NetworkInterfaces = []InstanceENISpec{{ENISpec: ENISpec{SubnetID: sn.ID}, DeviceIndex: eniP32(0)}}
		}, "InvalidParameterCombination"},
		{func(in *RunInstancesInput) {
			in.SubnetID = ""
			in.NetworkInterfaces = []InstanceENISpec{{ENISpec: ENISpec{SubnetID: sn.ID}, DeviceIndex: eniP32(1)}}
		}, "InvalidParameterValue"},
	} {
		in := runIn(sn.ID, 2)
		tc.mod(&in)
		if _, err := s.RunInstances(ctx, testScope, in); err == nil {
			t.Fatalf("case %d: no error", i)
		} else {
			wantCode(t, err, tc.code)
		}
	}
}

// TestInstanceStates pins the state machine: Stop needs a stoppable state
// and honours disableApiStop; Terminate honours disableApiTermination
// (OperationNotPermitted), deletes delete-on-termination interfaces,
// detaches the others and leaves the instance visible as terminated.
func TestInstanceStates(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	_, sn := eniNet(t, s, "10.0.1.0/24")
	in := runIn(sn.ID, 1)
	in.DisableApiStop, in.DisableApiTermination = true, true
	got, err := s.RunInstances(ctx, testScope, in)
	if err != nil {
		t.Fatal(err)
	}
	id := got[0].ID
	extra, err := s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: sn.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AttachNetworkInterface(ctx, testScope, extra.ID, id, eniP32(1)); err != nil {
		t.Fatal(err)
	}
	_, err = s.AttachNetworkInterface(ctx, testScope, extra.ID, id, eniP32(2))
	wantCode(t, err, "InvalidNetworkInterface.InUse")
	_, err = s.StopInstances(ctx, testScope, []string{id})
	wantCode(t, err, "OperationNotPermitted")
	_, err = s.TerminateInstances(ctx, testScope, []string{id})
	wantCode(t, err, "OperationNotPermitted")
	_, err = s.TerminateInstances(ctx, testScope, []string{id, "i-0123456789abcdef0"})
	wantCode(t, err, "InvalidInstanceID.NotFound")
	f := false
	if err := s.ModifyInstanceAttribute(ctx, testScope, ModifyInstanceInput{InstanceID: id, DisableApiStop: &f}); err != nil {
		t.Fatal(err)
	}
	ch, err := s.StopInstances(ctx, testScope, []string{id})
	if err != nil || ch[0].Previous != "running" || ch[0].Current != "stopping" {
		t.Fatalf("stop: %v %+v", err, ch)
	}
	if err := s.ModifyInstanceAttribute(ctx, testScope, ModifyInstanceInput{InstanceID: id, DisableApiTermination: &f}); err != nil {
		t.Fatal(err)
	}
	ch, err = s.TerminateInstances(ctx, testScope, []string{id})
	if err != nil || ch[0].Previous != "stopped" || ch[0].Current != "shutting-down" {
		t.Fatalf("terminate: %v %+v", err, ch)
	}
	w := s.Snapshot()
	inst, _ := w.Instances.Get(id)
	if inst.State != "terminated" || !TerminatedVisible(inst, time.Now()) || TerminatedVisible(inst, time.Now().Add(2*time.Hour)) {
		t.Fatalf("terminated instance: %+v", inst)
	}
	if _, ok := w.NetworkInterfaces.Get(got[0].PrimaryENI); ok {
		t.Fatal("primary ENI (delete on termination) survived")
	}
	if n, ok := w.NetworkInterfaces.Get(extra.ID); !ok || n.Attachment != nil || n.Status != "available" {
		t.Fatalf("attached ENI should be detached: %+v", n)
	}
	_, err = s.StartInstances(ctx, testScope, []string{id})
	wantCode(t, err, "IncorrectInstanceState")
	// Terminating again is a no-op.
	if ch, err = s.TerminateInstances(ctx, testScope, []string{id}); err != nil || ch[0].Current != "terminated" {
		t.Fatalf("re-terminate: %v %+v", err, ch)
	}
}

// TestInstanceENILimits pins the per-type interface and address limits
// [EC2-UG AvailableIpPerENI]: t3.micro takes 2 interfaces of 2 addresses.
func TestInstanceENILimits(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	_, sn := eniNet(t, s, "10.0.1.0/24")
	got, err := s.RunInstances(ctx, testScope, runIn(sn.ID, 1))
	if err != nil {
		t.Fatal(err)
	}
	id := got[0].ID
	a, _ := s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: sn.ID})
	b, _ := s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: sn.ID})
	if _, err := s.AttachNetworkInterface(ctx, testScope, a.ID, id, eniP32(1)); err != nil {
		t.Fatal(err)
	}
	_, err = s.AttachNetworkInterface(ctx, testScope, b.ID, id, eniP32(2))
	wantCode(t, err, "AttachmentLimitExceeded")
	if _, err := s.AssignPrivateIpAddresses(ctx, testScope, a.ID, nil, eniP32(1), false); err != nil {
		t.Fatal(err)
	}
	_, err = s.AssignPrivateIpAddresses(ctx, testScope, a.ID, nil, eniP32(1), false)
	wantCode(t, err, "PrivateIpAddressLimitExceeded")
	// An unattached interface has no instance limit.
	if _, err := s.AssignPrivateIpAddresses(ctx, testScope, b.ID, nil, eniP32(5), false); err != nil {
		t.Fatal(err)
	}
	// Reassignment moves a secondary address between interfaces.
	na, _ := s.Snapshot().NetworkInterfaces.Get(a.ID)
	sec := na.PrivateIPs[1].Address
	_, err = s.AssignPrivateIpAddresses(ctx, testScope, b.ID, []string{sec.String()}, nil, false)
	wantCode(t, err, "InvalidIPAddress.InUse")
	if _, err := s.AssignPrivateIpAddresses(ctx, testScope, b.ID, []string{sec.String()}, nil, true); err != nil {
		t.Fatal(err)
	}
	if na, _ := s.Snapshot().NetworkInterfaces.Get(a.ID); len(na.PrivateIPs) != 1 {
		t.Fatalf("address not moved: %+v", na.PrivateIPs)
	}
	var inst *model.Instance
	inst, _ = s.Snapshot().Instances.Get(id)
	if len(InstanceENIs(s.Snapshot(), inst)) != 2 {
		t.Fatal("want 2 interfaces")
	}
}
