package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/flowlog"
)

// trafficEndpoint runs a traffic file on a running server
// (POST /_vpcsim/traffic): the records of the caller's flow logs go to
// their destinations (CloudWatch Logs, S3); the run's summary is printed.
// The request is signed with the environment's AWS credentials when set
// (the key selects the account), as `vpcsim trace` does.
func trafficEndpoint(ctx context.Context, url, file string, seed uint64, stdin io.Reader, stdout, stderr io.Writer) int {
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(stderr, "vpcsim traffic: "+format+"\n", a...)
		return code
	}
	var in io.Reader = stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return fail(2, "traffic file: %v", err)
		}
		defer f.Close()
		in = f
	}
	body, err := io.ReadAll(io.LimitReader(in, flowlog.MaxTrafficBytes+1))
	if err != nil {
		return fail(2, "traffic file: %v", err)
	}
	if _, err := flowlog.ParseTraffic(bytes.NewReader(body)); err != nil {
		return fail(2, "%s: %v", file, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(url, "/")+"/_vpcsim/traffic?seed="+strconv.FormatUint(seed, 10), bytes.NewReader(body))
	if err != nil {
		return fail(2, "%v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if err := signAdmin(ctx, req, body); err != nil {
		return fail(1, "%v", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fail(1, "cannot reach vpcsim at %s: %v", url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fail(1, "%v", err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(raw, &e) == nil && e.Error != "" {
			return fail(1, "%s", e.Error)
		}
		return fail(1, "vpcsim at %s answered %s", url, resp.Status)
	}
	_, _ = stdout.Write(raw)
	return 0
}
