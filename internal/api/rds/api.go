// Package rds serves Amazon RDS's DB subnet groups on the query protocol:
// generated shapes (shapes_gen.go, from operations.txt) and thin handlers
// over internal/control/rds. Every other RDS operation answers the
// protocol's unsupported-operation error.
package rds

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/control"
	rdsctl "github.com/vpcsim/vpcsim/internal/control/rds"
	"github.com/vpcsim/vpcsim/internal/control/subnetgroup"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// handlers binds the operations to one control plane.
type handlers struct{ ctl *rdsctl.Service }

// New returns the RDS binding over the EC2 control plane's store.
func New(ctl *control.Service) *api.Binding {
	return NewWith(rdsctl.New(ctl.Store(), ctl))
}

// NewWith returns the RDS binding over svc.
func NewWith(svc *rdsctl.Service) *api.Binding {
	h := handlers{ctl: svc}
	r := api.NewRouter()
	api.Handle(r, "CreateDBSubnetGroup", h.createDBSubnetGroup)
	api.Handle(r, "DescribeDBSubnetGroups", h.describeDBSubnetGroups)
	api.Handle(r, "ModifyDBSubnetGroup", h.modifyDBSubnetGroup)
	api.HandleNoOutput(r, "DeleteDBSubnetGroup", h.deleteDBSubnetGroup)
	api.HandleNoOutput(r, "AddTagsToResource", h.addTagsToResource)
	api.HandleNoOutput(r, "RemoveTagsFromResource", h.removeTagsFromResource)
	api.Handle(r, "ListTagsForResource", h.listTagsForResource)
	return &api.Binding{Service: Service, Handler: r}
}

func (h handlers) createDBSubnetGroup(ctx context.Context, c *protocol.Call, in *CreateDBSubnetGroupMessage) (*CreateDBSubnetGroupResult, error) {
	v, err := h.ctl.Create(ctx, api.Scope(c), subnetgroup.CreateInput{
		Name: api.Str(in.DBSubnetGroupName), Description: api.Str(in.DBSubnetGroupDescription),
		SubnetIDs: in.SubnetIds, Tags: fromTags(in.Tags),
	})
	if err != nil {
		return nil, err
	}
	return &CreateDBSubnetGroupResult{DBSubnetGroup: toGroup(v)}, nil
}

func (h handlers) describeDBSubnetGroups(_ context.Context, c *protocol.Call, in *DescribeDBSubnetGroupsMessage) (*DBSubnetGroupMessage, error) {
	if err := rdsctl.CheckFilters(len(in.Filters)); err != nil {
		return nil, err
	}
	views, next, err := h.ctl.List(api.Scope(c), subnetgroup.ListInput{Name: in.DBSubnetGroupName, Marker: in.Marker, MaxRecords: in.MaxRecords})
	if err != nil {
		return nil, err
	}
	out := &DBSubnetGroupMessage{DBSubnetGroups: make([]DBSubnetGroup, 0, len(views))}
	for _, v := range views {
		out.DBSubnetGroups = append(out.DBSubnetGroups, *toGroup(v))
	}
	if next != "" {
		out.Marker = &next
	}
	return out, nil
}

func (h handlers) modifyDBSubnetGroup(ctx context.Context, c *protocol.Call, in *ModifyDBSubnetGroupMessage) (*ModifyDBSubnetGroupResult, error) {
	subnets := in.SubnetIds
	if subnets == nil {
		subnets = []string{}
	}
	v, err := h.ctl.Modify(ctx, api.Scope(c), api.Str(in.DBSubnetGroupName), in.DBSubnetGroupDescription, subnets)
	if err != nil {
		return nil, err
	}
	return &ModifyDBSubnetGroupResult{DBSubnetGroup: toGroup(v)}, nil
}

func (h handlers) deleteDBSubnetGroup(ctx context.Context, c *protocol.Call, in *DeleteDBSubnetGroupMessage) error {
	return h.ctl.Delete(ctx, api.Scope(c), api.Str(in.DBSubnetGroupName))
}

func (h handlers) addTagsToResource(ctx context.Context, c *protocol.Call, in *AddTagsToResourceMessage) error {
	return h.ctl.TagResource(ctx, api.Scope(c), api.Str(in.ResourceName), fromTags(in.Tags))
}

func (h handlers) removeTagsFromResource(ctx context.Context, c *protocol.Call, in *RemoveTagsFromResourceMessage) error {
	return h.ctl.UntagResource(ctx, api.Scope(c), api.Str(in.ResourceName), in.TagKeys)
}

func (h handlers) listTagsForResource(_ context.Context, c *protocol.Call, in *ListTagsForResourceMessage) (*TagListMessage, error) {
	if err := rdsctl.CheckFilters(len(in.Filters)); err != nil {
		return nil, err
	}
	tags, err := h.ctl.ListTags(api.Scope(c), api.Str(in.ResourceName))
	if err != nil {
		return nil, err
	}
	return &TagListMessage{TagList: toTags(tags)}, nil
}

// toGroup renders a DB subnet group.
func toGroup(v *subnetgroup.View) *DBSubnetGroup {
	g := &DBSubnetGroup{
		DBSubnetGroupName:        &v.Name,
		DBSubnetGroupDescription: &v.Description,
		VpcId:                    &v.VpcID,
		SubnetGroupStatus:        new(rdsctl.SubnetGroupStatus),
		DBSubnetGroupArn:         &v.ID,
		SupportedNetworkTypes:    rdsctl.SupportedNetworkTypes(v),
		Subnets:                  make([]Subnet, 0, len(v.Subnets)),
	}
	for _, s := range v.Subnets {
		g.Subnets = append(g.Subnets, Subnet{
			SubnetIdentifier:       &s.ID,
			SubnetAvailabilityZone: &AvailabilityZone{Name: &s.AvailabilityZone},
			SubnetStatus:           new(rdsctl.SubnetStatus),
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
