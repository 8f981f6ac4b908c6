// Package restjson implements AWS's rest-json wire protocol (API Gateway,
// Lambda, EKS and many newer services): operations routed by HTTP method,
// path and query, members bound to URI labels, query keys and headers (the
// bindings package rest shares with rest-xml), and JSON bodies.
//
// Request body. A blob, string or streaming payload member takes the raw
// body (aws-chunked bodies decoded); a structure payload is a JSON object; a
// document payload any JSON value. Without a payload member the input's
// non-located members come from one JSON object. An empty body leaves every
// body member nil. Members are keyed by their wire name; unknown keys and
// nulls are ignored. Malformed JSON, or a value of the wrong JSON type, is
// 400 SerializationException; a malformed bound value (label, query,
// header) is 400 ValidationException.
//
// JSON mapping, both ways: structures are objects, lists arrays, maps
// objects, blobs base64 strings, timestamps epoch seconds (fractions for
// milliseconds) unless ts= asks for iso8601 or rfc822 strings (any of the
// three is accepted on input), non-finite floats the strings "NaN",
// "Infinity", "-Infinity", documents (`any`) plain JSON. Nil members are
// omitted.
//
// Response. Status from the operation's ResponseCode (200 by default) or a
// statusCode member; headers from header members; then a raw payload as is,
// a structure or document payload as JSON, or the non-located members as a
// JSON object ("{}" when all are nil), with Content-Type application/json.
// Every answer has an x-amzn-RequestId header.
//
// Errors: the status, an X-Amzn-ErrorType header naming the code, and
// {"message": "..."} as the body. A request matching no operation is 405
// MethodNotAllowedException when its path serves another method, else 404
// UnknownOperationException.
package restjson
