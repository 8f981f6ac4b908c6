package control

import (
	"context"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Reachability Analyzer quotas [RA-guide, Quotas].
const (
	maxInsightsPaths    = 1000
	maxInsightsAnalyses = 10000
)

// CreateInsightsPathInput is a CreateNetworkInsightsPath request.
type CreateInsightsPathInput struct {
	Source, Destination     string
	SourceIP, DestinationIP string
	Protocol                string
	DestinationPort         *int32
	FilterAtSource          *model.PathFilter
	FilterAtDestination     *model.PathFilter
	Tags                    map[string]string
}

// ARN returns the ARN of an EC2 resource in scope, by its id prefix.
func ARN(scope model.Scope, id string) string {
	return "arn:aws:ec2:" + scope.Region + ":" + scope.Account + ":" + resourceTypeOf(id) + "/" + id
}

// resourceTypeOf maps an id prefix to the resource type used in EC2 ARNs.
func resourceTypeOf(id string) string {
	prefix := id
	if i := strings.LastIndexByte(id, '-'); i > 0 {
		prefix = id[:i]
	}
	switch prefix {
	case "i":
		return "instance"
	case "igw":
		return "internet-gateway"
	case "eni":
		return "network-interface"
	case "vgw":
		return "vpn-gateway"
	case "tgw":
		return "transit-gateway"
	case "tgw-attach":
		return "transit-gateway-attachment"
	case "vpce":
		return "vpc-endpoint"
	case "vpce-svc":
		return "vpc-endpoint-service"
	case "pcx":
		return "vpc-peering-connection"
	case "tgw-rtb":
		return "transit-gateway-route-table"
	case "pl":
		return "prefix-list"
	case "nat":
		return "natgateway"
	case "nip":
		return "network-insights-path"
	case "nia":
		return "network-insights-analysis"
	case "vpc":
		return "vpc"
	case "subnet":
		return "subnet"
	case "sg":
		return "security-group"
	case "acl":
		return "network-acl"
	case "rtb":
		return "route-table"
	case "eigw":
		return "egress-only-internet-gateway"
	}
	return prefix
}

// Id families of the transit gateway and peering kinds, as path endpoints.
var (
	insightsKindPCX       = idKindOf(store.PeeringConnectionKind)
	insightsKindTGW       = idKindOf(store.TransitGatewayKind)
	insightsKindTGWAttach = idKindOf(store.TGWAttachmentKind)
)

// parseEC2ARN splits arn:aws:ec2:<region>:<account>:<type>/<id>. ok is
// false when ref is not such an ARN (a 12-digit account, a type that is
// the id's own).
func parseEC2ARN(ref string) (owner model.Scope, id string, ok bool) {
	parts := strings.SplitN(ref, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] != "ec2" || parts[3] == "" || !insightsAccountID(parts[4]) {
		return owner, "", false
	}
	typ, id, found := strings.Cut(parts[5], "/")
	if !found || id == "" || typ != resourceTypeOf(id) {
		return owner, "", false
	}
	return model.Scope{Account: parts[4], Region: parts[3]}, id, true
}

// insightsAccountID reports whether s is a 12-digit AWS account id.
func insightsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// insightsEndpoint resolves a path source or destination: an id or an ARN
// of a supported resource type [RA-guide "Supported source and destination
// types"], and returns its id and the account and region it is seen from.
// An id names a resource of the caller's account; a resource of another
// account is named by its ARN ("If the resource is in another account, you
// must specify an ARN" [botocore CreateNetworkInsightsPathRequest.Source]).
// Every account of a vpcsim server is a member of one organization with
// Reachability Analyzer's trusted access on, and any of them may act as
// its delegated administrator, so any account's resource may be named
// [RA-guide "Cross-account analyses"]. The resource must be in the
// caller's Region: "The source and destination resources must be in the
// same Region" [RA-guide "How Reachability Analyzer works"].
func insightsEndpoint(w *store.World, scope model.Scope, ref, param string) (string, model.Scope, error) {
	id, owner := ref, scope
	if strings.HasPrefix(ref, "arn:") {
		var ok bool
		if owner, id, ok = parseEC2ARN(ref); !ok {
			return "", owner, awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid.", ref, param)
		}
		if owner.Region != scope.Region {
			return "", owner, awserr.InvalidParameterValue("The %s %s must be in the same Region as the path.", param, ref)
		}
	}
	prefix := id
	if i := strings.LastIndexByte(id, '-'); i > 0 {
		prefix = id[:i]
	}
	var err error
	switch prefix {
	case "i":
		_, err = find(kindInstance, w.Instances, owner, id)
	case "eni":
		_, err = find(kindENI, w.NetworkInterfaces, owner, id)
	case "igw":
		_, err = find(kindIGW, w.InternetGateways, owner, id)
	case "vgw":
		_, err = find(kindVGW, w.VpnGateways, owner, id)
	case "tgw":
		err = findTGW(w, owner, id)
	case "tgw-attach":
		err = findTGWAttachment(w, owner, id)
	case "pcx":
		err = findPeering(w, owner, id)
	case "vpce":
		var e *model.VpcEndpoint
		if e, err = find(kindVPCE, w.VpcEndpoints, owner, id); err == nil && (e.State == model.EndpointDeleted || e.State == model.EndpointDeleting) {
			err = kindVPCE.NotFound(id)
		}
	case "vpce-svc":
		_, err = find(kindVPCESvc, w.VpcEndpointServices, owner, id)
	default:
		err = awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid. The resource type is not a supported %s for a network insights path.", ref, param, param)
	}
	return id, owner, err
}

// findTGW finds a transit gateway of owner that is not deleted.
func findTGW(w *store.World, owner model.Scope, id string) error {
	g, err := find(insightsKindTGW, w.TransitGateways, owner, id)
	if err == nil && (g.State == model.TGWDeleted || g.State == model.TGWDeleting) {
		return insightsKindTGW.NotFound(id)
	}
	return err
}

// findTGWAttachment finds an attachment owner sees: its own (it owns the
// attached resource) or one to its transit gateway, not deleted.
func findTGWAttachment(w *store.World, owner model.Scope, id string) error {
	if err := insightsKindTGWAttach.check(id); err != nil {
		return err
	}
	a, ok := w.TGWAttachments.Get(id)
	if !ok || a.State == model.TGWDeleted || a.State == model.TGWDeleting || a.Region != owner.Region ||
		(a.Account != owner.Account && a.TransitGatewayOwnerID != owner.Account) {
		return insightsKindTGWAttach.NotFound(id)
	}
	return nil
}

// findPeering finds a peering connection owner is a side of (the
// requester, or the accepter in its own account and Region), not deleted.
func findPeering(w *store.World, owner model.Scope, id string) error {
	if err := insightsKindPCX.check(id); err != nil {
		return err
	}
	p, ok := w.PeeringConnections.Get(id)
	if !ok || p.Status == model.PeeringDeleted {
		return insightsKindPCX.NotFound(id)
	}
	if p.InScope(owner) || p.Accepter.OwnerID == owner.Account && p.Accepter.Region == owner.Region {
		return nil
	}
	return insightsKindPCX.NotFound(id)
}

func checkIPv4(s, param string) error {
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		// Reachability Analyzer analyses IPv4 only [RA-guide "Considerations"].
		return awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid. Must be a valid IPv4 address.", s, param)
	}
	return nil
}

