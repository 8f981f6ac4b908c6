package s3

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/awserr"
	s3c "github.com/vpcsim/vpcsim/internal/control/s3"
	s3m "github.com/vpcsim/vpcsim/internal/model/s3"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/rest"
)

// attrs collects an object's writer-set attributes from request members.
func attrs(ct, cc, cd, ce, cl, exp, redirect, class, sse, kms *string, bke *bool, meta map[string]string, tagging *string) (s3m.Attrs, error) {
	tags, err := s3c.ParseTagHeader(api.Str(tagging))
	if err != nil {
		return s3m.Attrs{}, err
	}
	a := s3m.Attrs{ContentType: api.Str(ct), CacheControl: api.Str(cc), ContentDisposition: api.Str(cd), ContentEncoding: api.Str(ce),
		ContentLanguage: api.Str(cl), Expires: api.Str(exp), WebsiteRedirect: api.Str(redirect), Metadata: meta, StorageClass: api.Str(class),
		Tags: tags, SSE: api.Str(sse), KMSKeyID: api.Str(kms), BucketKeyEnabled: boolv(bke)}
	// aws-chunked is a transfer encoding of the request, not the object's.
	a.ContentEncoding = strings.TrimPrefix(strings.TrimPrefix(a.ContentEncoding, "aws-chunked"), ",")
	if len(a.Metadata) == 0 {
		a.Metadata = nil
	}
	return a, nil
}

func (a *API) putObject(ctx context.Context, c *protocol.Call, in *PutObjectRequest) (*PutObjectOutput, error) {
	at, err := attrs(in.ContentType, in.CacheControl, in.ContentDisposition, in.ContentEncoding, in.ContentLanguage, in.Expires,
		in.WebsiteRedirectLocation, in.StorageClass, in.ServerSideEncryption, in.SSEKMSKeyId, in.BucketKeyEnabled, in.Metadata, in.Tagging)
	if err != nil {
		return nil, err
	}
	res, err := a.ctl.PutObject(ctx, api.Scope(c), s3c.PutInput{Bucket: api.Str(in.Bucket), Key: api.Str(in.Key), Body: in.Body,
		ContentMD5: api.Str(in.ContentMD5), ACL: api.Str(in.ACL), Attrs: at, IfMatch: api.Str(in.IfMatch), IfNoneMatch: api.Str(in.IfNoneMatch)})
	if err != nil {
		return nil, err
	}
	v := res.Version
	return &PutObjectOutput{ETag: ptr(v.ETag), VersionId: optStr(res.VersionID()), ServerSideEncryption: optStr(v.SSE),
		SSEKMSKeyId: optStr(v.KMSKeyID), BucketKeyEnabled: trueOrNil(v.BucketKeyEnabled)}, nil
}

func trueOrNil(b bool) *bool {
	if !b {
		return nil
	}
	return &b
}

func (a *API) getObject(ctx context.Context, c *protocol.Call, in *GetObjectRequest) (*GetObjectOutput, error) {
	res, err := a.ctl.GetObject(ctx, api.Scope(c), s3c.GetInput{Bucket: api.Str(in.Bucket), Key: api.Str(in.Key), VersionID: api.Str(in.VersionId),
		PartNumber: int32v(in.PartNumber), Range: api.Str(in.Range),
		Conditions: s3c.Conditions{IfMatch: api.Str(in.IfMatch), IfNoneMatch: api.Str(in.IfNoneMatch), IfModifiedSince: in.IfModifiedSince, IfUnmodifiedSince: in.IfUnmodifiedSince}})
	if err != nil {
		return nil, err
	}
	h := objectHeaders(res, in.PartNumber != nil)
	applyOverrides(&h, in.ResponseCacheControl, in.ResponseContentDisposition, in.ResponseContentEncoding, in.ResponseContentLanguage, in.ResponseContentType, in.ResponseExpires)
	return &GetObjectOutput{Body: res.Body, AcceptRanges: h.AcceptRanges, LastModified: h.LastModified, ContentLength: h.ContentLength,
		ETag: h.ETag, VersionId: h.VersionId, CacheControl: h.CacheControl, ContentDisposition: h.ContentDisposition,
		ContentEncoding: h.ContentEncoding, ContentLanguage: h.ContentLanguage, ContentRange: h.ContentRange, ContentType: h.ContentType,
		Expires: h.Expires, WebsiteRedirectLocation: h.WebsiteRedirectLocation, ServerSideEncryption: h.ServerSideEncryption,
		Metadata: h.Metadata, SSEKMSKeyId: h.SSEKMSKeyId, BucketKeyEnabled: h.BucketKeyEnabled, StorageClass: h.StorageClass,
		PartsCount: h.PartsCount, TagCount: h.TagCount}, nil
}

