// Package jsonrpc implements AWS's JSON 1.0 and 1.1 wire protocols
// (awsJson1_0, awsJson1_1), spoken by CloudWatch Logs and Direct Connect,
// as a protocol.Codec.
//
// Requests are POSTs naming the operation in the header
//
//	X-Amz-Target: {Service.TargetPrefix}.{Operation}
//
// with a JSON object body (Content-Type application/x-amz-json-1.1 or 1.0;
// the codec does not insist on it). A missing target, or one with another
// service's prefix, is a 400 UnknownOperationException. The body decodes
// into a generated input shape by its `aws` tags' wire names (the model's
// member names), matched case-sensitively:
//
//   - an empty body, or null, is an empty object; null members are absent;
//   - unknown members are ignored (their values must still be valid JSON);
//   - strings, booleans and numbers must have their member's JSON type;
//     integers must be integral and in range (1e3 is 1000, 1.5 is not);
//   - timestamps are epoch seconds (a number, possibly fractional; a string
//     in ISO 8601 or RFC 822 form is also accepted);
//   - blobs are base64 strings; documents are any JSON value.
//
// Malformed JSON, or a value of the wrong type, is a 400
// SerializationException whose message names the member's path
// ("logEvents[2].timestamp").
//
// Responses are JSON objects of the output's present members: nil pointers,
// slices and maps are omitted, empty non-nil lists and maps render as [] and
// {}, timestamps as epoch seconds (milliseconds as a fraction when
// non-zero, unless the member's ts= trait names another format), blobs as
// base64, and map keys in sorted order. An operation without output renders
// {}. Content-Type is application/x-amz-json-{Service.JSONVersion}. Errors
// render as {"__type":"Code","message":"..."} with the header
// x-amzn-ErrorType: Code and the error's HTTP status.
package jsonrpc
