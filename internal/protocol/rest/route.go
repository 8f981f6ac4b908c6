package rest

import (
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/vpcsim/vpcsim/internal/protocol"
)

// segment is one path segment of a URI template.
type segment struct {
	literal string // a literal segment, when label is ""
	label   string // a label name
	greedy  bool   // {Label+}: the rest of the path
}

// queryPart is one literal query key of a URI template.
type queryPart struct {
	key      string
	value    string
	hasValue bool
}

// Route is one operation's compiled URI template.
type Route struct {
	// Op is the operation the route serves.
	Op *protocol.Operation

	segs     []segment
	query    []queryPart
	literals int // literal path segments
	// reqQuery and reqHeader list the wire names of the input's required
	// querystring and header members.
	reqQuery  []string
	reqHeader []string
	inSize    int
	outSize   int
}

// Router routes requests to the operations of one service.
type Router struct {
	routes []*Route
	byName map[string]*Route
}

var routers sync.Map // *protocol.Service -> *Router

// RouterFor returns the (cached) router of svc's operations.
func RouterFor(svc *protocol.Service) *Router {
	if r, ok := routers.Load(svc); ok {
		return r.(*Router)
	}
	r := NewRouter(svc)
	v, _ := routers.LoadOrStore(svc, r)
	return v.(*Router)
}

// NewRouter compiles the routes of svc's operations that carry an HTTP
// method and URI.
func NewRouter(svc *protocol.Service) *Router {
	r := &Router{byName: map[string]*Route{}}
	names := make([]string, 0, len(svc.Operations))
	for n := range svc.Operations {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		op := svc.Operations[n]
		if op.Method == "" || op.RequestURI == "" {
			continue
		}
		rt := CompileRoute(op)
		r.routes = append(r.routes, rt)
		r.byName[op.Name] = rt
	}
	return r
}

// CompileRoute compiles op's RequestURI.
func CompileRoute(op *protocol.Operation) *Route {
	rt := &Route{Op: op}
	path, query, _ := strings.Cut(op.RequestURI, "?")
	for _, s := range splitPath(path) {
		switch {
		case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}"):
			name := s[1 : len(s)-1]
			greedy := strings.HasSuffix(name, "+")
			rt.segs = append(rt.segs, segment{label: strings.TrimSuffix(name, "+"), greedy: greedy})
		default:
			rt.segs = append(rt.segs, segment{literal: s})
			rt.literals++
		}
	}
	if query != "" {
		for _, p := range strings.Split(query, "&") {
			if p == "" {
				continue
			}
			k, v, has := strings.Cut(p, "=")
			rt.query = append(rt.query, queryPart{key: k, value: v, hasValue: has})
		}
	}
	if op.NewInput != nil {
		if t := structType(op.NewInput()); t != nil {
			info := protocol.Describe(t)
			rt.inSize = len(info.Fields)
			for _, f := range info.Fields {
				if !f.Tag.Required {
					continue
				}
				switch f.Tag.Loc {
				case "querystring":
					rt.reqQuery = append(rt.reqQuery, f.Tag.Wire)
				case "header":
					rt.reqHeader = append(rt.reqHeader, f.Tag.Wire)
				}
			}
		}
	}
	if op.NewOutput != nil {
		if t := structType(op.NewOutput()); t != nil {
			rt.outSize = len(protocol.Describe(t).Fields)
		}
	}
	return rt
}

func structType(v any) reflect.Type {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	return t
}

