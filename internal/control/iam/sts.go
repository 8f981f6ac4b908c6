package iam

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	iammodel "github.com/vpcsim/vpcsim/internal/model/iam"
	"github.com/vpcsim/vpcsim/internal/policy"
	"github.com/vpcsim/vpcsim/internal/store"
)

// STS limits (AssumeRole and GetSessionToken API references, "IAM and AWS
// STS quotas").
const (
	defaultAssumeSeconds    = 3600   // AssumeRole default duration
	roleChainingSeconds     = 3600   // "role chaining limits your session to a maximum of one hour"
	defaultSessionTokenSecs = 43200  // GetSessionToken default for IAM users
	rootSessionTokenSecs    = 3600   // account owners: at most, and by default, one hour
	maxSessionTokenSecs     = 129600 // GetSessionToken maximum
	packedPolicyLimit       = 2048   // session policy characters the packed size is measured against
	maxSessionsPerAccount   = 10000  // vpcsim's bound on live sessions kept per account
)

// Identity is who a request's credentials act as.
type Identity struct {
	Account string
	// ARN is the caller's ARN: the account root or an assumed-role session.
	ARN string
	// UserID is GetCallerIdentity's UserId.
	UserID string
	// Session is set for temporary credentials.
	Session *iammodel.Session
}

// ExpiredToken is STS's answer to expired temporary credentials.
func expiredToken() *awserr.Error {
	return &awserr.Error{Code: "ExpiredToken", Message: "The security token included in the request is expired", Status: http.StatusForbidden}
}

func invalidToken() *awserr.Error {
	return &awserr.Error{Code: "InvalidClientTokenId", Message: "The security token included in the request is invalid.", Status: http.StatusForbidden}
}

// IsSessionKey reports whether an access key id has the form of STS
// temporary credentials issued by vpcsim: "ASIA" + 12 digits + 4 more.
func IsSessionKey(key string) bool {
	if len(key) != 20 || !strings.HasPrefix(key, "ASIA") {
		return false
	}
	for i := 4; i < 16; i++ {
		if key[i] < '0' || key[i] > '9' {
			return false
		}
	}
	return true
}

// identity resolves the credentials of a request: a session's access key
// is that session; any other key is the root user of account (the server's
// identity rule), whose UserId is the access key as vpcsim has always
// answered.
func identity(w *store.World, now time.Time, accessKey, account string) (Identity, *awserr.Error) {
	if IsSessionKey(accessKey) {
		sess, ok := SessionKind.In(w).Get(accessKey)
		if !ok {
			return Identity{}, invalidToken()
		}
		if !now.Before(sess.Expiration) {
			return Identity{}, expiredToken()
		}
		return Identity{Account: sess.Account, ARN: sess.ARN, UserID: sess.UserID, Session: sess}, nil
	}
	user := accessKey
	if user == "" {
		user = "AKIAVPCSIM"
	}
	return Identity{Account: account, ARN: "arn:aws:iam::" + account + ":root", UserID: user}, nil
}

// CallerIdentity answers GetCallerIdentity for the request's credentials.
func (s *Service) CallerIdentity(ctx context.Context, accessKey, account string) (Identity, error) {
	var id Identity
	// A transaction without changes: it reads the clock (for expiry) and
	// commits nothing.
	err := s.update(ctx, func(tx *store.Tx) error {
		var err *awserr.Error
		id, err = identity(tx.World, tx.Now(), accessKey, account)
		if err != nil {
			return err
		}
		return nil
	})
	return id, err
}

// AssumeRoleInput is AssumeRole's input with the caller's credentials.
type AssumeRoleInput struct {
	AccessKey, Account, Region string
	RoleARN                    string
	SessionName                string
	DurationSeconds            int32 // 0: the default, one hour
	Policy                     string
	PolicyARNs                 []string
	ExternalID                 string
	SourceIdentity             string
	Tags                       []model.Tag
	MFA                        bool // SerialNumber and TokenCode were given
}

