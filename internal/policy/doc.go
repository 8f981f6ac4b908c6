// Package policy implements the IAM JSON policy language as AWS documents it
// in the IAM User Guide ("IAM JSON policy elements reference", "Grammar of
// the IAM JSON policy language", "Policy evaluation logic" and "Cross-account
// policy evaluation logic"): parsing, validation and evaluation.
//
// # Design
//
// The package is three layers, each usable alone:
//
//   - Parse turns a JSON document into a Document. It reads the JSON token
//     by token (encoding/json's Decoder) so that it can reject what the
//     grammar forbids and a generic unmarshal would silently accept:
//     duplicate keys in one object, unknown top-level or statement elements,
//     values of the wrong JSON type, empty arrays, both members of a
//     mutually exclusive pair (Action/NotAction, Resource/NotResource,
//     Principal/NotPrincipal), unknown condition operators and malformed
//     action or resource strings. Scalars are kept as the strings the policy
//     spelled: a JSON number or boolean in a Condition becomes its text.
//     Failures are a *SyntaxError (not JSON, or not the grammar's shapes) or
//     a *ValidationError (well formed but breaking a documented rule); their
//     Error() text is written in the style of IAM's MalformedPolicyDocument
//     messages (the documentation does not list the exact texts).
//
//   - Document.Validate applies the rules that depend on where a policy is
//     attached (Kind): identity-based policies (also permissions boundaries
//     and session policies) must not name a Principal or an Id and must have
//     a Resource; resource-based policies must name a Principal and a
//     Resource; role trust policies must name a Principal, must not have a
//     Resource and may only grant the sts:AssumeRole family. IAM policies
//     (identity and trust) also get IAM's Sid and character-set rules.
//     ValidateIdentityPolicy, ValidateResourcePolicy and ValidateTrustPolicy
//     combine Parse and Validate.
//
//   - Evaluate decides a Request against a PolicySet following the
//     documented flow: an explicit Deny in any policy wins; otherwise, in
//     one account, an Allow in an identity-based or a resource-based policy
//     suffices, subject to the permissions boundary and session policies
//     exactly as the "Resource-based policies and implicit denies" rules
//     describe (grants to a user or session ARN are not limited by them,
//     grants to a role ARN are, grants to the account need an identity-based
//     Allow); across accounts both the principal's account (identity side)
//     and the resource's account (resource policy) must allow; everything
//     else is an implicit deny. The Decision names the reason and the
//     policy and statement that decided, so callers can explain it.
//
// Matching follows the element pages: actions compare case-insensitively
// with * and ? wildcards; resources compare case-sensitively, each of the
// six colon-separated ARN components on its own (so * never crosses a colon
// before the resource part, but crosses / freely); principals compare as
// whole identifiers (account id, account root ARN, user, role, session,
// service, federated provider, canonical user, or "*"). Condition key names
// are case-insensitive. Policy variables (${aws:username},
// ${aws:PrincipalTag/team, 'default'}, ${*}, ${?}, ${$}) are substituted only
// in documents whose Version is 2012-10-17, only in the resource part of a
// Resource/NotResource ARN and in the values of String, ARN and Bool
// condition operators; a variable with no value makes that resource or
// condition value match nothing.
//
// The package uses only the standard library and holds no state. Evaluate
// never modifies a Document, so one parsed Document may be shared by
// concurrent evaluations.
package policy
