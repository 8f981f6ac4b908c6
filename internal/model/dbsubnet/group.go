// Package dbsubnet holds the subnet groups of the database services: RDS DB
// subnet groups, ElastiCache cache subnet groups and Redshift cluster subnet
// groups. The three share one shape: a named, described set of EC2 subnets
// of one VPC, which the service places its nodes in. Pure data; the rules
// live in internal/control/subnetgroup.
package dbsubnet

import "github.com/vpcsim/vpcsim/internal/model"

// Group is one subnet group. Its Meta.ID is its ARN, which is unique across
// services, accounts and regions and sorts a scope's groups by name.
type Group struct {
	model.Meta
	// Name is the group's name, stored lower-case as every one of the three
	// services does.
	Name        string `json:"name"`
	Description string `json:"description"`
	VpcID       string `json:"vpcId"`
	// Subnets lists the member subnets in the order the client gave them
	// (duplicates removed).
	Subnets []Member `json:"subnets"`
}

// Member is one subnet of a group, with the availability zone it had when
// it was added (an EC2 subnet never changes zone).
type Member struct {
	SubnetID         string `json:"subnetId"`
	AvailabilityZone string `json:"availabilityZone"`
}

// ARN returns the group's Amazon Resource Name (its ID).
func (g *Group) ARN() string { return g.ID }
