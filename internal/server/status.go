package server

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// Status is the answer of GET /_vpcsim/status (what `vpcsim status`
// prints).
type Status struct {
	Status         string          `json:"status"`
	Version        string          `json:"version"`
	Revision       uint64          `json:"revision"`
	DataDir        string          `json:"dataDirectory"` // "" when in memory
	Ephemeral      bool            `json:"ephemeral"`
	DefaultAccount string          `json:"defaultAccount"`
	DefaultRegion  string          `json:"defaultRegion"`
	StrictAuth     bool            `json:"strictAuth"`
	Started        time.Time       `json:"started"`
	Uptime         string          `json:"uptime"`
	Services       []StatusService `json:"services"`
}

// StatusService is one served service in Status.
type StatusService struct {
	Name       string `json:"name"`
	Protocol   string `json:"protocol"`
	APIVersion string `json:"apiVersion"`
	Served     int    `json:"operations"`
	InModel    int    `json:"operationsInModel"`
}

// serveStatus answers GET /_vpcsim/status: health, version, revision,
// data directory, default account and region, and the served services.
func (s *Server) serveStatus(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		adminError(w, &awserr.Error{Code: "MethodNotAllowed", Message: "use GET", Status: http.StatusMethodNotAllowed})
		return
	}
	st := Status{
		Status: "ok", Version: s.opts.Version, Revision: s.ctl.Store().Revision(),
		DataDir: s.ctl.Store().Dir(), DefaultAccount: s.opts.DefaultAccount, DefaultRegion: s.opts.DefaultRegion,
		StrictAuth: s.opts.StrictAuth, Started: s.started.UTC().Truncate(time.Second),
		Uptime: time.Since(s.started).Round(time.Second).String(),
	}
	st.Ephemeral = st.DataDir == ""
	for _, b := range s.services {
		st.Services = append(st.Services, StatusService{b.Service.Name, b.Service.Protocol, b.Service.APIVersion, len(b.Handler.Served()), len(b.Service.AllOperations)})
	}
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(st)
}

// adminNotFound answers a /_vpcsim/ path that is no admin route.
func adminNotFound(w http.ResponseWriter, r *http.Request) {
	e := &awserr.Error{Code: "NotFound", Status: http.StatusNotFound,
		Message: "no vpcsim admin route " + r.URL.Path + " (routes: /_vpcsim/health, /_vpcsim/status, /_vpcsim/trace, /_vpcsim/traffic, /_vpcsim/reset)"}
	if l, ok := w.(*requestLog); ok {
		l.failed(e.Code, e.Message)
	}
	adminError(w, e)
}
