package server

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/textproto"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Signature Version 4, verified as AWS documents it: "Create a signed AWS
// API request" and "Elements of an AWS API request signature" (IAM user
// guide) for the header and presigned-query forms, and Amazon S3's
// "Authenticating Requests (AWS Signature Version 4)" for the payload hash
// header and the aws-chunked streaming upload ("Signature calculations for
// the Authorization header: Transferring payload in multiple chunks").
const (
	sigAlgorithm     = "AWS4-HMAC-SHA256"
	sigTerminator    = "aws4_request"
	amzDateLayout    = "20060102T150405Z"
	maxClockSkew     = 15 * time.Minute
	maxPresignExpiry = 7 * 24 * time.Hour

	unsignedPayload          = "UNSIGNED-PAYLOAD"
	streamingSigned          = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
	streamingSignedTrailer   = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
	streamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
)

// emptySHA256 is the hex SHA-256 of no bytes.
var emptySHA256 = hexSHA256(nil)

// authKind classifies why a request's authentication failed; each service
// family names it with its own error code (autherr.go).
type authKind int

const (
	authMissing        authKind = iota + 1 // no signature at all
	authMalformed                          // a signature that does not follow SigV4
	authUnknownKey                         // an access key id vpcsim does not know
	authExpiredToken                       // STS temporary credentials past their expiration
	authMismatch                           // the signature is not the one the secret gives
	authSkewed                             // the request time is more than 15 minutes off
	authPresignExpired                     // a presigned URL past its X-Amz-Expires
	authBodyHash                           // x-amz-content-sha256 is not the body's hash
	authNoBodyHash                         // S3 without x-amz-content-sha256
)

// authError is a failed authentication: its kind and what was wrong.
type authError struct {
	kind   authKind
	detail string
}

func authFail(kind authKind, format string, args ...any) *authError {
	return &authError{kind: kind, detail: fmt.Sprintf(format, args...)}
}

// sigv4 is a request's parsed signature.
type sigv4 struct {
	accessKey, date, region, service string
	signedHeaders                    []string
	signature                        string
	amzDate                          string // as signed, ISO 8601 basic
	time                             time.Time
	presigned                        bool
	expires                          time.Duration
	securityToken                    string
}

// scope is the credential scope: date/region/service/aws4_request.
func (s *sigv4) scope() string {
	return s.date + "/" + s.region + "/" + s.service + "/" + sigTerminator
}

// signed reports whether r carries a SigV4 signature of either form.
func signed(r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	return auth != "" || r.URL.Query().Has("X-Amz-Signature") || r.URL.Query().Has("X-Amz-Credential")
}

