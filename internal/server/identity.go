package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	iamctl "github.com/vpcsim/vpcsim/internal/control/iam"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// credential is what a SigV4 credential scope says about the caller:
// Credential=<AKID>/<date>/<region>/<service>/aws4_request.
type credential struct {
	accessKey, region, service string
}

// parseCredential reads the credential scope from the Authorization header
// or, for presigned requests, the X-Amz-Credential query parameter.
// Signatures are verified only in strict mode (authenticate).
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

// Credential is one configured access key for strict authentication.
type Credential struct {
	AccessKeyID     string
	SecretAccessKey string
	// Account is the 12-digit account the key acts in.
	Account string
}

// Credentials are the access keys strict authentication accepts, by id.
type Credentials map[string]Credential

// ParseCredentials reads a credentials file: one key a line,
//
//	ACCESS_KEY_ID SECRET_ACCESS_KEY [ACCOUNT_ID]
//
// separated by spaces, tabs or commas; blank lines and lines starting with
// '#' are ignored. Without an account, a 12-digit key id is its own
// account and any other key acts in defaultAccount.
func ParseCredentials(data []byte, defaultAccount string) (Credentials, error) {
	out := Credentials{}
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' })
		if len(f) < 2 || len(f) > 3 {
			return nil, fmt.Errorf("credentials line %d: want ACCESS_KEY_ID SECRET_ACCESS_KEY [ACCOUNT_ID], got %d fields", n+1, len(f))
		}
		c := Credential{AccessKeyID: f[0], SecretAccessKey: f[1], Account: accountFor(f[0], defaultAccount)}
		if len(f) == 3 {
			c.Account = f[2]
		}
		if !twelveDigits(c.Account) {
			return nil, fmt.Errorf("credentials line %d: account %q is not 12 digits", n+1, c.Account)
		}
		if _, dup := out[c.AccessKeyID]; dup {
			return nil, fmt.Errorf("credentials line %d: access key %s is listed twice", n+1, c.AccessKeyID)
		}
		out[c.AccessKeyID] = c
	}
	if len(out) == 0 {
		return nil, errors.New("the credentials file lists no access key")
	}
	return out, nil
}

func twelveDigits(s string) bool {
	return len(s) == 12 && strings.Trim(s, "0123456789") == ""
}

// authenticate returns the account a request acts in. Without strict
// authentication it is the one the credential scope's key id maps to
// (accountFor), signatures unchecked. With it the request must carry a
// valid SigV4 signature (header or presigned query) by a configured key or
// by STS temporary credentials vpcsim issued, made within 15 minutes of
// now; the key selects the account. svc chooses the error vocabulary.
func (s *Server) authenticate(r *http.Request, body []byte, svc *protocol.Service) (string, *awserr.Error) {
	if !s.opts.StrictAuth {
		return accountFor(parseCredential(r).accessKey, s.opts.DefaultAccount), nil
	}
	presigned := r.Header.Get("Authorization") == ""
	sig, aerr := parseSigV4(r)
	if aerr != nil {
		return "", authErr(svc, presigned, aerr)
	}
	secret, account, aerr := s.secretFor(sig)
	if aerr != nil {
		return "", authErr(svc, presigned, aerr)
	}
	if aerr := sig.checkTime(s.now()); aerr != nil {
		return "", authErr(svc, presigned, aerr)
	}
	if aerr := sig.verify(r, body, secret, svc != nil && svc.Name == "s3"); aerr != nil {
		return "", authErr(svc, presigned, aerr)
	}
	return account, nil
}

// secretFor finds the secret and account of the signature's key: a
// configured key, or STS temporary credentials vpcsim issued (their
// session token must come with them, and they must not have expired).
func (s *Server) secretFor(sig *sigv4) (secret, account string, aerr *authError) {
	if c, ok := s.opts.Credentials[sig.accessKey]; ok {
		return c.SecretAccessKey, c.Account, nil
	}
	if iamctl.IsSessionKey(sig.accessKey) {
		sess, ok := iamctl.SessionKind.In(s.ctl.Snapshot()).Get(sig.accessKey)
		switch {
		case !ok || sess.SessionToken != sig.securityToken:
			return "", "", authFail(authUnknownKey, "unknown temporary credentials")
		case !s.now().Before(sess.Expiration):
			return "", "", authFail(authExpiredToken, "the temporary credentials expired at %s", sess.Expiration.Format(time.RFC3339))
		}
		return sess.SecretAccessKey, sess.Account, nil
	}
	return "", "", authFail(authUnknownKey, "unknown access key id %s", sig.accessKey)
}

// now is the time signatures are checked against.
func (s *Server) now() time.Time {
	if s.opts.Clock != nil {
		return s.opts.Clock().UTC()
	}
	return time.Now().UTC()
}
