// Package model holds vpcsim's domain types: the VPC world as AWS defines it,
// typed with net/netip, with no I/O, wire or storage concerns.
//
// Every stored object embeds Meta (id, owner account, region, tags). Objects
// read from a store snapshot are shared and must be treated as immutable: to
// change one, take a deep copy with Clone, modify the copy and put it back.
package model
