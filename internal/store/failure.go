package store

import (
	"errors"
	"fmt"
	"io"
	"syscall"
)

// ErrStorageFailed is in the chain of every error a failed store returns
// (test with errors.Is); the error itself is a *StorageError.
var ErrStorageFailed = errors.New("storage failed")

// StorageError reports that the data directory refused a commit (disk
// full, I/O error, short write, read-only file system ...).
//
// The store then fails closed rather than trying to recover: the writes of
// the failed commit, and every write queued behind it (all built on the
// refused revisions), are answered with this error and never become
// visible; readers keep seeing the last durable revision; and every later
// write is refused with this error until the process restarts and reloads
// the world from disk. Recovering in place would mean trusting the file
// after an error whose effect on it is unknown: after a failed fsync Linux
// may drop the dirty pages and report the next fsync as a success, and the
// database library's in-memory free-page list may no longer match the file.
// A restart re-reads and checks the file, which holds exactly the
// acknowledged changes.
type StorageError struct {
	// Dir is the data directory.
	Dir string
	// Err is the database's error.
	Err error
}

// Error says what failed and what to do, for operators and API clients.
func (e *StorageError) Error() string {
	return fmt.Sprintf("vpcsim cannot write its data directory %s: %s; %s (every acknowledged change is on disk; writes are refused until then, reads still work)",
		e.Dir, cause(e.Err), remedy(e.Err))
}

// Unwrap returns ErrStorageFailed and the database's error.
func (e *StorageError) Unwrap() []error { return []error{ErrStorageFailed, e.Err} }

// cause names the operating system's error when there is one, else the
// database's message.
func cause(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno.Error()
	}
	if errors.Is(err, io.ErrShortWrite) {
		return "short write"
	}
	return err.Error()
}

// remedy tells the operator what to do about err.
func remedy(err error) string {
	var errno syscall.Errno
	errors.As(err, &errno)
	switch errno {
	case syscall.ENOSPC, syscall.EDQUOT, syscall.EFBIG:
		return "free space and restart vpcsim"
	case syscall.EROFS, syscall.EACCES, syscall.EPERM:
		return "make it writable and restart vpcsim"
	}
	return "check the disk (see the system log) and restart vpcsim"
}
