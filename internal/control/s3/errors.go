package s3

import (
	"net/http"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// S3's error codes and messages (Amazon S3 API Reference, "Error
// responses": List of error codes).

func s3err(status int, code, msg string) *awserr.Error {
	return &awserr.Error{Code: code, Message: msg, Status: status}
}

func errNoSuchBucket() *awserr.Error {
	return s3err(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
}

func errNoSuchKey() *awserr.Error {
	return s3err(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
}

func errNoSuchVersion() *awserr.Error {
	return s3err(http.StatusNotFound, "NoSuchVersion", "The specified version does not exist.")
}

func errNoSuchUpload() *awserr.Error {
	return s3err(http.StatusNotFound, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.")
}

func errAccessDenied() *awserr.Error {
	return s3err(http.StatusForbidden, "AccessDenied", "Access Denied")
}

func errInvalidArgument(msg string) *awserr.Error {
	return s3err(http.StatusBadRequest, "InvalidArgument", msg)
}

func errInvalidRequest(msg string) *awserr.Error {
	return s3err(http.StatusBadRequest, "InvalidRequest", msg)
}

func errMalformedXML() *awserr.Error {
	return s3err(http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
}

func errPreconditionFailed() *awserr.Error {
	return s3err(http.StatusPreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
}

func errNotModified() *awserr.Error {
	return s3err(http.StatusNotModified, "NotModified", "Not Modified")
}

func errInvalidRange() *awserr.Error {
	return s3err(http.StatusRequestedRangeNotSatisfiable, "InvalidRange", "The requested range is not satisfiable")
}

func errMethodNotAllowed() *awserr.Error {
	return s3err(http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
}

func errInvalidTag(msg string) *awserr.Error {
	return s3err(http.StatusBadRequest, "InvalidTag", msg)
}

func errNotFound(code, msg string) *awserr.Error {
	return s3err(http.StatusNotFound, code, msg)
}

func toS3(err error) *awserr.Error {
	if e, ok := awserr.As(err); ok {
		return e
	}
	return awserr.Internal(err)
}
