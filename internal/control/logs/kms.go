package logs

import (
	"context"
	"strings"

	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
)

// checkKmsKey accepts a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)
// in the caller's region: CloudWatch Logs needs the key's ARN and a key in
// the log group's region. vpcsim does not emulate KMS, so the key's
// existence and state are not checked.
func checkKmsKey(sc Scope, key string) error {
	if len(key) > 256 {
		return tooLong("kmsKeyId", key, 256)
	}
	parts := strings.SplitN(key, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "kms" || !strings.HasPrefix(parts[5], "key/") || len(parts[5]) == len("key/") {
		return invalidParameter("Specified KMS key ARN %s is not a valid KMS key ARN.", key)
	}
	if parts[3] != sc.Region {
		return invalidParameter("Specified KMS key %s is not in region %s.", key, sc.Region)
	}
	return nil
}

// kmsTarget resolves AssociateKmsKey's logGroupName / resourceIdentifier
// pair: exactly one is given; vpcsim serves log group targets (a log group
// ARN as resourceIdentifier); the query-results target of CloudWatch Logs
// Insights is not emulated.
func kmsTarget(sc Scope, name, resource *string) (string, error) {
	switch {
	case name != nil && resource != nil:
		return "", invalidParameter("logGroupName and resourceIdentifier are mutually exclusive parameters.")
	case name != nil:
		return *name, nil
	case resource != nil:
		if _, _, _, ok := parseGroupARN(*resource); !ok {
			return "", invalidParameter("resourceIdentifier %s is not a log group ARN; vpcsim does not emulate CloudWatch Logs Insights query results.", *resource)
		}
		return groupNameOf(sc, *resource)
	}
	return "", invalidParameter("Either logGroupName or resourceIdentifier must be specified.")
}

// AssociateKmsKey associates a KMS key with a log group (AssociateKmsKey).
func (s *Service) AssociateKmsKey(ctx context.Context, sc Scope, name, resource *string, key string) error {
	group, err := kmsTarget(sc, name, resource)
	if err != nil {
		return err
	}
	if err := checkKmsKey(sc, key); err != nil {
		return err
	}
	return s.updateGroup(ctx, sc, group, func(g *mlogs.LogGroup) error {
		g.KmsKeyID = key
		return nil
	})
}

// DisassociateKmsKey removes a log group's KMS key (DisassociateKmsKey).
func (s *Service) DisassociateKmsKey(ctx context.Context, sc Scope, name, resource *string) error {
	group, err := kmsTarget(sc, name, resource)
	if err != nil {
		return err
	}
	return s.updateGroup(ctx, sc, group, func(g *mlogs.LogGroup) error {
		g.KmsKeyID = ""
		return nil
	})
}
