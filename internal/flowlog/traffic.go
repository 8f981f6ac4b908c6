package flowlog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// Limits of a traffic description, so that a file cannot make the engine
// run unbounded.
const (
	// MaxTrafficBytes bounds a traffic file.
	MaxTrafficBytes = 64 << 20
	// MaxFlows bounds the flows of one run after repeat expansion.
	MaxFlows = 20_000_000
	// MaxSpan bounds the simulated time of one run (31 days).
	MaxSpan = 31 * 24 * 3600
)

// Traffic is a traffic description: the simulated time span and the flows
// to run through the world. See docs/traffic.md for the file format.
type Traffic struct {
	// Start and End bound the simulated time (Unix seconds). Capture
	// windows overlapping [Start, End) are written, NODATA included.
	Start, End int64
	Flows      []Flow
	// Background, when set, adds generated traffic (see Background).
	Background *Background
}

// Flow is one connection (or one-way stream) between two endpoints.
type Flow struct {
	// Source and Destination are what `vpcsim trace` takes: an ENI id, an
	// instance id, a NAT gateway id, igw-... for the internet, or an IP
	// address (an interface's private address or an internet address).
	Source      string `json:"source"`
	Destination string `json:"destination"`
	// SourceIP and DestinationIP pin the packet addresses when an
	// endpoint is given by id (an internet address behind igw-...).
	SourceIP      string `json:"sourceIp,omitempty"`
	DestinationIP string `json:"destinationIp,omitempty"`
	// Protocol: tcp, udp, icmp, icmpv6 or a number.
	Protocol   string `json:"protocol"`
	Port       uint16 `json:"port,omitempty"`
	SourcePort uint16 `json:"sourcePort,omitempty"` // 0: a deterministic ephemeral port
	IPv6       bool   `json:"ipv6,omitempty"`
	// At is the start, in seconds after the traffic's start.
	At float64 `json:"at"`
	// Duration is the time from the first to the last request packet,
	// in seconds. Rate (packets per second) gives it instead:
	// (Packets-1)/Rate.
	Duration float64 `json:"duration,omitempty"`
	Rate     float64 `json:"rate,omitempty"`
	Packets  int64   `json:"packets"`
	Bytes    int64   `json:"bytes"`
	// Reply is the response stream; nil means as many packets and bytes
	// as the request over the same time. Packets 0: no response.
	Reply *Reply `json:"reply,omitempty"`
	// SYN and FIN: whether the capture sees the connection open and
	// close (TCP only; default true). A flow cut in segments uses
	// "syn": false on the later ones and "fin": false on the earlier.
	SYN *bool `json:"syn,omitempty"`
	FIN *bool `json:"fin,omitempty"`
	// Repeat runs the flow this many times (default 1), Every seconds
	// apart, source port advancing by one each time.
	Repeat int     `json:"repeat,omitempty"`
	Every  float64 `json:"every,omitempty"`
}

// Reply describes the response stream of a flow.
type Reply struct {
	Packets int64 `json:"packets"`
	Bytes   int64 `json:"bytes"`
	// At is the first response packet, seconds after the flow's start
	// (default 0); Duration the time to the last (default the request's).
	At       *float64 `json:"at,omitempty"`
	Duration *float64 `json:"duration,omitempty"`
}

type trafficFile struct {
	Start json.RawMessage `json:"start"`
	End   json.RawMessage `json:"end"`
	// Duration is an alternative to End: seconds or a Go duration ("1h").
	Duration json.RawMessage `json:"duration"`
	Flows    []Flow          `json:"flows"`
	// Background is opt-in generated traffic.
	Background *Background `json:"background"`
}

// ParseTraffic reads a JSON traffic file (docs/traffic.md).
func ParseTraffic(r io.Reader) (*Traffic, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxTrafficBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read traffic: %w", err)
	}
	if len(data) > MaxTrafficBytes {
		return nil, fmt.Errorf("traffic file larger than %d bytes", MaxTrafficBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f trafficFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("traffic file: %w", err)
	}
	t := &Traffic{Flows: f.Flows, Background: f.Background}
	if t.Start, err = parseTime(f.Start); err != nil {
		return nil, fmt.Errorf("traffic file: start: %w", err)
	}
	switch {
	case len(f.End) > 0:
		if t.End, err = parseTime(f.End); err != nil {
			return nil, fmt.Errorf("traffic file: end: %w", err)
		}
	case len(f.Duration) > 0:
		d, err := parseSeconds(f.Duration)
		if err != nil {
			return nil, fmt.Errorf("traffic file: duration: %w", err)
		}
		t.End = t.Start + int64(math.Ceil(d))
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return t, nil
}

// parseTime takes Unix seconds or an RFC 3339 string.
func parseTime(raw json.RawMessage) (int64, error) {
	if len(raw) == 0 {
		return 0, errors.New("missing")
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		v, err := n.Int64()
		if err != nil {
			return 0, fmt.Errorf("want whole Unix seconds: %w", err)
		}
		return v, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return 0, errors.New("want Unix seconds or an RFC 3339 time")
	}
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return 0, err
	}
	return tm.Unix(), nil
}

