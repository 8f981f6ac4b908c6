package s3

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/awserr"
	s3c "github.com/vpcsim/vpcsim/internal/control/s3"
	s3m "github.com/vpcsim/vpcsim/internal/model/s3"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func sortTags(t []Tag) {
	sort.Slice(t, func(i, j int) bool { return api.Str(t[i].Key) < api.Str(t[j].Key) })
}

// Policy.

func (a *API) putBucketPolicy(ctx context.Context, c *protocol.Call, in *PutBucketPolicyRequest) error {
	return a.ctl.PutPolicy(ctx, api.Scope(c), api.Str(in.Bucket), api.Str(in.Policy))
}

func (a *API) getBucketPolicy(_ context.Context, c *protocol.Call, in *GetBucketPolicyRequest) (*GetBucketPolicyOutput, error) {
	p, err := a.ctl.Policy(api.Scope(c), api.Str(in.Bucket))
	if err != nil {
		return nil, err
	}
	return &GetBucketPolicyOutput{Policy: &p}, nil
}

func (a *API) deleteBucketPolicy(ctx context.Context, c *protocol.Call, in *DeleteBucketPolicyRequest) error {
	return a.ctl.DeletePolicy(ctx, api.Scope(c), api.Str(in.Bucket))
}

func (a *API) getBucketPolicyStatus(_ context.Context, c *protocol.Call, in *GetBucketPolicyStatusRequest) (*GetBucketPolicyStatusOutput, error) {
	public, err := a.ctl.PolicyStatus(api.Scope(c), api.Str(in.Bucket))
	if err != nil {
		return nil, err
	}
	return &GetBucketPolicyStatusOutput{PolicyStatus: &PolicyStatus{IsPublic: &public}}, nil
}

// Versioning.

func (a *API) putBucketVersioning(ctx context.Context, c *protocol.Call, in *PutBucketVersioningRequest) error {
	return a.ctl.SetVersioning(ctx, api.Scope(c), api.Str(in.Bucket), api.Str(in.VersioningConfiguration.Status), api.Str(in.VersioningConfiguration.MFADelete))
}

func (a *API) getBucketVersioning(_ context.Context, c *protocol.Call, in *GetBucketVersioningRequest) (*GetBucketVersioningOutput, error) {
	b, err := a.ctl.Bucket(api.Scope(c), api.Str(in.Bucket), "s3:GetBucketVersioning")
	if err != nil {
		return nil, err
	}
	return &GetBucketVersioningOutput{Status: optStr(b.Versioning), MFADelete: optStr(b.MFADelete)}, nil
}

// Encryption.

