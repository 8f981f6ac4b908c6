package directconnect

import "github.com/vpcsim/vpcsim/internal/awserr"

// The error codes Direct Connect answers (json __type) [botocore model].
const (
	codeClient        = "DirectConnectClientException"
	codeServer        = "DirectConnectServerException"
	codeDuplicateTags = "DuplicateTagKeysException"
	codeTooManyTags   = "TooManyTagsException"
)

// clientErr is DirectConnectClientException: "One or more parameters are
// not valid", with AWS's explanation in the message.
func clientErr(format string, args ...any) *awserr.Error {
	return awserr.New(codeClient, format, args...)
}

func connNotFound(id string) *awserr.Error {
	return clientErr("Could not find Connection with ID %s", id)
}

func lagNotFound(id string) *awserr.Error {
	return clientErr("Could not find Lag with ID %s", id)
}

func vifNotFound(id string) *awserr.Error {
	return clientErr("Virtual interface %s does not exist", id)
}

func gatewayNotFound(id string) *awserr.Error {
	return clientErr("Direct Connect Gateway %s does not exist", id)
}

func associationNotFound(id string) *awserr.Error {
	return clientErr("Direct Connect Gateway Association %s does not exist", id)
}

func tooManyTags() *awserr.Error {
	return awserr.New(codeTooManyTags, "A resource can have at most %d tags.", maxTags)
}
