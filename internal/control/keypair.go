package control

import (
	"context"
	"crypto/ed25519"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// keyPairByName finds a key pair by name in scope.
func keyPairByName(w *store.World, scope model.Scope, name string) (*model.KeyPair, bool) {
	var out *model.KeyPair
	w.KeyPairs.All(func(k *model.KeyPair) bool {
		if k.Name == name && k.InScope(scope) {
			out = k
			return false
		}
		return true
	})
	return out, out != nil
}

// KeyPairByName finds a key pair by name in scope.
func KeyPairByName(w *store.World, scope model.Scope, name string) (*model.KeyPair, bool) {
	return keyPairByName(w, scope, name)
}

func validateKeyName(name string) error {
	if name == "" {
		return awserr.MissingParameter("KeyName")
	}
	if len(name) > 255 {
		return awserr.InvalidParameterValue("Value (%s) for parameter keyName is invalid. Length exceeds maximum of 255.", name)
	}
	for _, c := range name {
		if c < 0x20 || c > 0x7e {
			return awserr.InvalidParameterValue("Value (%s) for parameter keyName is invalid. Character sets beyond ASCII are not supported.", name)
		}
	}
	return nil
}

// CreateKeyPair generates a key pair and returns it with its private key
// (PEM for RSA, OpenSSH for ED25519), fingerprinted as EC2 does: SHA-1 of
// the PKCS#8 DER private key for RSA, base64 SHA-256 of the public key
// for ED25519 [EC2-UG verify-keys].
func (s *Service) CreateKeyPair(ctx context.Context, scope model.Scope, name, keyType, format string, tags map[string]string) (*model.KeyPair, string, error) {
	if err := validateKeyName(name); err != nil {
		return nil, "", err
	}
	switch keyType {
	case "":
		keyType = "rsa"
	case "rsa", "ed25519":
	default:
		return nil, "", awserr.InvalidParameterValue("Value (%s) for parameter keyType is invalid. Valid values are rsa and ed25519.", keyType)
	}
	switch format {
	case "", "pem":
	case "ppk":
		return nil, "", awserr.New("UnsupportedOperation", "The ppk key format is not supported by vpcsim; use pem.")
	default:
		return nil, "", awserr.InvalidParameterValue("Value (%s) for parameter keyFormat is invalid. Valid values are pem and ppk.", format)
	}
	if err := validateTags(tags); err != nil {
		return nil, "", err
	}
	if _, ok := keyPairByName(s.View(ctx), scope, name); ok {
		return nil, "", awserr.New("InvalidKeyPair.Duplicate", "The keypair '%s' already exists.", name)
	}
	var material, fp, pub string
	if keyType == "rsa" {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, "", err
		}
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			return nil, "", err
		}
		sum := sha1.Sum(der)
		fp = colonHex(sum[:])
		material = strings.TrimSpace(string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})))
		pub = "ssh-rsa " + base64.StdEncoding.EncodeToString(sshRSABlob(&k.PublicKey))
	} else {
		pk, sk, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, "", err
		}
		blob := sshEd25519Blob(pk)
		sum := sha256.Sum256(blob)
		fp = base64.StdEncoding.EncodeToString(sum[:])
		material = openSSHEd25519(pk, sk, name)
		pub = "ssh-ed25519 " + base64.StdEncoding.EncodeToString(blob)
	}
	var out *model.KeyPair
	err := s.update(ctx, func(tx *store.Tx) error {
		if _, ok := keyPairByName(tx.World, scope, name); ok {
			return awserr.New("InvalidKeyPair.Duplicate", "The keypair '%s' already exists.", name)
		}
		out = &model.KeyPair{Meta: newMeta(tx, scope, tx.NewID("key"), tags), Name: name, Fingerprint: fp, KeyType: keyType, PublicKey: pub + " " + name}
		tx.KeyPairs.Put(out)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return out, material, nil
}

// ImportKeyPair imports an OpenSSH public key (ssh-rsa or ssh-ed25519, as
// text; also PEM/DER RSA public keys). The fingerprint is the MD5 of the
// DER public key for RSA and the base64 SHA-256 for ED25519.
func (s *Service) ImportKeyPair(ctx context.Context, scope model.Scope, name string, material []byte, tags map[string]string) (*model.KeyPair, error) {
	if err := validateKeyName(name); err != nil {
		return nil, err
	}
	if len(material) == 0 {
		return nil, awserr.MissingParameter("PublicKeyMaterial")
	}
	if err := validateTags(tags); err != nil {
		return nil, err
	}
	keyType, fp, pub, err := parsePublicKey(material)
	if err != nil {
		return nil, awserr.New("InvalidKeyPair.Format", "Key is not in valid OpenSSH public key format")
	}
	var out *model.KeyPair
	err = s.update(ctx, func(tx *store.Tx) error {
		if _, ok := keyPairByName(tx.World, scope, name); ok {
			return awserr.New("InvalidKeyPair.Duplicate", "The keypair '%s' already exists.", name)
		}
		out = &model.KeyPair{Meta: newMeta(tx, scope, tx.NewID("key"), tags), Name: name, Fingerprint: fp, KeyType: keyType, PublicKey: pub}
		tx.KeyPairs.Put(out)
		return nil
	})
	return out, err
}

// DeleteKeyPair deletes a key pair by name or id; deleting a key pair that
// does not exist succeeds, as on EC2 (an unknown id is not found).
func (s *Service) DeleteKeyPair(ctx context.Context, scope model.Scope, name, id string) (string, error) {
	if name == "" && id == "" {
		return "", awserr.MissingParameter("KeyName or KeyPairId")
	}
	var deleted string
	err := s.update(ctx, func(tx *store.Tx) error {
		if id != "" {
			if err := kindKey.check(id); err != nil {
				return err
			}
			k, ok := tx.KeyPairs.Get(id)
			if !ok || !k.InScope(scope) {
				return nil
			}
			deleted = k.ID
			tx.KeyPairs.Delete(k.ID)
			return nil
		}
		if k, ok := keyPairByName(tx.World, scope, name); ok {
			deleted = k.ID
			tx.KeyPairs.Delete(k.ID)
		}
		return nil
	})
	return deleted, err
}

func colonHex(b []byte) string {
	h := hex.EncodeToString(b)
	var sb strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			sb.WriteByte(':')
		}
		sb.WriteString(h[i : i+2])
	}
	return sb.String()
}

