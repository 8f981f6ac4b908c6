package model

import "time"

// VPC Block Public Access (VPC user guide, "Block public access to VPCs and
// subnets"): an account-and-region switch that blocks traffic through
// internet gateways and egress-only internet gateways, with per-VPC or
// per-subnet exclusions.

// Block modes of the account setting (InternetGatewayBlockMode).
const (
	BPAModeOff            = "off"
	BPABlockBidirectional = "block-bidirectional"
	BPABlockIngress       = "block-ingress"
)

// Exclusion modes (InternetGatewayExclusionMode).
const (
	BPAAllowBidirectional = "allow-bidirectional"
	BPAAllowEgress        = "allow-egress"
)

// BlockPublicAccessOptions is the account's setting in one region.
type BlockPublicAccessOptions struct {
	Mode       string    `json:"mode"`
	LastUpdate time.Time `json:"lastUpdate"`
}

// Exclusion states AWS reports (VpcBlockPublicAccessExclusionState).
const (
	BPAExclusionCreateInProgress = "create-in-progress"
	BPAExclusionCreateComplete   = "create-complete"
	BPAExclusionUpdateInProgress = "update-in-progress"
	BPAExclusionUpdateComplete   = "update-complete"
	BPAExclusionDeleteInProgress = "delete-in-progress"
	BPAExclusionDeleteComplete   = "delete-complete"
)

// BlockPublicAccessExclusion exempts one VPC or one subnet from the
// account's block mode. Meta.ID is the exclusion id (vpcbpa-exclude-).
type BlockPublicAccessExclusion struct {
	Meta
	Mode     string `json:"mode"` // BPAAllow*
	VpcID    string `json:"vpcId,omitempty"`
	SubnetID string `json:"subnetId,omitempty"`
	// State is the settled state: create-complete, update-complete or
	// delete-complete (the in-progress states are only in the answers of
	// the changing calls: vpcsim reaches steady state at once).
	State      string    `json:"state"`
	LastUpdate time.Time `json:"lastUpdate"`
	Deleted    time.Time `json:"deleted,omitzero"`
}

// Active reports whether the exclusion still exempts its resource.
func (e *BlockPublicAccessExclusion) Active() bool {
	return e.State != BPAExclusionDeleteComplete
}

// BPAVerdict is what VPC Block Public Access lets through an internet
// gateway or egress-only internet gateway for one subnet.
type BPAVerdict struct {
	// Ingress is false when traffic from the internet to the subnet is
	// blocked; Egress when traffic from the subnet to the internet is.
	Ingress, Egress bool
	// ExclusionID is the exclusion that decided, if any.
	ExclusionID string
}

// BPAFor returns the verdict for a subnet of a VPC under mode with the
// region's active exclusions [security-vpc-bpa.html: bidirectional blocks
// all traffic to and from internet gateways and egress-only internet
// gateways; ingress-only blocks internet traffic into the VPCs, "only
// traffic to and from NAT gateways and egress-only internet gateways is
// allowed because these gateways only allow outbound connections to be
// established"; an allow-bidirectional exclusion allows everything, an
// allow-egress exclusion allows outbound traffic and "only applies when
// VPC Block Public Access is set to Bidirectional"]. A subnet exclusion
// takes precedence over its VPC's. egressViaNAT tells whether the egress
// leaves through a NAT gateway or an egress-only internet gateway (the
// connections ingress-only mode still lets out).
func BPAFor(mode, vpcID, subnetID string, exclusions []*BlockPublicAccessExclusion, egressViaNAT bool) BPAVerdict {
	if mode == "" || mode == BPAModeOff {
		return BPAVerdict{Ingress: true, Egress: true}
	}
	var ex *BlockPublicAccessExclusion
	for _, e := range exclusions {
		if !e.Active() {
			continue
		}
		if subnetID != "" && e.SubnetID == subnetID {
			ex = e
			break
		}
		if e.VpcID == vpcID && e.SubnetID == "" {
			ex = e
		}
	}
	v := BPAVerdict{}
	switch mode {
	case BPABlockBidirectional:
	case BPABlockIngress:
		v.Egress = egressViaNAT
	}
	if ex != nil {
		v.ExclusionID = ex.ID
		switch ex.Mode {
		case BPAAllowBidirectional:
			v.Ingress, v.Egress = true, true
		case BPAAllowEgress:
			if mode == BPABlockBidirectional {
				v.Egress = true
			}
		}
	}
	return v
}
