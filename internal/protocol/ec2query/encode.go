package ec2query

import (
	"bytes"
	"encoding/xml"
	"fmt"
)

// EC2Namespace is the XML namespace of EC2 responses.
const EC2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/"

// EncodeResponse renders an EC2 response: <{Action}Response xmlns=...>,
// <requestId>, then the output's members (or <return>true</return> when
// out is nil).
func EncodeResponse(action, requestID string, out any) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(512)
	buf.WriteString(xml.Header)
	fmt.Fprintf(&buf, "<%sResponse xmlns=%q><requestId>%s</requestId>", action, EC2Namespace, requestID)
	if out == nil {
		buf.WriteString("<return>true</return>")
	} else {
		inner, err := marshalInner(out)
		if err != nil {
			return nil, fmt.Errorf("encode %s response: %w", action, err)
		}
		buf.Write(dropEmptyTagSets(inner))
	}
	fmt.Fprintf(&buf, "</%sResponse>", action)
	return buf.Bytes(), nil
}

// marshalInner renders a struct's fields without its own wrapping element.
func marshalInner(v any) ([]byte, error) {
	b, err := xml.Marshal(struct {
		XMLName xml.Name `xml:"r"`
		V       any
	}{V: v})
	if err != nil {
		return nil, err
	}
	// b is <r><V>...</V></r>, but V's element name is its type name.
	b = bytes.TrimPrefix(b, []byte("<r>"))
	b = bytes.TrimSuffix(b, []byte("</r>"))
	if i := bytes.IndexByte(b, '>'); i >= 0 && len(b) > 0 && b[0] == '<' {
		open := b[1:i]
		if bytes.HasSuffix(open, []byte("/")) { // empty struct: <T/>
			return nil, nil
		}
		b = b[i+1:]
		b = bytes.TrimSuffix(b, []byte("</"+string(open)+">"))
	}
	return b, nil
}

var emptyTagSet = []byte("<tagSet></tagSet>")

// dropEmptyTagSets removes the empty tagSet of every resource in a
// response: EC2 omits the element for a resource without tags (an untagged
// VPC, instance ... has no Tags in the SDKs and the CLI), while
// encoding/xml writes the parent of an a>b list even when the list is
// empty. A tagSet that is a direct member of the response (DescribeTags
// with no match) stays. inner holds only elements (encoding/xml escapes
// '<' in character data and writes no self-closing tags), so the nesting
// depth is the count of open minus close tags before a position.
func dropEmptyTagSets(inner []byte) []byte {
	if !bytes.Contains(inner, emptyTagSet) {
		return inner
	}
	out := make([]byte, 0, len(inner))
	depth := 0
	for i := 0; i < len(inner); {
		c := inner[i]
		if c != '<' {
			out = append(out, c)
			i++
			continue
		}
		if depth > 0 && bytes.HasPrefix(inner[i:], emptyTagSet) {
			i += len(emptyTagSet)
			continue
		}
		if i+1 < len(inner) && inner[i+1] == '/' {
			depth--
		} else {
			depth++
		}
		out = append(out, c)
		i++
	}
	return out
}
