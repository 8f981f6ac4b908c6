package model

import "net/netip"

// SubnetCidrReservation reserves an IPv4 or IPv6 range of a subnet
// [VPC User Guide, "Subnet CIDR reservations"]. A "prefix" reservation is
// for prefixes delegated to network interfaces; addresses of an "explicit"
// reservation are assigned only when asked for explicitly: EC2 never
// auto-assigns them.
type SubnetCidrReservation struct {
	Meta                         // Meta.ID is the reservation id (scr-)
	SubnetID        string       `json:"subnetId"`
	Cidr            netip.Prefix `json:"cidr"`
	ReservationType string       `json:"reservationType"` // prefix | explicit
	Description     string       `json:"description,omitempty"`
}
