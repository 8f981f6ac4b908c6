// Package restxml implements AWS's rest-xml wire protocol (S3, Route 53,
// CloudFront): operations routed by HTTP method, path and query, members
// bound to URI labels, query keys and headers, and XML bodies. It knows no
// service's semantics beyond the error envelope and S3's response roots.
//
// Routing and the HTTP bindings are package rest's (see its documentation);
// a request matching no operation is answered 405 MethodNotAllowed when its
// path serves another method (and always for S3), else 404
// UnknownOperationException.
//
// Request body. A blob, string or streaming payload member takes the raw
// body (aws-chunked bodies decoded); a structure payload is an XML document
// whose root element is the member's wire name or its structure's root
// (namespace optional); an empty body leaves it nil. Without a payload
// member the input's non-located members come from an XML document with
// any root. Malformed XML is 400 MalformedXML; a malformed bound value 400
// InvalidArgument (S3) or InvalidInput (other services).
//
// XML mapping, both ways, by the members' `aws` tags: an element per member
// named by its wire name; wrapped lists <Name><Member>..</Member></Name>
// (member= names the element, "member" by default); flat lists repeat
// <Name>; maps <Name><entry><key>k</key><value>v</value></entry></Name>
// (flat maps repeat <Name><key/><value/></Name>; key=/value= rename);
// attr members are attributes; timestamps ISO 8601 with milliseconds
// unless ts= says otherwise; blobs base64. Unknown elements are ignored on
// input; nil members are omitted on output, as are empty flat lists (an
// empty non-nil wrapped list is written as its empty wrapper). A namespace
// (ns= on a member, or the ns of a structure's `_` root field) is declared
// as xmlns, or, when the structure has an attribute with a prefix
// (xsi:type on S3's Grantee), as xmlns:prefix.
//
// Response. Status from the operation's ResponseCode (200 by default) or a
// statusCode member; headers from header members; then the body: a raw
// payload written as is (Content-Type application/octet-stream unless a
// Content-Type member is set), a structure payload as XML rooted at the
// member's wire name, or the non-located members as an XML document rooted
// at op.OutputRoot, else the output structure's root, else (S3 only) the
// root S3 answers with ("ListAllMyBucketsResult", "ListBucketResult",
// "LocationConstraint", ...), else op.Name+"Result". When the document's
// only member has the root's name (S3's GetBucketLocation), that member is
// the root: <LocationConstraint>eu-west-1</LocationConstraint>. The root
// carries xmlns = the service's XMLNamespace (for S3, which the model leaves
// without one, http://s3.amazonaws.com/doc/<apiVersion>/). HEAD answers
// and 204/304 carry no body. Every answer has x-amz-request-id and
// x-amz-id-2 headers.
//
// Errors. For S3 (svc.Name == "s3"):
//
//	<Error><Code/><Message/><RequestId/><HostId/></Error>
//
// for every other service the AWS query-style envelope:
//
//	<ErrorResponse xmlns=ns><Error><Type>Sender|Receiver</Type><Code/>
//	<Message/></Error><RequestId/></ErrorResponse>
//
// awserr.Error carries only a code and a message, so S3's extra error
// fields (BucketName, Key, ...) are not rendered.
package restxml
