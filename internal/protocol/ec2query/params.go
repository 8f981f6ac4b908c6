package ec2query

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// ReadParams merges a request's query string and form body into Params (a
// body parameter replaces a query-string one of the same name; within one
// source a repeated name keeps its first value).
//
// Parsing is strict, so that nothing the caller sent is silently dropped: a
// pair whose name or value is not properly percent-encoded is AWS's
// MalformedQueryString ("The query string contains a syntax error", EC2's
// common client errors), and a name or value that is not valid UTF-8 after
// decoding is refused with InvalidParameterValue. AWS documents no code for
// the latter; refusing it at decode keeps what is stored in memory and on
// disk (JSON, which would coerce it to U+FFFD) identical byte for byte.
func ReadParams(req *protocol.Request) (Params, error) {
	p := Params{}
	if req.HTTP != nil && req.HTTP.URL != nil {
		if err := addPairs(p, req.HTTP.URL.RawQuery); err != nil {
			return nil, err
		}
	}
	if len(req.Body) > 0 {
		body := Params{}
		if err := addPairs(body, string(req.Body)); err != nil {
			return nil, err
		}
		for k, v := range body {
			p[k] = v
		}
	}
	return p, nil
}

// addPairs parses the form-encoded string s into p, first value first.
func addPairs(p Params, s string) error {
	for s != "" {
		var pair string
		pair, s, _ = strings.Cut(s, "&")
		if pair == "" {
			continue
		}
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			return awserr.New("MalformedQueryString", "The query string contains a syntax error: the parameter name %q is not properly URL-encoded.", rawKey)
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return awserr.New("MalformedQueryString", "The query string contains a syntax error: the value of parameter %s is not properly URL-encoded.", printable(key))
		}
		if !utf8.ValidString(key) {
			return awserr.InvalidParameterValue("The parameter name %q is not valid UTF-8.", key)
		}
		if !utf8.ValidString(value) {
			return awserr.InvalidParameterValue("The value of parameter %s is not valid UTF-8.", key)
		}
		if _, dup := p[key]; !dup {
			p[key] = value
		}
	}
	return nil
}

// printable quotes s when it holds bytes an error message should not carry
// raw.
func printable(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return s
	}
	return strconv.Quote(s)
}
