// Command populate fills a vpcsim data directory (or an in-memory store)
// by calling the control layer directly, which is far faster than HTTP:
// each CreateVpc makes a VPC with its defaults (main route table, default
// network ACL, default security group and its rules). It is used by
// bench/run.sh to measure start-up time with 100,000 objects and the Go
// heap of 10,000 VPCs.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

func main() {
	dir := flag.String("data", "", "data directory to fill (empty: in memory)")
	objects := flag.Int("objects", 0, "create VPCs until the world holds at least this many objects")
	vpcs := flag.Int("vpcs", 0, "create exactly this many VPCs (instead of -objects)")
	workers := flag.Int("workers", 64, "concurrent writers (they share group commits)")
	openOnly := flag.Bool("open", false, "only open -data, report how long loading took, and exit")
	cpuprofile := flag.String("cpuprofile", "", "with -open: write a CPU profile of the load")
	flag.Parse()
	if *openOnly {
		if *cpuprofile != "" {
			f, err := os.Create(*cpuprofile)
			if err != nil {
				fmt.Fprintln(os.Stderr, "populate:", err)
				os.Exit(1)
			}
			_ = pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
		start := time.Now()
		st, err := store.Open(store.Options{Dir: *dir})
		if err != nil {
			fmt.Fprintln(os.Stderr, "populate:", err)
			os.Exit(1)
		}
		fmt.Printf("objects=%d open=%s\n", count(st.Snapshot()), time.Since(start).Round(time.Millisecond))
		st.Close()
		return
	}
	if (*objects == 0) == (*vpcs == 0) {
		fmt.Fprintln(os.Stderr, "populate: give exactly one of -objects or -vpcs")
		os.Exit(2)
	}
	st, err := store.Open(store.Options{Dir: *dir})
	if err != nil {
		fmt.Fprintln(os.Stderr, "populate:", err)
		os.Exit(1)
	}
	ctl := control.New(st, control.Options{})
	scope := model.Scope{Account: "123456789012", Region: "us-east-1"}
	ctx := context.Background()
	if err := ctl.EnsureScope(ctx, scope); err != nil {
		fmt.Fprintln(os.Stderr, "populate:", err)
		os.Exit(1)
	}
	start := time.Now()
	var made atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				n := made.Add(1)
				if *vpcs > 0 && n > int64(*vpcs) {
					return
				}
				_, err := ctl.CreateVpc(ctx, scope, control.CreateVpcInput{
					CidrBlock: fmt.Sprintf("10.%d.0.0/16", n%256),
					Tags:      map[string]string{"Name": fmt.Sprintf("bench-%d", n), "env": []string{"prod", "dev"}[n%2]},
				})
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					stop.Store(true)
					return
				}
				if *objects > 0 && n%256 == 0 && count(st.Snapshot()) >= *objects {
					stop.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		fmt.Fprintln(os.Stderr, "populate:", firstErr)
		os.Exit(1)
	}
	took := time.Since(start)
	w := st.Snapshot()
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("vpcs=%d objects=%d revision=%d took=%s heap_alloc_mb=%.1f heap_inuse_mb=%.1f sys_mb=%.1f\n",
		w.VPCs.Len(), count(w), w.Revision, took.Round(time.Millisecond),
		float64(ms.HeapAlloc)/(1<<20), float64(ms.HeapInuse)/(1<<20), float64(ms.Sys)/(1<<20))
	if err := st.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "populate:", err)
		os.Exit(1)
	}
}

// count returns the number of stored objects of every kind.
func count(w *store.World) int {
	return w.VPCs.Len() + w.Subnets.Len() + w.RouteTables.Len() + w.InternetGateways.Len() +
		w.EgressOnlyIGWs.Len() + w.VpnGateways.Len() + w.NatGateways.Len() + w.Addresses.Len() +
		w.SecurityGroups.Len() + w.SecurityGroupRules.Len() + w.NetworkACLs.Len() +
		w.NetworkInterfaces.Len() + w.Instances.Len() + w.KeyPairs.Len() + w.DhcpOptions.Len() +
		w.PrefixLists.Len() + w.InsightsPaths.Len() + w.InsightsAnalyses.Len() + w.ClientTokens.Len() + w.Scopes.Len()
}
