package logs

import (
	"context"
	"slices"
	"strings"

	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
	"github.com/vpcsim/vpcsim/internal/store"
)

// retentionDays lists the values PutRetentionPolicy accepts (the Days
// shape's documentation).
var retentionDays = []int32{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// CreateGroupInput is CreateLogGroup's input.
type CreateGroupInput struct {
	Name               string
	KmsKeyID           string
	Tags               map[string]string
	Class              string // empty means STANDARD
	DeletionProtection bool
}

// CreateLogGroup creates a log group (CreateLogGroup): names are unique per
// account and region, 1..512 characters of [.-_/#A-Za-z0-9], and cannot
// start with "aws/".
func (s *Service) CreateLogGroup(ctx context.Context, sc Scope, in CreateGroupInput) error {
	if err := checkGroupName("logGroupName", in.Name); err != nil {
		return err
	}
	if strings.HasPrefix(in.Name, "aws/") {
		return invalidParameter("Log group name cannot start with 'aws/'.")
	}
	if err := checkTags("tags", in.Tags); err != nil {
		return err
	}
	if in.KmsKeyID != "" {
		if err := checkKmsKey(sc, in.KmsKeyID); err != nil {
			return err
		}
	}
	class := in.Class
	if class == "" {
		class = mlogs.ClassStandard
	}
	_, err := s.st.Update(ctx, func(tx *store.Tx) error {
		t := GroupKind.In(tx.World)
		key := mlogs.GroupKey(sc.Account, sc.Region, in.Name)
		if _, ok := t.Get(key); ok {
			return awsErr(codeAlreadyExists, "The specified log group already exists")
		}
		g := &mlogs.LogGroup{Name: in.Name, KmsKeyID: in.KmsKeyID, Class: class, DeletionProtection: in.DeletionProtection}
		g.ID, g.Account, g.Region, g.Created = key, sc.Account, sc.Region, tx.Now()
		if len(in.Tags) > 0 {
			g.Tags = make(map[string]string, len(in.Tags))
			for k, v := range in.Tags {
				g.Tags[k] = v
			}
		}
		t.Put(g)
		return nil
	})
	return err
}

// DeleteLogGroup deletes a log group with its streams, stored events,
// filters and resource-scoped policy (DeleteLogGroup).
func (s *Service) DeleteLogGroup(ctx context.Context, sc Scope, name string) error {
	_, err := s.st.Update(ctx, func(tx *store.Tx) error {
		g, err := groupIn(tx.World, sc, name)
		if err != nil {
			return err
		}
		if g.DeletionProtection {
			return awsErr("InvalidOperationException", "Log group %s has deletion protection enabled.", g.Name)
		}
		deleteGroupTx(tx, g)
		return nil
	})
	return err
}

func deleteGroupTx(tx *store.Tx, g *mlogs.LogGroup) {
	streams := StreamKind.In(tx.World)
	batches := BatchKind.In(tx.World)
	for _, st := range streams.Children(g.ID) {
		for _, b := range batches.Children(st.ID) {
			batches.Delete(b.ID)
		}
		streams.Delete(st.ID)
	}
	subs := SubscriptionKind.In(tx.World)
	for _, f := range subs.Children(g.ID) {
		subs.Delete(f.ID)
	}
	mfs := MetricFilterKind.In(tx.World)
	for _, f := range mfs.Children(g.ID) {
		mfs.Delete(f.ID)
	}
	PolicyKind.In(tx.World).Delete(mlogs.PolicyKey(g.Account, g.Region, mlogs.ScopeResource, mlogs.GroupARN(g.Region, g.Account, g.Name)))
	GroupKind.In(tx.World).Delete(g.ID)
}

// groupIn returns the log group named name in sc.
func groupIn(w *store.World, sc Scope, name string) (*mlogs.LogGroup, error) {
	g, ok := GroupKind.In(w).Get(mlogs.GroupKey(sc.Account, sc.Region, name))
	if !ok {
		return nil, groupNotFound()
	}
	return g, nil
}

// updateGroup applies fn to a copy of the named group and stores it.
func (s *Service) updateGroup(ctx context.Context, sc Scope, name string, fn func(g *mlogs.LogGroup) error) error {
	_, err := s.st.Update(ctx, func(tx *store.Tx) error {
		g, err := groupIn(tx.World, sc, name)
		if err != nil {
			return err
		}
		c := *g
		c.Tags = cloneTags(g.Tags)
		if err := fn(&c); err != nil {
			return err
		}
		GroupKind.In(tx.World).Put(&c)
		return nil
	})
	return err
}

// PutRetentionPolicy sets the group's retention (PutRetentionPolicy); only
// the documented numbers of days are accepted.
func (s *Service) PutRetentionPolicy(ctx context.Context, sc Scope, name string, days int32) error {
	if !slices.Contains(retentionDays, days) {
		return validationError(constraint{"retentionInDays", itoa(int64(days)),
			"Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]"})
	}
	return s.updateGroup(ctx, sc, name, func(g *mlogs.LogGroup) error {
		g.RetentionInDays = days
		return nil
	})
}

// DeleteRetentionPolicy makes the group's events never expire.
func (s *Service) DeleteRetentionPolicy(ctx context.Context, sc Scope, name string) error {
	return s.updateGroup(ctx, sc, name, func(g *mlogs.LogGroup) error {
		g.RetentionInDays = 0
		return nil
	})
}

// PutDeletionProtection enables or disables a group's deletion protection
// (PutLogGroupDeletionProtection).
func (s *Service) PutDeletionProtection(ctx context.Context, sc Scope, identifier string, enabled bool) error {
	name, err := groupNameOf(sc, identifier)
	if err != nil {
		return err
	}
	return s.updateGroup(ctx, sc, name, func(g *mlogs.LogGroup) error {
		g.DeletionProtection = enabled
		return nil
	})
}

// ResolveGroup turns the logGroupName / logGroupIdentifier pair of the
// read operations into a log group name: exactly one must be given; an
// identifier is a name or a log group ARN (with or without ":*").
func ResolveGroup(sc Scope, name, identifier *string) (string, error) {
	switch {
	case name != nil && identifier != nil:
		return "", invalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.")
	case name != nil:
		return *name, nil
	case identifier != nil:
		return groupNameOf(sc, *identifier)
	}
	return "", invalidParameter("Either logGroupName or logGroupIdentifier must be specified.")
}

// groupNameOf returns the group name an identifier (name or ARN) names. An
// ARN of another account or region names no group vpcsim can read
// (cross-account observability is not emulated).
func groupNameOf(sc Scope, identifier string) (string, error) {
	if !strings.HasPrefix(identifier, "arn:") {
		return identifier, nil
	}
	region, account, name, ok := parseGroupARN(identifier)
	if !ok {
		return "", invalidParameter("Invalid log group ARN: %s", identifier)
	}
	if region != sc.Region || account != sc.Account {
		return "", groupNotFound()
	}
	return name, nil
}

// parseGroupARN splits arn:<partition>:logs:<region>:<account>:log-group:<name>[:*].
func parseGroupARN(arn string) (region, account, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) != 7 || parts[0] != "arn" || parts[2] != "logs" || parts[5] != "log-group" {
		return "", "", "", false
	}
	name = strings.TrimSuffix(parts[6], ":*")
	if name == "" || strings.Contains(name, ":") {
		return "", "", "", false
	}
	return parts[3], parts[4], name, true
}

func cloneTags(t map[string]string) map[string]string {
	if t == nil {
		return nil
	}
	c := make(map[string]string, len(t))
	for k, v := range t {
		c[k] = v
	}
	return c
}
