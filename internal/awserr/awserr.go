// Package awserr defines the AWS API error every layer returns: a code, a
// message and an HTTP status. It imports only the standard library so that
// the control layer can produce exactly the codes the wire layer renders.
package awserr

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is an AWS API error.
type Error struct {
	Code    string
	Message string
	Status  int
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// New returns a 400 client error with a formatted message.
func New(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Status: http.StatusBadRequest}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// DryRunOperation answers a DryRun request that would have succeeded.
func DryRunOperation() *Error {
	return &Error{Code: "DryRunOperation", Message: "Request would have succeeded, but DryRun flag is set.", Status: http.StatusPreconditionFailed}
}

// InvalidAction is EC2's answer to an action it does not serve.
func InvalidAction(action string) *Error {
	return New("InvalidAction", "The action %s is not valid for this web service.", action)
}

// MissingParameter is EC2's answer to an absent required parameter.
func MissingParameter(name string) *Error {
	return New("MissingParameter", "The request must contain the parameter %s", name)
}

// InvalidParameterValue reports a malformed or unacceptable value.
func InvalidParameterValue(format string, args ...any) *Error {
	return New("InvalidParameterValue", format, args...)
}

// InvalidParameterCombination reports parameters that cannot go together.
func InvalidParameterCombination(format string, args ...any) *Error {
	return New("InvalidParameterCombination", format, args...)
}

// InvalidParameter reports a parameter that is unsupported or unusable.
func InvalidParameter(format string, args ...any) *Error {
	return New("InvalidParameter", format, args...)
}

// DependencyViolation reports a delete or detach blocked by dependents.
func DependencyViolation(format string, args ...any) *Error {
	return New("DependencyViolation", format, args...)
}

// Internal wraps an unexpected failure as a 500 InternalError.
func Internal(err error) *Error {
	return &Error{Code: "InternalError", Message: "An internal error has occurred: " + err.Error(), Status: http.StatusInternalServerError}
}
