// Command opsdoc writes docs/operations.md: the services and operations
// vpcsim serves, generated from the service registry so that the list
// cannot drift from the code.
//
//	go run ./tools/opsdoc > docs/operations.md
package main

import (
	"fmt"
	"os"

	"github.com/vpcsim/vpcsim/internal/server"
)

func main() {
	doc, err := server.OperationsDoc()
	if err == nil {
		_, err = os.Stdout.WriteString(doc)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "opsdoc:", err)
		os.Exit(1)
	}
}