// parseSeconds takes seconds (a number) or a Go duration string.
func parseSeconds(raw json.RawMessage) (float64, error) {
	var n float64
	if err := json.Unmarshal(raw, &n); err == nil {
		return n, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return 0, errors.New("want seconds or a duration such as \"1h\"")
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, err
	}
	return d.Seconds(), nil
}

// Validate checks the traffic's bounds and every flow.
func (t *Traffic) Validate() error {
	if t.Start < 0 {
		return errors.New("traffic: start before the Unix epoch")
	}
	if t.End == 0 {
		t.End = t.Start + t.lastFlowEnd()
	}
	if t.End <= t.Start {
		return errors.New("traffic: end must be after start")
	}
	if t.End-t.Start > MaxSpan {
		return fmt.Errorf("traffic: span longer than %d seconds", MaxSpan)
	}
	if t.Background != nil {
		if err := t.Background.validate(); err != nil {
			return fmt.Errorf("traffic: background: %w", err)
		}
	}
	total := 0
	for i := range t.Flows {
		if err := t.Flows[i].validate(); err != nil {
			return fmt.Errorf("traffic: flow %d: %w", i+1, err)
		}
		total += max(1, t.Flows[i].Repeat)
		if total > MaxFlows {
			return fmt.Errorf("traffic: more than %d flows", MaxFlows)
		}
	}
	return nil
}

func (t *Traffic) lastFlowEnd() int64 {
	var end float64 = 1
	for i := range t.Flows {
		f := &t.Flows[i]
		e := f.At + f.duration() + float64(max(0, f.Repeat-1))*f.Every
		end = max(end, e+1)
	}
	return int64(math.Ceil(end))
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func (f *Flow) validate() error {
	switch {
	case strings.TrimSpace(f.Source) == "" || strings.TrimSpace(f.Destination) == "":
		return errors.New("source and destination are required")
	case f.Protocol == "":
		return errors.New("protocol is required")
	case f.Packets < 1:
		return errors.New("packets must be at least 1")
	case f.Bytes < f.Packets:
		return errors.New("bytes must be at least packets")
	case !finite(f.At) || f.At < 0 || f.At > MaxSpan:
		return errors.New("at must be within the traffic's span")
	case !finite(f.Duration) || f.Duration < 0 || f.Duration > MaxSpan:
		return errors.New("duration must be between 0 and the maximum span")
	case !finite(f.Rate) || f.Rate < 0:
		return errors.New("rate must be positive")
	case f.Duration > 0 && f.Rate > 0:
		return errors.New("give duration or rate, not both")
	case f.Repeat < 0 || f.Repeat > MaxFlows:
		return errors.New("repeat out of range")
	case !finite(f.Every) || f.Every < 0 || (f.Repeat > 1 && f.Every <= 0):
		return errors.New("every must be positive when repeat is more than 1")
	case f.Packets > 1<<40 || f.Bytes > 1<<50:
		return errors.New("packets or bytes too large")
	}
	if _, err := protocolNumber(f.Protocol); err != nil {
		return err
	}
	if r := f.Reply; r != nil {
		switch {
		case r.Packets < 0 || r.Bytes < r.Packets || r.Packets > 1<<40 || r.Bytes > 1<<50:
			return errors.New("reply: packets must be at least 0 and bytes at least packets")
		case r.At != nil && (!finite(*r.At) || *r.At < 0 || *r.At > MaxSpan):
			return errors.New("reply: at out of range")
		case r.Duration != nil && (!finite(*r.Duration) || *r.Duration < 0 || *r.Duration > MaxSpan):
			return errors.New("reply: duration out of range")
		}
	}
	return nil
}

// duration is the request stream's length in seconds.
func (f *Flow) duration() float64 {
	if f.Rate > 0 && f.Packets > 1 {
		return float64(f.Packets-1) / f.Rate
	}
	return f.Duration
}

func protocolNumber(p string) (int, error) {
	switch strings.ToLower(p) {
	case "tcp":
		return 6, nil
	case "udp":
		return 17, nil
	case "icmp":
		return 1, nil
	case "icmpv6":
		return 58, nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 0 || n > 255 {
		return 0, fmt.Errorf("protocol %q: want tcp, udp, icmp, icmpv6 or 0-255", p)
	}
	return n, nil
}
