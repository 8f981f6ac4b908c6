package cli

import (
	"context"
	"fmt"
	"io"
)

func trace(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "vpcsim trace: not available yet")
	return 2
}