func checkFilter(f *model.PathFilter, param string) error {
	if f == nil {
		return nil
	}
	for _, a := range []struct{ v, n string }{{f.SourceAddress, param + ".SourceAddress"}, {f.DestinationAddress, param + ".DestinationAddress"}} {
		if a.v == "" {
			continue
		}
		if p, err := netip.ParsePrefix(a.v); err == nil && p.Addr().Is4() {
			continue
		}
		if err := checkIPv4(a.v, a.n); err != nil {
			return err
		}
	}
	for _, r := range []*model.PortRange{f.SourcePortRange, f.DestinationPortRange} {
		if r != nil && (r.From < 0 || r.To > 65535 || r.From > r.To) {
			return awserr.InvalidParameterValue("Invalid port range %d-%d in %s.", r.From, r.To, param)
		}
	}
	return nil
}

// CreateNetworkInsightsPath validates and stores a Reachability Analyzer path.
func (s *Service) CreateNetworkInsightsPath(ctx context.Context, scope model.Scope, in CreateInsightsPathInput) (*model.NetworkInsightsPath, error) {
	if in.Source == "" {
		return nil, awserr.MissingParameter("Source")
	}
	if in.Protocol == "" {
		return nil, awserr.MissingParameter("Protocol")
	}
	if in.Protocol != "tcp" && in.Protocol != "udp" {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter protocol is invalid. Valid values: tcp, udp.", in.Protocol)
	}
	// [RA API] FilterAtSource excludes SourceIp and DestinationPort;
	// FilterAtDestination excludes DestinationIp.
	if in.FilterAtSource != nil && (in.SourceIP != "" || in.DestinationPort != nil) {
		return nil, awserr.InvalidParameterCombination("FilterAtSource cannot be specified with SourceIp or DestinationPort.")
	}
	if in.FilterAtDestination != nil && in.DestinationIP != "" {
		return nil, awserr.InvalidParameterCombination("FilterAtDestination cannot be specified with DestinationIp.")
	}
	for _, ip := range []struct{ v, n string }{{in.SourceIP, "sourceIp"}, {in.DestinationIP, "destinationIp"}} {
		if ip.v != "" {
			if err := checkIPv4(ip.v, ip.n); err != nil {
				return nil, err
			}
		}
	}
	// The destination is a resource (Destination) or an address given as
	// FilterAtSource.DestinationAddress [RA-guide CLI: "omit --destination
	// and put DestinationAddress in FilterAtSource"]; DestinationIp alone
	// only pins the address at a destination resource. AWS answers
	// MissingParameter with this message (as reported from the real API in
	// hashicorp/terraform-provider-aws#38132).
	if in.Destination == "" && (in.FilterAtSource == nil || in.FilterAtSource.DestinationAddress == "") {
		return nil, awserr.New("MissingParameter", "The request must include either the Destination parameter or the FilterAtSource.DestinationAddress parameter. Add the required parameter and retry the request.")
	}
	if in.DestinationPort != nil && (*in.DestinationPort < 0 || *in.DestinationPort > 65535) {
		return nil, awserr.InvalidParameterValue("Value (%d) for parameter destinationPort is invalid.", *in.DestinationPort)
	}
	if err := checkFilter(in.FilterAtSource, "FilterAtSource"); err != nil {
		return nil, err
	}
	if err := checkFilter(in.FilterAtDestination, "FilterAtDestination"); err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.NetworkInsightsPath
	err := s.update(ctx, func(tx *store.Tx) error {
		src, srcOwner, err := insightsEndpoint(tx.World, scope, in.Source, "source")
		if err != nil {
			return err
		}
		var dst string
		var dstOwner model.Scope
		if in.Destination != "" {
			if dst, dstOwner, err = insightsEndpoint(tx.World, scope, in.Destination, "destination"); err != nil {
				return err
			}
		}
		if countInScope(tx.InsightsPaths, scope) >= maxInsightsPaths {
			return awserr.New("ResourceLimitExceeded", "You have reached the maximum number of network insights paths (%d).", maxInsightsPaths)
		}
		p := &model.NetworkInsightsPath{
			Meta:                newMeta(tx, scope, tx.NewID("nip"), in.Tags),
			Source:              src,
			Destination:         dst,
			SourceArn:           ARN(srcOwner, src),
			SourceIP:            in.SourceIP,
			DestinationIP:       in.DestinationIP,
			Protocol:            in.Protocol,
			FilterAtSource:      in.FilterAtSource,
			FilterAtDestination: in.FilterAtDestination,
		}
		if dst != "" {
			p.DestinationArn = ARN(dstOwner, dst)
		}
		if in.DestinationPort != nil {
			p.DestinationPort = *in.DestinationPort
			p.HasDestinationPort = true
		}
		tx.InsightsPaths.Put(p)
		out = p
		return nil
	})
	return out, err
}

