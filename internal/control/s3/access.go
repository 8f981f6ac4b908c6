package s3

import (
	"github.com/vpcsim/vpcsim/internal/model"
	s3m "github.com/vpcsim/vpcsim/internal/model/s3"
	"github.com/vpcsim/vpcsim/internal/policy"
)

// authorize decides whether the caller may perform action on the bucket
// (key == "") or on one of its objects. The bucket owner's account root is
// allowed ("the account root user has full access"); a caller from another
// account needs the bucket policy to allow it (IAM User Guide,
// "Cross-account policy evaluation logic": the caller's own account is the
// root user, whose identity side allows), and an explicit Deny refuses it.
func authorize(b *s3m.Bucket, sc model.Scope, action, key string) error {
	if b.Account == sc.Account {
		return nil
	}
	if b.Policy == "" {
		return errAccessDenied()
	}
	doc, err := policy.Parse(b.Policy)
	if err != nil {
		return errAccessDenied()
	}
	resource := "arn:aws:s3:::" + b.Name
	if key != "" {
		resource += "/" + key
	}
	d := policy.Evaluate(policy.Request{
		Caller:          policy.Caller{ARN: "arn:aws:iam::" + sc.Account + ":root", Account: sc.Account, CanonicalUser: CanonicalID(sc.Account)},
		Action:          action,
		Resource:        resource,
		ResourceAccount: b.Account,
		Context:         map[string][]string{"aws:RequestedRegion": {sc.Region}},
	}, policy.PolicySet{Resource: []*policy.Document{doc}})
	if !d.Allowed {
		return errAccessDenied()
	}
	return nil
}
