// Package elasticache serves Amazon ElastiCache's cache subnet groups on the
// query protocol: generated shapes (shapes_gen.go, from operations.txt) and
// thin handlers over internal/control/elasticache. Every other ElastiCache
// operation answers the protocol's unsupported-operation error.
package elasticache

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/control"
	ecctl "github.com/vpcsim/vpcsim/internal/control/elasticache"
	"github.com/vpcsim/vpcsim/internal/control/subnetgroup"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// handlers binds the operations to one control plane.
type handlers struct{ ctl *ecctl.Service }

// New returns the ElastiCache binding over the EC2 control plane's store.
func New(ctl *control.Service) *api.Binding {
	return NewWith(ecctl.New(ctl.Store(), ctl))
}

// NewWith returns the ElastiCache binding over svc.
func NewWith(svc *ecctl.Service) *api.Binding {
	h := handlers{ctl: svc}
	r := api.NewRouter()
	api.Handle(r, "CreateCacheSubnetGroup", h.createCacheSubnetGroup)
	api.Handle(r, "DescribeCacheSubnetGroups", h.describeCacheSubnetGroups)
	api.Handle(r, "ModifyCacheSubnetGroup", h.modifyCacheSubnetGroup)
	api.HandleNoOutput(r, "DeleteCacheSubnetGroup", h.deleteCacheSubnetGroup)
	api.Handle(r, "AddTagsToResource", h.addTagsToResource)
	api.Handle(r, "RemoveTagsFromResource", h.removeTagsFromResource)
	api.Handle(r, "ListTagsForResource", h.listTagsForResource)
	return &api.Binding{Service: Service, Handler: r}
}

func (h handlers) createCacheSubnetGroup(ctx context.Context, c *protocol.Call, in *CreateCacheSubnetGroupMessage) (*CreateCacheSubnetGroupResult, error) {
	v, err := h.ctl.Create(ctx, api.Scope(c), subnetgroup.CreateInput{
		Name: api.Str(in.CacheSubnetGroupName), Description: api.Str(in.CacheSubnetGroupDescription),
		SubnetIDs: in.SubnetIds, Tags: fromTags(in.Tags),
	})
	if err != nil {
		return nil, err
	}
	return &CreateCacheSubnetGroupResult{CacheSubnetGroup: toGroup(v)}, nil
}

func (h handlers) describeCacheSubnetGroups(_ context.Context, c *protocol.Call, in *DescribeCacheSubnetGroupsMessage) (*CacheSubnetGroupMessage, error) {
	views, next, err := h.ctl.List(api.Scope(c), subnetgroup.ListInput{Name: in.CacheSubnetGroupName, Marker: in.Marker, MaxRecords: in.MaxRecords})
	if err != nil {
		return nil, err
	}
	out := &CacheSubnetGroupMessage{CacheSubnetGroups: make([]CacheSubnetGroup, 0, len(views))}
	for _, v := range views {
		out.CacheSubnetGroups = append(out.CacheSubnetGroups, *toGroup(v))
	}
	if next != "" {
		out.Marker = &next
	}
	return out, nil
}

func (h handlers) modifyCacheSubnetGroup(ctx context.Context, c *protocol.Call, in *ModifyCacheSubnetGroupMessage) (*ModifyCacheSubnetGroupResult, error) {
	v, err := h.ctl.Modify(ctx, api.Scope(c), api.Str(in.CacheSubnetGroupName), in.CacheSubnetGroupDescription, in.SubnetIds)
	if err != nil {
		return nil, err
	}
	return &ModifyCacheSubnetGroupResult{CacheSubnetGroup: toGroup(v)}, nil
}

func (h handlers) deleteCacheSubnetGroup(ctx context.Context, c *protocol.Call, in *DeleteCacheSubnetGroupMessage) error {
	return h.ctl.Delete(ctx, api.Scope(c), api.Str(in.CacheSubnetGroupName))
}

func (h handlers) addTagsToResource(ctx context.Context, c *protocol.Call, in *AddTagsToResourceMessage) (*TagListMessage, error) {
	tags, err := h.ctl.TagResource(ctx, api.Scope(c), api.Str(in.ResourceName), fromTags(in.Tags))
	if err != nil {
		return nil, err
	}
	return &TagListMessage{TagList: toTags(tags)}, nil
}

func (h handlers) removeTagsFromResource(ctx context.Context, c *protocol.Call, in *RemoveTagsFromResourceMessage) (*TagListMessage, error) {
	tags, err := h.ctl.UntagResource(ctx, api.Scope(c), api.Str(in.ResourceName), in.TagKeys)
	if err != nil {
		return nil, err
	}
	return &TagListMessage{TagList: toTags(tags)}, nil
}

func (h handlers) listTagsForResource(_ context.Context, c *protocol.Call, in *ListTagsForResourceMessage) (*TagListMessage, error) {
	tags, err := h.ctl.ListTags(api.Scope(c), api.Str(in.ResourceName))
	if err != nil {
		return nil, err
	}
	return &TagListMessage{TagList: toTags(tags)}, nil
}

// toGroup renders a cache subnet group.
func toGroup(v *subnetgroup.View) *CacheSubnetGroup {
	g := &CacheSubnetGroup{
		CacheSubnetGroupName:        &v.Name,
		CacheSubnetGroupDescription: &v.Description,
		VpcId:                       &v.VpcID,
		ARN:                         &v.ID,
		SupportedNetworkTypes:       ecctl.SupportedNetworkTypes(v),
		Subnets:                     make([]Subnet, 0, len(v.Subnets)),
	}
	for _, s := range v.Subnets {
		g.Subnets = append(g.Subnets, Subnet{
			SubnetIdentifier:       &s.ID,
			SubnetAvailabilityZone: &AvailabilityZone{Name: &s.AvailabilityZone},
			SupportedNetworkTypes:  ecctl.SubnetNetworkTypes(s),
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
