// Package logfilter implements the Amazon CloudWatch Logs filter pattern
// syntax used by FilterLogEvents, metric filters, subscription filters and
// TestMetricFilter.
//
// The behaviour follows the CloudWatch Logs User Guide, "Filter and pattern
// syntax" (FilterAndPatternSyntax.md) and the metric filter examples
// (Counting404Responses.md, FindCountMetric.md, ExtractBytesExample.md,
// CountOccurrencesExample.md, CountingLogEventsExample.md). A pattern is one
// of four kinds, chosen by its first non-blank character:
//
//   - Empty (or blank) pattern: matches every log event.
//
//   - Unstructured terms: words and "quoted phrases" separated by blanks.
//     Matching is case sensitive. Every plain term must appear in the
//     message; a term prefixed with '-' must not appear; when terms are
//     prefixed with '?', at least one of them must appear. A quoted phrase
//     holding only blanks (" ") matches every event. Terms are matched as
//     substrings of the message.
//
//   - Regular expression: a pattern written %regex% as a whole. The archived
//     guide predates regular expressions; they follow the current AWS page
//     (FilterAndPatternSyntax.html, "Supported regular expressions (regex)
//     syntax"). Only the documented subset is accepted: ASCII letters and digits, the symbols
//     _ # = @ / ; , - : and the operators ^ $ ? [ ] { } | \ * + . ; no
//     parentheses and no multi-byte characters. The expression matches
//     anywhere in the message. Evaluation uses Go's RE2 engine, so it runs
//     in time linear in the message.
//
//   - JSON: { selector op value } conditions over a JSON log event, combined
//     with && and || (&& binds tighter) and parentheses. Selectors are $.name
//     paths with [n] array indexes ($.a.b[1].c, $.coordinates[0][1]).
//     Operators are = and != for strings, and =, !=, <, <=, >, >= for
//     numbers; IS NULL, IS TRUE, IS FALSE and NOT EXISTS test a property
//     without a value. A '*' in a value is a wildcard; a value may also be a
//     %regex% (at most two regular expressions per pattern). A selector that
//     points to an object or array never matches, and a message that is not
//     a JSON object or array never matches a JSON pattern.
//
//   - Space-delimited: [field, field, ...] matched against the blank
//     separated fields of the message, where text in [brackets] or "double
//     quotes" counts as one field. Each field is a name, optionally with
//     conditions on its value (status_code=4*, bytes>1000, w1=ERROR ||
//     w1=WARNING), or the ellipsis ... standing for any number of fields.
//     The pattern must cover the whole message: when the message has more
//     fields than the pattern, the last field of the pattern takes the rest
//     of the line (this is why the guide's [w1=ERROR, w2] needs its trailing
//     w2).
//
// Wildcard matching splits a value at its '*'s and finds the pieces left to
// right, so it never backtracks; the space-delimited matcher is a dynamic
// programme over (pattern field, message field), so matching time is bounded
// by the pattern size times the message size.
//
// Compile reports every syntax error as an *Error whose text is the message
// CloudWatch Logs returns in InvalidParameterException, "Invalid filter
// pattern".
package logfilter
