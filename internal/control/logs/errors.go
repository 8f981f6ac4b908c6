package logs

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// The error codes CloudWatch Logs answers (json __type).
const (
	codeInvalidParameter = "InvalidParameterException"
	codeNotFound         = "ResourceNotFoundException"
	codeAlreadyExists    = "ResourceAlreadyExistsException"
	codeLimitExceeded    = "LimitExceededException"
	codeTooManyTags      = "TooManyTagsException"
	codeOperationAborted = "OperationAbortedException"
)

func invalidParameter(format string, args ...any) *awserr.Error {
	return awserr.New(codeInvalidParameter, format, args...)
}

func groupNotFound() *awserr.Error {
	return awserr.New(codeNotFound, "The specified log group does not exist.")
}

func streamNotFound() *awserr.Error {
	return awserr.New(codeNotFound, "The specified log stream does not exist.")
}

func limitExceeded() *awserr.Error {
	return awserr.New(codeLimitExceeded, "Resource limit exceeded.")
}

func invalidToken() *awserr.Error {
	return invalidParameter("The specified nextToken is invalid.")
}

// constraint is one broken model constraint, rendered the way CloudWatch
// Logs renders its validation errors (as InvalidParameterException).
type constraint struct {
	path, value, rule string
}

// validationError renders constraints as "1 validation error detected:
// Value 'x' at 'logGroupName' failed to satisfy constraint: ...".
func validationError(cs ...constraint) *awserr.Error {
	var b strings.Builder
	if len(cs) == 1 {
		b.WriteString("1 validation error detected: ")
	} else {
		fmt.Fprintf(&b, "%d validation errors detected: ", len(cs))
	}
	for i, c := range cs {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "Value '%s' at '%s' failed to satisfy constraint: %s", c.value, c.path, c.rule)
	}
	return invalidParameter("%s", b.String())
}

func awsErr(code, format string, args ...any) *awserr.Error {
	return awserr.New(code, format, args...)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
