package ec2

// EC2 names a missing required member by its wire name ("The request must
// contain the parameter InstanceId", also for an empty InstanceId.N list),
// except where its own internal name shows through. The tagging operations
// are such a case: CreateTags and DeleteTags without resources answer "The
// request must contain the parameter resourceIdSet". These methods make the
// codec's required-member check (ec2query.MissingNamer) say the same.

// resourceIdSet is EC2's name for the ResourceId.N list of the tagging
// operations in its MissingParameter message.
const resourceIdSet = "resourceIdSet"

// MissingParameterName names CreateTags' missing members as EC2 does.
func (*CreateTagsRequest) MissingParameterName(wire string) string {
	if wire == "ResourceId" {
		return resourceIdSet
	}
	return wire
}

// MissingParameterName names DeleteTags' missing members as EC2 does.
func (*DeleteTagsRequest) MissingParameterName(wire string) string {
	if wire == "ResourceId" {
		return resourceIdSet
	}
	return wire
}
