// Package flowlog produces VPC Flow Log records from simulated traffic.
//
// # Seam
//
// The records and their text form: Field (every documented field with its
// version and Parquet type), Format (ParseFormat, DefaultFormat,
// Format.String as DescribeFlowLogs reports LogFormat, Format.Version) and
// Record (typed values, '-' for what does not apply) rendered by
// Format.AppendText exactly as AWS writes a line.
//
// The engine's inputs and output: a Subscription per flow log (built by
// the API layer from the stored flow log), a Traffic description (flows
// read from a traffic file), and a Sink that receives Batches (the records
// of one flow log for one interface).
//
// A Traffic may ask for Background traffic (internet scanners, instances
// talking on the ports their security groups allow), generated for the
// covered interfaces and deterministic with Options.Seed.
//
// # Performance
//
// Aggregation is pointer-free (window.go): records are keyed by a
// padding-free aggKey in a small open-addressing index per capture
// window, windows are pooled, and a Record is built only when its window
// closes, into one buffer reused from delivery to delivery. Flow
// occurrences are traced in chunks on GOMAXPROCS goroutines (the data
// plane is immutable) and aggregated in time order on one, so the output
// does not depend on the number of goroutines.
//
// # Semantics
//
// Each flow is decided by the data plane (internal/dataplane) in both
// directions; records are written at every network interface the packets
// cross, as AWS documents in the VPC User Guide (flow-logs.md,
// flow-logs-records-examples.md; see aws-semantics.md §3):
//
//   - a source interface records its egress, a destination interface its
//     ingress; a NAT gateway interface records both legs with the
//     translated srcaddr/dstaddr and the original pkt-srcaddr/pkt-dstaddr;
//     a load balancer node's interface records the packet arriving and
//     the packet it sends on (to a target, or back to the client), and an
//     interface endpoint's interface the consumer's side, but not the
//     traffic between the two (flow-logs.md "Flow log limitations");
//   - srcaddr and dstaddr of a record at an interface show that
//     interface's primary private IPv4 address for its own side; the
//     pkt-* fields carry the packet's addresses;
//   - security groups are stateful: a request refused at the destination
//     is a single REJECT record there (nothing comes back); a request
//     refused at the source's egress is a REJECT at the source; network
//     ACLs are stateless: an inbound ACCEPT followed by an outbound REJECT
//     for the response records the response as REJECT;
//   - traffic to the Amazon DNS server, 169.254.169.254, 169.254.169.123,
//     DHCP and the VPC router is not logged;
//   - records aggregate per interface 5-tuple and direction within the
//     aggregation interval (60 or 600 s); start and end are the first and
//     last packet seen in that window; an interface with a flow log and
//     no traffic in a window writes a NODATA record.
package flowlog
