// Package ec2query implements AWS's EC2 Query wire protocol: flattened form
// parameters (Filter.1.Value.2) decoded into generated shapes by their `ec2`
// tags, required members checked from the model (`ec2:"Wire,req"`),
// responses encoded as EC2 XML (`<xxxSet><item>`), and the EC2 error
// envelope. Codec adapts it to protocol.Codec. It knows nothing about EC2's
// semantics.
package ec2query
