package dataplane

import (
	"sync"

	"github.com/vpcsim/vpcsim/internal/store"
)

// Cache holds the plane of the most recently requested revision and
// compiles a new one only when a newer (or different) revision is asked
// for. Concurrent callers asking for the same revision share one
// compilation. The zero Cache is ready to use; a Cache must not be copied.
type Cache struct {
	mu   sync.Mutex
	cur  *cacheEntry
	prev *cacheEntry // the revision before, for readers still on an older snapshot
}

type cacheEntry struct {
	rev   uint64
	world *store.World
	once  sync.Once
	plane *Plane
}

// Get returns the plane of w's revision, compiling it at most once.
func (c *Cache) Get(w *store.World) *Plane {
	c.mu.Lock()
	var e *cacheEntry
	switch {
	case c.cur != nil && c.cur.rev == w.Revision:
		e = c.cur
	case c.prev != nil && c.prev.rev == w.Revision:
		e = c.prev
	default:
		e = &cacheEntry{rev: w.Revision, world: w}
		if c.cur == nil || w.Revision > c.cur.rev {
			c.prev, c.cur = c.cur, e
		} else {
			c.prev = e
		}
	}
	c.mu.Unlock()
	e.once.Do(func() {
		e.plane = Compile(e.world)
		e.world = nil
	})
	return e.plane
}
