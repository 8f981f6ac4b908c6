package e2e

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

func (s *testServer) iamClient() *iam.Client {
	return iam.New(iam.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(s.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		RetryMaxAttempts: 3,
	})
}

// assertNoIAMLeftovers fails when roles, instance profiles or customer
// checkIAMApplied checks what the iam scenario's first apply created.
func checkIAMApplied(t *testing.T, ctx context.Context, srv *testServer) {
	c := srv.iamClient()
	// Other scenarios of the group may add roles of their own.
	roles, err := c.ListRoles(ctx, &iam.ListRolesInput{})
	if err != nil {
		t.Fatalf("ListRoles: %v", err)
	}
	var app, linked bool
	for _, r := range roles.Roles {
		app = app || aws.ToString(r.RoleName) == "vpcsim-app"
		linked = linked || aws.ToString(r.Path) == "/aws-service-role/elasticloadbalancing.amazonaws.com/"
	}
	if !app || !linked {
		t.Errorf("after apply: want the app role and the service-linked role, got %d roles (app %v, service-linked %v)", len(roles.Roles), app, linked)
	}
}
