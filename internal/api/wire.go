package api

import (
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// Scope returns the caller's account-region.
func Scope(c *protocol.Call) model.Scope { return model.Scope{Account: c.Account, Region: c.Region} }

// Str returns *p, or "" for an absent member.
func Str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
