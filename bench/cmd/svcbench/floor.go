package main

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
)

// startFloor starts, in this process, an HTTP server that answers the
// measured operations with fixed, well-formed replies and keeps no state:
// the client-side floor (SDK signing, checksums, parsing, loopback HTTP)
// that no server can beat on this machine. It is not an emulator: it is
// reported for reference only and never in the ratios. Setup and the
// read-back checks are skipped for it.
func startFloor() *target {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	srv := &http.Server{Handler: http.HandlerFunc(floorHandler)}
	go func() { _ = srv.Serve(ln) }()
	return &target{name: "floor", mode: "no-op Go HTTP server inside svcbench (fixed replies, no state, no signature check): the client's own cost", url: "http://" + ln.Addr().String(),
		served: map[string]bool{"logs": true, "s3": true, "iam": true}, floor: true, closer: srv.Close}
}

const getRoleXML = `<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><Path>/</Path><RoleName>` + roleName + `</RoleName><RoleId>AROAFLOORFLOORFLOOR01</RoleId><Arn>arn:aws:iam::123456789012:role/` + roleName + `</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate></Role></GetRoleResult><ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata></GetRoleResponse>`

func floorHandler(w http.ResponseWriter, r *http.Request) {
	h := md5.New()
	if _, err := io.Copy(h, r.Body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	switch {
	case r.Header.Get("X-Amz-Target") != "":
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = io.WriteString(w, `{}`)
	case r.Method == http.MethodPost && r.URL.Path == "/":
		w.Header().Set("Content-Type", "text/xml")
		_, _ = io.WriteString(w, getRoleXML)
	case r.Method == http.MethodPut:
		w.Header().Set("ETag", `"`+hex.EncodeToString(h.Sum(nil))+`"`)
	case r.Method == http.MethodGet:
		// /svcbench/get-4k/NNN or /svcbench/get-1m/NNN
		parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"+bucket+"/"), "/")
		bodies := small
		if len(parts) == 2 && parts[0] == "get-1m" {
			bodies = large
		}
		i, err := strconv.Atoi(parts[len(parts)-1])
		if err != nil || i < 0 || i >= len(bodies) {
			http.Error(w, "no such key", http.StatusNotFound)
			return
		}
		w.Header().Set("ETag", bodies[i].etag)
		w.Header().Set("Content-Length", fmt.Sprint(len(bodies[i].data)))
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write(bodies[i].data)
	default:
		http.Error(w, "unsupported", http.StatusBadRequest)
	}
}
