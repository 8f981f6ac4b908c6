package s3

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/awserr"
	s3c "github.com/vpcsim/vpcsim/internal/control/s3"
	s3m "github.com/vpcsim/vpcsim/internal/model/s3"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (a *API) createBucket(ctx context.Context, c *protocol.Call, in *CreateBucketRequest) (*CreateBucketOutput, error) {
	grants, err := headerGrants(in.GrantFullControl, in.GrantRead, in.GrantReadACP, in.GrantWrite, in.GrantWriteACP)
	if err != nil {
		return nil, err
	}
	cin := s3c.CreateBucketInput{Name: api.Str(in.Bucket), ACL: api.Str(in.ACL), Grants: grants,
		ObjectOwnership: api.Str(in.ObjectOwnership), ObjectLock: in.ObjectLockEnabledForBucket != nil && *in.ObjectLockEnabledForBucket}
	if cfg := in.CreateBucketConfiguration; cfg != nil {
		cin.LocationConstraint = api.Str(cfg.LocationConstraint)
		if len(cfg.Tags) > 0 {
			keys, values := tagPairs(cfg.Tags)
			if cin.Tags, err = s3c.TagList(keys, values); err != nil {
				return nil, err
			}
		}
	}
	b, err := a.ctl.CreateBucket(ctx, api.Scope(c), cin)
	if err != nil {
		return nil, err
	}
	return &CreateBucketOutput{Location: ptr("/" + b.Name), BucketArn: ptr("arn:aws:s3:::" + b.Name)}, nil
}

func (a *API) deleteBucket(ctx context.Context, c *protocol.Call, in *DeleteBucketRequest) error {
	return a.ctl.DeleteBucket(ctx, api.Scope(c), api.Str(in.Bucket))
}

func (a *API) headBucket(_ context.Context, c *protocol.Call, in *HeadBucketRequest) (*HeadBucketOutput, error) {
	b, err := a.ctl.HeadBucket(api.Scope(c), api.Str(in.Bucket))
	if err != nil {
		return nil, err
	}
	return &HeadBucketOutput{BucketRegion: ptr(b.Region), AccessPointAlias: ptr(false), BucketArn: ptr("arn:aws:s3:::" + b.Name)}, nil
}

func (a *API) listBuckets(_ context.Context, c *protocol.Call, in *ListBucketsRequest) (*ListBucketsOutput, error) {
	after := ""
	if t := api.Str(in.ContinuationToken); t != "" {
		raw, err := base64.RawURLEncoding.DecodeString(t)
		if err != nil {
			return nil, awserr.New("InvalidArgument", "The continuation token provided is incorrect")
		}
		after = string(raw)
	}
	max := 0
	if in.MaxBuckets != nil {
		max = int(*in.MaxBuckets)
	}
	res := a.ctl.ListBuckets(api.Scope(c), api.Str(in.Prefix), api.Str(in.BucketRegion), after, max)
	out := &ListBucketsOutput{Buckets: []Bucket{}, Owner: owner(c.Account), Prefix: in.Prefix}
	for _, b := range res.Buckets {
		out.Buckets = append(out.Buckets, Bucket{Name: ptr(b.Name), CreationDate: ptr(b.Created), BucketRegion: ptr(b.Region), BucketArn: ptr("arn:aws:s3:::" + b.Name)})
	}
	if res.Next != "" {
		out.ContinuationToken = ptr(base64.RawURLEncoding.EncodeToString([]byte(res.Next)))
	}
	return out, nil
}

func (a *API) getBucketLocation(_ context.Context, c *protocol.Call, in *GetBucketLocationRequest) (*GetBucketLocationOutput, error) {
	b, err := a.ctl.Bucket(api.Scope(c), api.Str(in.Bucket), "s3:GetBucketLocation")
	if err != nil {
		return nil, err
	}
	loc := b.Region
	if loc == "us-east-1" {
		loc = "" // S3 reports us-east-1 as an empty LocationConstraint.
	}
	return &GetBucketLocationOutput{LocationConstraint: &loc}, nil
}

// headerGrants parses the x-amz-grant-* headers: comma-separated
// type="value" grantees (id, uri, emailAddress).
func headerGrants(full, read, readACP, write, writeACP *string) ([]s3m.Grant, error) {
	var out []s3m.Grant
	for _, h := range []struct {
		v    *string
		perm string
	}{{full, "FULL_CONTROL"}, {read, "READ"}, {readACP, "READ_ACP"}, {write, "WRITE"}, {writeACP, "WRITE_ACP"}} {
		if h.v == nil {
			continue
		}
		for _, part := range strings.Split(*h.v, ",") {
			k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
			if !ok {
				return nil, awserr.New("InvalidArgument", "Invalid grant header %q", part)
			}
			v = strings.Trim(strings.TrimSpace(v), `"`)
			g := s3m.Grant{Permission: h.perm}
			switch strings.ToLower(strings.TrimSpace(k)) {
			case "id":
				g.Type, g.ID = s3m.GranteeCanonicalUser, v
			case "uri":
				g.Type, g.URI = s3m.GranteeGroup, v
			case "emailaddress":
				g.Type, g.Email = s3m.GranteeEmail, v
			default:
				return nil, awserr.New("InvalidArgument", "Invalid grant header %q", part)
			}
			out = append(out, g)
		}
	}
	return out, nil
}

func tagPairs(tags []Tag) (keys, values []string) {
	for _, t := range tags {
		keys = append(keys, api.Str(t.Key))
		values = append(values, api.Str(t.Value))
	}
	return keys, values
}

func tagSet(tags map[string]string) []Tag {
	out := make([]Tag, 0, len(tags))
	for k, v := range tags {
		out = append(out, Tag{Key: ptr(k), Value: ptr(v)})
	}
	sortTags(out)
	return out
}
