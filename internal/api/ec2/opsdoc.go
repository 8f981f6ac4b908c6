package ec2

import (
	"fmt"
	"strings"
)

// OperationsTable renders the Markdown table of served EC2 operations with
// their DryRun and ClientToken support (part of docs/operations.md).
func OperationsTable() string {
	var b strings.Builder
	b.WriteString("| Operation | DryRun | ClientToken |\n| --- | --- | --- |\n")
	for _, name := range New(nil).Served() {
		shapes := Service.Operations[name]
		dry, token := "", ""
		if shapes.NewInput != nil {
			in := shapes.NewInput()
			if hasField(in, "DryRun") {
				dry = "yes"
			}
			if hasField(in, "ClientToken") {
				token = "idempotent"
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", name, dry, token)
	}
	return b.String()
}
