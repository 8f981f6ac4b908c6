package server

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// guard refuses what a web page on the user's machine could send: a
// browser's cross-site request (Sec-Fetch-Site cross-site or same-site, or
// an Origin that is not a loopback name), and a DNS-rebinding request (a
// Host that is not a loopback name, the listen address or an allowed
// host). AWS's SDKs, CLI and Terraform send neither Origin nor
// Sec-Fetch-Site and address the server by the endpoint they were given.
// With Options.AllowRemote the Host check is off (the server listens on a
// non-loopback address on purpose); the browser checks stay on.
func (s *Server) guard(r *http.Request) *awserr.Error {
	switch strings.ToLower(r.Header.Get("Sec-Fetch-Site")) {
	case "cross-site", "same-site":
		return forbidden("vpcsim refuses cross-site browser requests (Sec-Fetch-Site: %s)", r.Header.Get("Sec-Fetch-Site"))
	}
	if origin := r.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		if origin == "null" || err != nil || u.Host == "" || !s.allowedHost(u.Host) {
			return forbidden("vpcsim refuses requests from the web origin %q", origin)
		}
	}
	if !s.opts.AllowRemote && !s.allowedHost(r.Host) {
		return forbidden("vpcsim answers only requests addressed to a loopback name or its listen address, not %q (allow it with --allow-host)", r.Host)
	}
	return nil
}

// allowedHost reports whether host (with or without a port) is a loopback
// IP, localhost or a subdomain of it, the listen host, or an allowed host
// ("*.example.test" allows every subdomain).
func (s *Server) allowedHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "" {
		return true // HTTP/1.0 without Host: nothing to rebind
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return ip.IsLoopback() || ip.String() == s.listenHost()
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || host == s.listenHost() {
		return true
	}
	for _, a := range s.opts.AllowedHosts {
		a = strings.ToLower(a)
		if host == a || strings.HasPrefix(a, "*.") && strings.HasSuffix(host, a[1:]) {
			return true
		}
	}
	return false
}

func (s *Server) listenHost() string {
	h, _, err := net.SplitHostPort(s.opts.ListenAddr)
	if err != nil {
		return ""
	}
	return strings.ToLower(strings.Trim(h, "[]"))
}

func forbidden(format string, args ...any) *awserr.Error {
	e := awserr.New("AccessDenied", format, args...)
	e.Status = http.StatusForbidden
	return e
}
