package control

import (
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

// TestDescribeMalformedIDs pins the Describe* answers for ids by the
// table's kind [EC2 API errors-overview]: an id that does not look like one
// of the kind is the kind's Malformed code (InvalidVpcID.Malformed "The
// specified VPC ID is malformed"), never InvalidID, which AWS documents for
// tagging only; a well-formed unknown id is the kind's NotFound.
func TestDescribeMalformedIDs(t *testing.T) {
	s := newTestService(t)
	w := s.Snapshot()
	visit := func(*model.VPC) bool { return true }
	cases := []struct{ id, code string }{
		{"foo", "InvalidVpcID.Malformed"},
		{"vpc-xyz", "InvalidVpcID.Malformed"},
		{"vpc-0123456789ABCDEF0", "InvalidVpcID.Malformed"},
		{"subnet-0123456789abcdef0", "InvalidVpcID.Malformed"},
		{"vpc-0123456789abcdef0", "InvalidVpcID.NotFound"},
		{"vpc-01234567", "InvalidVpcID.NotFound"},
	}
	for _, c := range cases {
		err := Select(w.VPCs, testScope, []string{c.id}, "", visit)
		wantCode(t, err, c.code)
	}
	// The same for other kinds: the table decides, not the id's prefix.
	wantCode(t, Select(w.Subnets, testScope, []string{"foo"}, "", func(*model.Subnet) bool { return true }), "InvalidSubnetID.Malformed")
	wantCode(t, Select(w.SecurityGroups, testScope, []string{"foobar"}, "", func(*model.SecurityGroup) bool { return true }), "InvalidGroupId.Malformed")
	_, err := Lookup(w.Instances, testScope, "i-zz")
	wantCode(t, err, "InvalidInstanceID.Malformed")
	// An existing VPC in another account is not found, not malformed.
	st, _ := w.Scopes.Get(scopeKey(testScope))
	err = Select(w.VPCs, model.Scope{Account: "210987654321", Region: "us-east-1"}, []string{st.DefaultVpcID}, "", visit)
	wantCode(t, err, "InvalidVpcID.NotFound")
}
