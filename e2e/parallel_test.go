package e2e

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"
)

// TestEveryTestIsParallel keeps the package's wall time down: the
// Terraform groups spend most of their time in the provider's waiters, and
// every other test (AWS CLI walkthroughs, SDK round trips) runs beside them
// only if it calls t.Parallel first; a sequential test delays every group
// by its whole duration. Each test has its own server, so nothing is shared.
func TestEveryTestIsParallel(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*_test.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("test files: %v", err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || len(fn.Name.Name) < 4 || fn.Name.Name[:4] != "Test" || fn.Name.Name == "TestMain" {
				continue
			}
			if !callsParallelFirst(fn) {
				t.Errorf("%s: %s does not call t.Parallel() first", fset.Position(fn.Pos()), fn.Name.Name)
			}
		}
	}
}

// callsParallelFirst reports whether fn's first statement is
// <param>.Parallel().
func callsParallelFirst(fn *ast.FuncDecl) bool {
	params := fn.Type.Params.List
	if fn.Body == nil || len(fn.Body.List) == 0 || len(params) != 1 || len(params[0].Names) != 1 {
		return false
	}
	es, ok := fn.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Parallel" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == params[0].Names[0].Name
}