func (a *API) headObject(ctx context.Context, c *protocol.Call, in *HeadObjectRequest) (*HeadObjectOutput, error) {
	res, err := a.ctl.GetObject(ctx, api.Scope(c), s3c.GetInput{Bucket: api.Str(in.Bucket), Key: api.Str(in.Key), VersionID: api.Str(in.VersionId),
		PartNumber: int32v(in.PartNumber), Range: api.Str(in.Range), Head: true,
		Conditions: s3c.Conditions{IfMatch: api.Str(in.IfMatch), IfNoneMatch: api.Str(in.IfNoneMatch), IfModifiedSince: in.IfModifiedSince, IfUnmodifiedSince: in.IfUnmodifiedSince}})
	if err != nil {
		return nil, err
	}
	h := objectHeaders(res, in.PartNumber != nil)
	applyOverrides(&h, in.ResponseCacheControl, in.ResponseContentDisposition, in.ResponseContentEncoding, in.ResponseContentLanguage, in.ResponseContentType, in.ResponseExpires)
	return &h, nil
}

func int32v(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}

// objectHeaders renders a read version as HeadObject's headers.
func objectHeaders(res s3c.GetResult, partAsked bool) HeadObjectOutput {
	v := res.Version
	h := HeadObjectOutput{AcceptRanges: ptr("bytes"), LastModified: ptr(v.LastModified), ContentLength: ptr(res.End - res.Start + 1),
		ETag: ptr(v.ETag), VersionId: optStr(res.VersionID()), CacheControl: optStr(v.CacheControl),
		ContentDisposition: optStr(v.ContentDisposition), ContentEncoding: optStr(v.ContentEncoding), ContentLanguage: optStr(v.ContentLanguage),
		ContentType: optStr(v.ContentType), Expires: optStr(v.Expires), WebsiteRedirectLocation: optStr(v.WebsiteRedirect),
		ServerSideEncryption: optStr(v.SSE), Metadata: v.Metadata, SSEKMSKeyId: optStr(v.KMSKeyID), BucketKeyEnabled: trueOrNil(v.BucketKeyEnabled),
		StorageClass: optStr(v.StorageClass)}
	if res.Partial {
		h.ContentRange = ptr(fmt.Sprintf("bytes %d-%d/%d", res.Start, res.End, v.Size))
	}
	if partAsked && v.Parts > 0 {
		h.PartsCount = ptr(int32(v.Parts))
	}
	if len(v.Tags) > 0 {
		h.TagCount = ptr(int32(len(v.Tags)))
	}
	return h
}

// applyOverrides applies the response-* query parameters (GetObject:
// "override values for a subset of the headers").
func applyOverrides(h *HeadObjectOutput, cc, cd, ce, cl, ct *string, exp *time.Time) {
	for _, o := range []struct {
		dst **string
		v   *string
	}{{&h.CacheControl, cc}, {&h.ContentDisposition, cd}, {&h.ContentEncoding, ce}, {&h.ContentLanguage, cl}, {&h.ContentType, ct}} {
		if o.v != nil {
			*o.dst = o.v
		}
	}
	if exp != nil {
		h.Expires = ptr(rest.FormatTime(*exp, "rfc822"))
	}
}

// copySource parses x-amz-copy-source: [/]bucket/key[?versionId=id], the
// key URL-encoded.
func copySource(h string) (bucket, key, version string, err error) {
	bad := awserr.New("InvalidArgument", "Invalid copy source object key")
	path, query, _ := strings.Cut(h, "?")
	path = strings.TrimPrefix(path, "/")
	b, k, ok := strings.Cut(path, "/")
	if !ok || b == "" || k == "" {
		return "", "", "", bad
	}
	if key, err = url.PathUnescape(k); err != nil {
		return "", "", "", bad
	}
	if query != "" {
		q, qerr := url.ParseQuery(query)
		if qerr != nil {
			return "", "", "", bad
		}
		version = q.Get("versionId")
		if q.Has("versionId") && version == "" {
			return "", "", "", awserr.New("InvalidArgument", "Version id cannot be the empty string")
		}
	}
	return b, key, version, nil
}

func (a *API) copyObject(ctx context.Context, c *protocol.Call, in *CopyObjectRequest) (*CopyObjectOutput, error) {
	sb, sk, sv, err := copySource(api.Str(in.CopySource))
	if err != nil {
		return nil, err
	}
	at, err := attrs(in.ContentType, in.CacheControl, in.ContentDisposition, in.ContentEncoding, in.ContentLanguage, in.Expires,
		in.WebsiteRedirectLocation, in.StorageClass, in.ServerSideEncryption, in.SSEKMSKeyId, in.BucketKeyEnabled, in.Metadata, in.Tagging)
	if err != nil {
		return nil, err
	}
	res, err := a.ctl.CopyObject(ctx, api.Scope(c), s3c.CopyInput{SrcBucket: sb, SrcKey: sk, SrcVersion: sv, Bucket: api.Str(in.Bucket), Key: api.Str(in.Key),
		ReplaceMetadata: api.Str(in.MetadataDirective) == "REPLACE", ReplaceTags: api.Str(in.TaggingDirective) == "REPLACE", Attrs: at, ACL: api.Str(in.ACL),
		Source: s3c.Conditions{IfMatch: api.Str(in.CopySourceIfMatch), IfNoneMatch: api.Str(in.CopySourceIfNoneMatch),
			IfModifiedSince: in.CopySourceIfModifiedSince, IfUnmodifiedSince: in.CopySourceIfUnmodifiedSince}})
	if err != nil {
		return nil, err
	}
	v := res.Version
	return &CopyObjectOutput{CopyObjectResult: &CopyObjectResult{ETag: ptr(v.ETag), LastModified: ptr(v.LastModified)},
		CopySourceVersionId: optStr(res.SourceVersionID), VersionId: optStr(res.VersionID()), ServerSideEncryption: optStr(v.SSE),
		SSEKMSKeyId: optStr(v.KMSKeyID), BucketKeyEnabled: trueOrNil(v.BucketKeyEnabled)}, nil
}