// SSH wire encoding (RFC 4251).
func sshString(b []byte) []byte {
	out := make([]byte, 4+len(b))
	binary.BigEndian.PutUint32(out, uint32(len(b)))
	copy(out[4:], b)
	return out
}

func sshMpint(n *big.Int) []byte {
	b := n.Bytes()
	if len(b) > 0 && b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	return sshString(b)
}

func sshRSABlob(k *rsa.PublicKey) []byte {
	var out []byte
	out = append(out, sshString([]byte("ssh-rsa"))...)
	out = append(out, sshMpint(big.NewInt(int64(k.E)))...)
	out = append(out, sshMpint(k.N)...)
	return out
}

func sshEd25519Blob(pk ed25519.PublicKey) []byte {
	return append(sshString([]byte("ssh-ed25519")), sshString(pk)...)
}

// openSSHEd25519 renders an unencrypted "openssh-key-v1" private key.
func openSSHEd25519(pk ed25519.PublicKey, sk ed25519.PrivateKey, comment string) string {
	blob := sshEd25519Blob(pk)
	var check [4]byte
	_, _ = rand.Read(check[:])
	var priv []byte
	priv = append(priv, check[:]...)
	priv = append(priv, check[:]...)
	priv = append(priv, sshString([]byte("ssh-ed25519"))...)
	priv = append(priv, sshString(pk)...)
	priv = append(priv, sshString(sk)...)
	priv = append(priv, sshString([]byte(comment))...)
	for i := byte(1); len(priv)%8 != 0; i++ {
		priv = append(priv, i)
	}
	var out []byte
	out = append(out, []byte("openssh-key-v1\x00")...)
	out = append(out, sshString([]byte("none"))...)
	out = append(out, sshString([]byte("none"))...)
	out = append(out, sshString(nil)...)
	out = append(out, 0, 0, 0, 1)
	out = append(out, sshString(blob)...)
	out = append(out, sshString(priv)...)
	return strings.TrimSpace(string(pem.EncodeToMemory(&pem.Block{Type: "OPENSSH PRIVATE KEY", Bytes: out})))
}

func readSSHString(b []byte) ([]byte, []byte, error) {
	if len(b) < 4 {
		return nil, nil, errors.New("short")
	}
	n := binary.BigEndian.Uint32(b)
	if uint64(len(b)-4) < uint64(n) {
		return nil, nil, errors.New("short")
	}
	return b[4 : 4+n], b[4+n:], nil
}

// parsePublicKey parses an OpenSSH public key line, or a PEM RSA public key.
func parsePublicKey(material []byte) (keyType, fingerprint, normalized string, err error) {
	text := strings.TrimSpace(string(material))
	if blk, _ := pem.Decode([]byte(text)); blk != nil {
		var pub any
		if pub, err = x509.ParsePKIXPublicKey(blk.Bytes); err != nil {
			var k *rsa.PublicKey
			if k, err = x509.ParsePKCS1PublicKey(blk.Bytes); err != nil {
				return "", "", "", err
			}
			pub = k
		}
		k, ok := pub.(*rsa.PublicKey)
		if !ok {
			return "", "", "", errors.New("unsupported key")
		}
		return rsaImport(k)
	}
	fields := strings.Fields(text)
	if len(fields) < 2 {
		return "", "", "", errors.New("not an OpenSSH key")
	}
	blob, err := base64.StdEncoding.DecodeString(fields[1])
	if err != nil {
		return "", "", "", err
	}
	algo, rest, err := readSSHString(blob)
	if err != nil || string(algo) != fields[0] {
		return "", "", "", errors.New("bad blob")
	}
	switch fields[0] {
	case "ssh-rsa":
		e, rest, err := readSSHString(rest)
		if err != nil {
			return "", "", "", err
		}
		n, _, err := readSSHString(rest)
		if err != nil {
			return "", "", "", err
		}
		bi := new(big.Int).SetBytes(e)
		if !bi.IsInt64() || bi.Int64() < 3 || len(n) == 0 {
			return "", "", "", errors.New("bad rsa key")
		}
		k := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(bi.Int64())}
		if k.N.BitLen() < 1024 {
			return "", "", "", errors.New("rsa key too short")
		}
		_, fp, _, err := rsaImport(k)
		return "rsa", fp, strings.Join(fields, " "), err
	case "ssh-ed25519":
		pk, _, err := readSSHString(rest)
		if err != nil || len(pk) != ed25519.PublicKeySize {
			return "", "", "", errors.New("bad ed25519 key")
		}
		sum := sha256.Sum256(blob)
		return "ed25519", base64.StdEncoding.EncodeToString(sum[:]), strings.Join(fields, " "), nil
	}
	return "", "", "", errors.New("unsupported key type")
}

func rsaImport(k *rsa.PublicKey) (string, string, string, error) {
	der, err := x509.MarshalPKIXPublicKey(k)
	if err != nil {
		return "", "", "", err
	}
	sum := md5.Sum(der)
	return "rsa", colonHex(sum[:]), "ssh-rsa " + base64.StdEncoding.EncodeToString(sshRSABlob(k)), nil
}