// AssumeRoleResult is AssumeRole's answer.
type AssumeRoleResult struct {
	Session *iammodel.Session
	// AssumedRoleID is "<RoleId>:<session name>".
	AssumedRoleID string
	// PackedPolicySize is the percentage of the packed session policy and
	// tag allowance used, set when a session policy or tags were passed.
	PackedPolicySize *int32
}

// checkSessionName validates a RoleSessionName ([\w+=,.@-]*, 2..64).
func checkSessionName(member, v string) *awserr.Error {
	if len(v) > 64 {
		return validation(member, v, "Member must have length less than or equal to 64")
	}
	for i := 0; i < len(v); i++ {
		if !isNameChar(v[i]) {
			return validation(member, v, `Member must satisfy regular expression pattern: [\w+=,.@-]*`)
		}
	}
	return nil
}

// splitRoleARN returns the account and role name of a role ARN.
func splitRoleARN(arn string) (account, name string, ok bool) {
	rest, ok := strings.CutPrefix(arn, "arn:aws:iam::")
	if !ok {
		return "", "", false
	}
	account, res, ok := strings.Cut(rest, ":")
	if !ok || len(account) != 12 || strings.Trim(account, "0123456789") != "" || !strings.HasPrefix(res, "role/") {
		return "", "", false
	}
	name = res[strings.LastIndexByte(res, '/')+1:]
	return account, name, name != ""
}

// roleDocuments returns the parsed identity policies and boundary of a
// role, for role chaining.
func roleDocuments(w *store.World, r *iammodel.Role) (ids []*policy.Document, boundary *policy.Document) {
	add := func(doc string) {
		if d, err := policy.Parse(doc); err == nil {
			ids = append(ids, d)
		}
	}
	names := make([]string, 0, len(r.InlinePolicies))
	for n := range r.InlinePolicies {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		add(r.InlinePolicies[n])
	}
	for _, arn := range r.AttachedPolicies {
		if p, ok := policyByARN(w, r.Account, arn); ok {
			add(p.DefaultDocument())
		}
	}
	if r.PermissionsBoundary != "" {
		if p, ok := policyByARN(w, r.Account, r.PermissionsBoundary); ok {
			boundary, _ = policy.Parse(p.DefaultDocument())
		}
	}
	return ids, boundary
}

// sessionPolicies returns the parsed session policies of a session.
func sessionPolicies(w *store.World, sess *iammodel.Session) []*policy.Document {
	var out []*policy.Document
	if sess.Policy != "" {
		if d, err := policy.Parse(sess.Policy); err == nil {
			out = append(out, d)
		}
	}
	for _, arn := range sess.PolicyARNs {
		if p, ok := policyByARN(w, sess.Account, arn); ok {
			if d, err := policy.Parse(p.DefaultDocument()); err == nil {
				out = append(out, d)
			}
		}
	}
	return out
}

