package iam

import (
	"strconv"

	"github.com/vpcsim/vpcsim/internal/store"
)

// uniqueIDAlphabet is the character set of IAM unique ids (uppercase
// letters and digits, "Unique IDs created by IAM").
const uniqueIDAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// newUniqueID returns prefix + n uppercase alphanumerics, drawn from the
// transaction's id source (deterministic with --seed).
func newUniqueID(tx *store.Tx, prefix string, n int) string {
	h := tx.NewHex(2 * n)
	b := make([]byte, 0, len(prefix)+n)
	b = append(b, prefix...)
	for i := 0; i < n; i++ {
		v, _ := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		b = append(b, uniqueIDAlphabet[v%uint64(len(uniqueIDAlphabet))])
	}
	return string(b)
}

// newSecret returns n characters of a secret access key alphabet.
func newSecret(tx *store.Tx, n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	h := tx.NewHex(2 * n)
	b := make([]byte, n)
	for i := range b {
		v, _ := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		b[i] = alphabet[v%uint64(len(alphabet))]
	}
	return string(b)
}

func itoa(i int) string { return strconv.Itoa(i) }
