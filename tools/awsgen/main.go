// Command awsgen generates a service's wire layer from AWS's published API
// model (botocore's data/<service>/<version>/service-2.json[.gz]).
//
// It reads an optional list of operation names (every operation of the model
// when none is given) and writes one Go file holding:
//
//   - Service: a *protocol.Service with the model's metadata (protocol,
//     signing name, API version, JSON target prefix, XML namespace), the
//     generated operations (HTTP method and URI, response code, result
//     wrapper, input and output constructors) and every operation name of the
//     model;
//   - a struct for every shape the operations reach, each field tagged with
//     its wire traits (see package protocol's documentation), including
//     required members, integer bounds and enum references;
//   - the values of the enums those shapes use.
//
// EC2 shapes keep EC2's own tags (`ec2:"Wire[,req]"` and `xml:"name>item"`)
// so that the EC2 wire is unchanged.
//
// Usage (see internal/api/<service>/generate.go):
//
//	go run ./tools/awsgen -service iam -ops operations.txt -out shapes_gen.go -pkg iam
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
	Shape         string          `json:"shape"`
	Location      string          `json:"location"`
	LocationName  string          `json:"locationName"`
	QueryName     string          `json:"queryName"`
	Flattened     bool            `json:"flattened"`
	XMLAttribute  bool            `json:"xmlAttribute"`
	XMLNamespace  *xmlNamespace   `json:"xmlNamespace"`
	Streaming     bool            `json:"streaming"`
	JSONValue     bool            `json:"jsonvalue"`
	Idempotency   bool            `json:"idempotencyToken"`
	HostLabel     bool            `json:"hostLabel"`
	TimestampFmt  string          `json:"timestampFormat"`
	EventPayload  bool            `json:"eventpayload"`
	Documentation json.RawMessage `json:"-"`
}

type xmlNamespace struct {
	URI    string `json:"uri"`
	Prefix string `json:"prefix"`
}

type shape struct {
	Type         string            `json:"type"`
	Members      map[string]member `json:"members"`
	Member       *member           `json:"member"`
	Key          *member           `json:"key"`
	Value        *member           `json:"value"`
	Required     []string          `json:"required"`
	Payload      string            `json:"payload"`
	Flattened    bool              `json:"flattened"`
	LocationName string            `json:"locationName"`
	XMLNamespace *xmlNamespace     `json:"xmlNamespace"`
	TimestampFmt string            `json:"timestampFormat"`
	Enum         []string          `json:"enum"`
	Min          *float64          `json:"min"`
	Max          *float64          `json:"max"`
	Exception    bool              `json:"exception"`
	Streaming    bool              `json:"streaming"`
	Event        bool              `json:"event"`
	EventStream  bool              `json:"eventstream"`
}

type operation struct {
	Name string `json:"name"`
	HTTP struct {
		Method       string `json:"method"`
		RequestURI   string `json:"requestUri"`
		ResponseCode int    `json:"responseCode"`
	} `json:"http"`
	Input *struct {
		Shape        string        `json:"shape"`
		LocationName string        `json:"locationName"`
		XMLNamespace *xmlNamespace `json:"xmlNamespace"`
	} `json:"input"`
	Output *struct {
		Shape         string `json:"shape"`
		ResultWrapper string `json:"resultWrapper"`
	} `json:"output"`
}

type metadata struct {
	APIVersion     string `json:"apiVersion"`
	EndpointPrefix string `json:"endpointPrefix"`
	GlobalEndpoint string `json:"globalEndpoint"`
	Protocol       string `json:"protocol"`
	SigningName    string `json:"signingName"`
	TargetPrefix   string `json:"targetPrefix"`
	JSONVersion    string `json:"jsonVersion"`
	XMLNamespace   string `json:"xmlNamespace"`
	ServiceID      string `json:"serviceId"`
}

type apiModel struct {
	Metadata   metadata             `json:"metadata"`
	Operations map[string]operation `json:"operations"`
	Shapes     map[string]shape     `json:"shapes"`
}

// memberOrder preserves the model's member order, which encoding/json loses.
type memberOrder map[string][]string

