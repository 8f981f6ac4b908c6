package control

import (
	"fmt"
	"hash/fnv"
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// defaultVpcCidr is the default VPC's block in every region [VPC-UG default-vpc.md].
var defaultVpcCidr = netip.MustParsePrefix("172.31.0.0/16")

// awsManagedPrefixLists are the gateway-endpoint services' prefix lists with
// representative ranges (us-east-1's published ranges; offline, every region
// uses them).
var awsManagedPrefixLists = []struct {
	service string
	cidrs   []string
}{
	{"s3", []string{"3.5.0.0/19", "16.182.0.0/16", "18.34.0.0/19", "18.34.232.0/21", "52.216.0.0/15", "54.231.0.0/16"}},
	{"dynamodb", []string{"3.218.180.0/22", "3.218.184.0/22", "52.94.0.0/22", "52.119.224.0/20"}},
}

// initScope creates what every AWS account-region starts with: default DHCP
// options, AWS-managed prefix lists, and the default VPC with a /20 default
// subnet per AZ, an attached internet gateway, and a main route table
// routing 0.0.0.0/0 to it [VPC-UG default-vpc.md "Default VPC components"].
//
// Every id it makes is derived from the account and region alone
// (Tx.WithIDs): reads of an account-region nobody has written to answer
// from these defaults computed on the fly, without storing them, and the
// first write stores exactly the ids those reads showed, in any process.
func initScope(tx *store.Tx, scope model.Scope) error {
	return tx.WithIDs("vpcsim-defaults/"+scope.Account+"/"+scope.Region, func() error {
		return buildScope(tx, scope)
	})
}

// buildScope creates the defaults of initScope.
func buildScope(tx *store.Tx, scope model.Scope) error {
	region, err := RegionByName(scope.Region)
	if err != nil {
		return err
	}
	st := &model.ScopeState{Meta: model.Meta{ID: scopeKey(scope), Account: scope.Account, Region: scope.Region, Created: tx.Now()}}
	dopt := createDefaultDhcpOptions(tx, scope)
	st.DefaultDhcpOptionsID = dopt.ID
	tx.Scopes.Put(st)

	for _, pl := range awsManagedPrefixLists {
		if _, ok := tx.PrefixLists.Get(managedPrefixListID(scope.Region, pl.service)); ok {
			continue
		}
		l := &model.ManagedPrefixList{
			Meta:          model.Meta{ID: managedPrefixListID(scope.Region, pl.service), Account: "", Region: scope.Region, Created: tx.Now()},
			Name:          "com.amazonaws." + scope.Region + "." + pl.service,
			AddressFamily: "IPv4",
			Version:       1,
			State:         "create-complete",
			OwnerID:       "AWS",
		}
		for _, c := range pl.cidrs {
			l.Entries = append(l.Entries, model.PrefixListEntry{Cidr: netip.MustParsePrefix(c)})
		}
		l.MaxEntries = int32(len(l.Entries))
		tx.PrefixLists.Put(l)
	}

	v, err := createDefaultVpc(tx, scope, region)
	if err != nil {
		return err
	}
	st = model.Clone(st)
	st.DefaultVpcID = v.ID
	tx.Scopes.Put(st)
	return nil
}

// createDefaultVpc creates the default VPC with a default subnet per AZ, an
// attached internet gateway and a 0.0.0.0/0 route to it.
func createDefaultVpc(tx *store.Tx, scope model.Scope, region Region) (*model.VPC, error) {
	v, err := createVPC(tx, scope, vpcSpec{cidr: defaultVpcCidr, tenancy: "default", isDefault: true})
	if err != nil {
		return nil, err
	}
	for i, z := range region.Zones {
		cidr := netip.PrefixFrom(nthAddr(defaultVpcCidr, uint64(i)*4096), 20)
		createSubnet(tx, v, subnetSpec{cidr: cidr, zone: z, defaultForAz: true, mapPublicIPOnLaunch: true})
	}
	igw := createInternetGateway(tx, scope, nil)
	igw = model.Clone(igw)
	igw.Attachments = []model.GatewayAttachment{{VpcID: v.ID, State: "available"}}
	tx.InternetGateways.Put(igw)
	for _, rt := range tx.RouteTables.Children(v.ID) {
		c := model.Clone(rt)
		c.Routes = append(c.Routes, model.Route{Destination: anyIPv4, Target: model.TargetIGW, TargetID: igw.ID, Origin: model.OriginCreateRoute})
		tx.RouteTables.Put(c)
	}
	return v, nil
}

// managedPrefixListID derives a stable pl- id for an AWS-managed list.
func managedPrefixListID(region, service string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(region + "/" + service))
	return fmt.Sprintf("pl-%08x", h.Sum32())
}
