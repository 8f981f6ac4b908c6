package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"

	s3api "github.com/vpcsim/vpcsim/internal/api/s3"
	"github.com/vpcsim/vpcsim/internal/awserr"
	logsc "github.com/vpcsim/vpcsim/internal/control/logs"
	"github.com/vpcsim/vpcsim/internal/flowlog"
	"github.com/vpcsim/vpcsim/internal/flowlog/deliver"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/store"
)

// newDeliverer returns the flow log delivery over ctl's store. S3 files
// are written through the served S3 API's handler, so that they land in
// the blob store S3 reads.
func (s *Server) newDeliverer() *deliver.Deliverer {
	var objects deliver.ObjectWriter
	for _, b := range s.services {
		if b.Service.Name == "s3" {
			objects = s3Objects{b.Handler}
		}
	}
	return deliver.New(s.ctl.Store(), logsc.New(s.ctl.Store(), logsc.Options{}), objects)
}

// s3Objects writes flow log files with the S3 API's PutObject.
type s3Objects struct{ h protocol.Handler }

func (o s3Objects) PutObject(ctx context.Context, scope model.Scope, bucket, key string, body []byte) error {
	acl, ctype := "bucket-owner-full-control", "application/octet-stream"
	_, err := o.h.Handle(ctx, &protocol.Call{Account: scope.Account, Region: scope.Region, Service: "s3", Operation: "PutObject"},
		&s3api.PutObjectRequest{Bucket: &bucket, Key: &key, Body: body, ACL: &acl, ContentType: &ctype})
	return err
}

// serveTraffic answers POST /_vpcsim/traffic: the body is a traffic file
// (docs/traffic.md); its flows run through the world and the records of
// the caller's flow logs are delivered to their CloudWatch Logs groups and
// S3 buckets. ?seed=N makes ports deterministic. The answer is the run's
// summary as JSON. Flows may name only the caller's resources.
func (s *Server) serveTraffic(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		adminError(w, &awserr.Error{Code: "MethodNotAllowed", Message: "use POST with a traffic file", Status: http.StatusMethodNotAllowed})
		return
	}
	var body []byte
	if r.Body != nil {
		b, err := io.ReadAll(io.LimitReader(r.Body, flowlog.MaxTrafficBytes+1))
		if err != nil {
			adminError(w, awserr.New("IncompleteBody", "The request body could not be read: %s", err.Error()))
			return
		}
		if len(b) > flowlog.MaxTrafficBytes {
			adminError(w, &awserr.Error{Code: "RequestEntityTooLarge", Message: "A traffic file is at most 64 MiB", Status: http.StatusRequestEntityTooLarge})
			return
		}
		body = b
	}
	scope, aerr := s.adminCaller(r, body)
	if aerr != nil {
		adminError(w, aerr)
		return
	}
	var opts flowlog.Options
	if v := r.URL.Query().Get("seed"); v != "" {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			adminError(w, awserr.InvalidParameterValue("seed must be an unsigned integer, not %q", v))
			return
		}
		opts.Seed = seed
	}
	t, err := flowlog.ParseTraffic(strings.NewReader(string(body)))
	if err != nil {
		adminError(w, awserr.InvalidParameterValue("%s", err.Error()))
		return
	}
	if msg := foreignEndpoint(s.ctl.Snapshot(), scope.Account, t); msg != "" {
		adminError(w, awserr.InvalidParameterValue("%s", msg))
		return
	}
	res, err := s.newDeliverer().Run(r.Context(), scope.Account, t, opts)
	if err != nil {
		adminError(w, toAWS(err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(res)
}

// foreignEndpoint returns a message when a flow names an interface,
// instance or NAT gateway of another account (or none): traffic is run for
// the caller's resources only.
func foreignEndpoint(w *store.World, account string, t *flowlog.Traffic) string {
	owner := func(id string) (string, bool) {
		prefix, _, _ := strings.Cut(id, "-")
		var m *model.Meta
		switch prefix {
		case "i":
			if v, ok := w.Instances.Get(id); ok {
				m = &v.Meta
			}
		case "eni":
			if v, ok := w.NetworkInterfaces.Get(id); ok {
				m = &v.Meta
			}
		case "nat":
			if v, ok := w.NatGateways.Get(id); ok {
				m = &v.Meta
			}
		default:
			return "", true // an address or a gateway: not an account's resource
		}
		if m == nil {
			return "", false
		}
		return m.Account, true
	}
	for i, f := range t.Flows {
		for _, id := range []string{f.Source, f.Destination} {
			acct, ok := owner(id)
			if !ok || (acct != "" && acct != account) {
				return "flow " + strconv.Itoa(i+1) + ": " + id + " is not a resource of account " + account
			}
		}
	}
	return ""
}
