package model

import "time"

// NetworkInsightsPath is a Reachability Analyzer path (nip-).
type NetworkInsightsPath struct {
	Meta
	Source              string      `json:"source"`
	Destination         string      `json:"destination,omitempty"`
	SourceArn           string      `json:"sourceArn"`
	DestinationArn      string      `json:"destinationArn,omitempty"`
	SourceIP            string      `json:"sourceIp,omitempty"`
	DestinationIP       string      `json:"destinationIp,omitempty"`
	Protocol            string      `json:"protocol"` // tcp | udp
	DestinationPort     int32       `json:"destinationPort,omitempty"`
	HasDestinationPort  bool        `json:"hasDestinationPort,omitempty"`
	FilterAtSource      *PathFilter `json:"filterAtSource,omitempty"`
	FilterAtDestination *PathFilter `json:"filterAtDestination,omitempty"`
	ClientToken         string      `json:"clientToken,omitempty"`
}

// PathFilter narrows the packet header at a path's source or destination.
type PathFilter struct {
	SourceAddress        string     `json:"sourceAddress,omitempty"`
	DestinationAddress   string     `json:"destinationAddress,omitempty"`
	SourcePortRange      *PortRange `json:"sourcePortRange,omitempty"`
	DestinationPortRange *PortRange `json:"destinationPortRange,omitempty"`
}

// PortRange is an inclusive port range.
type PortRange struct {
	From int32 `json:"from"`
	To   int32 `json:"to"`
}

// NetworkInsightsAnalysis is one run of Reachability Analyzer over a path (nia-).
type NetworkInsightsAnalysis struct {
	Meta
	PathID             string          `json:"pathId"`
	Status             string          `json:"status"` // running | succeeded | failed
	StatusMessage      string          `json:"statusMessage,omitempty"`
	WarningMessage     string          `json:"warningMessage,omitempty"`
	StartDate          time.Time       `json:"startDate"`
	FilterInArns       []string        `json:"filterInArns,omitempty"`
	FilterOutArns      []string        `json:"filterOutArns,omitempty"`
	AdditionalAccounts []string        `json:"additionalAccounts,omitempty"`
	NetworkPathFound   bool            `json:"networkPathFound"`
	Result             *AnalysisResult `json:"result,omitempty"`
}
