package server

import (
	"net/http"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// Messages AWS answers authentication failures with.
const (
	msgInvalidToken = "The security token included in the request is invalid."
	msgExpiredToken = "The security token included in the request is expired"
	msgMismatch     = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
)

// authErr names a failed authentication in the error vocabulary of svc's
// family, with the status AWS documents for it:
//
//   - EC2 [EC2 API "Common client error codes"]: MissingAuthenticationToken,
//     AuthFailure (credentials that cannot be validated: an unknown key or
//     a wrong signature), IncompleteSignature, RequestExpired (a time
//     outside the 15 minutes allowed).
//   - The query services, IAM, STS, RDS, ElastiCache, Redshift ("Common
//     Errors" of their API references): MissingAuthenticationToken 403,
//     InvalidClientTokenId 403, ExpiredToken 403, IncompleteSignature 400,
//     SignatureDoesNotMatch 403 (also for a skewed clock, "Signature
//     expired: ...", which the SDKs read as clock skew).
//   - The JSON services (CloudWatch Logs): the same failures as
//     MissingAuthenticationTokenException, UnrecognizedClientException,
//     ExpiredTokenException, IncompleteSignatureException and
//     InvalidSignatureException.
//   - Amazon S3 ("Error responses", "List of error codes"): AccessDenied
//     for an unsigned request or an expired presigned URL,
//     InvalidAccessKeyId, ExpiredToken, AuthorizationHeaderMalformed /
//     AuthorizationQueryParametersError, SignatureDoesNotMatch,
//     RequestTimeTooSkewed, XAmzContentSHA256Mismatch and InvalidRequest.
func authErr(svc *protocol.Service, presigned bool, e *authError) *awserr.Error {
	mk := func(code string, status int, msg string) *awserr.Error {
		return &awserr.Error{Code: code, Message: msg, Status: status}
	}
	detail := e.detail
	switch family(svc) {
	case "s3":
		switch e.kind {
		case authMissing:
			return mk("AccessDenied", http.StatusForbidden, "Access Denied")
		case authMalformed:
			if presigned {
				return mk("AuthorizationQueryParametersError", http.StatusBadRequest, detail)
			}
			return mk("AuthorizationHeaderMalformed", http.StatusBadRequest, "The authorization header is malformed; "+detail)
		case authUnknownKey:
			return mk("InvalidAccessKeyId", http.StatusForbidden, "The AWS Access Key Id you provided does not exist in our records.")
		case authExpiredToken:
			return mk("ExpiredToken", http.StatusBadRequest, "The provided token has expired.")
		case authMismatch:
			return mk("SignatureDoesNotMatch", http.StatusForbidden, "The request signature we calculated does not match the signature you provided. Check your key and signing method.")
		case authSkewed:
			return mk("RequestTimeTooSkewed", http.StatusForbidden, "The difference between the request time and the current time is too large.")
		case authPresignExpired:
			return mk("AccessDenied", http.StatusForbidden, "Request has expired")
		case authBodyHash:
			return mk("XAmzContentSHA256Mismatch", http.StatusBadRequest, "The provided 'x-amz-content-sha256' header does not match what was computed.")
		case authNoBodyHash:
			return mk("InvalidRequest", http.StatusBadRequest, detail)
		}
	case "ec2":
		switch e.kind {
		case authMissing:
			return mk("MissingAuthenticationToken", http.StatusUnauthorized, "Request is missing Authentication Token")
		case authMalformed:
			return mk("IncompleteSignature", http.StatusBadRequest, detail)
		case authUnknownKey, authMismatch, authBodyHash, authNoBodyHash:
			return mk("AuthFailure", http.StatusUnauthorized, "AWS was not able to validate the provided access credentials")
		case authExpiredToken:
			return mk("AuthFailure", http.StatusUnauthorized, msgExpiredToken)
		case authSkewed, authPresignExpired:
			return mk("RequestExpired", http.StatusBadRequest, "Request has expired. "+detail)
		}
	case "json":
		switch e.kind {
		case authMissing:
			return mk("MissingAuthenticationTokenException", http.StatusForbidden, "Missing Authentication Token")
		case authMalformed:
			return mk("IncompleteSignatureException", http.StatusBadRequest, detail)
		case authUnknownKey:
			return mk("UnrecognizedClientException", http.StatusBadRequest, msgInvalidToken)
		case authExpiredToken:
			return mk("ExpiredTokenException", http.StatusBadRequest, msgExpiredToken)
		case authMismatch, authBodyHash, authNoBodyHash:
			return mk("InvalidSignatureException", http.StatusBadRequest, msgMismatch)
		case authSkewed, authPresignExpired:
			return mk("InvalidSignatureException", http.StatusBadRequest, detail)
		}
	}
	// The query services.
	switch e.kind {
	case authMissing:
		return mk("MissingAuthenticationToken", http.StatusForbidden, "Request is missing Authentication Token")
	case authMalformed:
		return mk("IncompleteSignature", http.StatusBadRequest, detail)
	case authUnknownKey:
		return mk("InvalidClientTokenId", http.StatusForbidden, msgInvalidToken)
	case authExpiredToken:
		return mk("ExpiredToken", http.StatusForbidden, msgExpiredToken)
	case authSkewed, authPresignExpired:
		return mk("SignatureDoesNotMatch", http.StatusForbidden, detail)
	}
	return mk("SignatureDoesNotMatch", http.StatusForbidden, msgMismatch)
}

// family is the error vocabulary a service's authentication failures use.
func family(svc *protocol.Service) string {
	switch {
	case svc == nil || svc.Protocol == "ec2":
		return "ec2"
	case svc.Name == "s3":
		return "s3"
	case svc.Protocol == "json" || svc.Protocol == "rest-json":
		return "json"
	}
	return "query"
}
