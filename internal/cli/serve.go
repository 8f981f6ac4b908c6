package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

// defaultDataDir is $XDG_DATA_HOME/vpcsim, else ~/.local/share/vpcsim.
func defaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "vpcsim")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "vpcsim")
	}
	return "vpcsim-data"
}

// serve runs `vpcsim serve args...` (kept for the tests that call it).
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return Main(ctx, append([]string{"serve"}, args...), nil, stdout, stderr)
}

const serveLong = `Serves AWS's APIs on one port: EC2 (the VPC and its networking), STS,
IAM, S3, CloudWatch Logs, RDS, ElastiCache and Redshift, each in its own
protocol, so that Terraform, the AWS CLI and the SDKs work unchanged with
their endpoint set to the server's URL. The caller's account is the access
key id when it is 12 digits, else --account; the region is the SigV4
credential scope's.

Everything created persists in --data (an embedded database, written
before each answer) unless --ephemeral keeps it in memory. One server per
data directory.

Logs go to stderr: a start-up line (address, data directory or "in
memory", account, region, version), one line per request (time, account,
region, service, action, HTTP status, error code and message, duration,
request id), and a shutdown line. Requests that succeed and client errors
(4xx) log at info, server errors (5xx) at error (501 NotImplemented, a
REST operation or service vpcsim does not emulate, at warn); the
/_vpcsim/health probe logs at debug. --log-level warn keeps only problems.

Admin routes on the same port: GET /_vpcsim/health, GET /_vpcsim/status
(vpcsim status), POST /_vpcsim/trace (vpcsim trace), POST /_vpcsim/traffic
(vpcsim traffic --endpoint), POST /_vpcsim/reset (vpcsim reset).`

const serveExample = `  vpcsim serve
  vpcsim serve --ephemeral --seed 1 --listen 127.0.0.1:4567
  vpcsim serve --data ./state --log-level debug --log-format json
  vpcsim serve --strict-auth --credentials ./keys --quotas aws`

func newServeCmd(std streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "serve",
		Short:   "Serve the AWS APIs on one port",
		Long:    serveLong,
		Example: serveExample,
		Args:    cobra.NoArgs,
	}
	fs := cmd.Flags()
	o := serveOptions{}
	fs.StringVar(&o.listen, "listen", "127.0.0.1:4566", "address to listen on")
	fs.StringVar(&o.listen, "addr", "127.0.0.1:4566", "the same as --listen")
	fs.StringVar(&o.data, "data", defaultDataDir(), "data directory (an embedded database)")
	fs.BoolVar(&o.ephemeral, "ephemeral", false, "keep everything in memory; nothing is written to disk")
	fs.Int64Var(&o.seed, "seed", 0, "make generated ids deterministic (0: random)")
	fs.StringVar(&o.account, "account", "123456789012", "default account id (for access keys that are not 12 digits)")
	fs.StringVar(&o.region, "region", "us-east-1", "region for requests without a SigV4 credential scope")
	fs.BoolVar(&o.allowRemote, "allow-remote", false, "allow listening on a non-loopback address and answer any Host (anyone who can reach the port can change the world)")
	fs.Var(&o.allowHosts, "allow-host", "a further Host name requests may address, e.g. vpcsim.test or *.vpcsim.test (repeatable)")
	fs.IntVar(&o.maxConns, "max-connections", 512, "connections served at once (more wait in the listen backlog)")
	fs.BoolVar(&o.strictAuth, "strict-auth", false, "verify every request's SigV4 signature against --credentials (the access key selects the account); unsigned or badly signed requests are refused")
	fs.StringVar(&o.credsFile, "credentials", os.Getenv("VPCSIM_CREDENTIALS"), "file of access keys for --strict-auth, one a line: ACCESS_KEY_ID SECRET_ACCESS_KEY [ACCOUNT_ID] (default $VPCSIM_CREDENTIALS)")
	fs.StringVar(&o.quotas, "quotas", "off", "adjustable quotas: 'aws' enforces AWS's default quotas, 'off' does not (fixed limits are always enforced)")
	fs.StringVar(&o.logLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&o.logFormat, "log-format", "text", "text (key=value) or json, one line per record, on stderr")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		o.credsSet = cmd.Flags().Changed("credentials")
		return done(runServe(cmd.Context(), o, std.stdout, std.stderr))
	}
	return cmd
}

// serveOptions are `vpcsim serve`'s flags.
type serveOptions struct {
	listen, data, account, region, credsFile, quotas, logLevel, logFormat string
	ephemeral, allowRemote, strictAuth, credsSet                          bool
	seed                                                                  int64
	allowHosts                                                            hostList
	maxConns                                                              int
}