// parseSigV4 reads the signature of r from its Authorization header or,
// presigned, from its query.
func parseSigV4(r *http.Request) (*sigv4, *authError) {
	s := &sigv4{}
	var cred, signedHeaders string
	if auth := r.Header.Get("Authorization"); auth != "" {
		alg, rest, _ := strings.Cut(auth, " ")
		if alg != sigAlgorithm {
			return nil, authFail(authMalformed, "Unsupported authorization type %q: vpcsim verifies AWS Signature Version 4 (%s)", alg, sigAlgorithm)
		}
		for _, part := range strings.Split(rest, ",") {
			k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
			if !ok {
				return nil, authFail(authMalformed, "Authorization header requires each component to be of the form key=value, not %q", strings.TrimSpace(part))
			}
			switch k {
			case "Credential":
				cred = v
			case "SignedHeaders":
				signedHeaders = v
			case "Signature":
				s.signature = v
			}
		}
		for _, need := range []struct{ name, v string }{{"Credential", cred}, {"SignedHeaders", signedHeaders}, {"Signature", s.signature}} {
			if need.v == "" {
				return nil, authFail(authMalformed, "Authorization header requires '%s' parameter. Authorization=%s", need.name, auth)
			}
		}
		s.amzDate = r.Header.Get("X-Amz-Date")
		if s.amzDate == "" {
			if d := r.Header.Get("Date"); d != "" {
				t, err := http.ParseTime(d)
				if err != nil {
					return nil, authFail(authMalformed, "The Date header %q is not an HTTP date", d)
				}
				s.amzDate = t.UTC().Format(amzDateLayout)
			}
		}
		if s.amzDate == "" {
			return nil, authFail(authMalformed, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=%s", auth)
		}
		s.securityToken = r.Header.Get("X-Amz-Security-Token")
	} else {
		q := r.URL.Query()
		if !q.Has("X-Amz-Signature") && !q.Has("X-Amz-Credential") {
			return nil, authFail(authMissing, "the request carries no signature")
		}
		if alg := q.Get("X-Amz-Algorithm"); alg != sigAlgorithm {
			return nil, authFail(authMalformed, "X-Amz-Algorithm only supports %q, not %q", sigAlgorithm, alg)
		}
		for _, need := range []string{"X-Amz-Credential", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Date", "X-Amz-Expires"} {
			if q.Get(need) == "" {
				return nil, authFail(authMalformed, "Query-string authentication requires the %s parameter", need)
			}
		}
		cred, signedHeaders, s.signature, s.amzDate = q.Get("X-Amz-Credential"), q.Get("X-Amz-SignedHeaders"), q.Get("X-Amz-Signature"), q.Get("X-Amz-Date")
		secs, err := strconv.ParseInt(q.Get("X-Amz-Expires"), 10, 64)
		if err != nil || secs < 0 {
			return nil, authFail(authMalformed, "X-Amz-Expires should be a number of seconds, not %q", q.Get("X-Amz-Expires"))
		}
		if time.Duration(secs)*time.Second > maxPresignExpiry {
			return nil, authFail(authMalformed, "X-Amz-Expires must be less than a week (in seconds) that is 604800")
		}
		s.expires = time.Duration(secs) * time.Second
		s.presigned = true
		s.securityToken = q.Get("X-Amz-Security-Token")
	}
	parts := strings.Split(cred, "/")
	if len(parts) != 5 || parts[0] == "" || parts[4] != sigTerminator {
		return nil, authFail(authMalformed, "Credential should be scoped to a valid region, a service and end with %s: %q", sigTerminator, cred)
	}
	s.accessKey, s.date, s.region, s.service = parts[0], parts[1], parts[2], parts[3]
	t, err := time.Parse(amzDateLayout, s.amzDate)
	if err != nil {
		return nil, authFail(authMalformed, "X-Amz-Date %q is not an ISO 8601 basic date-time (YYYYMMDDTHHMMSSZ)", s.amzDate)
	}
	s.time = t
	if s.date != s.amzDate[:8] {
		return nil, authFail(authMalformed, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s'", s.date, s.amzDate[:8])
	}
	for _, h := range strings.Split(signedHeaders, ";") {
		if h == "" || h != strings.ToLower(h) {
			return nil, authFail(authMalformed, "SignedHeaders must be lower-case header names separated by ';': %q", signedHeaders)
		}
		s.signedHeaders = append(s.signedHeaders, h)
	}
	if !contains(s.signedHeaders, "host") {
		return nil, authFail(authMalformed, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
	}
	return s, nil
}

// checkTime enforces the 15 minutes of clock skew AWS allows and, for a
// presigned request, its expiry.
func (s *sigv4) checkTime(now time.Time) *authError {
	if s.presigned {
		if now.Before(s.time.Add(-maxClockSkew)) {
			return authFail(authSkewed, "Signature not yet current: %s is still later than %s (%s + 15 min.)", s.amzDate, now.Add(maxClockSkew).Format(amzDateLayout), now.Format(amzDateLayout))
		}
		if now.After(s.time.Add(s.expires)) {
			return authFail(authPresignExpired, "Request has expired: it was signed at %s for %d seconds", s.amzDate, int64(s.expires/time.Second))
		}
		return nil
	}
	switch {
	case now.Sub(s.time) > maxClockSkew:
		return authFail(authSkewed, "Signature expired: %s is now earlier than %s (%s - 15 min.)", s.amzDate, now.Add(-maxClockSkew).Format(amzDateLayout), now.Format(amzDateLayout))
	case s.time.Sub(now) > maxClockSkew:
		return authFail(authSkewed, "Signature not yet current: %s is still later than %s (%s + 15 min.)", s.amzDate, now.Add(maxClockSkew).Format(amzDateLayout), now.Format(amzDateLayout))
	}
	return nil
}

// payloadHash returns the payload hash the canonical request ends with:
// the x-amz-content-sha256 header (S3 requires it; a hex value must be the
// body's hash), UNSIGNED-PAYLOAD for a presigned S3 URL, else the body's
// hash.
func (s *sigv4) payloadHash(r *http.Request, body []byte, isS3 bool) (string, *authError) {
	h := r.Header.Get("X-Amz-Content-Sha256")
	if s.presigned && h == "" {
		h = r.URL.Query().Get("X-Amz-Content-Sha256")
	}
	switch {
	case h == "" && s.presigned && isS3:
		return unsignedPayload, nil
	case h == "" && isS3:
		return "", authFail(authNoBodyHash, "Missing required header for this request: x-amz-content-sha256")
	case h == "":
		return hexSHA256(body), nil
	case h == unsignedPayload, h == streamingUnsignedTrailer:
		return h, nil
	case h == streamingSigned, h == streamingSignedTrailer:
		if s.presigned {
			return "", authFail(authMalformed, "%s cannot be used with a presigned URL", h)
		}
		return h, nil
	}
	if len(h) != 64 || strings.Trim(strings.ToLower(h), "0123456789abcdef") != "" {
		return "", authFail(authBodyHash, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-UNSIGNED-PAYLOAD-TRAILER or a valid SHA-256 hex digest, not %q", h)
	}
	if got := hexSHA256(body); !strings.EqualFold(h, got) {
		return "", authFail(authBodyHash, "The provided 'x-amz-content-sha256' header does not match what was computed. Client: %s, computed: %s", h, got)
	}
	return strings.ToLower(h), nil
}

// canonicalRequest builds the canonical request of r. The URI path is the
// path as the client sent it: S3 signs it as is, every other service
// URI-encodes it once more.
func (s *sigv4) canonicalRequest(r *http.Request, payloadHash string, isS3 bool) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	path := rawPath(r)
	if !isS3 {
		path = uriEncode(path, false)
	}
	b.WriteString(path)
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(r.URL.RawQuery, s.presigned))
	b.WriteByte('\n')
	for _, h := range s.signedHeaders {
		b.WriteString(h)
		b.WriteByte(':')
		b.WriteString(headerValue(r, h))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(s.signedHeaders, ";"))
	b.WriteByte('\n')
	b.WriteString(payloadHash)
	return b.String()
}

// stringToSign is the string the signature is the HMAC of.
func (s *sigv4) stringToSign(canonical string) string {
	return sigAlgorithm + "\n" + s.amzDate + "\n" + s.scope() + "\n" + hexSHA256([]byte(canonical))
}

// signingKey derives the key of the credential scope from the secret.
func (s *sigv4) signingKey(secret string) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), s.date)
	k = hmacSHA256(k, s.region)
	k = hmacSHA256(k, s.service)
	return hmacSHA256(k, sigTerminator)
}

