//go:build unix

package deliver

import (
	"syscall"
	"time"
)

// cpuTime is the process's user plus system CPU time: a shared machine
// stretches wall time, so the benchmark reports records per CPU-second
// beside records per second.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
