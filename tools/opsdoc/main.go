// Command opsdoc writes docs/operations.md: the services and operations
// vpcsim serves, and those it does not serve yet, generated from the
// service registry so that the list cannot drift from the code. With
// -readme FILE it rewrites the README's generated "not yet" block instead.
//
//	go run ./tools/opsdoc > docs/operations.md
//	go run ./tools/opsdoc -readme README.md
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/vpcsim/vpcsim/internal/server"
)

func main() {
	readme := flag.String("readme", "", "rewrite this README's generated not-yet block in place")
	flag.Parse()
	var err error
	if *readme != "" {
		err = rewriteReadme(*readme)
	} else {
		var doc string
		doc, err = server.OperationsDoc()
		if err == nil {
			_, err = os.Stdout.WriteString(doc)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "opsdoc:", err)
		os.Exit(1)
	}
}

func rewriteReadme(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	block, err := server.NotYetReadme()
	if err != nil {
		return err
	}
	out, err := server.ReplaceNotYet(string(raw), block)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, []byte(out), 0o644)
}
