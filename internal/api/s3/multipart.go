package s3

import (
	"context"
	"net/url"
	"strings"

	"github.com/vpcsim/vpcsim/internal/api"
	s3c "github.com/vpcsim/vpcsim/internal/control/s3"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (a *API) createMultipartUpload(ctx context.Context, c *protocol.Call, in *CreateMultipartUploadRequest) (*CreateMultipartUploadOutput, error) {
	at, err := attrs(in.ContentType, in.CacheControl, in.ContentDisposition, in.ContentEncoding, in.ContentLanguage, in.Expires,
		in.WebsiteRedirectLocation, in.StorageClass, in.ServerSideEncryption, in.SSEKMSKeyId, in.BucketKeyEnabled, in.Metadata, in.Tagging)
	if err != nil {
		return nil, err
	}
	u, err := a.ctl.CreateUpload(ctx, api.Scope(c), api.Str(in.Bucket), api.Str(in.Key), api.Str(in.ACL), at)
	if err != nil {
		return nil, err
	}
	return &CreateMultipartUploadOutput{Bucket: in.Bucket, Key: in.Key, UploadId: ptr(u.UploadID), ServerSideEncryption: optStr(u.Attrs.SSE),
		SSEKMSKeyId: optStr(u.Attrs.KMSKeyID), BucketKeyEnabled: trueOrNil(u.Attrs.BucketKeyEnabled)}, nil
}

func (a *API) uploadPart(ctx context.Context, c *protocol.Call, in *UploadPartRequest) (*UploadPartOutput, error) {
	p, err := a.ctl.UploadPart(ctx, api.Scope(c), api.Str(in.Bucket), api.Str(in.Key), api.Str(in.UploadId), int32v(in.PartNumber), in.Body, api.Str(in.ContentMD5))
	if err != nil {
		return nil, err
	}
	return &UploadPartOutput{ETag: ptr(p.ETag), ServerSideEncryption: ptr("AES256")}, nil
}

func (a *API) uploadPartCopy(ctx context.Context, c *protocol.Call, in *UploadPartCopyRequest) (*UploadPartCopyOutput, error) {
	sb, sk, sv, err := copySource(api.Str(in.CopySource))
	if err != nil {
		return nil, err
	}
	p, srcVersion, err := a.ctl.UploadPartCopy(ctx, api.Scope(c), api.Str(in.Bucket), api.Str(in.Key), api.Str(in.UploadId), int32v(in.PartNumber),
		s3c.CopyInput{SrcBucket: sb, SrcKey: sk, SrcVersion: sv, Source: s3c.Conditions{IfMatch: api.Str(in.CopySourceIfMatch), IfNoneMatch: api.Str(in.CopySourceIfNoneMatch),
			IfModifiedSince: in.CopySourceIfModifiedSince, IfUnmodifiedSince: in.CopySourceIfUnmodifiedSince}}, api.Str(in.CopySourceRange))
	if err != nil {
		return nil, err
	}
	return &UploadPartCopyOutput{CopySourceVersionId: optStr(srcVersion), CopyPartResult: &CopyPartResult{ETag: ptr(p.ETag), LastModified: ptr(p.LastModified)}}, nil
}

func (a *API) completeMultipartUpload(ctx context.Context, c *protocol.Call, in *CompleteMultipartUploadRequest) (*CompleteMultipartUploadOutput, error) {
	var parts []s3c.CompletedPart
	if in.MultipartUpload != nil {
		for _, p := range in.MultipartUpload.Parts {
			parts = append(parts, s3c.CompletedPart{Number: int32v(p.PartNumber), ETag: api.Str(p.ETag)})
		}
	}
	res, err := a.ctl.CompleteUpload(ctx, api.Scope(c), api.Str(in.Bucket), api.Str(in.Key), api.Str(in.UploadId), parts, api.Str(in.IfNoneMatch))
	if err != nil {
		return nil, err
	}
	v := res.Version
	loc := "/" + api.Str(in.Bucket) + "/" + escapeKey(api.Str(in.Key))
	return &CompleteMultipartUploadOutput{Location: &loc, Bucket: in.Bucket, Key: in.Key, ETag: ptr(v.ETag), VersionId: optStr(res.VersionID()),
		ServerSideEncryption: optStr(v.SSE), SSEKMSKeyId: optStr(v.KMSKeyID), BucketKeyEnabled: trueOrNil(v.BucketKeyEnabled)}, nil
}

func escapeKey(k string) string {
	parts := strings.Split(k, "/")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(url.PathEscape(p), "+", "%20")
	}
	return strings.Join(parts, "/")
}

