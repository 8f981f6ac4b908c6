package model

// DhcpOptions is a DHCP options set.
type DhcpOptions struct {
	Meta
	Configurations []DhcpConfiguration `json:"configurations"`
}

// DhcpConfiguration is one key (domain-name, domain-name-servers, ...) with its values.
type DhcpConfiguration struct {
	Key    string   `json:"key"`
	Values []string `json:"values"`
}
