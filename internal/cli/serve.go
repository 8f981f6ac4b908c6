package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

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

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:4566", "address to listen on")
	data := fs.String("data", defaultDataDir(), "data directory (an embedded database)")
	ephemeral := fs.Bool("ephemeral", false, "keep everything in memory; nothing is written to disk")
	seed := fs.Int64("seed", 0, "make generated ids deterministic (0: random)")
	account := fs.String("account", "123456789012", "default account id (for access keys that are not 12 digits)")
	region := fs.String("region", "us-east-1", "region for requests without a SigV4 credential scope")
	allowRemote := fs.Bool("allow-remote", false, "allow listening on a non-loopback address and answer any Host (anyone who can reach the port can change the world)")
	var allowHosts hostList
	fs.Var(&allowHosts, "allow-host", "a further Host name requests may address, e.g. vpcsim.test or *.vpcsim.test (repeatable)")
	maxConns := fs.Int("max-connections", 512, "connections served at once (more wait in the listen backlog)")
	strictAuth := fs.Bool("strict-auth", false, "verify every request's SigV4 signature against --credentials (the access key selects the account); unsigned or badly signed requests are refused")
	credsFile := fs.String("credentials", os.Getenv("VPCSIM_CREDENTIALS"), "file of access keys for --strict-auth, one a line: ACCESS_KEY_ID SECRET_ACCESS_KEY [ACCOUNT_ID] (default $VPCSIM_CREDENTIALS)")
	quotas := fs.String("quotas", "off", "adjustable quotas: 'aws' enforces AWS's default quotas, 'off' does not (fixed limits are always enforced)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
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
	} else if isFlagSet(fs, "credentials") {
		fmt.Fprintln(stderr, "vpcsim serve: --credentials is used by --strict-auth only; add --strict-auth")
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	opts := store.Options{Seed: *seed}
	if !*ephemeral {
		opts.Dir = *data
	}
	started := time.Now()
	st, err := store.Open(opts)
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
	where := "memory (ephemeral)"
	if opts.Dir != "" {
		where = opts.Dir
	}
	if *allowRemote {
		log.Warn("listening without the Host check (--allow-remote): any client that can reach the port can change the world", "listen", ln.Addr().String())
	}
	if *strictAuth {
		log.Info("strict authentication: every request must be SigV4-signed by a configured key or vpcsim-issued STS credentials", "keys", len(creds))
	}
	log.Info("vpcsim serving", "url", "http://"+ln.Addr().String(), "data", where, "revision", st.Revision(), "ready_in", time.Since(started).Round(time.Millisecond), "version", Version)
	fmt.Fprintf(stdout, "vpcsim %s serving http://%s\n", Version, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(shut)
		return 0
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return 0
		}
		fmt.Fprintf(stderr, "vpcsim serve: %v\n", err)
		return 1
	}
}

// hostList is a repeatable --allow-host flag.
type hostList []string

func (h *hostList) String() string { return strings.Join(*h, ",") }

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

// isFlagSet reports whether the command line set flag name.
func isFlagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
