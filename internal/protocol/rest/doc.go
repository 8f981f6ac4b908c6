// Package rest holds the HTTP bindings the two REST protocols share
// (rest-xml and rest-json): routing a request to an operation by its method,
// path and query, filling an input shape's located members (URI labels,
// query string, headers, header maps), decoding an aws-chunked request body,
// and writing an output shape's located members back as status and headers.
// The body itself (XML or JSON) is the protocol package's business.
//
// Routing. Every operation's RequestURI is compiled into a route: path
// segments are literals, labels ("{Bucket}") that match one non-empty
// segment, or a greedy label ("{Key+}") that matches the rest of the path,
// slashes included; both are URL-decoded. A query part in the template
// ("?acl", "?list-type=2", "?select&select-type=2") lists query keys the
// request must carry, with the value when one is given. A request may carry
// further query keys. When several operations match, the most specific one
// wins, compared in this order:
//
//  1. an "x-id" query value naming a candidate (the AWS SDKs send it);
//  2. more literal query keys in the template;
//  3. every required querystring and header member present;
//  4. more required querystring and header members present;
//  5. more literal path segments;
//  6. the operation whose name extends the other's: AWS names a revised
//     operation after the one it supersedes, so that
//     GetBucketLifecycleConfiguration wins over the deprecated
//     GetBucketLifecycle that shares its URI;
//  7. the richer input shape, then the richer output shape (ListBuckets,
//     four members, over ListDirectoryBuckets, two);
//  8. the operation name.
//
// Bindings. Labels, query values and headers are decoded into the scalar
// type of their member: strings, integers, booleans, floats, base64 blobs
// and timestamps (headers default to RFC 1123, query strings and labels to
// ISO 8601, either overridden by the member's ts= trait; any format is
// accepted on input). A list in the query string is the repeated key, in a
// header the comma-separated values. A querystring map takes every query key
// no other member or template literal claims. A loc=headers map takes the
// headers carrying its prefix, keyed by the lower-cased rest of the name.
// jsonvalue headers are base64 JSON, kept as the JSON text.
//
// Output: a loc=statusCode member sets the status, loc=header members set
// headers (timestamps RFC 1123 unless ts= says otherwise), loc=headers maps
// set prefix+key headers. A 200 answer carrying a Content-Range header is
// sent as 206 Partial Content.
//
// aws-chunked bodies (SigV4 streaming uploads and the SDKs' trailing
// checksums: Content-Encoding aws-chunked, x-amz-decoded-content-length or
// an x-amz-content-sha256 of STREAMING-*) are decoded into the object bytes
// by Body; the chunk signatures and trailers are ignored.
package rest
