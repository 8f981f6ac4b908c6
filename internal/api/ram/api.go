package ram

import (
	"context"
	"time"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	ctl "github.com/vpcsim/vpcsim/internal/control/ram"
	"github.com/vpcsim/vpcsim/internal/model"
	rm "github.com/vpcsim/vpcsim/internal/model/ram"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// handlers holds the control plane the handlers call.
type handlers struct {
	svc *ctl.Service
}

// New returns the RAM binding over the world of the EC2 control plane (one
// store for every service).
func New(c *control.Service) *api.Binding {
	return NewWith(ctl.New(c.Store(), ctl.Options{}))
}

// NewWith returns the RAM binding over the control plane svc.
func NewWith(svc *ctl.Service) *api.Binding {
	h := &handlers{svc: svc}
	r := api.NewRouter()
	// Shares.
	api.Handle(r, "CreateResourceShare", h.createShare)
	api.Handle(r, "GetResourceShares", h.getShares)
	api.Handle(r, "UpdateResourceShare", h.updateShare)
	api.Handle(r, "DeleteResourceShare", h.deleteShare)
	// Associations.
	api.Handle(r, "AssociateResourceShare", h.associate)
	api.Handle(r, "DisassociateResourceShare", h.disassociate)
	api.Handle(r, "GetResourceShareAssociations", h.getAssociations)
	// Invitations.
	api.Handle(r, "GetResourceShareInvitations", h.getInvitations)
	api.Handle(r, "AcceptResourceShareInvitation", h.acceptInvitation)
	api.Handle(r, "RejectResourceShareInvitation", h.rejectInvitation)
	api.Handle(r, "ListPendingInvitationResources", h.listPendingResources)
	// Shared resources and principals.
	api.Handle(r, "ListResources", h.listResources)
	api.Handle(r, "ListPrincipals", h.listPrincipals)
	api.Handle(r, "ListResourceTypes", h.listResourceTypes)
	// Permissions.
	api.Handle(r, "ListPermissions", h.listPermissions)
	api.Handle(r, "GetPermission", h.getPermission)
	api.Handle(r, "ListResourceSharePermissions", h.listSharePermissions)
	api.Handle(r, "AssociateResourceSharePermission", h.associatePermission)
	api.Handle(r, "DisassociateResourceSharePermission", h.disassociatePermission)
	// Organization, tags.
	api.Handle(r, "EnableSharingWithAwsOrganization", h.enableOrg)
	api.Handle(r, "TagResource", h.tagResource)
	api.Handle(r, "UntagResource", h.untagResource)
	return &api.Binding{Service: Service, Handler: r, ValidationError: validationError}
}

// validationError answers model violations as RAM does: an absent
// required member is MissingRequiredParameterException, any other
// InvalidParameterException.
func validationError(vs []protocol.Violation) *awserr.Error {
	code := "InvalidParameterException"
	if len(vs) > 0 && vs[0].Missing() {
		code = "MissingRequiredParameterException"
	}
	return awserr.New(code, "%s", protocol.ValidationMessage(vs))
}

func ptr[T any](v T) *T { return &v }

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func timep(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func page(max *int32, token *string) ctl.Page {
	p := ctl.Page{NextToken: api.Str(token)}
	if max != nil {
		p.MaxResults = *max
	}
	return p
}

func tagsIn(ts []Tag) (map[string]string, error) {
	list := make([]model.Tag, 0, len(ts))
	for _, t := range ts {
		list = append(list, model.Tag{Key: api.Str(t.Key), Value: api.Str(t.Value)})
	}
	return ctl.TagMap(list)
}

func tagsOut(m map[string]string) []Tag {
	meta := model.Meta{Tags: m}
	out := make([]Tag, 0, len(m))
	for _, t := range meta.SortedTags() {
		out = append(out, Tag{Key: ptr(t.Key), Value: ptr(t.Value)})
	}
	return out
}

func shareOut(sh *rm.ResourceShare) *ResourceShare {
	return &ResourceShare{
		ResourceShareArn:        ptr(sh.ID),
		Name:                    ptr(sh.Name),
		OwningAccountId:         ptr(sh.Account),
		AllowExternalPrincipals: ptr(sh.AllowExternalPrincipals),
		Status:                  ptr(sh.Status),
		StatusMessage:           optString(sh.StatusMessage),
		Tags:                    tagsOut(sh.Tags),
		CreationTime:            timep(sh.Created),
		LastUpdatedTime:         timep(sh.Updated),
		FeatureSet:              ptr("STANDARD"),
	}
}

func associationsOut(vs []ctl.AssociationView) []ResourceShareAssociation {
	out := make([]ResourceShareAssociation, 0, len(vs))
	for _, v := range vs {
		out = append(out, ResourceShareAssociation{
			ResourceShareArn:  ptr(v.ShareArn),
			ResourceShareName: ptr(v.ShareName),
			AssociatedEntity:  ptr(v.Entity),
			AssociationType:   ptr(v.Type),
			Status:            ptr(v.Status),
			StatusMessage:     optString(v.StatusMessage),
			CreationTime:      timep(v.Created),
			LastUpdatedTime:   timep(v.Updated),
			External:          ptr(v.External),
		})
	}
	return out
}

func (h *handlers) enableOrg(ctx context.Context, c *protocol.Call, _ *EnableSharingWithAwsOrganizationRequest) (*EnableSharingWithAwsOrganizationResponse, error) {
	if err := h.svc.EnableSharingWithAwsOrganization(ctx, api.Scope(c)); err != nil {
		return nil, err
	}
	return &EnableSharingWithAwsOrganizationResponse{ReturnValue: ptr(true)}, nil
}

// taggedArn is the share a Tag/UntagResource request names.
func taggedArn(share, resource *string) (string, error) {
	switch {
	case share != nil && resource != nil:
		return "", awserr.New("InvalidParameterException", "Give resourceShareArn or resourceArn, not both.")
	case share != nil:
		return *share, nil
	case resource != nil:
		return *resource, nil
	}
	return "", awserr.New("MissingRequiredParameterException", "resourceShareArn or resourceArn is required.")
}

func (h *handlers) tagResource(ctx context.Context, c *protocol.Call, in *TagResourceRequest) (*TagResourceResponse, error) {
	arn, err := taggedArn(in.ResourceShareArn, in.ResourceArn)
	if err != nil {
		return nil, err
	}
	tags, err := tagsIn(in.Tags)
	if err != nil {
		return nil, err
	}
	if err := h.svc.TagResource(ctx, api.Scope(c), arn, tags); err != nil {
		return nil, err
	}
	return &TagResourceResponse{}, nil
}

func (h *handlers) untagResource(ctx context.Context, c *protocol.Call, in *UntagResourceRequest) (*UntagResourceResponse, error) {
	arn, err := taggedArn(in.ResourceShareArn, in.ResourceArn)
	if err != nil {
		return nil, err
	}
	if err := h.svc.UntagResource(ctx, api.Scope(c), arn, in.TagKeys); err != nil {
		return nil, err
	}
	return &UntagResourceResponse{}, nil
}
