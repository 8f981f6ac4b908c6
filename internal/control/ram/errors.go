package ram

import "github.com/vpcsim/vpcsim/internal/awserr"

// The error codes RAM answers (x-amzn-ErrorType), all HTTP 400 in the
// botocore model.
const (
	codeIdempotentMismatch = "IdempotentParameterMismatchException"
	codeInvalidNextToken   = "InvalidNextTokenException"
	codeInvalidParameter   = "InvalidParameterException"
	codeInvalidType        = "InvalidResourceTypeException"
	codeInvalidState       = "InvalidStateTransitionException"
	codeMalformedArn       = "MalformedArnException"
	codeNotPermitted       = "OperationNotPermittedException"
	codeInviteNotFound     = "ResourceShareInvitationArnNotFoundException"
	codeInviteAccepted     = "ResourceShareInvitationAlreadyAcceptedException"
	codeInviteRejected     = "ResourceShareInvitationAlreadyRejectedException"
	codeInviteExpired      = "ResourceShareInvitationExpiredException"
	codeShareLimit         = "ResourceShareLimitExceededException"
	codeTagLimit           = "TagLimitExceededException"
	codeTagPolicy          = "TagPolicyViolationException"
	codeUnknownResource    = "UnknownResourceException"
)

func invalidParameter(format string, args ...any) *awserr.Error {
	return awserr.New(codeInvalidParameter, format, args...)
}

func malformedArn(arn string) *awserr.Error {
	return awserr.New(codeMalformedArn, "The specified ARN %s is not valid.", arn)
}

func unknownResource(format string, args ...any) *awserr.Error {
	return awserr.New(codeUnknownResource, format, args...)
}

func notPermitted(format string, args ...any) *awserr.Error {
	return awserr.New(codeNotPermitted, format, args...)
}

func shareNotFound(arn string) *awserr.Error {
	return unknownResource("ResourceShare %s could not be found.", arn)
}
