package logs

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (h *handlers) tagResource(ctx context.Context, c *protocol.Call, in *TagResourceRequest) error {
	return h.svc.TagResource(ctx, scope(c), api.Str(in.ResourceArn), in.Tags)
}

func (h *handlers) untagResource(ctx context.Context, c *protocol.Call, in *UntagResourceRequest) error {
	return h.svc.UntagResource(ctx, scope(c), api.Str(in.ResourceArn), in.TagKeys)
}

func (h *handlers) listTagsForResource(_ context.Context, c *protocol.Call, in *ListTagsForResourceRequest) (*ListTagsForResourceResponse, error) {
	tags, err := h.svc.ListTagsForResource(scope(c), api.Str(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	if tags == nil {
		tags = map[string]string{}
	}
	return &ListTagsForResourceResponse{Tags: tags}, nil
}

func (h *handlers) tagLogGroup(ctx context.Context, c *protocol.Call, in *TagLogGroupRequest) error {
	return h.svc.TagLogGroup(ctx, scope(c), api.Str(in.LogGroupName), in.Tags)
}

func (h *handlers) untagLogGroup(ctx context.Context, c *protocol.Call, in *UntagLogGroupRequest) error {
	return h.svc.UntagLogGroup(ctx, scope(c), api.Str(in.LogGroupName), in.Tags)
}

func (h *handlers) listTagsLogGroup(_ context.Context, c *protocol.Call, in *ListTagsLogGroupRequest) (*ListTagsLogGroupResponse, error) {
	tags, err := h.svc.ListTagsLogGroup(scope(c), api.Str(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	if tags == nil {
		tags = map[string]string{}
	}
	return &ListTagsLogGroupResponse{Tags: tags}, nil
}