func (a *API) deleteObject(ctx context.Context, c *protocol.Call, in *DeleteObjectRequest) (*DeleteObjectOutput, error) {
	res, err := a.ctl.DeleteObject(ctx, api.Scope(c), api.Str(in.Bucket), api.Str(in.Key), api.Str(in.VersionId))
	if err != nil {
		return nil, err
	}
	out := &DeleteObjectOutput{VersionId: optStr(res.VersionID)}
	if res.DeleteMarker {
		out.DeleteMarker = ptr(true)
		out.VersionId = optStr(res.MarkerVersionID)
	}
	return out, nil
}

func (a *API) deleteObjects(ctx context.Context, c *protocol.Call, in *DeleteObjectsRequest) (*DeleteObjectsOutput, error) {
	entries := make([]s3c.DeleteEntry, 0, len(in.Delete.Objects))
	for _, o := range in.Delete.Objects {
		entries = append(entries, s3c.DeleteEntry{Key: api.Str(o.Key), VersionID: api.Str(o.VersionId)})
	}
	done, failed, err := a.ctl.DeleteObjects(ctx, api.Scope(c), api.Str(in.Bucket), entries)
	if err != nil {
		return nil, err
	}
	out := &DeleteObjectsOutput{}
	if !boolv(in.Delete.Quiet) {
		for _, d := range done {
			o := DeletedObject{Key: ptr(d.Key), VersionId: optStr(d.VersionID)}
			if d.DeleteMarker {
				o.DeleteMarker = ptr(true)
				o.DeleteMarkerVersionId = optStr(d.MarkerVersionID)
			}
			out.Deleted = append(out.Deleted, o)
		}
	}
	for _, f := range failed {
		out.Errors = append(out.Errors, Error{Key: ptr(f.Key), VersionId: optStr(f.VersionID), Code: ptr(f.Code), Message: ptr(f.Message)})
	}
	return out, nil
}

// Object tagging and ACL.

func (a *API) getObjectTagging(_ context.Context, c *protocol.Call, in *GetObjectTaggingRequest) (*GetObjectTaggingOutput, error) {
	v, err := a.ctl.ObjectTags(api.Scope(c), api.Str(in.Bucket), api.Str(in.Key), api.Str(in.VersionId))
	if err != nil {
		return nil, err
	}
	return &GetObjectTaggingOutput{VersionId: versionHeader(v), TagSet: tagSet(v.Tags)}, nil
}

// versionHeader reports a version id other than the null version.
func versionHeader(v *s3m.Version) *string {
	if v.VersionID == s3m.NullVersion {
		return nil
	}
	return optStr(v.VersionID)
}

func (a *API) putObjectTagging(ctx context.Context, c *protocol.Call, in *PutObjectTaggingRequest) (*PutObjectTaggingOutput, error) {
	keys, values := tagPairs(in.Tagging.TagSet)
	tags, err := s3c.TagList(keys, values)
	if err != nil {
		return nil, err
	}
	v, err := a.ctl.SetObjectTags(ctx, api.Scope(c), api.Str(in.Bucket), api.Str(in.Key), api.Str(in.VersionId), tags)
	if err != nil {
		return nil, err
	}
	return &PutObjectTaggingOutput{VersionId: versionHeader(v)}, nil
}

func (a *API) deleteObjectTagging(ctx context.Context, c *protocol.Call, in *DeleteObjectTaggingRequest) (*DeleteObjectTaggingOutput, error) {
	v, err := a.ctl.SetObjectTags(ctx, api.Scope(c), api.Str(in.Bucket), api.Str(in.Key), api.Str(in.VersionId), nil)
	if err != nil {
		return nil, err
	}
	return &DeleteObjectTaggingOutput{VersionId: versionHeader(v)}, nil
}

func (a *API) getObjectACL(_ context.Context, c *protocol.Call, in *GetObjectAclRequest) (*GetObjectAclOutput, error) {
	v, err := a.ctl.ObjectTags(api.Scope(c), api.Str(in.Bucket), api.Str(in.Key), api.Str(in.VersionId))
	if err != nil {
		return nil, err
	}
	grants := []s3m.Grant{{Type: s3m.GranteeCanonicalUser, ID: s3c.CanonicalID(v.Owner), Permission: "FULL_CONTROL"}}
	return &GetObjectAclOutput{Owner: owner(v.Owner), Grants: wireGrants(grants)}, nil
}
