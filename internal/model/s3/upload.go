package s3

import (
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
)

// Upload is one multipart upload in progress. Meta.ID is UploadID(bucket,
// key, upload id) so a bucket's uploads list in key order.
type Upload struct {
	model.Meta

	Bucket    string    `json:"bucket"`
	Key       string    `json:"key"`
	UploadID  string    `json:"uploadId"`
	Initiated time.Time `json:"initiated"`
	Initiator string    `json:"initiator"`
	// Parts, ordered by number.
	Parts []Part `json:"parts,omitempty"`
	// Attrs are the object's attributes, given when the upload began
	// (a named field: Meta's Tags would hide Attrs.Tags).
	Attrs Attrs `json:"attrs"`
}

// UploadKey is the table key of an upload.
func UploadKey(bucket, key, uploadID string) string {
	return bucket + "/" + key + "\x00" + uploadID
}

// Part is one uploaded part.
type Part struct {
	Number       int32     `json:"number"`
	ETag         string    `json:"etag"`
	Size         int64     `json:"size"`
	Blob         string    `json:"blob"`
	LastModified time.Time `json:"lastModified"`
}
