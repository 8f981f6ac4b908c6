// Package s3 holds Amazon S3's domain types: buckets with their
// configuration, objects with their versions, and multipart uploads. Object
// bodies are not here: a version names the blobs (package blob) that hold
// its bytes.
package s3
