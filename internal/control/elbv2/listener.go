package elbv2

import (
	"context"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Listener rules [ALB-UG load-balancer-listeners.md, create-https-listener.md;
// NLB-UG load-balancer-listeners.md; load-balancer-limits.md]:
//   - Application Load Balancers listen on HTTP and HTTPS, Network Load
//     Balancers on TCP, TLS, UDP and TCP_UDP; Gateway Load Balancers take
//     a listener without protocol or port that forwards to a GENEVE group;
//   - one listener per port (DuplicateListener); 50 listeners per load
//     balancer;
//   - HTTPS and TLS listeners need a server certificate and take an SSL
//     policy (default ELBSecurityPolicy-2016-08);
//   - default actions: forward, redirect, fixed-response (ALB),
//     authenticate-oidc/-cognito (HTTPS); exactly one terminal action, last
//     in order;
//   - a forward action names target groups of the listener's family; an
//     Application Load Balancer's group must be HTTP or HTTPS, a Network
//     Load Balancer's compatible with the listener protocol.
const (
	maxListeners     = 50
	defaultSSLPolicy = "ELBSecurityPolicy-2016-08"
)

// CreateListenerInput is CreateListener's request.
type CreateListenerInput struct {
	LoadBalancerARN string
	Protocol        string
	Port            int32
	SslPolicy       string
	Certificates    []string
	AlpnPolicy      []string
	DefaultActions  []elbv2.Action
	Tags            []model.Tag
}

var lbProtocols = map[string][]string{
	elbv2.TypeApplication: {"HTTP", "HTTPS"},
	elbv2.TypeNetwork:     {"TCP", "TLS", "UDP", "TCP_UDP"},
}

// checkListener validates a listener's protocol, port, certificates and
// actions against its load balancer.
func checkListener(w *store.World, scope Scope, lb *elbv2.LoadBalancer, l *elbv2.Listener) error {
	if lb.Type == elbv2.TypeGateway {
		if l.Protocol != "" || l.Port != 0 {
			return validation("Protocol and port cannot be specified for listeners of Gateway Load Balancers")
		}
	} else {
		if l.Protocol == "" {
			l.Protocol = "HTTP"
			if lb.Type == elbv2.TypeNetwork {
				return validation("A listener protocol must be specified")
			}
		}
		if !slices.Contains(lbProtocols[lb.Type], l.Protocol) {
			return awserr.New("UnsupportedProtocol", "Protocol '%s' is not supported for load balancers of type '%s'", l.Protocol, lb.Type)
		}
		if l.Port == 0 {
			return validation("A listener port must be specified")
		}
	}
	secure := l.Protocol == "HTTPS" || l.Protocol == "TLS"
	if secure {
		if len(l.Certificates) == 0 {
			return awserr.New("CertificateNotFound", "A certificate must be specified for %s listeners", l.Protocol)
		}
		for _, c := range l.Certificates {
			if !validCertARN(c) {
				return awserr.New("CertificateNotFound", "Certificate '%s' not found", c)
			}
		}
		if l.SslPolicy == "" {
			l.SslPolicy = defaultSSLPolicy
		}
		if !knownPolicy(l.SslPolicy) {
			return awserr.New("SSLPolicyNotFound", "SSL policy '%s' not found", l.SslPolicy)
		}
	} else {
		if len(l.Certificates) > 0 {
			return validation("Certificates cannot be specified for %s listeners", l.Protocol)
		}
		if l.SslPolicy != "" {
			return validation("An SSL policy cannot be specified for %s listeners", l.Protocol)
		}
	}
	if len(l.AlpnPolicy) > 0 && l.Protocol != "TLS" {
		return awserr.New("ALPNPolicyNotFound", "An ALPN policy can only be specified for TLS listeners")
	}
	return checkActions(w, scope, lb, l.Protocol, l.DefaultActions, true)
}

// validCertARN accepts a well-formed ACM or IAM server certificate ARN.
func validCertARN(arn string) bool {
	p := strings.SplitN(arn, ":", 6)
	if len(p) != 6 || p[0] != "arn" {
		return false
	}
	return (p[2] == "acm" && strings.HasPrefix(p[5], "certificate/")) || (p[2] == "iam" && strings.HasPrefix(p[5], "server-certificate/"))
}

// CreateListener creates a listener and its default rule.
func (s *Service) CreateListener(ctx context.Context, scope Scope, in CreateListenerInput) (*elbv2.Listener, error) {
	tags, err := tagMap(nil, in.Tags)
	if err != nil {
		return nil, err
	}
	var out *elbv2.Listener
	err = s.update(ctx, scope, func(tx *store.Tx) error {
		lb, err := getLB(tx.World, scope, in.LoadBalancerARN)
		if err != nil {
			return err
		}
		l := &elbv2.Listener{LoadBalancerARN: lb.ID, Protocol: in.Protocol, Port: in.Port, SslPolicy: in.SslPolicy,
			Certificates: in.Certificates, AlpnPolicy: in.AlpnPolicy, DefaultActions: in.DefaultActions}
		if err := checkListener(tx.World, scope, lb, l); err != nil {
			return err
		}
		siblings := ListenerKind.In(tx.World).Children(lb.ID)
		for _, o := range siblings {
			if o.Port == l.Port && (lb.Type != elbv2.TypeNetwork || protocolsClash(o.Protocol, l.Protocol)) {
				return awserr.New("DuplicateListener", "A listener already exists on this port for this load balancer '%s'", lb.ID)
			}
		}
		if len(siblings) >= maxListeners {
			return awserr.New("TooManyListeners", "You've reached the limit on the number of listeners per load balancer")
		}
		if lb.Type != elbv2.TypeApplication && lb.IPAddressType != IPv4 && (l.Protocol == "UDP" || l.Protocol == "TCP_UDP") {
			return invalidConfig("UDP listeners are not supported for dualstack Network Load Balancers")
		}
		id := tx.NewHex(16)
		l.Meta = model.Meta{ID: arnPrefix(scope) + "listener/" + lbPath(lb.ID) + "/" + id, Account: scope.Account, Region: scope.Region, Tags: tags, Created: tx.Now()}
		l.DefaultRuleARN = arnPrefix(scope) + "listener-rule/" + lbPath(lb.ID) + "/" + id + "/" + tx.NewHex(16)
		ListenerKind.In(tx.World).Put(l)
		out = l
		return nil
	})
	return out, err
}

// protocolsClash reports whether two Network Load Balancer listener
// protocols conflict on one port (TCP and UDP may share a port; TCP_UDP
// takes both).
func protocolsClash(a, b string) bool {
	tcp := func(p string) bool { return p == "TCP" || p == "TLS" || p == "TCP_UDP" }
	udp := func(p string) bool { return p == "UDP" || p == "TCP_UDP" }
	return (tcp(a) && tcp(b)) || (udp(a) && udp(b))
}

// DescribeListeners lists a load balancer's listeners or listeners by ARN.
func (s *Service) DescribeListeners(scope Scope, lbARN string, arns []string, marker string, size int32) ([]*elbv2.Listener, string, error) {
	if (lbARN == "") == (len(arns) == 0) {
		return nil, "", validation("You must specify either listener ARNs or a load balancer ARN")
	}
	w := s.st.Snapshot()
	var out []*elbv2.Listener
	if lbARN != "" {
		if _, err := getLB(w, scope, lbARN); err != nil {
			return nil, "", err
		}
		out = ListenerKind.In(w).Children(lbARN)
	} else {
		for _, arn := range arns {
			l, err := getListener(w, scope, arn)
			if err != nil {
				return nil, "", err
			}
			out = append(out, l)
		}
	}
	return page(out, marker, size)
}

// ModifyListenerInput is ModifyListener's request (nil/empty: unchanged).
type ModifyListenerInput struct {
	ARN            string
	Protocol       string
	Port           int32
	SslPolicy      string
	Certificates   []string
	AlpnPolicy     []string
	DefaultActions []elbv2.Action
}

// ModifyListener changes a listener's port, protocol, certificates, policy
// or default actions.
func (s *Service) ModifyListener(ctx context.Context, scope Scope, in ModifyListenerInput) (*elbv2.Listener, error) {
	var out *elbv2.Listener
	err := s.update(ctx, scope, func(tx *store.Tx) error {
		old, err := getListener(tx.World, scope, in.ARN)
		if err != nil {
			return err
		}
		lb, err := getLB(tx.World, scope, old.LoadBalancerARN)
		if err != nil {
			return err
		}
		l := model.Clone(old)
		if in.Protocol != "" && in.Protocol != l.Protocol {
			l.Protocol = in.Protocol
			if l.Protocol != "HTTPS" && l.Protocol != "TLS" {
				l.SslPolicy, l.Certificates = "", nil
			}
		}
		if in.Port != 0 {
			l.Port = in.Port
		}
		if in.SslPolicy != "" {
			l.SslPolicy = in.SslPolicy
		}
		if in.Certificates != nil {
			l.Certificates = in.Certificates
		}
		if in.AlpnPolicy != nil {
			l.AlpnPolicy = in.AlpnPolicy
		}
		if in.DefaultActions != nil {
			l.DefaultActions = in.DefaultActions
		}
		if err := checkListener(tx.World, scope, lb, l); err != nil {
			return err
		}
		for _, o := range ListenerKind.In(tx.World).Children(lb.ID) {
			if o.ID != l.ID && o.Port == l.Port && (lb.Type != elbv2.TypeNetwork || protocolsClash(o.Protocol, l.Protocol)) {
				return awserr.New("DuplicateListener", "A listener already exists on this port for this load balancer '%s'", lb.ID)
			}
		}
		ListenerKind.In(tx.World).Put(l)
		out = l
		return nil
	})
	return out, err
}

// DeleteListener deletes a listener and its rules.
func (s *Service) DeleteListener(ctx context.Context, scope Scope, arn string) error {
	return s.update(ctx, scope, func(tx *store.Tx) error {
		l, err := getListener(tx.World, scope, arn)
		if err != nil {
			return err
		}
		deleteListener(tx, l)
		return nil
	})
}

func deleteListener(tx *store.Tx, l *elbv2.Listener) {
	for _, r := range RuleKind.In(tx.World).Children(l.ID) {
		RuleKind.In(tx.World).Delete(r.ID)
	}
	ListenerKind.In(tx.World).Delete(l.ID)
}
