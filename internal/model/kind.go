package model

// KindSpec declares one resource kind: everything the layers above need to
// know about it besides its Go type. A kind is declared once (store.Define)
// and the world, persistence, id checks, tagging and lookups read it.
type KindSpec struct {
	// Name is the kind's unique name and its storage bucket ("vpc",
	// "iam-role"). Changing it orphans stored data.
	Name string
	// Service is the AWS service that owns the kind ("ec2", "iam").
	Service string
	// IDPrefix is the prefix of EC2-style ids ("vpc" for vpc-0a1b...);
	// empty for kinds identified by name or ARN.
	IDPrefix string
	// ResourceType is the EC2 tag resource type (DescribeTags'
	// resource-type); empty when EC2's tag operations do not apply.
	ResourceType string
	// NotFound and Malformed are AWS's error codes for an unknown id and a
	// badly formed one; Noun names the id in their messages ("vpc ID").
	NotFound, Malformed, Noun string
	// Global kinds live in no region (IAM); their Meta.Region is empty.
	Global bool
	// Internal kinds are bookkeeping (client tokens, initialised scopes),
	// not resources a client sees.
	Internal bool
}
