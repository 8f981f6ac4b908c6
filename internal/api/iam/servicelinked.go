package iam

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (h *handlers) serviceLinked(r *api.Router) {
	api.Handle(r, "CreateServiceLinkedRole", h.createServiceLinkedRole)
	api.Handle(r, "DeleteServiceLinkedRole", h.deleteServiceLinkedRole)
	api.Handle(r, "GetServiceLinkedRoleDeletionStatus", h.getServiceLinkedRoleDeletionStatus)
}

func (h *handlers) createServiceLinkedRole(ctx context.Context, c *protocol.Call, in *CreateServiceLinkedRoleRequest) (*CreateServiceLinkedRoleResponse, error) {
	role, err := h.ctl.CreateServiceLinkedRole(ctx, c.Account, api.Str(in.AWSServiceName), api.Str(in.Description), api.Str(in.CustomSuffix))
	if err != nil {
		return nil, err
	}
	out := roleOut(role, roleList)
	return &CreateServiceLinkedRoleResponse{Role: &out}, nil
}

func (h *handlers) deleteServiceLinkedRole(ctx context.Context, c *protocol.Call, in *DeleteServiceLinkedRoleRequest) (*DeleteServiceLinkedRoleResponse, error) {
	id, err := h.ctl.DeleteServiceLinkedRole(ctx, c.Account, api.Str(in.RoleName))
	if err != nil {
		return nil, err
	}
	return &DeleteServiceLinkedRoleResponse{DeletionTaskId: &id}, nil
}

func (h *handlers) getServiceLinkedRoleDeletionStatus(_ context.Context, c *protocol.Call, in *GetServiceLinkedRoleDeletionStatusRequest) (*GetServiceLinkedRoleDeletionStatusResponse, error) {
	status, err := h.ctl.GetServiceLinkedRoleDeletionStatus(c.Account, api.Str(in.DeletionTaskId))
	if err != nil {
		return nil, err
	}
	return &GetServiceLinkedRoleDeletionStatusResponse{Status: &status}, nil
}