// verify checks the signature of r (and of each chunk of an aws-chunked
// streaming body) with secret.
func (s *sigv4) verify(r *http.Request, body []byte, secret string, isS3 bool) *authError {
	hash, aerr := s.payloadHash(r, body, isS3)
	if aerr != nil {
		return aerr
	}
	key := s.signingKey(secret)
	want := hex.EncodeToString(hmacSHA256(key, s.stringToSign(s.canonicalRequest(r, hash, isS3))))
	if !hmac.Equal([]byte(want), []byte(strings.ToLower(s.signature))) {
		return authFail(authMismatch, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
	}
	if hash == streamingSigned || hash == streamingSignedTrailer {
		return s.verifyChunks(body, key, hash == streamingSignedTrailer)
	}
	return nil
}

// verifyChunks checks an aws-chunked body's chunk signatures, each chained
// to the previous one from the seed signature of the headers:
//
//	hex-size;chunk-signature=sig\r\n data \r\n ... 0;chunk-signature=sig\r\n [trailers] \r\n
//
// With trailers, the x-amz-trailer-signature covers the trailing headers.
func (s *sigv4) verifyChunks(body []byte, key []byte, trailer bool) *authError {
	prev := strings.ToLower(s.signature)
	rest := body
	malformed := authFail(authMalformed, "The aws-chunked body does not follow the chunk format of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD upload")
	for {
		i := bytes.Index(rest, []byte("\r\n"))
		if i < 0 {
			return malformed
		}
		sizeField, ext, _ := strings.Cut(string(rest[:i]), ";")
		rest = rest[i+2:]
		n, err := strconv.ParseUint(strings.TrimSpace(sizeField), 16, 63)
		sig, ok := strings.CutPrefix(strings.TrimSpace(ext), "chunk-signature=")
		if err != nil || !ok || uint64(len(rest)) < n {
			return malformed
		}
		data := rest[:n]
		rest = rest[n:]
		sts := "AWS4-HMAC-SHA256-PAYLOAD\n" + s.amzDate + "\n" + s.scope() + "\n" + prev + "\n" + emptySHA256 + "\n" + hexSHA256(data)
		want := hex.EncodeToString(hmacSHA256(key, sts))
		if !hmac.Equal([]byte(want), []byte(strings.ToLower(sig))) {
			return authFail(authMismatch, "The request signature we calculated does not match the signature you provided for a chunk of the aws-chunked body.")
		}
		prev = want
		if n == 0 {
			break
		}
		if !bytes.HasPrefix(rest, []byte("\r\n")) {
			return malformed
		}
		rest = rest[2:]
	}
	if !trailer {
		return nil
	}
	// Trailing headers, the last of them x-amz-trailer-signature.
	var canon strings.Builder
	for {
		i := bytes.Index(rest, []byte("\r\n"))
		if i < 0 {
			return malformed
		}
		line := string(rest[:i])
		rest = rest[i+2:]
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return malformed
		}
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "x-amz-trailer-signature" {
			sts := "AWS4-HMAC-SHA256-TRAILER\n" + s.amzDate + "\n" + s.scope() + "\n" + prev + "\n" + hexSHA256([]byte(canon.String()))
			want := hex.EncodeToString(hmacSHA256(key, sts))
			if !hmac.Equal([]byte(want), []byte(strings.ToLower(strings.TrimSpace(value)))) {
				return authFail(authMismatch, "The request signature we calculated does not match the signature you provided for the trailing headers of the aws-chunked body.")
			}
			return nil
		}
		canon.WriteString(name + ":" + strings.TrimSpace(value) + "\n")
	}
}

