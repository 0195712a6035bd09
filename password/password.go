// Package password implements gongkai.PasswordHasher: argon2id (RFC 9106)
// for new hashes, in the PHC string format
// $argon2id$v=19$m=65536,t=2,p=2$<salt>$<hash>, and bcrypt for hashes
// imported from elsewhere ($2a$/$2b$/$2y$), verified but never created.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"

	"gongkai"
)

// Hasher hashes with argon2id and verifies argon2id and bcrypt hashes.
type Hasher struct {
	Time      uint32 // passes
	MemoryKiB uint32 // memory in KiB
	Threads   uint8
	KeyLen    uint32
	SaltLen   int
}

var _ gongkai.PasswordHasher = Hasher{}

// Default returns the production parameters: t=2, 64 MiB, 2 threads (about
// 170 ms on the 2-core reference machine; RFC 9106 second recommended option
// with a lower memory).
func Default() Hasher {
	return Hasher{Time: 2, MemoryKiB: 64 * 1024, Threads: 2, KeyLen: 32, SaltLen: 16}
}

// Fast returns cheap parameters for tests only.
func Fast() Hasher {
	return Hasher{Time: 1, MemoryKiB: 64, Threads: 1, KeyLen: 32, SaltLen: 16}
}

var b64 = base64.RawStdEncoding

// Hash implements gongkai.PasswordHasher.
func (h Hasher) Hash(password string) (string, error) {
	salt := make([]byte, h.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, h.Time, h.MemoryKiB, h.Threads, h.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.MemoryKiB, h.Time, h.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrUnknownHash is returned by Verify for a hash in no known format.
var ErrUnknownHash = errors.New("password: unknown hash format")

// Verify implements gongkai.PasswordHasher.
func (h Hasher) Verify(hash, password string) (bool, error) {
	switch {
	case strings.HasPrefix(hash, "$argon2id$"):
		return verifyArgon2id(hash, password)
	case strings.HasPrefix(hash, "$2a$"), strings.HasPrefix(hash, "$2b$"), strings.HasPrefix(hash, "$2y$"):
		err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password))
		if errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
			return false, nil
		}
		return err == nil, err
	}
	return false, ErrUnknownHash
}

func verifyArgon2id(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$") // "", "argon2id", "v=19", "m=…,t=…,p=…", salt, key
	if len(parts) != 6 {
		return false, ErrUnknownHash
	}
	var v int
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false, fmt.Errorf("password: argon2id version %q", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 {
		return false, fmt.Errorf("password: argon2id parameters %q", parts[3])
	}
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) == 0 {
		return false, ErrUnknownHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}
