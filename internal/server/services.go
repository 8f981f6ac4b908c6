package server

import (
	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/api/directconnect"
	"github.com/vpcsim/vpcsim/internal/api/ec2"
	"github.com/vpcsim/vpcsim/internal/api/elasticache"
	"github.com/vpcsim/vpcsim/internal/api/elbv2"
	"github.com/vpcsim/vpcsim/internal/api/iam"
	"github.com/vpcsim/vpcsim/internal/api/logs"
	ramapi "github.com/vpcsim/vpcsim/internal/api/ram"
	"github.com/vpcsim/vpcsim/internal/api/rds"
	"github.com/vpcsim/vpcsim/internal/api/redshift"
	s3api "github.com/vpcsim/vpcsim/internal/api/s3"
	"github.com/vpcsim/vpcsim/internal/api/sts"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/ec2query"
	"github.com/vpcsim/vpcsim/internal/protocol/jsonrpc"
	"github.com/vpcsim/vpcsim/internal/protocol/query"
	"github.com/vpcsim/vpcsim/internal/protocol/restjson"
	"github.com/vpcsim/vpcsim/internal/protocol/restxml"
)

// codecs maps a service model's metadata.protocol to its codec.
func codecs() map[string]protocol.Codec {
	return map[string]protocol.Codec{
		"ec2":       ec2query.Codec{},
		"query":     query.Codec{},
		"json":      jsonrpc.Codec{},
		"rest-xml":  restxml.Codec{},
		"rest-json": restjson.Codec{},
	}
}

// bindings lists every served service: the one place a service is added.
func bindings(ctl *control.Service, ec2API *ec2.API) []*api.Binding {
	return []*api.Binding{
		{Service: ec2.Service, Handler: ec2API},
		sts.New(ctl),
		ramapi.New(ctl),
		elbv2.New(ctl),
		directconnect.New(ctl),
		s3api.New(ctl.Store()),
		iam.New(ctl),
		logs.New(ctl),
		rds.New(ctl), elasticache.New(ctl), redshift.New(ctl),
	}
}
