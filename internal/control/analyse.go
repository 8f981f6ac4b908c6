package control

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// analyse runs a Network Insights path through the data plane compiled from
// the current revision (the transaction only adds the analysis itself).
// The result shows only what the analysis may see (analysisScope: the
// caller's Region, the accounts of the caller, of the path's ends and
// additional). FilterInArns: the path must traverse every listed
// component; FilterOutArns: it must traverse none of them [RA API].
func (s *Service) analyse(w *store.World, scope model.Scope, p *model.NetworkInsightsPath, additional, filterIn, filterOut []string) (*model.AnalysisResult, string, error) {
	q, err := pathQuery(p)
	if err != nil {
		return nil, "", err
	}
	tr := s.Plane().Trace(q)
	if tr.Err != nil {
		return nil, "", fmt.Errorf("the network configuration is not supported: %w", tr.Err)
	}
	res := newAnalysisScope(w, scope, p, additional).apply(tr.AnalysisResult())
	if res.NetworkPathFound {
		// The plane finds one path per query (no multipath), so when that
		// path misses a required component or crosses an excluded one, no
		// path satisfies the filters: AWS reports no path, with the search
		// filter code naming the component [RA-codes "Search filter
		// codes": COMPONENT_FILTER_RESTRICTION,
		// COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT].
		for _, ref := range filterIn {
			if !traverses(res, ref) {
				return filteredOut(scope, ref, dataplane.ComponentFilterRestriction), "", nil
			}
		}
		for _, ref := range filterOut {
			if traverses(res, ref) {
				return filteredOut(scope, ref, dataplane.ComponentFilterRestrictionRemovedComponent), "", nil
			}
		}
	}
	return res, "", nil
}

// filteredOut is the result of an analysis whose component filter no path
// satisfies: no path found, no path components, one explanation naming the
// filtered component (an id or an ARN, as given).
func filteredOut(scope model.Scope, ref string, code dataplane.Code) *model.AnalysisResult {
	c := &model.AnalysisComponent{ID: ref, Arn: ref}
	if strings.HasPrefix(ref, "arn:") {
		if i := strings.LastIndexByte(ref, '/'); i >= 0 {
			c.ID = ref[i+1:]
		}
	} else {
		c.Arn = ARN(scope, ref)
	}
	return &model.AnalysisResult{Explanations: []model.Explanation{{ExplanationCode: string(code), Component: c}}}
}

// pathQuery turns a stored path into a data-plane query.
func pathQuery(p *model.NetworkInsightsPath) (dataplane.Query, error) {
	q := dataplane.Query{Source: p.Source, Destination: p.Destination, Protocol: p.Protocol}
	addr := func(s string) (netip.Addr, error) {
		if s == "" {
			return netip.Addr{}, nil
		}
		if pfx, err := netip.ParsePrefix(s); err == nil {
			return pfx.Addr(), nil
		}
		return netip.ParseAddr(s)
	}
	var err error
	if q.SourceIP, err = addr(p.SourceIP); err != nil {
		return q, err
	}
	if q.DestinationIP, err = addr(p.DestinationIP); err != nil {
		return q, err
	}
	if p.HasDestinationPort {
		q.DestinationPort = uint16(p.DestinationPort)
	}
	if f := p.FilterAtSource; f != nil {
		if f.SourceAddress != "" {
			if q.SourceIP, err = addr(f.SourceAddress); err != nil {
				return q, err
			}
		}
		if f.DestinationAddress != "" {
			if q.DestinationIP, err = addr(f.DestinationAddress); err != nil {
				return q, err
			}
		}
		if f.DestinationPortRange != nil {
			q.DestinationPort = uint16(f.DestinationPortRange.From)
		}
		if f.SourcePortRange != nil {
			q.SourcePort = uint16(f.SourcePortRange.From)
		}
	}
	if q.Destination == "" && !q.DestinationIP.IsValid() {
		return q, errors.New("the path has no destination")
	}
	return q, nil
}

// traverses reports whether the forward path names ref (an id or an ARN).
func traverses(res *model.AnalysisResult, ref string) bool {
	id := ref
	if strings.HasPrefix(ref, "arn:") {
		if i := strings.LastIndexByte(ref, '/'); i >= 0 {
			id = ref[i+1:]
		}
	}
	for _, c := range res.ForwardPathComponents {
		for _, comp := range []*model.AnalysisComponent{c.Component, c.AttachedTo, c.Subnet, c.Vpc} {
			if comp != nil && (comp.ID == id || comp.Arn == ref) {
				return true
			}
		}
	}
	return false
}