// splitPath splits an escaped path into its segments; "/" has none, and a
// trailing slash adds no empty segment.
func splitPath(p string) []string {
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// MatchPath matches an escaped request path against the route's template
// and returns the URL-decoded labels.
func (rt *Route) MatchPath(escaped string) (map[string]string, bool) {
	rest := strings.TrimPrefix(escaped, "/")
	var labels map[string]string
	for i, s := range rt.segs {
		if s.greedy {
			if rest == "" {
				return nil, false
			}
			v, err := unescape(rest)
			if err != nil {
				return nil, false
			}
			if labels == nil {
				labels = make(map[string]string, len(rt.segs))
			}
			labels[s.label] = v
			rest = ""
			break
		}
		seg, tail, _ := strings.Cut(rest, "/")
		rest = tail
		if seg == "" {
			return nil, false
		}
		if s.label == "" {
			if seg != s.literal {
				if u, err := unescape(seg); err != nil || u != s.literal {
					return nil, false
				}
			}
			continue
		}
		v, err := unescape(seg)
		if err != nil {
			return nil, false
		}
		if labels == nil {
			labels = make(map[string]string, len(rt.segs)-i)
		}
		labels[s.label] = v
	}
	return labels, rest == ""
}

// unescape URL-decodes a path segment; '+' stays '+'.
func unescape(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	return url.PathUnescape(s)
}

// matchQuery reports whether the query carries the template's literal keys.
func (rt *Route) matchQuery(q url.Values) bool {
	for _, p := range rt.query {
		vs, ok := q[p.key]
		if !ok {
			return false
		}
		if p.hasValue && (len(vs) == 0 || vs[0] != p.value) {
			return false
		}
	}
	return true
}

// LiteralQueryKey reports whether key is one of the template's literal
// query keys.
func (rt *Route) LiteralQueryKey(key string) bool {
	for _, p := range rt.query {
		if p.key == key {
			return true
		}
	}
	return false
}

// Match matches a request against the route (method, path and literal
// query keys) and returns its labels.
func (rt *Route) Match(r *http.Request, q url.Values) (map[string]string, bool) {
	if r.Method != rt.Op.Method {
		return nil, false
	}
	if !rt.matchQuery(q) {
		return nil, false
	}
	return rt.MatchPath(r.URL.EscapedPath())
}

// score is a candidate's specificity, compared field by field.
type score struct {
	xid      bool
	literalQ int
	allReq   bool
	present  int
	literals int
	name     string
	in, out  int
}

func (rt *Route) score(r *http.Request, q url.Values) score {
	s := score{literalQ: len(rt.query), literals: rt.literals, name: rt.Op.Name, in: rt.inSize, out: rt.outSize, allReq: true}
	s.xid = q.Get("x-id") == rt.Op.Name
	for _, k := range rt.reqQuery {
		if _, ok := q[k]; ok {
			s.present++
		} else {
			s.allReq = false
		}
	}
	for _, h := range rt.reqHeader {
		if _, ok := r.Header[http.CanonicalHeaderKey(h)]; ok {
			s.present++
		} else {
			s.allReq = false
		}
	}
	return s
}

// better reports whether a beats b.
func better(a, b score) bool {
	switch {
	case a.xid != b.xid:
		return a.xid
	case a.literalQ != b.literalQ:
		return a.literalQ > b.literalQ
	case a.allReq != b.allReq:
		return a.allReq
	case a.present != b.present:
		return a.present > b.present
	case a.literals != b.literals:
		return a.literals > b.literals
	case a.name != b.name && strings.HasPrefix(a.name, b.name):
		return true // GetBucketLifecycleConfiguration supersedes GetBucketLifecycle
	case a.name != b.name && strings.HasPrefix(b.name, a.name):
		return false
	case a.in != b.in:
		return a.in > b.in
	}
	return a.out > b.out
}

// MatchResult tells why a request matched no route.
type MatchResult int

const (
	// Matched means an operation was found.
	Matched MatchResult = iota
	// MethodMismatch means the path (and query) matched some operation,
	// but not with the request's method.
	MethodMismatch
	// NoRoute means no operation's URI matches the request.
	NoRoute
)

// Match returns the most specific route for the request, with its labels.
func (rtr *Router) Match(r *http.Request) (*Route, map[string]string, MatchResult) {
	q := r.URL.Query()
	var (
		best       *Route
		bestLabels map[string]string
		bestScore  score
	)
	escaped := r.URL.EscapedPath()
	for _, rt := range rtr.routes {
		if r.Method != rt.Op.Method {
			continue
		}
		if !rt.matchQuery(q) {
			continue
		}
		labels, ok := rt.MatchPath(escaped)
		if !ok {
			continue
		}
		s := rt.score(r, q)
		// Routes are sorted by name, so on a full tie the first name wins.
		if best == nil || better(s, bestScore) {
			best, bestLabels, bestScore = rt, labels, s
		}
	}
	if best != nil {
		return best, bestLabels, Matched
	}
	for _, rt := range rtr.routes {
		if rt.matchQuery(q) {
			if _, ok := rt.MatchPath(escaped); ok {
				return nil, nil, MethodMismatch
			}
		}
	}
	return nil, nil, NoRoute
}

// Route returns the compiled route of the named operation.
func (rtr *Router) Route(name string) *Route {
	return rtr.byName[name]
}
