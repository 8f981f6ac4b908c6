// Package s3 serves Amazon S3 on the rest-xml protocol: generated shapes
// (shapes_gen.go) and thin handlers over the S3 control plane
// (internal/control/s3).
package s3

import (
	"context"
	"fmt"
	"strings"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/awserr"
	s3c "github.com/vpcsim/vpcsim/internal/control/s3"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/store"
)

// API holds the S3 handlers.
type API struct {
	ctl *s3c.Service
}

// New returns the S3 binding over st. If the blob store cannot be opened,
// every operation answers InternalError naming the cause.
func New(st *store.Store) *api.Binding {
	ctl, err := s3c.New(st)
	r := api.NewRouter()
	a := &API{ctl: ctl}
	a.register(r)
	b := &api.Binding{Service: Service, Handler: r, ValidationError: validationError}
	if err != nil {
		b.Handler = failing{Router: r, err: err}
	}
	return b
}

// NewWithControl returns the binding over an existing control plane
// (tests).
func NewWithControl(ctl *s3c.Service) *api.Binding {
	r := api.NewRouter()
	(&API{ctl: ctl}).register(r)
	return &api.Binding{Service: Service, Handler: r, ValidationError: validationError}
}

type failing struct {
	*api.Router
	err error
}

func (f failing) Handle(context.Context, *protocol.Call, any) (any, error) {
	return nil, awserr.Internal(fmt.Errorf("S3 storage unavailable: %w", f.err))
}

