package server

import (
	"net/http"
	"strings"
)

// credential is what a SigV4 credential scope says about the caller:
// Credential=<AKID>/<date>/<region>/<service>/aws4_request.
type credential struct {
	accessKey, region, service string
}

// parseCredential reads the credential scope from the Authorization header
// or, for presigned requests, the X-Amz-Credential query parameter.
// Signatures are not verified (an offline emulator has no secrets to check).
func parseCredential(r *http.Request) credential {
	var scope string
	if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "AWS4-") {
		for _, part := range strings.Split(auth[strings.IndexByte(auth, ' ')+1:], ",") {
			part = strings.TrimSpace(part)
			if v, ok := strings.CutPrefix(part, "Credential="); ok {
				scope = v
				break
			}
		}
	} else if v := r.URL.Query().Get("X-Amz-Credential"); v != "" {
		scope = v
	}
	parts := strings.Split(scope, "/")
	var c credential
	if len(parts) >= 4 {
		c.accessKey, c.region, c.service = parts[0], parts[2], parts[3]
	}
	return c
}

// accountFor maps an access key to an account: a key of 12 digits is that
// account; STS temporary credentials issued by vpcsim ("ASIA" + the
// 12-digit account + 4 characters, 20 in all) are their account's; any
// other key is the default account.
func accountFor(accessKey, defaultAccount string) string {
	if len(accessKey) == 12 && strings.Trim(accessKey, "0123456789") == "" {
		return accessKey
	}
	if len(accessKey) == 20 && strings.HasPrefix(accessKey, "ASIA") && strings.Trim(accessKey[4:16], "0123456789") == "" {
		return accessKey[4:16]
	}
	return defaultAccount
}
