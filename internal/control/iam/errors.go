package iam

import (
	"fmt"
	"net/http"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// IAM's error codes with their HTTP statuses (the IAM API model).
func noSuchEntity(format string, args ...any) *awserr.Error {
	return &awserr.Error{Code: "NoSuchEntity", Message: fmt.Sprintf(format, args...), Status: http.StatusNotFound}
}

func alreadyExists(format string, args ...any) *awserr.Error {
	return &awserr.Error{Code: "EntityAlreadyExists", Message: fmt.Sprintf(format, args...), Status: http.StatusConflict}
}

func deleteConflict(format string, args ...any) *awserr.Error {
	return &awserr.Error{Code: "DeleteConflict", Message: fmt.Sprintf(format, args...), Status: http.StatusConflict}
}

func limitExceeded(format string, args ...any) *awserr.Error {
	return &awserr.Error{Code: "LimitExceeded", Message: fmt.Sprintf(format, args...), Status: http.StatusConflict}
}

func quota(name string, n int) *awserr.Error {
	return limitExceeded("Cannot exceed quota for %s: %d", name, n)
}

func invalidInput(format string, args ...any) *awserr.Error {
	return awserr.New("InvalidInput", format, args...)
}

func unmodifiable(roleName string) *awserr.Error {
	return awserr.New("UnmodifiableEntity", "Cannot perform the operation on the protected role '%s' - this role is only modifiable by AWS", roleName)
}

func accessDenied(format string, args ...any) *awserr.Error {
	return &awserr.Error{Code: "AccessDenied", Message: fmt.Sprintf(format, args...), Status: http.StatusForbidden}
}

// malformedPolicy turns a policy package error into IAM's
// MalformedPolicyDocument with the error's text.
func malformedPolicy(err error) *awserr.Error {
	return awserr.New("MalformedPolicyDocument", "%s", err.Error())
}

// validation is the query protocol's ValidationError in AWS's wording for
// one member.
func validation(member, value, constraint string) *awserr.Error {
	return awserr.New("ValidationError", "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s", value, member, constraint)
}