// validationError maps model constraint violations to S3's errors: S3
// has no ValidationException; a bad enum or missing member is
// InvalidArgument (an unknown location constraint InvalidLocationConstraint,
// an unknown storage class InvalidStorageClass, a missing document
// MalformedXML).
func validationError(vs []protocol.Violation) *awserr.Error {
	v := vs[0]
	switch {
	case strings.HasSuffix(v.Path, "locationConstraint"):
		return awserr.New("InvalidLocationConstraint", "The specified location-constraint is not valid")
	case v.Wire == "x-amz-storage-class":
		return awserr.New("InvalidStorageClass", "The storage class you specified is not valid")
	case v.Missing() && !strings.HasPrefix(v.Wire, "x-amz") && strings.Contains(v.Path, "."):
		return awserr.New("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
	case v.Missing() && v.Wire != "" && v.Wire[0] >= 'A' && v.Wire[0] <= 'Z' && !strings.Contains(v.Path, "."):
		return awserr.New("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
	}
	return awserr.New("InvalidArgument", "%s", protocol.ValidationMessage(vs))
}

func (a *API) register(r *api.Router) {
	// Buckets.
	api.Handle(r, "CreateBucket", a.createBucket)
	api.HandleNoOutput(r, "DeleteBucket", a.deleteBucket)
	api.Handle(r, "HeadBucket", a.headBucket)
	api.Handle(r, "ListBuckets", a.listBuckets)
	api.Handle(r, "GetBucketLocation", a.getBucketLocation)
	// Bucket configuration.
	api.HandleNoOutput(r, "PutBucketPolicy", a.putBucketPolicy)
	api.Handle(r, "GetBucketPolicy", a.getBucketPolicy)
	api.HandleNoOutput(r, "DeleteBucketPolicy", a.deleteBucketPolicy)
	api.Handle(r, "GetBucketPolicyStatus", a.getBucketPolicyStatus)
	api.HandleNoOutput(r, "PutBucketVersioning", a.putBucketVersioning)
	api.Handle(r, "GetBucketVersioning", a.getBucketVersioning)
	api.HandleNoOutput(r, "PutBucketEncryption", a.putBucketEncryption)
	api.Handle(r, "GetBucketEncryption", a.getBucketEncryption)
	api.HandleNoOutput(r, "DeleteBucketEncryption", a.deleteBucketEncryption)
	api.HandleNoOutput(r, "PutPublicAccessBlock", a.putPublicAccessBlock)
	api.Handle(r, "GetPublicAccessBlock", a.getPublicAccessBlock)
	api.HandleNoOutput(r, "DeletePublicAccessBlock", a.deletePublicAccessBlock)
	api.HandleNoOutput(r, "PutBucketOwnershipControls", a.putOwnershipControls)
	api.Handle(r, "GetBucketOwnershipControls", a.getOwnershipControls)
	api.HandleNoOutput(r, "DeleteBucketOwnershipControls", a.deleteOwnershipControls)
	api.HandleNoOutput(r, "PutBucketAcl", a.putBucketACL)
	api.Handle(r, "GetBucketAcl", a.getBucketACL)
	api.HandleNoOutput(r, "PutBucketTagging", a.putBucketTagging)
	api.Handle(r, "GetBucketTagging", a.getBucketTagging)
	api.HandleNoOutput(r, "DeleteBucketTagging", a.deleteBucketTagging)
	api.Handle(r, "PutBucketLifecycleConfiguration", a.putLifecycle)
	api.Handle(r, "GetBucketLifecycleConfiguration", a.getLifecycle)
	api.HandleNoOutput(r, "DeleteBucketLifecycle", a.deleteLifecycle)
	api.HandleNoOutput(r, "PutBucketCors", a.putCORS)
	api.Handle(r, "GetBucketCors", a.getCORS)
	api.HandleNoOutput(r, "DeleteBucketCors", a.deleteCORS)
	api.HandleNoOutput(r, "PutBucketWebsite", a.putWebsite)
	api.Handle(r, "GetBucketWebsite", a.getWebsite)
	api.HandleNoOutput(r, "DeleteBucketWebsite", a.deleteWebsite)
	api.HandleNoOutput(r, "PutBucketLogging", a.putLogging)
	api.Handle(r, "GetBucketLogging", a.getLogging)
	api.HandleNoOutput(r, "PutBucketNotificationConfiguration", a.putNotification)
	api.Handle(r, "GetBucketNotificationConfiguration", a.getNotification)
	api.HandleNoOutput(r, "PutBucketReplication", a.putReplication)
	api.Handle(r, "GetBucketReplication", a.getReplication)
	api.HandleNoOutput(r, "DeleteBucketReplication", a.deleteReplication)
	api.HandleNoOutput(r, "PutBucketAccelerateConfiguration", a.putAccelerate)
	api.Handle(r, "GetBucketAccelerateConfiguration", a.getAccelerate)
	api.HandleNoOutput(r, "PutBucketRequestPayment", a.putRequestPayment)
	api.Handle(r, "GetBucketRequestPayment", a.getRequestPayment)
	api.Handle(r, "PutObjectLockConfiguration", a.putObjectLock)
	api.Handle(r, "GetObjectLockConfiguration", a.getObjectLock)
	// Objects.
	api.Handle(r, "PutObject", a.putObject)
	api.Handle(r, "GetObject", a.getObject)
	api.Handle(r, "HeadObject", a.headObject)
	api.Handle(r, "CopyObject", a.copyObject)
	api.Handle(r, "DeleteObject", a.deleteObject)
	api.Handle(r, "DeleteObjects", a.deleteObjects)
	api.Handle(r, "ListObjects", a.listObjects)
	api.Handle(r, "ListObjectsV2", a.listObjectsV2)
	api.Handle(r, "ListObjectVersions", a.listObjectVersions)
	api.Handle(r, "GetObjectTagging", a.getObjectTagging)
	api.Handle(r, "PutObjectTagging", a.putObjectTagging)
	api.Handle(r, "DeleteObjectTagging", a.deleteObjectTagging)
	api.Handle(r, "GetObjectAcl", a.getObjectACL)
	// Multipart uploads.
	api.Handle(r, "CreateMultipartUpload", a.createMultipartUpload)
	api.Handle(r, "UploadPart", a.uploadPart)
	api.Handle(r, "UploadPartCopy", a.uploadPartCopy)
	api.Handle(r, "CompleteMultipartUpload", a.completeMultipartUpload)
	api.Handle(r, "AbortMultipartUpload", a.abortMultipartUpload)
	api.Handle(r, "ListMultipartUploads", a.listMultipartUploads)
	api.Handle(r, "ListParts", a.listParts)
}

func ptr[T any](v T) *T { return &v }

// optStr returns nil for "".
func optStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func owner(account string) *Owner {
	return &Owner{ID: ptr(s3c.CanonicalID(account)), DisplayName: ptr(s3c.DisplayName(account))}
}
