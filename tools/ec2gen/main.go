// Command ec2gen generates vpcsim's EC2 wire shapes from AWS's published EC2
// API model (botocore's data/ec2/2016-11-15/service-2.json.gz).
//
// It reads a list of operation names and writes one Go file holding a struct
// for every shape those operations reach. Each struct field carries two tags:
//
//   - `ec2:"Wire"`: the flattened query name a client sends (the member's
//     queryName, else its locationName with the first letter upper-cased, else
//     the member name), used by the request decoder;
//   - `xml:"name"`: the element name in EC2 responses (the locationName, else
//     the member name), with lists wrapped as `name>item`.
//
// Usage (see internal/api/ec2/generate.go):
//
//	go run ./tools/ec2gen -ops operations.txt -out shapes_gen.go [-model service-2.json.gz]
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

type member struct {
	Shape        string `json:"shape"`
	LocationName string `json:"locationName"`
	QueryName    string `json:"queryName"`
}

type shape struct {
	Type     string            `json:"type"`
	Members  map[string]member `json:"members"`
	Member   *member           `json:"member"`
	Required []string          `json:"required"`
}

type operation struct {
	Input  *struct{ Shape string } `json:"input"`
	Output *struct{ Shape string } `json:"output"`
}

type apiModel struct {
	Metadata   map[string]any       `json:"metadata"`
	Operations map[string]operation `json:"operations"`
	Shapes     map[string]shape     `json:"shapes"`
}

// memberOrder preserves the model's member order, which encoding/json loses.
type memberOrder map[string][]string

func main() {
	opsPath := flag.String("ops", "operations.txt", "file listing the operations to generate")
	outPath := flag.String("out", "shapes_gen.go", "output Go file")
	modelPath := flag.String("model", os.Getenv("EC2_API_MODEL"), "path to botocore's ec2 service-2.json(.gz); found through python3 when empty")
	pkg := flag.String("pkg", "ec2", "package name of the output")
	flag.Parse()
	if err := run(*opsPath, *outPath, *modelPath, *pkg); err != nil {
		fmt.Fprintln(os.Stderr, "ec2gen:", err)
		os.Exit(1)
	}
}

func run(opsPath, outPath, modelPath, pkg string) error {
	ops, err := readOps(opsPath)
	if err != nil {
		return err
	}
	if modelPath == "" {
		if modelPath, err = locateModel(); err != nil {
			return err
		}
	}
	raw, err := readModel(modelPath)
	if err != nil {
		return err
	}
	var m apiModel
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("decode model: %w", err)
	}
	order, err := readMemberOrder(raw)
	if err != nil {
		return err
	}
	src, err := generate(&m, order, ops, pkg)
	if err != nil {
		return err
	}
	return os.WriteFile(outPath, src, 0o644)
}

func readOps(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var ops []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ops = append(ops, line)
	}
	return ops, sc.Err()
}

func locateModel() (string, error) {
	out, err := exec.Command("python3", "-c", "import botocore,os;print(os.path.dirname(botocore.__file__))").Output()
	if err != nil {
		return "", errors.New("cannot locate botocore; pass -model or set EC2_API_MODEL")
	}
	return filepath.Join(strings.TrimSpace(string(out)), "data", "ec2", "2016-11-15", "service-2.json.gz"), nil
}

func readModel(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("gunzip %s: %w", path, err)
		}
		r = gz
	}
	return io.ReadAll(r)
}

// readMemberOrder walks the JSON tokens to record each structure's member order.
func readMemberOrder(raw []byte) (memberOrder, error) {
	var top struct {
		Shapes map[string]json.RawMessage `json:"shapes"`
	}
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, err
	}
	order := memberOrder{}
	for name, body := range top.Shapes {
		var s struct {
			Members json.RawMessage `json:"members"`
		}
		if err := json.Unmarshal(body, &s); err != nil || len(s.Members) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(s.Members))
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			order[name] = append(order[name], tok.(string))
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, err
			}
		}
	}
	return order, nil
}

func generate(m *apiModel, order memberOrder, ops []string, pkg string) ([]byte, error) {
	needed := map[string]bool{}
	var visit func(string)
	visit = func(name string) {
		if needed[name] {
			return
		}
		s, ok := m.Shapes[name]
		if !ok || (s.Type != "structure" && s.Type != "list") {
			return
		}
		needed[name] = true
		if s.Member != nil {
			visit(s.Member.Shape)
		}
		for _, mem := range s.Members {
			visit(mem.Shape)
		}
	}
	for _, op := range ops {
		o, ok := m.Operations[op]
		if !ok {
			return nil, fmt.Errorf("operation %s is not in the model", op)
		}
		if o.Input != nil {
			visit(o.Input.Shape)
		}
		if o.Output != nil {
			visit(o.Output.Shape)
		}
	}

	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by tools/ec2gen from AWS's EC2 API model (%s). DO NOT EDIT.\n\n", m.Metadata["apiVersion"])
	fmt.Fprintf(&b, "package %s\n\nimport \"time\"\n\nvar _ time.Time\n\n", pkg)

	b.WriteString("// Operations lists every EC2 operation vpcsim decodes, with its input and output shapes.\n")
	b.WriteString("var Operations = map[string]OperationShapes{\n")
	for _, op := range ops {
		o := m.Operations[op]
		in, out := "nil", "nil"
		if o.Input != nil {
			in = fmt.Sprintf("func() any { return new(%s) }", o.Input.Shape)
		}
		if o.Output != nil {
			out = fmt.Sprintf("func() any { return new(%s) }", o.Output.Shape)
		}
		fmt.Fprintf(&b, "\t%q: {NewInput: %s, NewOutput: %s},\n", op, in, out)
	}
	b.WriteString("}\n\n")

	names := make([]string, 0, len(needed))
	for n := range needed {
		if m.Shapes[n].Type == "structure" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		s := m.Shapes[name]
		fmt.Fprintf(&b, "// %s is the EC2 API shape of the same name.\ntype %s struct {\n", name, name)
		for _, fname := range order[name] {
			mem := s.Members[fname]
			goType, isList := goTypeOf(m, mem.Shape)
			wire := mem.QueryName
			if wire == "" && mem.LocationName != "" {
				wire = strings.ToUpper(mem.LocationName[:1]) + mem.LocationName[1:]
			}
			if wire == "" {
				wire = fname
			}
			elem := mem.LocationName
			if elem == "" {
				elem = fname
			}
			if isList {
				elem += ">item"
			}
			fmt.Fprintf(&b, "\t%s %s `ec2:%q xml:\"%s,omitempty\"`\n", fname, goType, wire, elem)
		}
		b.WriteString("}\n\n")
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		return b.Bytes(), fmt.Errorf("gofmt generated code: %w", err)
	}
	return src, nil
}

func goTypeOf(m *apiModel, name string) (string, bool) {
	s := m.Shapes[name]
	switch s.Type {
	case "structure":
		return "*" + name, false
	case "list":
		elem, _ := goTypeOf(m, s.Member.Shape)
		if strings.HasPrefix(elem, "*") && m.Shapes[s.Member.Shape].Type == "structure" {
			return "[]" + elem[1:], true
		}
		return "[]" + strings.TrimPrefix(elem, "*"), true
	case "string", "blob":
		return "*string", false
	case "integer":
		return "*int32", false
	case "long":
		return "*int64", false
	case "boolean":
		return "*bool", false
	case "double", "float":
		return "*float64", false
	case "timestamp":
		return "*time.Time", false
	}
	return "*string", false
}