// AssumeRole issues temporary credentials for a role after evaluating the
// role's trust policy for the caller (AssumeRole API reference; "Policy
// evaluation logic": a role trust policy must allow the caller even in the
// role's own account, and across accounts the caller's account must allow
// too).
func (s *Service) AssumeRole(ctx context.Context, in AssumeRoleInput) (AssumeRoleResult, error) {
	if err := checkSessionName("roleSessionName", in.SessionName); err != nil {
		return AssumeRoleResult{}, err
	}
	if in.SourceIdentity != "" {
		if err := checkSessionName("sourceIdentity", in.SourceIdentity); err != nil {
			return AssumeRoleResult{}, err
		}
	}
	if len(in.ExternalID) > 1224 {
		return AssumeRoleResult{}, validation("externalId", in.ExternalID, "Member must have length less than or equal to 1224")
	}
	for i := 0; i < len(in.ExternalID); i++ {
		if c := in.ExternalID[i]; !isNameChar(c) && c != ':' && c != '/' {
			return AssumeRoleResult{}, validation("externalId", in.ExternalID, `Member must satisfy regular expression pattern: [\w+=,.@:\/-]*`)
		}
	}
	if len(in.PolicyARNs) > 10 {
		return AssumeRoleResult{}, validation("policyArns", "", "Member must have length less than or equal to 10")
	}
	for _, arn := range in.PolicyARNs {
		if _, _, ok := splitPolicyARN(arn); !ok {
			return AssumeRoleResult{}, validation("policyArns", arn, "Member must be a valid managed policy ARN")
		}
	}
	if err := checkTags(in.Tags); err != nil {
		return AssumeRoleResult{}, err
	}
	if in.Policy != "" {
		if _, err := policy.ValidateIdentityPolicy(in.Policy); err != nil {
			return AssumeRoleResult{}, malformedPolicy(err)
		}
	}
	roleAccount, roleName, ok := splitRoleARN(in.RoleARN)
	if !ok {
		return AssumeRoleResult{}, awserr.New("ValidationError", "%s is invalid", in.RoleARN)
	}
	var out AssumeRoleResult
	err := s.update(ctx, func(tx *store.Tx) error {
		now := tx.Now()
		caller, aerr := identity(tx.World, now, in.AccessKey, in.Account)
		if aerr != nil {
			return aerr
		}
		denied := accessDenied("User: %s is not authorized to perform: sts:AssumeRole on resource: %s", caller.ARN, in.RoleARN)
		role, ok := RoleKind.In(tx.World).Get(iammodel.RoleKey(roleAccount, roleName))
		if !ok || role.ARN != in.RoleARN {
			return denied
		}
		trust, perr := policy.Parse(role.TrustPolicy)
		if perr != nil {
			return denied
		}
		set := policy.PolicySet{Resource: []*policy.Document{trust}, ResourcePolicyRequired: true,
			SameAccount: caller.Account == roleAccount}
		pc := policy.Caller{ARN: caller.ARN, Account: caller.Account}
		chained := caller.Session != nil && caller.Session.AssumedRole()
		if chained {
			pc.SessionIssuer = caller.Session.RoleARN
			if src, ok := RoleKind.In(tx.World).Get(caller.Session.RoleKey); ok {
				pc.UniqueID = src.RoleID
				set.Identity, set.PermissionsBoundary = roleDocuments(tx.World, src)
			}
			set.Session = sessionPolicies(tx.World, caller.Session)
		}
		reqCtx := map[string][]string{"sts:RoleSessionName": {in.SessionName}}
		if in.ExternalID != "" {
			reqCtx["sts:ExternalId"] = []string{in.ExternalID}
		}
		if in.SourceIdentity != "" {
			reqCtx["sts:SourceIdentity"] = []string{in.SourceIdentity}
		}
		if in.MFA {
			reqCtx["aws:MultiFactorAuthPresent"] = []string{"true"}
		}
		var keys []string
		for _, t := range in.Tags {
			reqCtx["aws:RequestTag/"+t.Key] = []string{t.Value}
			keys = append(keys, t.Key)
		}
		if len(keys) > 0 {
			reqCtx["aws:TagKeys"] = keys
		}
		req := policy.Request{Caller: pc, Action: "sts:AssumeRole", Resource: role.ARN, ResourceAccount: roleAccount, Time: now, Context: reqCtx}
		if d := policy.Evaluate(req, set); !d.Allowed {
			return denied
		}
		if len(in.Tags) > 0 {
			req.Action = "sts:TagSession"
			if d := policy.Evaluate(req, set); !d.Allowed {
				return accessDenied("User: %s is not authorized to perform: sts:TagSession on resource: %s", caller.ARN, in.RoleARN)
			}
		}
		duration := in.DurationSeconds
		if duration == 0 {
			duration = defaultAssumeSeconds
		}
		if chained && duration > roleChainingSeconds {
			return awserr.New("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
		}
		if duration > role.MaxSessionDuration {
			return awserr.New("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
		}
		if in.Policy != "" || len(in.PolicyARNs) > 0 || len(in.Tags) > 0 {
			size := policy.Size(in.Policy)
			for _, a := range in.PolicyARNs {
				size += len(a)
			}
			for _, t := range in.Tags {
				size += len(t.Key) + len(t.Value)
			}
			pct := int32((size*100 + packedPolicyLimit - 1) / packedPolicyLimit)
			if pct > 100 {
				return awserr.New("PackedPolicyTooLarge", "Packed policy consumes %d%% of allotted space, please use smaller policy.", pct)
			}
			out.PackedPolicySize = &pct
		}
		sess := &iammodel.Session{RoleARN: role.ARN, RoleKey: role.ID, SessionName: in.SessionName,
			ARN:        "arn:aws:sts::" + roleAccount + ":assumed-role/" + role.Name + "/" + in.SessionName,
			UserID:     role.RoleID + ":" + in.SessionName,
			Expiration: now.Add(time.Duration(duration) * time.Second), Policy: in.Policy, PolicyARNs: in.PolicyARNs}
		if err := s.issue(tx, roleAccount, sess); err != nil {
			return err
		}
		r := model.Clone(role)
		r.LastUsed = &now
		r.LastUsedRegion = in.Region
		RoleKind.In(tx.World).Put(r)
		out.Session = sess
		out.AssumedRoleID = sess.UserID
		return nil
	})
	return out, err
}

// issue gives sess fresh credentials of account and stores it, first
// dropping the account's expired sessions (and, beyond the per-account
// bound, those expiring first).
func (s *Service) issue(tx *store.Tx, account string, sess *iammodel.Session) error {
	t := SessionKind.In(tx.World)
	now := tx.Now()
	live := t.Children(account)
	kept := live[:0]
	for _, old := range live {
		if !now.Before(old.Expiration) {
			t.Delete(old.ID)
			continue
		}
		kept = append(kept, old)
	}
	if len(kept) >= maxSessionsPerAccount {
		sort.Slice(kept, func(i, j int) bool { return kept[i].Expiration.Before(kept[j].Expiration) })
		for _, old := range kept[:len(kept)-maxSessionsPerAccount+1] {
			t.Delete(old.ID)
		}
	}
	for {
		key := "ASIA" + account + newUniqueID(tx, "", 4)
		if _, dup := t.Get(key); dup {
			continue
		}
		sess.Meta = model.Meta{ID: key, Account: account, Created: now}
		break
	}
	sess.SecretAccessKey = newSecret(tx, 40)
	sess.SessionToken = "IQoJb3JpZ2luX2VjE" + newSecret(tx, 300)
	t.Put(sess)
	return nil
}

// GetSessionToken issues temporary credentials for the caller's own
// identity. Credentials of the account root user last at most one hour
// (the API reference: "If the duration is longer than one hour, the
// session for Amazon Web Services account owners defaults to one hour");
// session credentials cannot call it.
func (s *Service) GetSessionToken(ctx context.Context, accessKey, account string, durationSeconds int32) (*iammodel.Session, error) {
	var out *iammodel.Session
	err := s.update(ctx, func(tx *store.Tx) error {
		caller, aerr := identity(tx.World, tx.Now(), accessKey, account)
		if aerr != nil {
			return aerr
		}
		if caller.Session != nil {
			return accessDenied("Cannot call GetSessionToken with session credentials")
		}
		d := durationSeconds
		if d == 0 {
			d = defaultSessionTokenSecs
		}
		if d > maxSessionTokenSecs {
			d = maxSessionTokenSecs
		}
		// vpcsim's plain keys are the account root user.
		if d > rootSessionTokenSecs {
			d = rootSessionTokenSecs
		}
		sess := &iammodel.Session{ARN: caller.ARN, UserID: caller.UserID,
			Expiration: tx.Now().Add(time.Duration(d) * time.Second)}
		if err := s.issue(tx, caller.Account, sess); err != nil {
			return err
		}
		out = sess
		return nil
	})
	return out, err
}
