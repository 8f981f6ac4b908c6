package s3

import (
	"context"
	"encoding/base64"
	"net/url"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/awserr"
	s3c "github.com/vpcsim/vpcsim/internal/control/s3"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func maxKeys(p *int32) int {
	if p == nil {
		return s3c.MaxListKeys
	}
	if *p < 0 {
		return -1
	}
	return int(*p)
}

// encoder URL-encodes listed names when encoding-type=url was asked for.
func encoder(t *string) func(string) *string {
	if api.Str(t) == "url" {
		return func(s string) *string { return ptr(url.QueryEscape(s)) }
	}
	return func(s string) *string { return &s }
}

func encOpt(enc func(string) *string, s *string) *string {
	if s == nil {
		return nil
	}
	return enc(*s)
}

func storageClass(s string) *string {
	if s == "" {
		s = "STANDARD"
	}
	return &s
}

func (a *API) listObjectsV2(_ context.Context, c *protocol.Call, in *ListObjectsV2Request) (*ListObjectsV2Output, error) {
	if in.MaxKeys != nil && *in.MaxKeys < 0 {
		return nil, awserr.New("InvalidArgument", "max-keys cannot be negative")
	}
	after := api.Str(in.StartAfter)
	if t := api.Str(in.ContinuationToken); t != "" {
		raw, err := base64.RawURLEncoding.DecodeString(t)
		if err != nil {
			return nil, awserr.New("InvalidArgument", "The continuation token provided is incorrect")
		}
		after = string(raw)
	}
	res, err := a.ctl.ListObjects(api.Scope(c), s3c.ListInput{Bucket: api.Str(in.Bucket), Prefix: api.Str(in.Prefix), Delimiter: api.Str(in.Delimiter), After: after, MaxKeys: maxKeys(in.MaxKeys)})
	if err != nil {
		return nil, err
	}
	enc := encoder(in.EncodingType)
	out := &ListObjectsV2Output{Name: in.Bucket, Prefix: enc(api.Str(in.Prefix)), Delimiter: encOpt(enc, in.Delimiter), MaxKeys: ptr(int32(maxKeys(in.MaxKeys))),
		EncodingType: in.EncodingType, KeyCount: ptr(int32(len(res.Entries) + len(res.CommonPrefixes))), IsTruncated: ptr(res.Truncated),
		ContinuationToken: in.ContinuationToken, StartAfter: encOpt(enc, in.StartAfter)}
	for _, e := range res.Entries {
		o := Object{Key: enc(e.Key), LastModified: ptr(e.Version.LastModified), ETag: ptr(e.Version.ETag), Size: ptr(e.Version.Size), StorageClass: storageClass(e.Version.StorageClass)}
		if boolv(in.FetchOwner) {
			o.Owner = owner(e.Version.Owner)
		}
		out.Contents = append(out.Contents, o)
	}
	for _, p := range res.CommonPrefixes {
		out.CommonPrefixes = append(out.CommonPrefixes, CommonPrefix{Prefix: enc(p)})
	}
	if res.Truncated {
		out.NextContinuationToken = ptr(base64.RawURLEncoding.EncodeToString([]byte(res.NextKey)))
	}
	return out, nil
}

func (a *API) listObjects(_ context.Context, c *protocol.Call, in *ListObjectsRequest) (*ListObjectsOutput, error) {
	if in.MaxKeys != nil && *in.MaxKeys < 0 {
		return nil, awserr.New("InvalidArgument", "max-keys cannot be negative")
	}
	res, err := a.ctl.ListObjects(api.Scope(c), s3c.ListInput{Bucket: api.Str(in.Bucket), Prefix: api.Str(in.Prefix), Delimiter: api.Str(in.Delimiter), After: api.Str(in.Marker), MaxKeys: maxKeys(in.MaxKeys)})
	if err != nil {
		return nil, err
	}
	enc := encoder(in.EncodingType)
	out := &ListObjectsOutput{Name: in.Bucket, Prefix: enc(api.Str(in.Prefix)), Delimiter: encOpt(enc, in.Delimiter), MaxKeys: ptr(int32(maxKeys(in.MaxKeys))),
		EncodingType: in.EncodingType, IsTruncated: ptr(res.Truncated), Marker: enc(api.Str(in.Marker))}
	for _, e := range res.Entries {
		out.Contents = append(out.Contents, Object{Key: enc(e.Key), LastModified: ptr(e.Version.LastModified), ETag: ptr(e.Version.ETag),
			Size: ptr(e.Version.Size), StorageClass: storageClass(e.Version.StorageClass), Owner: owner(e.Version.Owner)})
	}
	for _, p := range res.CommonPrefixes {
		out.CommonPrefixes = append(out.CommonPrefixes, CommonPrefix{Prefix: enc(p)})
	}
	if res.Truncated && in.Delimiter != nil {
		// NextMarker is returned only with a delimiter; without one the
		// last key listed is the next marker.
		out.NextMarker = enc(res.NextKey)
	}
	return out, nil
}

func (a *API) listObjectVersions(_ context.Context, c *protocol.Call, in *ListObjectVersionsRequest) (*ListObjectVersionsOutput, error) {
	if in.VersionIdMarker != nil && in.KeyMarker == nil {
		return nil, awserr.New("InvalidArgument", "A version-id marker cannot be specified without a key marker.")
	}
	res, err := a.ctl.ListVersions(api.Scope(c), s3c.ListInput{Bucket: api.Str(in.Bucket), Prefix: api.Str(in.Prefix), Delimiter: api.Str(in.Delimiter),
		After: api.Str(in.KeyMarker), AfterVersion: api.Str(in.VersionIdMarker), MaxKeys: maxKeys(in.MaxKeys)})
	if err != nil {
		return nil, err
	}
	enc := encoder(in.EncodingType)
	out := &ListObjectVersionsOutput{Name: in.Bucket, Prefix: enc(api.Str(in.Prefix)), Delimiter: encOpt(enc, in.Delimiter), MaxKeys: ptr(int32(maxKeys(in.MaxKeys))),
		EncodingType: in.EncodingType, IsTruncated: ptr(res.Truncated), KeyMarker: enc(api.Str(in.KeyMarker)), VersionIdMarker: ptr(api.Str(in.VersionIdMarker))}
	for _, e := range res.Entries {
		v := e.Version
		if v.DeleteMarker {
			out.DeleteMarkers = append(out.DeleteMarkers, DeleteMarkerEntry{Owner: owner(v.Owner), Key: enc(e.Key), VersionId: ptr(v.VersionID),
				IsLatest: ptr(e.IsLatest), LastModified: ptr(v.LastModified)})
			continue
		}
		out.Versions = append(out.Versions, ObjectVersion{ETag: ptr(v.ETag), Size: ptr(v.Size), StorageClass: storageClass(v.StorageClass),
			Key: enc(e.Key), VersionId: ptr(v.VersionID), IsLatest: ptr(e.IsLatest), LastModified: ptr(v.LastModified), Owner: owner(v.Owner)})
	}
	for _, p := range res.CommonPrefixes {
		out.CommonPrefixes = append(out.CommonPrefixes, CommonPrefix{Prefix: enc(p)})
	}
	if res.Truncated {
		out.NextKeyMarker = enc(res.NextKey)
		out.NextVersionIdMarker = optStr(res.NextVersion)
	}
	return out, nil
}