func (a *API) abortMultipartUpload(ctx context.Context, c *protocol.Call, in *AbortMultipartUploadRequest) (*AbortMultipartUploadOutput, error) {
	if err := a.ctl.AbortUpload(ctx, api.Scope(c), api.Str(in.Bucket), api.Str(in.Key), api.Str(in.UploadId)); err != nil {
		return nil, err
	}
	return &AbortMultipartUploadOutput{}, nil
}

func (a *API) listMultipartUploads(_ context.Context, c *protocol.Call, in *ListMultipartUploadsRequest) (*ListMultipartUploadsOutput, error) {
	max := maxKeys(in.MaxUploads)
	res, err := a.ctl.ListUploads(api.Scope(c), s3c.ListUploadsInput{Bucket: api.Str(in.Bucket), Prefix: api.Str(in.Prefix), Delimiter: api.Str(in.Delimiter),
		KeyMarker: api.Str(in.KeyMarker), UploadIDMarker: api.Str(in.UploadIdMarker), MaxUploads: max})
	if err != nil {
		return nil, err
	}
	enc := encoder(in.EncodingType)
	out := &ListMultipartUploadsOutput{Bucket: in.Bucket, KeyMarker: enc(api.Str(in.KeyMarker)), UploadIdMarker: ptr(api.Str(in.UploadIdMarker)),
		Prefix: enc(api.Str(in.Prefix)), Delimiter: encOpt(enc, in.Delimiter), MaxUploads: ptr(int32(max)), IsTruncated: ptr(res.Truncated), EncodingType: in.EncodingType}
	for _, u := range res.Uploads {
		out.Uploads = append(out.Uploads, MultipartUpload{UploadId: ptr(u.UploadID), Key: enc(u.Key), Initiated: ptr(u.Initiated),
			StorageClass: storageClass(u.Attrs.StorageClass), Owner: owner(u.Account), Initiator: &Initiator{ID: ptr(s3c.CanonicalID(u.Initiator)), DisplayName: ptr(s3c.DisplayName(u.Initiator))}})
	}
	for _, p := range res.CommonPrefixes {
		out.CommonPrefixes = append(out.CommonPrefixes, CommonPrefix{Prefix: enc(p)})
	}
	if res.Truncated {
		out.NextKeyMarker = enc(res.NextKeyMarker)
		out.NextUploadIdMarker = optStr(res.NextUploadID)
	}
	return out, nil
}

func (a *API) listParts(_ context.Context, c *protocol.Call, in *ListPartsRequest) (*ListPartsOutput, error) {
	max := maxKeys(in.MaxParts)
	u, parts, truncated, err := a.ctl.ListParts(api.Scope(c), api.Str(in.Bucket), api.Str(in.Key), api.Str(in.UploadId), int32v(in.PartNumberMarker), max)
	if err != nil {
		return nil, err
	}
	out := &ListPartsOutput{Bucket: in.Bucket, Key: in.Key, UploadId: in.UploadId, PartNumberMarker: ptr(int32v(in.PartNumberMarker)),
		MaxParts: ptr(int32(max)), IsTruncated: ptr(truncated), StorageClass: storageClass(u.Attrs.StorageClass), Owner: owner(u.Account),
		Initiator: &Initiator{ID: ptr(s3c.CanonicalID(u.Initiator)), DisplayName: ptr(s3c.DisplayName(u.Initiator))}}
	for _, p := range parts {
		out.Parts = append(out.Parts, Part{PartNumber: ptr(p.Number), LastModified: ptr(p.LastModified), ETag: ptr(p.ETag), Size: ptr(p.Size)})
	}
	if len(parts) > 0 {
		out.NextPartNumberMarker = ptr(parts[len(parts)-1].Number)
	}
	return out, nil
}