func (a *API) putBucketEncryption(ctx context.Context, c *protocol.Call, in *PutBucketEncryptionRequest) error {
	var rules []s3m.EncryptionRule
	for _, r := range in.ServerSideEncryptionConfiguration.Rules {
		d := r.ApplyServerSideEncryptionByDefault
		if d == nil {
			return awserr.New("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
		}
		rules = append(rules, s3m.EncryptionRule{Algorithm: api.Str(d.SSEAlgorithm), KMSKeyID: api.Str(d.KMSMasterKeyID), BucketKeyEnabled: r.BucketKeyEnabled != nil && *r.BucketKeyEnabled})
	}
	return a.ctl.SetEncryption(ctx, api.Scope(c), api.Str(in.Bucket), rules)
}

func (a *API) getBucketEncryption(_ context.Context, c *protocol.Call, in *GetBucketEncryptionRequest) (*GetBucketEncryptionOutput, error) {
	rules, err := a.ctl.Encryption(api.Scope(c), api.Str(in.Bucket))
	if err != nil {
		return nil, err
	}
	cfg := &ServerSideEncryptionConfiguration{}
	for _, r := range rules {
		cfg.Rules = append(cfg.Rules, ServerSideEncryptionRule{
			ApplyServerSideEncryptionByDefault: &ServerSideEncryptionByDefault{SSEAlgorithm: ptr(r.Algorithm), KMSMasterKeyID: optStr(r.KMSKeyID)},
			BucketKeyEnabled:                   ptr(r.BucketKeyEnabled),
		})
	}
	return &GetBucketEncryptionOutput{ServerSideEncryptionConfiguration: cfg}, nil
}

func (a *API) deleteBucketEncryption(ctx context.Context, c *protocol.Call, in *DeleteBucketEncryptionRequest) error {
	return a.ctl.SetEncryption(ctx, api.Scope(c), api.Str(in.Bucket), nil)
}

// Public access block.

func boolv(p *bool) bool { return p != nil && *p }

func (a *API) putPublicAccessBlock(ctx context.Context, c *protocol.Call, in *PutPublicAccessBlockRequest) error {
	p := in.PublicAccessBlockConfiguration
	return a.ctl.SetPublicAccessBlock(ctx, api.Scope(c), api.Str(in.Bucket), &s3m.PublicAccessBlock{
		BlockPublicAcls: boolv(p.BlockPublicAcls), IgnorePublicAcls: boolv(p.IgnorePublicAcls),
		BlockPublicPolicy: boolv(p.BlockPublicPolicy), RestrictPublicBuckets: boolv(p.RestrictPublicBuckets)})
}

func (a *API) getPublicAccessBlock(_ context.Context, c *protocol.Call, in *GetPublicAccessBlockRequest) (*GetPublicAccessBlockOutput, error) {
	p, err := a.ctl.PublicAccessBlock(api.Scope(c), api.Str(in.Bucket))
	if err != nil {
		return nil, err
	}
	return &GetPublicAccessBlockOutput{PublicAccessBlockConfiguration: &PublicAccessBlockConfiguration{
		BlockPublicAcls: ptr(p.BlockPublicAcls), IgnorePublicAcls: ptr(p.IgnorePublicAcls),
		BlockPublicPolicy: ptr(p.BlockPublicPolicy), RestrictPublicBuckets: ptr(p.RestrictPublicBuckets)}}, nil
}

func (a *API) deletePublicAccessBlock(ctx context.Context, c *protocol.Call, in *DeletePublicAccessBlockRequest) error {
	return a.ctl.SetPublicAccessBlock(ctx, api.Scope(c), api.Str(in.Bucket), nil)
}

// Ownership controls.

func (a *API) putOwnershipControls(ctx context.Context, c *protocol.Call, in *PutBucketOwnershipControlsRequest) error {
	rules := in.OwnershipControls.Rules
	if len(rules) != 1 {
		return awserr.New("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
	}
	return a.ctl.SetOwnership(ctx, api.Scope(c), api.Str(in.Bucket), api.Str(rules[0].ObjectOwnership))
}

func (a *API) getOwnershipControls(_ context.Context, c *protocol.Call, in *GetBucketOwnershipControlsRequest) (*GetBucketOwnershipControlsOutput, error) {
	o, err := a.ctl.Ownership(api.Scope(c), api.Str(in.Bucket))
	if err != nil {
		return nil, err
	}
	return &GetBucketOwnershipControlsOutput{OwnershipControls: &OwnershipControls{Rules: []OwnershipControlsRule{{ObjectOwnership: &o}}}}, nil
}

func (a *API) deleteOwnershipControls(ctx context.Context, c *protocol.Call, in *DeleteBucketOwnershipControlsRequest) error {
	return a.ctl.SetOwnership(ctx, api.Scope(c), api.Str(in.Bucket), "")
}

// ACL.

func (a *API) putBucketACL(ctx context.Context, c *protocol.Call, in *PutBucketAclRequest) error {
	grants, err := headerGrants(in.GrantFullControl, in.GrantRead, in.GrantReadACP, in.GrantWrite, in.GrantWriteACP)
	if err != nil {
		return err
	}
	if p := in.AccessControlPolicy; p != nil {
		for _, g := range p.Grants {
			if g.Grantee == nil {
				return awserr.New("MalformedACLError", "The XML you provided was not well-formed or did not validate against our published schema")
			}
			grants = append(grants, s3m.Grant{Type: api.Str(g.Grantee.Type), ID: api.Str(g.Grantee.ID), URI: api.Str(g.Grantee.URI), Email: api.Str(g.Grantee.EmailAddress), Permission: api.Str(g.Permission)})
		}
	}
	return a.ctl.PutBucketACL(ctx, api.Scope(c), api.Str(in.Bucket), api.Str(in.ACL), grants)
}

func (a *API) getBucketACL(_ context.Context, c *protocol.Call, in *GetBucketAclRequest) (*GetBucketAclOutput, error) {
	b, grants, err := a.ctl.BucketACL(api.Scope(c), api.Str(in.Bucket))
	if err != nil {
		return nil, err
	}
	return &GetBucketAclOutput{Owner: owner(b.Account), Grants: wireGrants(grants)}, nil
}

func wireGrants(grants []s3m.Grant) []Grant {
	out := make([]Grant, 0, len(grants))
	for _, g := range grants {
		ge := &Grantee{Type: ptr(g.Type), ID: optStr(g.ID), URI: optStr(g.URI), EmailAddress: optStr(g.Email)}
		out = append(out, Grant{Grantee: ge, Permission: ptr(g.Permission)})
	}
	return out
}

// Tagging.

func (a *API) putBucketTagging(ctx context.Context, c *protocol.Call, in *PutBucketTaggingRequest) error {
	keys, values := tagPairs(in.Tagging.TagSet)
	tags, err := s3c.TagList(keys, values)
	if err != nil {
		return err
	}
	return a.ctl.SetBucketTags(ctx, api.Scope(c), api.Str(in.Bucket), tags)
}

func (a *API) getBucketTagging(_ context.Context, c *protocol.Call, in *GetBucketTaggingRequest) (*GetBucketTaggingOutput, error) {
	tags, err := a.ctl.BucketTags(api.Scope(c), api.Str(in.Bucket))
	if err != nil {
		return nil, err
	}
	return &GetBucketTaggingOutput{TagSet: tagSet(tags)}, nil
}

func (a *API) deleteBucketTagging(ctx context.Context, c *protocol.Call, in *DeleteBucketTaggingRequest) error {
	return a.ctl.SetBucketTags(ctx, api.Scope(c), api.Str(in.Bucket), nil)
}

// Stored documents: the wire shape kept as JSON.

func encodeDoc(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", awserr.Internal(fmt.Errorf("encode configuration: %w", err))
	}
	return string(b), nil
}

func (a *API) putDoc(ctx context.Context, c *protocol.Call, bucket *string, name string, v any) error {
	doc, err := encodeDoc(v)
	if err != nil {
		return err
	}
	return a.ctl.PutDocument(ctx, api.Scope(c), api.Str(bucket), name, doc)
}

// getDoc decodes a stored document into out; found is false when S3
// answers an empty document for an absent configuration.
func (a *API) getDoc(c *protocol.Call, bucket *string, name string, out any) (bool, error) {
	doc, err := a.ctl.Document(api.Scope(c), api.Str(bucket), name)
	if err != nil || doc == "" {
		return false, err
	}
	if err := json.Unmarshal([]byte(doc), out); err != nil {
		return false, awserr.Internal(fmt.Errorf("decode stored %s configuration: %w", name, err))
	}
	return true, nil
}

func (a *API) putLifecycle(ctx context.Context, c *protocol.Call, in *PutBucketLifecycleConfigurationRequest) (*PutBucketLifecycleConfigurationOutput, error) {
	cfg := in.LifecycleConfiguration
	if cfg == nil {
		return nil, awserr.New("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
	}
	rules := make([]s3c.LifecycleRule, 0, len(cfg.Rules))
	for _, r := range cfg.Rules {
		n := len(r.Transitions) + len(r.NoncurrentVersionTransitions)
		for _, present := range []bool{r.Expiration != nil, r.NoncurrentVersionExpiration != nil, r.AbortIncompleteMultipartUpload != nil} {
			if present {
				n++
			}
		}
		rules = append(rules, s3c.LifecycleRule{ID: api.Str(r.ID), Actions: n, Prefix: r.Prefix != nil, Filter: r.Filter != nil})
	}
	if err := s3c.ValidateLifecycle(rules); err != nil {
		return nil, err
	}
	stored := GetBucketLifecycleConfigurationOutput{Rules: cfg.Rules, TransitionDefaultMinimumObjectSize: in.TransitionDefaultMinimumObjectSize}
	if stored.TransitionDefaultMinimumObjectSize == nil {
		stored.TransitionDefaultMinimumObjectSize = ptr("all_storage_classes_128K")
	}
	if err := a.putDoc(ctx, c, in.Bucket, s3c.DocLifecycle, stored); err != nil {
		return nil, err
	}
	return &PutBucketLifecycleConfigurationOutput{TransitionDefaultMinimumObjectSize: stored.TransitionDefaultMinimumObjectSize}, nil
}

func (a *API) getLifecycle(_ context.Context, c *protocol.Call, in *GetBucketLifecycleConfigurationRequest) (*GetBucketLifecycleConfigurationOutput, error) {
	out := &GetBucketLifecycleConfigurationOutput{}
	_, err := a.getDoc(c, in.Bucket, s3c.DocLifecycle, out)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (a *API) deleteLifecycle(ctx context.Context, c *protocol.Call, in *DeleteBucketLifecycleRequest) error {
	return a.ctl.DeleteDocument(ctx, api.Scope(c), api.Str(in.Bucket), s3c.DocLifecycle)
}

func (a *API) putCORS(ctx context.Context, c *protocol.Call, in *PutBucketCorsRequest) error {
	rules := in.CORSConfiguration.CORSRules
	if len(rules) == 0 || len(rules) > 100 {
		return awserr.New("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
	}
	for _, r := range rules {
		for _, m := range r.AllowedMethods {
			switch m {
			case "GET", "PUT", "POST", "DELETE", "HEAD":
			default:
				return awserr.New("InvalidRequest", "Found unsupported HTTP method in CORS config. Unsupported method is %s", m)
			}
		}
	}
	return a.putDoc(ctx, c, in.Bucket, s3c.DocCORS, GetBucketCorsOutput{CORSRules: rules})
}

func (a *API) getCORS(_ context.Context, c *protocol.Call, in *GetBucketCorsRequest) (*GetBucketCorsOutput, error) {
	out := &GetBucketCorsOutput{}
	if _, err := a.getDoc(c, in.Bucket, s3c.DocCORS, out); err != nil {
		return nil, err
	}
	return out, nil
}

func (a *API) deleteCORS(ctx context.Context, c *protocol.Call, in *DeleteBucketCorsRequest) error {
	return a.ctl.DeleteDocument(ctx, api.Scope(c), api.Str(in.Bucket), s3c.DocCORS)
}

func (a *API) putWebsite(ctx context.Context, c *protocol.Call, in *PutBucketWebsiteRequest) error {
	w := in.WebsiteConfiguration
	if w.RedirectAllRequestsTo == nil && w.IndexDocument == nil {
		return awserr.New("InvalidArgument", "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty")
	}
	return a.putDoc(ctx, c, in.Bucket, s3c.DocWebsite, GetBucketWebsiteOutput{RedirectAllRequestsTo: w.RedirectAllRequestsTo,
		IndexDocument: w.IndexDocument, ErrorDocument: w.ErrorDocument, RoutingRules: w.RoutingRules})
}

func (a *API) getWebsite(_ context.Context, c *protocol.Call, in *GetBucketWebsiteRequest) (*GetBucketWebsiteOutput, error) {
	out := &GetBucketWebsiteOutput{}
	if _, err := a.getDoc(c, in.Bucket, s3c.DocWebsite, out); err != nil {
		return nil, err
	}
	return out, nil
}

func (a *API) deleteWebsite(ctx context.Context, c *protocol.Call, in *DeleteBucketWebsiteRequest) error {
	return a.ctl.DeleteDocument(ctx, api.Scope(c), api.Str(in.Bucket), s3c.DocWebsite)
}

func (a *API) putLogging(ctx context.Context, c *protocol.Call, in *PutBucketLoggingRequest) error {
	le := in.BucketLoggingStatus.LoggingEnabled
	if le == nil {
		return a.ctl.DeleteDocument(ctx, api.Scope(c), api.Str(in.Bucket), s3c.DocLogging)
	}
	if _, err := a.ctl.Bucket(api.Scope(c), api.Str(le.TargetBucket), "s3:PutObject"); err != nil {
		return awserr.New("InvalidTargetBucketForLogging", "The target bucket for logging does not exist")
	}
	return a.putDoc(ctx, c, in.Bucket, s3c.DocLogging, le)
}

func (a *API) getLogging(_ context.Context, c *protocol.Call, in *GetBucketLoggingRequest) (*GetBucketLoggingOutput, error) {
	le := &LoggingEnabled{}
	found, err := a.getDoc(c, in.Bucket, s3c.DocLogging, le)
	if err != nil {
		return nil, err
	}
	if !found {
		return &GetBucketLoggingOutput{}, nil
	}
	return &GetBucketLoggingOutput{LoggingEnabled: le}, nil
}

func (a *API) putNotification(ctx context.Context, c *protocol.Call, in *PutBucketNotificationConfigurationRequest) error {
	n := in.NotificationConfiguration
	if len(n.TopicConfigurations)+len(n.QueueConfigurations)+len(n.LambdaFunctionConfigurations) > 0 {
		// vpcsim has no SNS, SQS or Lambda to deliver to: S3 validates
		// destinations and refuses ones it cannot reach.
		return awserr.New("InvalidArgument", "Unable to validate the following destination configurations")
	}
	if n.EventBridgeConfiguration == nil {
		return a.ctl.DeleteDocument(ctx, api.Scope(c), api.Str(in.Bucket), s3c.DocNotification)
	}
	return a.putDoc(ctx, c, in.Bucket, s3c.DocNotification, n)
}

func (a *API) getNotification(_ context.Context, c *protocol.Call, in *GetBucketNotificationConfigurationRequest) (*NotificationConfiguration, error) {
	n := &NotificationConfiguration{}
	if _, err := a.getDoc(c, in.Bucket, s3c.DocNotification, n); err != nil {
		return nil, err
	}
	return n, nil
}

func (a *API) putReplication(ctx context.Context, c *protocol.Call, in *PutBucketReplicationRequest) error {
	return a.putDoc(ctx, c, in.Bucket, s3c.DocReplication, in.ReplicationConfiguration)
}

func (a *API) getReplication(_ context.Context, c *protocol.Call, in *GetBucketReplicationRequest) (*GetBucketReplicationOutput, error) {
	r := &ReplicationConfiguration{}
	if _, err := a.getDoc(c, in.Bucket, s3c.DocReplication, r); err != nil {
		return nil, err
	}
	return &GetBucketReplicationOutput{ReplicationConfiguration: r}, nil
}

func (a *API) deleteReplication(ctx context.Context, c *protocol.Call, in *DeleteBucketReplicationRequest) error {
	return a.ctl.DeleteDocument(ctx, api.Scope(c), api.Str(in.Bucket), s3c.DocReplication)
}

// Accelerate, request payment, Object Lock.

func (a *API) putAccelerate(ctx context.Context, c *protocol.Call, in *PutBucketAccelerateConfigurationRequest) error {
	return a.ctl.SetAccelerate(ctx, api.Scope(c), api.Str(in.Bucket), api.Str(in.AccelerateConfiguration.Status))
}

func (a *API) getAccelerate(_ context.Context, c *protocol.Call, in *GetBucketAccelerateConfigurationRequest) (*GetBucketAccelerateConfigurationOutput, error) {
	b, err := a.ctl.Bucket(api.Scope(c), api.Str(in.Bucket), "s3:GetAccelerateConfiguration")
	if err != nil {
		return nil, err
	}
	return &GetBucketAccelerateConfigurationOutput{Status: optStr(b.Accelerate)}, nil
}

func (a *API) putRequestPayment(ctx context.Context, c *protocol.Call, in *PutBucketRequestPaymentRequest) error {
	return a.ctl.SetPayer(ctx, api.Scope(c), api.Str(in.Bucket), api.Str(in.RequestPaymentConfiguration.Payer))
}

func (a *API) getRequestPayment(_ context.Context, c *protocol.Call, in *GetBucketRequestPaymentRequest) (*GetBucketRequestPaymentOutput, error) {
	b, err := a.ctl.Bucket(api.Scope(c), api.Str(in.Bucket), "s3:GetBucketRequestPayment")
	if err != nil {
		return nil, err
	}
	payer := b.Payer
	if payer == "" {
		payer = "BucketOwner"
	}
	return &GetBucketRequestPaymentOutput{Payer: &payer}, nil
}

func (a *API) putObjectLock(ctx context.Context, c *protocol.Call, in *PutObjectLockConfigurationRequest) (*PutObjectLockConfigurationOutput, error) {
	cfg := in.ObjectLockConfiguration
	if cfg == nil {
		return nil, awserr.New("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
	}
	var rule *s3m.ObjectLockRule
	if cfg.Rule != nil && cfg.Rule.DefaultRetention != nil {
		d := cfg.Rule.DefaultRetention
		rule = &s3m.ObjectLockRule{Mode: api.Str(d.Mode)}
		if d.Days != nil {
			rule.Days = *d.Days
		}
		if d.Years != nil {
			rule.Years = *d.Years
		}
	}
	if err := a.ctl.SetObjectLock(ctx, api.Scope(c), api.Str(in.Bucket), api.Str(cfg.ObjectLockEnabled) == "Enabled", rule); err != nil {
		return nil, err
	}
	return &PutObjectLockConfigurationOutput{}, nil
}

func (a *API) getObjectLock(_ context.Context, c *protocol.Call, in *GetObjectLockConfigurationRequest) (*GetObjectLockConfigurationOutput, error) {
	rule, err := a.ctl.ObjectLock(api.Scope(c), api.Str(in.Bucket))
	if err != nil {
		return nil, err
	}
	cfg := &ObjectLockConfiguration{ObjectLockEnabled: ptr("Enabled")}
	if rule != nil {
		d := &DefaultRetention{Mode: ptr(rule.Mode)}
		if rule.Days > 0 {
			d.Days = ptr(rule.Days)
		}
		if rule.Years > 0 {
			d.Years = ptr(rule.Years)
		}
		cfg.Rule = &ObjectLockRule{DefaultRetention: d}
	}
	return &GetObjectLockConfigurationOutput{ObjectLockConfiguration: cfg}, nil
}
