package crashtest

import (
	"context"
	"fmt"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

// TestSIGKILLDuringIdempotentLaunches kills the server while workers send
// RunInstances with fresh ClientTokens, restarts it on the same data
// directory and retries every token that was sent, acknowledged or not:
// each must end with exactly one instance. The token record commits in the
// same transaction as the launch (issue 6, item 5), so no crash point can
// leave an instance whose token a retry does not find.
func TestSIGKILLDuringIdempotentLaunches(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	ctx := context.Background()
	srv := start(t, bin, dir)
	rc := readClient(srv.url)
	vpc, err := rc.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.9.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	sn, err := rc.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.9.0.0/20"), AvailabilityZone: aws.String("us-east-1a")})
	if err != nil {
		t.Fatal(err)
	}
	input := func(token string) *ec2.RunInstancesInput {
		return &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
			SubnetId: sn.Subnet.SubnetId, ClientToken: aws.String(token)}
	}

	const perWorker = 100
	var mu sync.Mutex
	var sent []string
	acked := map[string]string{} // token -> instance id
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range workers / 2 {
		wg.Go(func() {
			c := client(srv.url)
			for i := range perWorker {
				select {
				case <-stop:
					return
				default:
				}
				tok := fmt.Sprintf("crash-%d-%d", w, i)
				mu.Lock()
				sent = append(sent, tok)
				mu.Unlock()
				out, err := c.RunInstances(ctx, input(tok))
				if err != nil {
					return // the server died
				}
				mu.Lock()
				acked[tok] = aws.ToString(out.Instances[0].InstanceId)
				mu.Unlock()
			}
		})
	}
	time.Sleep(loadFor / 2)
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = srv.cmd.Wait()
	close(stop)
	wg.Wait()
	if len(acked) < workers/2 {
		t.Fatalf("only %d acknowledged launches; load too small to mean anything", len(acked))
	}
	t.Logf("%d launches sent, %d acknowledged before SIGKILL", len(sent), len(acked))

	restarted := start(t, bin, dir)
	c := readClient(restarted.url)
	for _, tok := range sent {
		// Retrying is safe (that is the point of the token): transport
		// errors (the SDK's aws-sdk-go-v2#2737 body race under load) are
		// retried beyond the client's own attempts; API errors are not.
		var out *ec2.RunInstancesOutput
		var err error
		for range 10 {
			if out, err = c.RunInstances(ctx, input(tok)); err == nil || code(err) != "" {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if err != nil {
			t.Fatalf("retry of %s: %v", tok, err)
		}
		id := aws.ToString(out.Instances[0].InstanceId)
		if prev, ok := acked[tok]; ok && prev != id {
			t.Errorf("token %s: acknowledged %s, retry answered %s", tok, prev, id)
		}
	}
	perToken := map[string]int{}
	p := ec2.NewDescribeInstancesPaginator(c, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Reservations {
			for _, inst := range r.Instances {
				perToken[aws.ToString(inst.ClientToken)]++
			}
		}
	}
	for _, tok := range sent {
		if perToken[tok] != 1 {
			t.Errorf("token %s: %d instances, want exactly 1", tok, perToken[tok])
		}
	}
	stopPID(restarted.cmd)
}
