package rest

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// IsAWSChunked reports whether the request body is aws-chunked encoded.
func IsAWSChunked(r *http.Request) bool {
	for _, v := range r.Header.Values("Content-Encoding") {
		for _, p := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(p), "aws-chunked") {
				return true
			}
		}
	}
	if r.Header.Get("X-Amz-Decoded-Content-Length") != "" {
		return true
	}
	return strings.HasPrefix(r.Header.Get("X-Amz-Content-Sha256"), "STREAMING-")
}

// ErrChunked reports a malformed aws-chunked body.
var ErrChunked = errors.New("malformed aws-chunked body")

// Body returns the request's payload bytes: the body itself, or for an
// aws-chunked body the concatenated chunk data (chunk signatures, the final
// zero-length chunk and trailing headers are dropped).
func Body(r *http.Request, body []byte) ([]byte, error) {
	if !IsAWSChunked(r) {
		return body, nil
	}
	return DecodeAWSChunked(body)
}

// DecodeAWSChunked decodes an aws-chunked body:
//
//	hex-size[;chunk-signature=sig]\r\n data \r\n ... 0[;...]\r\n [trailers\r\n] \r\n
//
// A body missing its final CRLFs after the zero chunk is accepted.
func DecodeAWSChunked(body []byte) ([]byte, error) {
	out := make([]byte, 0, len(body))
	rest := body
	for {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			return nil, ErrChunked
		}
		line := bytes.TrimRight(rest[:i], "\r")
		rest = rest[i+1:]
		sizeField, _, _ := bytes.Cut(line, []byte(";"))
		n, err := strconv.ParseUint(strings.TrimSpace(string(sizeField)), 16, 63)
		if err != nil {
			return nil, ErrChunked
		}
		if n == 0 {
			// Trailers follow (x-amz-checksum-crc32:...), then a blank line.
			return out, nil
		}
		if uint64(len(rest)) < n {
			return nil, ErrChunked
		}
		out = append(out, rest[:n]...)
		rest = rest[n:]
		switch {
		case bytes.HasPrefix(rest, []byte("\r\n")):
			rest = rest[2:]
		case bytes.HasPrefix(rest, []byte("\n")):
			rest = rest[1:]
		default:
			return nil, ErrChunked
		}
	}
}
