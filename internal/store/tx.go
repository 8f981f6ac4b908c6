package store

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// Tx is one write transaction over a private copy-on-write World. Changes
// become visible to readers, and durable, only when the function given to
// Store.Update returns nil; otherwise they are discarded whole.
type Tx struct {
	*World
	changes map[changeKey]any // nil value = delete
	order   []changeKey
	ids     *idGen
	now     time.Time
}

type changeKey struct{ kind, id string }

func (tx *Tx) record(kind, id string, v any) {
	k := changeKey{kind, id}
	if _, seen := tx.changes[k]; !seen {
		tx.order = append(tx.order, k)
	}
	tx.changes[k] = v
}

// Now returns the transaction's timestamp (UTC, millisecond precision).
func (tx *Tx) Now() time.Time { return tx.now }

// NewID returns a fresh AWS-style id: prefix + "-" + 17 hex digits.
func (tx *Tx) NewID(prefix string) string { return prefix + "-" + tx.ids.next(17) }

// NewHex returns n fresh hex digits (for MAC addresses, fingerprints ...).
func (tx *Tx) NewHex(n int) string { return tx.ids.next(n) }

// idGen makes ids: random, or with a seed a deterministic sequence that
// survives restarts because its counter is stored with every commit.
type idGen struct {
	seed    uint64
	seeded  bool
	counter uint64
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (g *idGen) next(n int) string {
	buf := make([]byte, (n+1)/2+8)
	if g.seeded {
		for i := 0; i < len(buf); i += 8 {
			g.counter++
			var w [8]byte
			binary.BigEndian.PutUint64(w[:], splitmix(g.seed^splitmix(g.counter)))
			copy(buf[i:], w[:])
		}
	} else {
		g.counter++
		_, _ = rand.Read(buf)
	}
	return hex.EncodeToString(buf)[:n]
}
