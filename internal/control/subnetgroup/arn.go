package subnetgroup

import (
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
)

// ARN is a parsed resource ARN of the form
// arn:partition:service:region:account:type:name.
type ARN struct {
	Partition, Service, Region, Account, Type, Resource string
}

// ParseARN splits s; ok is false unless it has all seven fields and a
// resource name.
func ParseARN(s string) (a ARN, ok bool) {
	p := strings.SplitN(s, ":", 7)
	if len(p) != 7 || p[0] != "arn" || p[1] == "" || p[2] == "" || p[5] == "" || p[6] == "" {
		return ARN{}, false
	}
	return ARN{Partition: p[1], Service: p[2], Region: p[3], Account: p[4], Type: p[5], Resource: p[6]}, true
}

// InScope reports whether the ARN names a resource of scope.
func (a ARN) InScope(scope model.Scope) bool {
	return a.Partition == Partition(scope.Region) && a.Region == scope.Region && a.Account == scope.Account
}
