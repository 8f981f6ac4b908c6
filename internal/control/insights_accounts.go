package control

import (
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// maxAdditionalAccounts bounds StartNetworkInsightsAnalysis's
// AdditionalAccounts. AWS documents no number; vpcsim takes as many as the
// analysis could ever cross in a request of sane size.
const maxAdditionalAccounts = 100

// checkAdditionalAccounts validates StartNetworkInsightsAnalysis's
// AdditionalAccounts: "the member accounts that contain resources that the
// path can traverse" [botocore StartNetworkInsightsAnalysisRequest], each a
// 12-digit account id. Every account of a vpcsim server is a member of one
// organization, so any well-formed account id is a member.
func checkAdditionalAccounts(accounts []string) error {
	if len(accounts) > maxAdditionalAccounts {
		return awserr.InvalidParameterValue("The parameter AdditionalAccounts has %d values; the maximum is %d.", len(accounts), maxAdditionalAccounts)
	}
	for _, a := range accounts {
		if !insightsAccountID(a) {
			return awserr.InvalidParameterValue("Value (%s) for parameter AdditionalAccounts is invalid. An account ID must be 12 digits.", a)
		}
	}
	return nil
}

// analysisScope says which components an analysis may look at: those of
// the caller's Region owned by an account it may read. Reachability
// Analyzer analyses one Region ("The source and destination resources must
// be in the same Region", and "TGW peering to other Regions" is not
// analysed [RA-guide "How Reachability Analyzer works"]) and, across
// accounts, the members it is given: the caller, the accounts of the
// path's source and destination (named by ARN) and AdditionalAccounts.
type analysisScope struct {
	w        *store.World
	region   string
	accounts map[string]bool
}

// newAnalysisScope returns the scope of an analysis of p by caller.
func newAnalysisScope(w *store.World, caller model.Scope, p *model.NetworkInsightsPath, additional []string) *analysisScope {
	sc := &analysisScope{w: w, region: caller.Region, accounts: map[string]bool{caller.Account: true}}
	for _, arn := range []string{p.SourceArn, p.DestinationArn} {
		if owner, _, ok := parseEC2ARN(arn); ok {
			sc.accounts[owner.Account] = true
		}
	}
	for _, a := range additional {
		sc.accounts[a] = true
	}
	return sc
}

// codeTGWRtbRoutesAreUnknown: "the routes in this transit gateway route
// table are unknown", for instance because the table is in another
// account [RA-codes].
const codeTGWRtbRoutesAreUnknown = "TGW_RTB_ROUTES_ARE_UNKNOWN"

// visibility is what an analysis may see of a component.
type visibility uint8

const (
	visible      visibility = iota
	otherAccount            // in the Region, of an account not analysed
	otherRegion             // in another Region only
)

// homes returns the account-Region pairs a component belongs to: its
// owner's, and for a peering connection its accepter's, for a transit
// gateway attachment the transit gateway owner's (and for a peering
// attachment the peer's). Components the store does not know (the
// internet, pseudo-components) have none, except what their ARN says.
func (sc *analysisScope) homes(c *model.AnalysisComponent) []model.Scope {
	var out []model.Scope
	if k, _, ok := store.KindOfID(c.ID); ok {
		if m, ok := k.Meta(sc.w, c.ID); ok {
			out = append(out, model.Scope{Account: m.Account, Region: m.Region})
		}
	}
	if p, ok := sc.w.PeeringConnections.Get(c.ID); ok {
		out = append(out, model.Scope{Account: p.Accepter.OwnerID, Region: p.Accepter.Region})
	}
	if a, ok := sc.w.TGWAttachments.Get(c.ID); ok {
		out = append(out, model.Scope{Account: a.TransitGatewayOwnerID, Region: a.Region})
		if a.Peer != nil {
			out = append(out, model.Scope{Account: a.Peer.OwnerID, Region: a.Peer.Region})
		}
	}
	if len(out) == 0 && c.Arn != "" {
		parts := strings.SplitN(c.Arn, ":", 6)
		if len(parts) == 6 {
			out = append(out, model.Scope{Account: parts[4], Region: parts[3]})
		}
	}
	return out
}

// classify says whether c may be shown, and if not, the account (for
// otherAccount) or Region (for otherRegion) it belongs to.
func (sc *analysisScope) classify(c *model.AnalysisComponent) (visibility, model.Scope) {
	if c == nil {
		return visible, model.Scope{}
	}
	homes := sc.homes(c)
	if len(homes) == 0 {
		return visible, model.Scope{}
	}
	var inRegion *model.Scope
	for i, h := range homes {
		if h.Region != "" && h.Region != sc.region {
			continue
		}
		if h.Account == "" || sc.accounts[h.Account] {
			return visible, model.Scope{}
		}
		if inRegion == nil {
			inRegion = &homes[i]
		}
	}
	if inRegion != nil {
		return otherAccount, *inRegion
	}
	return otherRegion, homes[0]
}

// apply confines res to what the analysis may see. The path is followed
// until its first component of an account the analysis does not include,
// or of another Region: the components from there on are not shown, no
// path is found, and the explanation is Reachability Analyzer's for a
// component it cannot look beyond [RA-codes]: TGW_RTB_ROUTES_ARE_UNKNOWN
// for a transit gateway route table of another account ("the routes are
// unknown ... in another account"), otherwise NO_POSSIBLE_DESTINATION at
// the last component shown ("the destination is in another account or
// Region"). SuggestedAccounts names the account the path went on into
// ("potential intermediate accounts" [botocore NetworkInsightsAnalysis]):
// start the analysis again with it in AdditionalAccounts to see further.
func (sc *analysisScope) apply(res *model.AnalysisResult) *model.AnalysisResult {
	out := *res
	var suggested []string
	suggest := func(a string) {
		if a != "" && !slices.Contains(suggested, a) {
			suggested = append(suggested, a)
		}
	}
	fwd, x, acct := sc.cut(res.ForwardPathComponents)
	if x != nil {
		out.NetworkPathFound = false
		out.ForwardPathComponents, out.ReturnPathComponents = fwd, nil
		out.Explanations = []model.Explanation{*x}
		out.AlternatePathHints = nil
		suggest(acct)
		out.SuggestedAccounts = suggested
		return &out
	}
	ret, x, acct := sc.cut(res.ReturnPathComponents)
	if x != nil {
		out.NetworkPathFound = false
		out.ReturnPathComponents = ret
		out.Explanations = []model.Explanation{*x}
		out.AlternatePathHints = nil
		suggest(acct)
		out.SuggestedAccounts = suggested
		return &out
	}
	// Every component of the path is visible; an explanation naming one
	// of another account or Region is one the analysis cannot make.
	out.Explanations = nil
	for _, e := range res.Explanations {
		v, home := sc.classify(e.Component)
		if v == visible {
			out.Explanations = append(out.Explanations, e)
			continue
		}
		if v == otherAccount {
			suggest(home.Account)
		}
	}
	if !out.NetworkPathFound && len(out.Explanations) == 0 && len(res.Explanations) > 0 {
		last := lastComponent(out.ForwardPathComponents)
		out.Explanations = []model.Explanation{sc.noPossibleDestination(last, "the path is blocked by a component the analysis does not include")}
	}
	var hints []model.AlternatePathHint
	for _, h := range res.AlternatePathHints {
		if v, _ := sc.classify(&model.AnalysisComponent{ID: h.ComponentID, Arn: h.ComponentArn}); v == visible {
			hints = append(hints, h)
		}
	}
	out.AlternatePathHints = hints
	out.SuggestedAccounts = suggested
	return &out
}

// cut returns the components of cs up to the first that may not be shown,
// the explanation of the cut (nil when every component is visible) and
// the account to suggest.
func (sc *analysisScope) cut(cs []model.PathComponent) ([]model.PathComponent, *model.Explanation, string) {
	for i := range cs {
		v, home := sc.classify(cs[i].Component)
		if v == visible {
			continue
		}
		kept := cs[:i:i]
		last := lastComponent(kept)
		hidden := cs[i].Component
		if v == otherAccount && strings.HasPrefix(hidden.ID, "tgw-rtb-") {
			x := model.Explanation{ExplanationCode: codeTGWRtbRoutesAreUnknown, Component: hidden,
				TransitGatewayRouteTable: hidden, ComponentAccount: home.Account, ComponentRegion: home.Region,
				Detail: "the transit gateway route table is of account " + home.Account + ", which the analysis does not include (add it to AdditionalAccounts)"}
			if last != nil && strings.HasPrefix(last.ID, "tgw-") && !strings.HasPrefix(last.ID, "tgw-attach-") {
				x.TransitGateway = last
			}
			return kept, &x, home.Account
		}
		detail := "the path continues into account " + home.Account + ", which the analysis does not include (add it to AdditionalAccounts)"
		acct := home.Account
		if v == otherRegion {
			detail = "the path continues into Region " + home.Region + "; Reachability Analyzer analyses one Region"
			acct = ""
		}
		if last == nil {
			last = hidden
		}
		x := sc.noPossibleDestination(last, detail)
		return kept, &x, acct
	}
	return cs, nil, ""
}

// noPossibleDestination is NO_POSSIBLE_DESTINATION at component c: "this
// component can't deliver to any destination, or the destination is in
// another account or Region" [RA-codes].
func (sc *analysisScope) noPossibleDestination(c *model.AnalysisComponent, detail string) model.Explanation {
	x := model.Explanation{ExplanationCode: string(dataplane.NoPossibleDestination), Component: c, Detail: detail}
	if c == nil {
		return x
	}
	if homes := sc.homes(c); len(homes) > 0 {
		x.ComponentAccount, x.ComponentRegion = homes[0].Account, homes[0].Region
	}
	switch {
	case strings.HasPrefix(c.ID, "pcx-"):
		x.VpcPeeringConnection = c
	case strings.HasPrefix(c.ID, "tgw-attach-"):
		x.TransitGatewayAttachment = c
	case strings.HasPrefix(c.ID, "tgw-rtb-"):
		x.TransitGatewayRouteTable = c
	case strings.HasPrefix(c.ID, "tgw-"):
		x.TransitGateway = c
	case strings.HasPrefix(c.ID, "rtb-"):
		x.RouteTable = c
	case strings.HasPrefix(c.ID, "igw-"):
		x.InternetGateway = c
	case strings.HasPrefix(c.ID, "eni-"):
		x.NetworkInterface = c
	case strings.HasPrefix(c.ID, "subnet-"):
		x.Subnet = c
	case strings.HasPrefix(c.ID, "vpc-"):
		x.Vpc = c
	}
	return x
}

// lastComponent returns the component of the last of cs, or nil.
func lastComponent(cs []model.PathComponent) *model.AnalysisComponent {
	for i := len(cs) - 1; i >= 0; i-- {
		if cs[i].Component != nil {
			return cs[i].Component
		}
	}
	return nil
}
