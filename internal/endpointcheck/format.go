package endpointcheck

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Format writes the checklist as a table: one row per step with its
// status and why, then the verdict.
func (r *Result) Format(w io.Writer) {
	fmt.Fprintf(w, "%s %s -> %s (%s %s) as %s\n", r.Action, r.Resource, r.Endpoint, strings.ToLower(r.Type), r.Service, r.Principal)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STEP\tCHECK\tSTATUS\tDETAIL")
	for _, s := range r.Steps {
		d := s.Detail
		if s.Statement != "" {
			d += " [" + s.Policy + " " + s.Statement + "]"
		}
		if s.Code != "" {
			d += " (" + s.Code + ")"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", s.Number, s.Name, s.Status, d)
	}
	_ = tw.Flush()
	if r.OK {
		fmt.Fprintln(w, "OK: every step passes")
		return
	}
	fmt.Fprintf(w, "FAILED at step %d (%s)\n", r.Failed, r.Steps[r.Failed].Name)
}
