// Package redshift serves Amazon Redshift's cluster subnet groups and their
// tags on the query protocol: generated shapes (shapes_gen.go, from
// operations.txt) and thin handlers over internal/control/redshift. Every
// other Redshift operation answers the protocol's unsupported-operation
// error.
package redshift

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/control"
	rsctl "github.com/vpcsim/vpcsim/internal/control/redshift"
	"github.com/vpcsim/vpcsim/internal/control/subnetgroup"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// handlers binds the operations to one control plane.
type handlers struct{ ctl *rsctl.Service }

// New returns the Redshift binding over the EC2 control plane's store.
func New(ctl *control.Service) *api.Binding {
	return NewWith(rsctl.New(ctl.Store(), ctl))
}

// NewWith returns the Redshift binding over svc.
func NewWith(svc *rsctl.Service) *api.Binding {
	h := handlers{ctl: svc}
	r := api.NewRouter()
	api.Handle(r, "CreateClusterSubnetGroup", h.createClusterSubnetGroup)
	api.Handle(r, "DescribeClusterSubnetGroups", h.describeClusterSubnetGroups)
	api.Handle(r, "ModifyClusterSubnetGroup", h.modifyClusterSubnetGroup)
	api.HandleNoOutput(r, "DeleteClusterSubnetGroup", h.deleteClusterSubnetGroup)
	api.HandleNoOutput(r, "CreateTags", h.createTags)
	api.HandleNoOutput(r, "DeleteTags", h.deleteTags)
	api.Handle(r, "DescribeTags", h.describeTags)
	return &api.Binding{Service: Service, Handler: r}
}

func (h handlers) createClusterSubnetGroup(ctx context.Context, c *protocol.Call, in *CreateClusterSubnetGroupMessage) (*CreateClusterSubnetGroupResult, error) {
	v, err := h.ctl.Create(ctx, api.Scope(c), subnetgroup.CreateInput{
		Name: api.Str(in.ClusterSubnetGroupName), Description: api.Str(in.Description),
		SubnetIDs: in.SubnetIds, Tags: fromTags(in.Tags),
	})
	if err != nil {
		return nil, err
	}
	return &CreateClusterSubnetGroupResult{ClusterSubnetGroup: toGroup(v)}, nil
}

func (h handlers) describeClusterSubnetGroups(_ context.Context, c *protocol.Call, in *DescribeClusterSubnetGroupsMessage) (*ClusterSubnetGroupMessage, error) {
	views, next, err := h.ctl.List(api.Scope(c), subnetgroup.ListInput{
		Name: in.ClusterSubnetGroupName, Marker: in.Marker, MaxRecords: in.MaxRecords,
		Match: rsctl.TagFilter(in.TagKeys, in.TagValues),
	})
	if err != nil {
		return nil, err
	}
	out := &ClusterSubnetGroupMessage{ClusterSubnetGroups: make([]ClusterSubnetGroup, 0, len(views))}
	for _, v := range views {
		out.ClusterSubnetGroups = append(out.ClusterSubnetGroups, *toGroup(v))
	}
	if next != "" {
		out.Marker = &next
	}
	return out, nil
}

func (h handlers) modifyClusterSubnetGroup(ctx context.Context, c *protocol.Call, in *ModifyClusterSubnetGroupMessage) (*ModifyClusterSubnetGroupResult, error) {
	subnets := in.SubnetIds
	if subnets == nil {
		subnets = []string{}
	}
	v, err := h.ctl.Modify(ctx, api.Scope(c), api.Str(in.ClusterSubnetGroupName), in.Description, subnets)
	if err != nil {
		return nil, err
	}
	return &ModifyClusterSubnetGroupResult{ClusterSubnetGroup: toGroup(v)}, nil
}

func (h handlers) deleteClusterSubnetGroup(ctx context.Context, c *protocol.Call, in *DeleteClusterSubnetGroupMessage) error {
	return h.ctl.Delete(ctx, api.Scope(c), api.Str(in.ClusterSubnetGroupName))
}

func (h handlers) createTags(ctx context.Context, c *protocol.Call, in *CreateTagsMessage) error {
	return h.ctl.CreateTags(ctx, api.Scope(c), api.Str(in.ResourceName), fromTags(in.Tags))
}

func (h handlers) deleteTags(ctx context.Context, c *protocol.Call, in *DeleteTagsMessage) error {
	return h.ctl.DeleteTags(ctx, api.Scope(c), api.Str(in.ResourceName), in.TagKeys)
}

func (h handlers) describeTags(_ context.Context, c *protocol.Call, in *DescribeTagsMessage) (*TaggedResourceListMessage, error) {
	trs, next, err := h.ctl.DescribeTags(api.Scope(c), rsctl.DescribeTagsInput{
		ResourceName: in.ResourceName, ResourceType: in.ResourceType, Marker: in.Marker,
		MaxRecords: in.MaxRecords, TagKeys: in.TagKeys, TagValues: in.TagValues,
	})
	if err != nil {
		return nil, err
	}
	out := &TaggedResourceListMessage{TaggedResources: make([]TaggedResource, 0, len(trs))}
	for _, tr := range trs {
		out.TaggedResources = append(out.TaggedResources, TaggedResource{
			ResourceName: &tr.ResourceName,
			ResourceType: &tr.ResourceType,
			Tag:          &Tag{Key: &tr.Tag.Key, Value: &tr.Tag.Value},
		})
	}
	if next != "" {
		out.Marker = &next
	}
	return out, nil
}

// toGroup renders a cluster subnet group.
func toGroup(v *subnetgroup.View) *ClusterSubnetGroup {
	g := &ClusterSubnetGroup{
		ClusterSubnetGroupName:         &v.Name,
		Description:                    &v.Description,
		VpcId:                          &v.VpcID,
		SubnetGroupStatus:              new(rsctl.SubnetGroupStatus),
		Tags:                           toTags(v.SortedTags()),
		SupportedClusterIpAddressTypes: rsctl.SupportedClusterIPAddressTypes(v),
		Subnets:                        make([]Subnet, 0, len(v.Subnets)),
	}
	for _, s := range v.Subnets {
		g.Subnets = append(g.Subnets, Subnet{
			SubnetIdentifier:       &s.ID,
			SubnetAvailabilityZone: &AvailabilityZone{Name: &s.AvailabilityZone},
			SubnetStatus:           new(rsctl.SubnetStatus),
		})
	}
	return g
}

func fromTags(in []Tag) []model.Tag {
	out := make([]model.Tag, 0, len(in))
	for _, t := range in {
		out = append(out, model.Tag{Key: api.Str(t.Key), Value: api.Str(t.Value)})
	}
	return out
}

func toTags(in []model.Tag) []Tag {
	out := make([]Tag, 0, len(in))
	for _, t := range in {
		out = append(out, Tag{Key: &t.Key, Value: &t.Value})
	}
	return out
}
