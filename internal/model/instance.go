package model

import "time"

// Instance is an EC2 instance. Its network identity lives on its ENIs;
// the primary ENI (device index 0) carries its private IP, security groups
// and source/destination check.
type Instance struct {
	Meta
	ReservationID         string    `json:"reservationId"`
	ImageID               string    `json:"imageId"`
	InstanceType          string    `json:"instanceType"`
	KeyName               string    `json:"keyName,omitempty"`
	State                 string    `json:"state"` // pending | running | stopping | stopped | shutting-down | terminated
	StateReason           string    `json:"stateReason,omitempty"`
	SubnetID              string    `json:"subnetId"`
	VpcID                 string    `json:"vpcId"`
	AvailabilityZone      string    `json:"availabilityZone"`
	PrimaryENI            string    `json:"primaryEni"`
	LaunchTime            time.Time `json:"launchTime"`
	TerminatedAt          time.Time `json:"terminatedAt,omitempty"`
	ClientToken           string    `json:"clientToken,omitempty"`
	AmiLaunchIndex        int32     `json:"amiLaunchIndex"`
	UserData              string    `json:"userData,omitempty"`
	DisableApiTermination bool      `json:"disableApiTermination"`
	DisableApiStop        bool      `json:"disableApiStop"`
	ShutdownBehavior      string    `json:"shutdownBehavior"` // stop | terminate
	EbsOptimized          bool      `json:"ebsOptimized"`
	Monitoring            bool      `json:"monitoring"`
	CpuCredits            string    `json:"cpuCredits,omitempty"`
	MetadataHttpTokens    string    `json:"metadataHttpTokens,omitempty"`
	RootVolumeID          string    `json:"rootVolumeId,omitempty"`
	RootVolumeSize        int32     `json:"rootVolumeSize,omitempty"`
	RootVolumeType        string    `json:"rootVolumeType,omitempty"` // EBS type asked for at launch; "" = the image's
	// AutoPublicIP records that the instance was launched with an
	// auto-assigned public IPv4 address on eth0 (subnet's
	// MapPublicIpOnLaunch or AssociatePublicIpAddress). EC2 releases that
	// address when the instance stops and assigns a new one when it
	// starts; an Elastic IP is kept instead.
	AutoPublicIP bool `json:"autoPublicIp,omitempty"`
}

// InstanceStateCode maps an instance state name to EC2's numeric code.
func InstanceStateCode(state string) int32 {
	switch state {
	case "pending":
		return 0
	case "running":
		return 16
	case "shutting-down":
		return 32
	case "terminated":
		return 48
	case "stopping":
		return 64
	case "stopped":
		return 80
	}
	return 0
}

// KeyPair is an SSH key pair.
type KeyPair struct {
	Meta               // Meta.ID is the key-pair id (key-)
	Name        string `json:"name"`
	Fingerprint string `json:"fingerprint"`
	KeyType     string `json:"keyType"` // rsa | ed25519
	PublicKey   string `json:"publicKey,omitempty"`
}
