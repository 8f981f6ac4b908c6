// Package directconnect holds the domain types of AWS Direct Connect:
// dedicated and hosted connections, link aggregation groups (LAGs),
// virtual interfaces with their BGP peers, Direct Connect gateways and
// their associations with virtual private gateways and transit gateways.
// Pure data: the rules live in internal/control/directconnect.
//
// Keys (Meta.ID) are the AWS identifiers, unique across accounts and
// regions: dxcon-…, dxlag-…, dxvif-…, and UUIDs for Direct Connect
// gateways (a global resource: Meta.Region is empty) and associations.
package directconnect

import "fmt"

// ConnectionARN returns a connection's ARN (dxcon/<id>).
func ConnectionARN(region, account, id string) string {
	return fmt.Sprintf("arn:aws:directconnect:%s:%s:dxcon/%s", region, account, id)
}

// LagARN returns a LAG's ARN (dxlag/<id>).
func LagARN(region, account, id string) string {
	return fmt.Sprintf("arn:aws:directconnect:%s:%s:dxlag/%s", region, account, id)
}

// VirtualInterfaceARN returns a virtual interface's ARN (dxvif/<id>).
func VirtualInterfaceARN(region, account, id string) string {
	return fmt.Sprintf("arn:aws:directconnect:%s:%s:dxvif/%s", region, account, id)
}

// GatewayARN returns a Direct Connect gateway's ARN: the gateway is
// global, so its ARN has no region (dx-gateway/<id>).
func GatewayARN(account, id string) string {
	return fmt.Sprintf("arn:aws:directconnect::%s:dx-gateway/%s", account, id)
}
