package endpointcheck

import (
	"fmt"
	"strings"

	iamctl "github.com/vpcsim/vpcsim/internal/control/iam"
	iammodel "github.com/vpcsim/vpcsim/internal/model/iam"
	"github.com/vpcsim/vpcsim/internal/policy"
	"github.com/vpcsim/vpcsim/internal/store"
)

// sessionName is the role session name a role principal is evaluated as.
const sessionName = "vpcsim-endpoint-check"

// Principal is the caller of a checked request with its identity-based
// policies.
type Principal struct {
	Caller   policy.Caller
	Identity []*policy.Document
	Boundary *policy.Document
	// Role is the IAM role behind the caller, if any.
	Role *iammodel.Role
}

// ResolvePrincipal turns arn into a caller: "" or a 12-digit account or
// arn:aws:iam::A:root is the account root user of defaultAccount (or A);
// a role ARN or an assumed-role session ARN is a session of that role,
// with the role's policies and permissions boundary. IAM users are not
// modelled by vpcsim and are refused.
func ResolvePrincipal(w *store.World, defaultAccount, arn string) (*Principal, error) {
	if arn == "" {
		arn = defaultAccount
	}
	if len(arn) == 12 && strings.Trim(arn, "0123456789") == "" {
		arn = "arn:aws:iam::" + arn + ":root"
	}
	p := strings.SplitN(arn, ":", 6)
	if len(p) != 6 || p[0] != "arn" || len(p[4]) != 12 {
		return nil, fmt.Errorf("principal %q is not an account id, a root, role or assumed-role ARN", arn)
	}
	account, res := p[4], p[5]
	switch {
	case p[2] == "iam" && res == "root":
		return &Principal{Caller: policy.Caller{ARN: arn, Account: account}}, nil
	case p[2] == "iam" && strings.HasPrefix(res, "role/"):
		return rolePrincipal(w, account, res[strings.LastIndexByte(res, '/')+1:], arn)
	case p[2] == "sts" && strings.HasPrefix(res, "assumed-role/"):
		name, _, _ := strings.Cut(strings.TrimPrefix(res, "assumed-role/"), "/")
		pr, err := rolePrincipal(w, account, name, arn)
		if err != nil {
			return nil, err
		}
		pr.Caller.ARN = arn
		return pr, nil
	case p[2] == "iam" && strings.HasPrefix(res, "user/"):
		return nil, fmt.Errorf("principal %s: vpcsim does not model IAM users; name a role or the account root", arn)
	}
	return nil, fmt.Errorf("principal %q is not an account id, a root, role or assumed-role ARN", arn)
}

func rolePrincipal(w *store.World, account, name, asked string) (*Principal, error) {
	r, ok := iamctl.RoleKind.In(w).Get(iammodel.RoleKey(account, name))
	if !ok {
		return nil, fmt.Errorf("principal %s: no role %s in account %s", asked, name, account)
	}
	ids, boundary := iamctl.RolePolicies(w, r)
	return &Principal{
		Caller: policy.Caller{
			ARN:           "arn:aws:sts::" + account + ":assumed-role/" + r.Name + "/" + sessionName,
			Account:       account,
			SessionIssuer: r.ARN,
			UniqueID:      r.RoleID + ":" + sessionName,
		},
		Identity: ids,
		Boundary: boundary,
		Role:     r,
	}, nil
}