// DeleteNetworkInsightsPath deletes a path that has no analyses left
// (AnalysisExistsForNetworkInsightsPath otherwise).
func (s *Service) DeleteNetworkInsightsPath(ctx context.Context, scope model.Scope, id string) error {
	if id == "" {
		return awserr.MissingParameter("NetworkInsightsPathId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		if _, err := find(kindNIP, tx.InsightsPaths, scope, id); err != nil {
			return err
		}
		if len(tx.InsightsAnalyses.Children(id)) > 0 {
			return awserr.New("AnalysisExistsForNetworkInsightsPath", "The network insights path %s has analyses; delete them first.", id)
		}
		tx.InsightsPaths.Delete(id)
		return nil
	})
}

// StartAnalysisInput is a StartNetworkInsightsAnalysis request.
type StartAnalysisInput struct {
	PathID             string
	AdditionalAccounts []string
	FilterInArns       []string
	FilterOutArns      []string
	Tags               map[string]string
}

// StartNetworkInsightsAnalysis analyses a path against the current world.
// The analysis completes at once (steady state): its answer says running,
// and every read shows the result.
func (s *Service) StartNetworkInsightsAnalysis(ctx context.Context, scope model.Scope, in StartAnalysisInput) (*model.NetworkInsightsAnalysis, error) {
	if in.PathID == "" {
		return nil, awserr.MissingParameter("NetworkInsightsPathId")
	}
	if len(in.FilterInArns) > 0 && len(in.FilterOutArns) > 0 {
		return nil, awserr.InvalidParameterCombination("FilterInArns and FilterOutArns cannot be specified together.")
	}
	if err := checkAdditionalAccounts(in.AdditionalAccounts); err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.NetworkInsightsAnalysis
	err := s.update(ctx, func(tx *store.Tx) error {
		p, err := find(kindNIP, tx.InsightsPaths, scope, in.PathID)
		if err != nil {
			return err
		}
		if countInScope(tx.InsightsAnalyses, scope) >= maxInsightsAnalyses {
			return awserr.New("ResourceLimitExceeded", "You have reached the maximum number of network insights analyses (%d).", maxInsightsAnalyses)
		}
		a := &model.NetworkInsightsAnalysis{
			Meta:               newMeta(tx, scope, tx.NewID("nia"), in.Tags),
			PathID:             p.ID,
			Status:             "succeeded",
			StartDate:          tx.Now(),
			AdditionalAccounts: in.AdditionalAccounts,
			FilterInArns:       in.FilterInArns,
			FilterOutArns:      in.FilterOutArns,
		}
		res, warn, err := s.analyse(tx.World, scope, p, in.AdditionalAccounts, in.FilterInArns, in.FilterOutArns)
		if err != nil {
			a.Status = "failed"
			a.StatusMessage = err.Error()
		} else {
			a.Result = res
			a.NetworkPathFound = res.NetworkPathFound
			a.WarningMessage = warn
		}
		tx.InsightsAnalyses.Put(a)
		out = a
		return nil
	})
	return out, err
}

// DeleteNetworkInsightsAnalysis deletes an analysis.
func (s *Service) DeleteNetworkInsightsAnalysis(ctx context.Context, scope model.Scope, id string) error {
	if id == "" {
		return awserr.MissingParameter("NetworkInsightsAnalysisId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		if _, err := find(kindNIA, tx.InsightsAnalyses, scope, id); err != nil {
			return err
		}
		tx.InsightsAnalyses.Delete(id)
		return nil
	})
}
