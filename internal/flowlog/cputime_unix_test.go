//go:build unix

package flowlog

import (
	"syscall"
	"time"
)

// cpuTime is the process's user plus system CPU time: benchmarks report
// it beside wall time because a shared machine stretches wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