func main() {
	service := flag.String("service", "", "botocore service name (ec2, iam, logs, s3 ...); the newest API version is used")
	modelPath := flag.String("model", os.Getenv("AWS_API_MODEL"), "path to a service-2.json(.gz); overrides -service lookup")
	opsPath := flag.String("ops", "", "file listing the operations to generate (default: all)")
	outPath := flag.String("out", "shapes_gen.go", "output Go file")
	pkg := flag.String("pkg", "", "package name of the output (default: the service name)")
	flag.Parse()
	if *pkg == "" {
		*pkg = *service
	}
	if err := run(*service, *modelPath, *opsPath, *outPath, *pkg); err != nil {
		fmt.Fprintln(os.Stderr, "awsgen:", err)
		os.Exit(1)
	}
}

func run(service, modelPath, opsPath, outPath, pkg string) error {
	if modelPath == "" {
		if service == "" {
			return errors.New("pass -service or -model")
		}
		var err error
		if modelPath, err = locateModel(service); err != nil {
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
	var ops []string
	if opsPath != "" {
		if ops, err = readOps(opsPath); err != nil {
			return err
		}
	} else {
		for name := range m.Operations {
			ops = append(ops, name)
		}
		sort.Strings(ops)
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

// locateModel finds the newest service-2.json of service in the installed
// botocore package.
func locateModel(service string) (string, error) {
	out, err := exec.Command("python3", "-c", "import botocore,os;print(os.path.dirname(botocore.__file__))").Output()
	if err != nil {
		return "", errors.New("cannot locate botocore; pass -model or set AWS_API_MODEL")
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "data", service)
	versions, err := os.ReadDir(dir)
	if err != nil {
		return "", fmt.Errorf("service %s: %w", service, err)
	}
	var newest string
	for _, v := range versions {
		if v.IsDir() && v.Name() > newest {
			newest = v.Name()
		}
	}
	for _, name := range []string{"service-2.json.gz", "service-2.json"} {
		p := filepath.Join(dir, newest, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no service-2.json for %s in %s", service, filepath.Join(dir, newest))
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

// goName makes a shape name a valid, exported Go identifier.
func goName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, s)
	if s == "" {
		return "X"
	}
	if s[0] >= 'a' && s[0] <= 'z' {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

type gen struct {
	m       *apiModel
	order   memberOrder
	ec2     bool
	needed  map[string]bool
	enums   map[string]bool
	structs []string
}

func generate(m *apiModel, order memberOrder, ops []string, pkg string) ([]byte, error) {
	g := &gen{m: m, order: order, ec2: m.Metadata.Protocol == "ec2", needed: map[string]bool{}, enums: map[string]bool{}}
	for _, op := range ops {
		o, ok := m.Operations[op]
		if !ok {
			return nil, fmt.Errorf("operation %s is not in the model", op)
		}
		if o.Input != nil {
			g.visit(o.Input.Shape)
		}
		if o.Output != nil {
			g.visit(o.Output.Shape)
		}
	}
	for n := range g.needed {
		if m.Shapes[n].Type == "structure" {
			g.structs = append(g.structs, n)
		}
	}
	sort.Strings(g.structs)

	var b bytes.Buffer
	md := m.Metadata
	fmt.Fprintf(&b, "// Code generated by tools/awsgen from AWS's %s API model (%s). DO NOT EDIT.\n\n", md.ServiceID, md.APIVersion)
	fmt.Fprintf(&b, "package %s\n\nimport (\n\t\"time\"\n\n\t\"github.com/vpcsim/vpcsim/internal/protocol\"\n)\n\nvar _ time.Time\n\n", pkg)

	signing := md.SigningName
	if signing == "" {
		signing = md.EndpointPrefix
	}
	b.WriteString("// Service describes the service and the operations vpcsim decodes.\n")
	b.WriteString("var Service = &protocol.Service{\n")
	fmt.Fprintf(&b, "\tName: %q,\n\tSigningName: %q,\n\tProtocol: %q,\n\tAPIVersion: %q,\n", md.EndpointPrefix, signing, md.Protocol, md.APIVersion)
	if md.TargetPrefix != "" {
		fmt.Fprintf(&b, "\tTargetPrefix: %q,\n\tJSONVersion: %q,\n", md.TargetPrefix, md.JSONVersion)
	}
	ns := md.XMLNamespace
	if ns == "" && (md.Protocol == "query" || md.Protocol == "ec2") {
		ns = fmt.Sprintf("https://%s.amazonaws.com/doc/%s/", md.EndpointPrefix, md.APIVersion)
	}
	if ns != "" {
		fmt.Fprintf(&b, "\tXMLNamespace: %q,\n", ns)
	}
	if md.GlobalEndpoint != "" {
		b.WriteString("\tGlobal: true,\n")
	}
	b.WriteString("\tOperations: map[string]*protocol.Operation{\n")
	for _, op := range ops {
		o := m.Operations[op]
		fmt.Fprintf(&b, "\t\t%q: {Name: %q", op, op)
		if o.HTTP.Method != "" {
			fmt.Fprintf(&b, ", Method: %q, RequestURI: %q", o.HTTP.Method, o.HTTP.RequestURI)
		}
		if o.HTTP.ResponseCode != 0 {
			fmt.Fprintf(&b, ", ResponseCode: %d", o.HTTP.ResponseCode)
		}
		if o.Input != nil {
			fmt.Fprintf(&b, ", NewInput: func() any { return new(%s) }", goName(o.Input.Shape))
		} else {
			b.WriteString(", NewInput: func() any { return new(struct{}) }")
		}
		if o.Output != nil {
			fmt.Fprintf(&b, ", NewOutput: func() any { return new(%s) }", goName(o.Output.Shape))
			if o.Output.ResultWrapper != "" {
				fmt.Fprintf(&b, ", ResultWrapper: %q", o.Output.ResultWrapper)
			}
		}
		b.WriteString("},\n")
	}
	b.WriteString("\t},\n")
	all := make([]string, 0, len(m.Operations))
	for name := range m.Operations {
		all = append(all, name)
	}
	sort.Strings(all)
	b.WriteString("\tAllOperations: []string{\n")
	for _, name := range all {
		fmt.Fprintf(&b, "\t\t%q,\n", name)
	}
	b.WriteString("\t},\n\tEnums: Enums,\n}\n\n")

	var body bytes.Buffer
	for _, name := range g.structs {
		g.writeStruct(&body, name)
	}

	enumNames := make([]string, 0, len(g.enums))
	for n := range g.enums {
		enumNames = append(enumNames, n)
	}
	sort.Strings(enumNames)
	b.WriteString("// Enums holds the values of every enum shape the generated shapes use.\n")
	b.WriteString("var Enums = map[string][]string{\n")
	for _, n := range enumNames {
		fmt.Fprintf(&b, "\t%q: {", n)
		for i, v := range m.Shapes[n].Enum {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q", v)
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n\n")
	b.Write(body.Bytes())

	src, err := format.Source(b.Bytes())
	if err != nil {
		return b.Bytes(), fmt.Errorf("gofmt generated code: %w", err)
	}
	return src, nil
}

func (g *gen) visit(name string) {
	if g.needed[name] {
		return
	}
	s, ok := g.m.Shapes[name]
	if !ok {
		return
	}
	if len(s.Enum) > 0 {
		g.enums[name] = true
	}
	if s.Type != "structure" && s.Type != "list" && s.Type != "map" {
		return
	}
	g.needed[name] = true
	for _, sub := range []*member{s.Member, s.Key, s.Value} {
		if sub != nil {
			g.visit(sub.Shape)
		}
	}
	for _, mem := range s.Members {
		g.visit(mem.Shape)
	}
}

func (g *gen) writeStruct(b *bytes.Buffer, name string) {
	s := g.m.Shapes[name]
	what := "structure"
	if s.Exception {
		what = "error structure"
	}
	fmt.Fprintf(b, "// %s is the %s API %s of the same name.\ntype %s struct {\n", goName(name), g.m.Metadata.ServiceID, what, goName(name))
	if !g.ec2 && (s.LocationName != "" || s.XMLNamespace != nil) {
		opts := []string{"root=" + s.LocationName}
		if s.XMLNamespace != nil && s.XMLNamespace.URI != "" {
			opts = append(opts, "ns="+s.XMLNamespace.URI)
		}
		fmt.Fprintf(b, "\t_ struct{} `aws:\",%s\"`\n", strings.Join(opts, ","))
	}
	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	for _, fname := range g.order[name] {
		mem := s.Members[fname]
		goType := g.goTypeOf(mem.Shape, mem.Streaming)
		if g.ec2 {
			g.writeEC2Field(b, fname, mem, goType, required[fname])
			continue
		}
		fmt.Fprintf(b, "\t%s %s `aws:%q`\n", fieldName(fname), goType, g.awsTag(fname, mem, required[fname], s.Payload == fname))
	}
	b.WriteString("}\n\n")
}

// fieldName keeps member names as Go field names; a few collide with Go's
// reserved identifiers for struct fields only when they start lower-case.
func fieldName(n string) string { return goName(n) }

func (g *gen) writeEC2Field(b *bytes.Buffer, fname string, mem member, goType string, required bool) {
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
	if g.m.Shapes[mem.Shape].Type == "list" {
		elem += ">item"
	}
	tag := wire
	if required {
		tag += ",req"
	}
	fmt.Fprintf(b, "\t%s %s `ec2:%q xml:\"%s,omitempty\"`\n", fname, goType, tag, elem)
}

func (g *gen) awsTag(fname string, mem member, required, payload bool) string {
	target := g.m.Shapes[mem.Shape]
	wire := mem.LocationName
	if wire == "" {
		wire = fname
	}
	opts := []string{wire}
	if mem.Location != "" {
		opts = append(opts, "loc="+mem.Location)
	}
	if payload {
		opts = append(opts, "payload")
	}
	if mem.Streaming || target.Streaming {
		opts = append(opts, "streaming")
	}
	if mem.Flattened || target.Flattened {
		opts = append(opts, "flat")
	}
	switch target.Type {
	case "list":
		if target.Member != nil && target.Member.LocationName != "" {
			opts = append(opts, "member="+target.Member.LocationName)
		}
	case "map":
		if target.Key != nil && target.Key.LocationName != "" {
			opts = append(opts, "key="+target.Key.LocationName)
		}
		if target.Value != nil && target.Value.LocationName != "" {
			opts = append(opts, "value="+target.Value.LocationName)
		}
	case "timestamp":
		ts := mem.TimestampFmt
		if ts == "" {
			ts = target.TimestampFmt
		}
		if ts != "" {
			opts = append(opts, "ts="+ts)
		}
	case "integer", "long":
		if target.Min != nil {
			opts = append(opts, fmt.Sprintf("min=%d", int64(*target.Min)))
		}
		if target.Max != nil {
			opts = append(opts, fmt.Sprintf("max=%d", int64(*target.Max)))
		}
	case "string":
		if target.Min != nil && *target.Min > 0 {
			opts = append(opts, fmt.Sprintf("minlen=%d", int64(*target.Min)))
		}
		if len(target.Enum) > 0 {
			opts = append(opts, "enum="+mem.Shape)
		}
	}
	if mem.XMLAttribute {
		opts = append(opts, "attr")
	}
	if mem.XMLNamespace != nil && mem.XMLNamespace.URI != "" {
		opts = append(opts, "ns="+mem.XMLNamespace.URI)
	}
	if required {
		opts = append(opts, "req")
	}
	if mem.JSONValue {
		opts = append(opts, "jsonvalue")
	}
	if mem.Idempotency {
		opts = append(opts, "idem")
	}
	return strings.Join(opts, ",")
}

// goTypeOf maps a model shape to a Go type: structures by pointer, lists
// as slices, maps as maps, scalars by pointer so that absent differs from
// zero, blobs as []byte.
func (g *gen) goTypeOf(name string, streaming bool) string {
	s := g.m.Shapes[name]
	switch s.Type {
	case "structure":
		return "*" + goName(name)
	case "list":
		elem := g.goTypeOf(s.Member.Shape, false)
		if g.m.Shapes[s.Member.Shape].Type == "structure" {
			return "[]" + elem[1:]
		}
		if g.ec2 {
			return "[]" + strings.TrimPrefix(elem, "*")
		}
		return "[]" + strings.TrimPrefix(elem, "*")
	case "map":
		val := g.goTypeOf(s.Value.Shape, false)
		if g.m.Shapes[s.Value.Shape].Type != "structure" {
			val = strings.TrimPrefix(val, "*")
		}
		return "map[string]" + val
	case "blob":
		if g.ec2 {
			return "*string"
		}
		return "[]byte"
	case "string":
		return "*string"
	case "integer":
		return "*int32"
	case "long":
		return "*int64"
	case "boolean":
		return "*bool"
	case "double", "float":
		return "*float64"
	case "timestamp":
		return "*time.Time"
	case "document":
		return "any"
	}
	return "*string"
}
