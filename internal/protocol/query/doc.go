// Package query implements AWS's Query wire protocol (awsQuery), spoken by
// IAM, STS, RDS, ElastiCache, Redshift and ELBv2, as a protocol.Codec.
//
// Requests. The operation is the Action parameter. Parameters come from the
// application/x-www-form-urlencoded POST body merged with the URL query
// string (a GET carries them in the query string alone); on a repeated key
// the body wins over the query string and the first occurrence wins within
// one source. Parameters are decoded into a generated input shape by its
// `aws` struct tags (see package protocol):
//
//	Name=v                      a scalar member; an empty value is a present
//	                            empty string
//	Outer.Inner=v               a member of a nested structure
//	Name.member.N=v             the Nth list element (the element name comes
//	                            from the member= trait, default "member")
//	Name.N=v                    the Nth element of a flattened (flat) list
//	Name=                       an empty list (what the SDKs send for one)
//	Name.entry.N.key=k          the Nth map entry's key, with its value in
//	Name.entry.N.value=v        Name.entry.N.value (key= and value= traits
//	                            rename them); a flat map drops "entry"
//
// List and map positions are positive decimal integers without leading
// zeros; elements are rebuilt in numeric order whatever the order they
// arrived in (gaps close up). Integers, floats, booleans (exactly "true" or
// "false"), ISO 8601 timestamps (or the ts= trait's format) and base64 blobs
// are checked: a malformed value, or a malformed position, is a 400
// InvalidParameterValue naming the parameter. Unknown parameters are
// ignored. A missing Action is a 400 MissingAction; an undecodable form body
// is a 400 MalformedQueryString.
//
// Responses. An output renders as
//
//	<OpResponse xmlns="{Service.XMLNamespace}">
//	  <OpResult>...members...</OpResult>
//	  <ResponseMetadata><RequestId>id</RequestId></ResponseMetadata>
//	</OpResponse>
//
// where OpResult is the operation's ResultWrapper (OpResult when unset),
// omitted when the operation has no output (out == nil). Members render in field order by wire name; nil
// pointers, slices and maps are omitted, while an empty non-nil list or map
// renders as an empty element (<Name/>). Lists render as
// <Name><member>..</member></Name> (flattened lists repeat <Name>), maps as
// <Name><entry><key>k</key><value>v</value></entry></Name> in key order,
// timestamps as ISO 8601 UTC (2026-11-29T22:15:04Z, milliseconds only when
// non-zero), booleans as true/false and blobs as base64. Errors render as
//
//	<ErrorResponse xmlns="{Service.XMLNamespace}">
//	  <Error><Type>Sender|Receiver</Type><Code>..</Code><Message>..</Message></Error>
//	  <RequestId>id</RequestId>
//	</ErrorResponse>
//
// with the error's HTTP status (Receiver for 5xx).
package query
