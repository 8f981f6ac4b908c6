// Package s3 is Amazon S3's control plane: buckets and their configuration,
// objects and their versions, multipart uploads, and the bucket-policy
// check for callers from other accounts. Metadata lives in the store;
// object bodies live in a blob store beside it, written durably before the
// metadata that names them is committed and deleted after the commit that
// drops their last reference.
package s3

import (
	"context"
	"fmt"

	"github.com/vpcsim/vpcsim/internal/blob"
	"github.com/vpcsim/vpcsim/internal/model"
	s3m "github.com/vpcsim/vpcsim/internal/model/s3"
	"github.com/vpcsim/vpcsim/internal/store"
)

// S3's resource kinds.
var (
	// BucketKind: buckets by name.
	BucketKind = store.Define[s3m.Bucket](model.KindSpec{Name: "s3-bucket", Service: "s3",
		NotFound: "NoSuchBucket", Noun: "bucket"}, nil)
	// ObjectKind: every version of one key, by bucket/key.
	ObjectKind = store.Define[s3m.Object](model.KindSpec{Name: "s3-object", Service: "s3",
		NotFound: "NoSuchKey", Noun: "key"}, nil)
	// UploadKind: multipart uploads in progress.
	UploadKind = store.Define[s3m.Upload](model.KindSpec{Name: "s3-upload", Service: "s3",
		NotFound: "NoSuchUpload", Noun: "upload"}, nil)
)

// Service is the S3 control plane.
type Service struct {
	st    *store.Store
	blobs *blob.Store
}

// New returns the S3 control plane over st, with its blobs in st's data
// directory (in memory for an in-memory store). It deletes the blobs no
// object or part names: those of writes interrupted before their commit.
func New(st *store.Store) (*Service, error) {
	blobs, err := blob.Open(st.Dir())
	if err != nil {
		return nil, fmt.Errorf("s3: open blob store: %w", err)
	}
	s := &Service{st: st, blobs: blobs}
	if _, err := s.CollectGarbage(); err != nil {
		return nil, fmt.Errorf("s3: collect unreferenced blobs: %w", err)
	}
	return s, nil
}

// Blobs returns the blob store (tests).
func (s *Service) Blobs() *blob.Store { return s.blobs }

// CollectGarbage deletes every blob that no object version or uploaded
// part references. It must not run concurrently with writes (it runs at
// start-up); it returns the number of blobs deleted.
func (s *Service) CollectGarbage() (int, error) {
	w := s.st.Snapshot()
	live := map[string]bool{}
	ObjectKind.In(w).All(func(o *s3m.Object) bool {
		for _, v := range o.Versions {
			for _, b := range v.Blobs {
				live[b.ID] = true
			}
		}
		return true
	})
	UploadKind.In(w).All(func(u *s3m.Upload) bool {
		for _, p := range u.Parts {
			live[p.Blob] = true
		}
		return true
	})
	return s.blobs.Collect(func(id string) bool { return live[id] })
}

// update runs fn in one store transaction; fn returns the blobs the change
// stops referencing, deleted once the change is committed.
func (s *Service) update(ctx context.Context, fn func(tx *store.Tx) ([]string, error)) error {
	var released []string
	_, err := s.st.Update(ctx, func(tx *store.Tx) error {
		var err error
		released, err = fn(tx)
		return err
	})
	if err != nil {
		return err
	}
	s.release(released)
	return nil
}

// release deletes blobs no committed metadata references any more. A
// failure leaves garbage that the next start-up collects.
func (s *Service) release(ids []string) {
	for _, id := range ids {
		_ = s.blobs.Delete(id)
	}
}

func versionBlobs(v *s3m.Version) []string {
	out := make([]string, 0, len(v.Blobs))
	for _, b := range v.Blobs {
		out = append(out, b.ID)
	}
	return out
}
