// Command opsdoc writes docs/operations.md: the EC2 operations vpcsim
// serves, generated from the handler registry so that the list cannot drift
// from the code.
//
//	go run ./tools/opsdoc > docs/operations.md
package main

import (
	"fmt"
	"os"

	"github.com/vpcsim/vpcsim/internal/api/ec2"
)

func main() {
	if _, err := os.Stdout.WriteString(ec2.OperationsDoc()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
