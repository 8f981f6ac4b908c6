package server

import (
	"errors"
	"net/http"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/store"
)

// storageFailure maps a store that can no longer write its data directory
// (store.StorageError: disk full, I/O error ...) to AWS's 503
// ServiceUnavailable ("the request has failed due to a temporary failure
// of the server"), with the store's message saying what to do. The store
// refuses every write until restart, so the SDKs' retries end quickly.
func storageFailure(err error) (*awserr.Error, bool) {
	var se *store.StorageError
	if !errors.As(err, &se) {
		return nil, false
	}
	return &awserr.Error{Code: "ServiceUnavailable", Message: se.Error(), Status: http.StatusServiceUnavailable}, true
}