// rawPath is the request's path as sent on the wire.
func rawPath(r *http.Request) string {
	p := r.RequestURI
	if strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://") {
		if u, err := url.Parse(p); err == nil {
			p = u.EscapedPath()
		}
	} else if p == "" || p == "*" {
		p = r.URL.EscapedPath()
	}
	p, _, _ = strings.Cut(p, "?")
	if p == "" {
		p = "/"
	}
	return p
}

// canonicalQuery sorts the query's parameters by name, then value, each
// URI-encoded; a presigned request's X-Amz-Signature is left out.
func canonicalQuery(raw string, presigned bool) string {
	if raw == "" {
		return ""
	}
	type kv struct{ k, v string }
	var pairs []kv
	for _, p := range strings.Split(raw, "&") {
		if p == "" {
			continue
		}
		k, v, _ := strings.Cut(p, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		if uv, err := url.QueryUnescape(v); err == nil {
			v = uv
		}
		if presigned && k == "X-Amz-Signature" {
			continue
		}
		pairs = append(pairs, kv{uriEncode(k, true), uriEncode(v, true)})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		b.WriteByte('=')
		b.WriteString(p.v)
	}
	return b.String()
}

// headerValue is a signed header's canonical value: its values joined by
// commas, each trimmed with inner runs of spaces collapsed.
func headerValue(r *http.Request, name string) string {
	var vals []string
	switch name {
	case "host":
		vals = []string{r.Host}
	case "content-length":
		vals = r.Header.Values("Content-Length")
		if len(vals) == 0 && r.ContentLength >= 0 {
			vals = []string{strconv.FormatInt(r.ContentLength, 10)}
		}
	case "transfer-encoding":
		vals = r.TransferEncoding
	default:
		vals = r.Header.Values(textproto.CanonicalMIMEHeaderKey(name))
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = strings.Join(strings.Fields(v), " ")
	}
	return strings.Join(out, ",")
}

// uriEncode percent-encodes every byte but the unreserved characters
// (A-Z a-z 0-9 - _ . ~) and, unless encodeSlash, '/'.
func uriEncode(s string, encodeSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		case c == '/' && !encodeSlash:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

func hexSHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