// newLogger returns the server's logger: level and format from the flags,
// to w.
func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil || !slices.Contains([]string{"debug", "info", "warn", "error"}, strings.ToLower(level)) {
		return nil, fmt.Errorf("--log-level must be debug, info, warn or error, not %q", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format must be text or json, not %q", format)
}

func runServe(ctx context.Context, o serveOptions, stdout, stderr io.Writer) int {
	listen, data, ephemeral, seed, account, region := &o.listen, &o.data, &o.ephemeral, &o.seed, &o.account, &o.region
	allowRemote, allowHosts, maxConns, strictAuth, credsFile, quotas := &o.allowRemote, o.allowHosts, &o.maxConns, &o.strictAuth, &o.credsFile, &o.quotas
	log, err := newLogger(stderr, o.logLevel, o.logFormat)
	if err != nil {
		fmt.Fprintf(stderr, "vpcsim serve: %v\n", err)
		return 2
	}
	if !twelveDigitAccount(*account) {
		fmt.Fprintf(stderr, "vpcsim serve: --account must be a 12-digit account id, not %q\n", *account)
		return 2
	}
	if *quotas != "aws" && *quotas != "off" {
		fmt.Fprintf(stderr, "vpcsim serve: --quotas must be 'aws' or 'off', not %q\n", *quotas)
		return 2
	}
	if !loopbackListen(*listen) && !*allowRemote {
		fmt.Fprintf(stderr, "vpcsim serve: --listen %s is not a loopback address: anyone who can reach it could change or wipe the world. Pass --allow-remote to do it anyway.\n", *listen)
		return 2
	}
	var creds server.Credentials
	if *strictAuth {
		if *credsFile == "" {
			fmt.Fprintln(stderr, "vpcsim serve: --strict-auth needs --credentials FILE (lines: ACCESS_KEY_ID SECRET_ACCESS_KEY [ACCOUNT_ID])")
			return 2
		}
		data, err := os.ReadFile(*credsFile)
		if err == nil {
			creds, err = server.ParseCredentials(data, *account)
		}
		if err != nil {
			fmt.Fprintf(stderr, "vpcsim serve: --credentials %s: %v\n", *credsFile, err)
			return 2
		}
	} else if o.credsSet {
		fmt.Fprintln(stderr, "vpcsim serve: --credentials is used by --strict-auth only; add --strict-auth")
		return 2
	}
	opts := store.Options{Seed: *seed}
	if !*ephemeral {
		opts.Dir = *data
	}
	started := time.Now()
	var st *store.Store
	st, err = store.Open(opts)
	if err != nil {
		fmt.Fprintf(stderr, "vpcsim serve: %v\n", err)
		return 1
	}
	defer st.Close()
	ctl := control.New(st, control.Options{AWSQuotas: *quotas == "aws"})
	srv := server.New(ctl, server.Options{
		DefaultAccount: *account, DefaultRegion: *region, Version: Version, Logger: log,
		ListenAddr: *listen, AllowedHosts: allowHosts, AllowRemote: *allowRemote,
		StrictAuth: *strictAuth, Credentials: creds,
	})
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "vpcsim serve: %v\n", err)
		return 1
	}
	// Bounded: headers within 10 s, idle keep-alive connections closed
	// after 2 minutes, a reply written within 10 minutes (a large S3
	// object), at most maxConnections connections at once. The server
	// bounds request bodies itself (size, time, bytes in flight).
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		WriteTimeout:      10 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	ln = server.LimitListener(ln, *maxConns)
	where := "in memory (--ephemeral: nothing is written)"
	if opts.Dir != "" {
		where = opts.Dir
	}
	if *allowRemote {
		log.Warn("listening without the Host check (--allow-remote): any client that can reach the port can change the world", "listen", ln.Addr().String())
	}
	if *strictAuth {
		log.Info("strict authentication: every request must be SigV4-signed by a configured key or vpcsim-issued STS credentials", "keys", len(creds))
	}
	log.Info("vpcsim serving", "url", "http://"+ln.Addr().String(), "data", where, "account", *account, "region", *region, "revision", st.Revision(), "ready_in", time.Since(started).Round(time.Millisecond), "version", Version, "commit", buildCommit())
	fmt.Fprintf(stdout, "vpcsim %s serving http://%s\n", Version, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case <-ctx.Done():
		log.Info("vpcsim shutting down", "reason", context.Cause(ctx).Error())
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(shut); err != nil {
			log.Warn("requests still running at shutdown were cut", "error", err.Error())
		}
		log.Info("vpcsim stopped", "revision", st.Revision(), "uptime", time.Since(started).Round(time.Second))
		return 0
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return 0
		}
		log.Error("vpcsim stopped", "error", err.Error())
		fmt.Fprintf(stderr, "vpcsim serve: %v\n", err)
		return 1
	}
}

// hostList is a repeatable --allow-host flag.
type hostList []string

// String joins the hosts.
func (h *hostList) String() string { return strings.Join(*h, ",") }

// Type names the flag's value in the help.
func (h *hostList) Type() string { return "host" }

// Set adds comma-separated hosts.
func (h *hostList) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*h = append(*h, part)
		}
	}
	return nil
}

// loopbackListen reports whether addr listens on loopback only.
func loopbackListen(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && ip.IsLoopback()
}
