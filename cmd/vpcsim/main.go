// Command vpcsim is an AWS VPC you can run offline: it serves the EC2 API
// and decides where every packet goes. Run `vpcsim --help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/vpcsim/vpcsim/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
