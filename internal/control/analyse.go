package control

import (
	"errors"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// analyse runs a path through the data plane of world w.
func (s *Service) analyse(w *store.World, scope model.Scope, p *model.NetworkInsightsPath, filterIn, filterOut []string) (*model.AnalysisResult, string, error) {
	return nil, "", errors.New("the network configuration is not supported")
}
