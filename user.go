package gongkai

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a signed-in user may do. The public is anonymous and has no
// User.
type Role string

// The roles.
const (
	RoleAdmin    Role = "admin"    // 公开办 staff: the whole jurisdiction
	RoleClerk    Role = "clerk"    // the clerk of one agency, optionally with its subtree
	RoleReviewer Role = "reviewer" // reviews items before publishing (先审后发)
)

// MinPasswordLength is the shortest password SetPassword accepts.
const MinPasswordLength = 10

// User is a member of staff who signs in.
type User struct {
	ID    string
	Login string // unique sign-in name
	Name  string // display name
	Role  Role
	// AgencyID is the clerk's agency (required for clerks, optional for
	// reviewers, empty for admins).
	AgencyID string
	// IncludeSubtree extends a clerk's agency to every agency below it.
	IncludeSubtree bool
	// PasswordHash is the encoded hash a PasswordHasher made (argon2id or
	// bcrypt); never the password, never written to the audit log.
	PasswordHash string
	Disabled     bool
	CreatedAt    time.Time
}

// UserFilter selects users. Zero fields do not filter.
type UserFilter struct {
	Role     Role
	AgencyID string
	Offset   int
	Limit    int
}

// UserUpdate holds the fields to change; nil fields stay as they are.
type UserUpdate struct {
	Name           *string
	Role           *Role
	AgencyID       *string
	IncludeSubtree *bool
	PasswordHash   *string
	Disabled       *bool
}

// Apply returns a copy of u with up applied.
func (up *UserUpdate) Apply(u User) User {
	if up.Name != nil {
		u.Name = *up.Name
	}
	if up.Role != nil {
		u.Role = *up.Role
	}
	if up.AgencyID != nil {
		u.AgencyID = *up.AgencyID
	}
	if up.IncludeSubtree != nil {
		u.IncludeSubtree = *up.IncludeSubtree
	}
	if up.PasswordHash != nil {
		u.PasswordHash = *up.PasswordHash
	}
	if up.Disabled != nil {
		u.Disabled = *up.Disabled
	}
	return u
}

// Validate checks u's fields against each other.
func (u *User) Validate() error {
	switch {
	case u.ID == "":
		return Errorf(EINVALID, "user without an id")
	case strings.TrimSpace(u.Login) == "" || strings.ContainsAny(u.Login, " \t\r\n"):
		return Errorf(EINVALID, "user %s: login must be non-empty without spaces", u.ID)
	case !slices.Contains([]Role{RoleAdmin, RoleClerk, RoleReviewer}, u.Role):
		return Errorf(EINVALID, "user %s: role %q: want admin, clerk or reviewer", u.ID, u.Role)
	case u.Role == RoleClerk && u.AgencyID == "":
		return Errorf(EINVALID, "user %s: a clerk belongs to an agency", u.ID)
	case u.Role == RoleAdmin && u.AgencyID != "":
		return Errorf(EINVALID, "user %s: an admin covers the whole jurisdiction, not one agency", u.ID)
	case u.IncludeSubtree && u.Role != RoleClerk:
		return Errorf(EINVALID, "user %s: only a clerk's agency extends to its subtree", u.ID)
	}
	return nil
}

// Covers reports whether u acts for the agency whose path from the root of
// the tree is path (path[len(path)-1] is the agency itself; see
// AgencyStore.AgencyPath). Admins cover every agency; a clerk covers their
// own agency, and the agencies below it when IncludeSubtree is set.
func (u *User) Covers(path []string) bool {
	if u.Disabled || len(path) == 0 {
		return false
	}
	switch u.Role {
	case RoleAdmin:
		return true
	case RoleClerk:
		if path[len(path)-1] == u.AgencyID {
			return true
		}
		return u.IncludeSubtree && slices.Contains(path, u.AgencyID)
	}
	return false
}

// CanSeeApplicant reports whether u may read the personal data of the
// applicant of a request handled by the agency at path: only the clerks of
// the handling agency (admins see statistics, not applicants).
func (u *User) CanSeeApplicant(path []string) bool {
	return u.Role == RoleClerk && u.Covers(path)
}

// PasswordHasher hashes and verifies passwords. The implementation
// (argon2id, bcrypt) lives in gongkai/password so that this package stays
// standard-library only.
type PasswordHasher interface {
	// Hash returns the encoded hash of password, salt and parameters included.
	Hash(password string) (string, error)
	// Verify reports whether password matches the encoded hash. It returns an
	// error only for a hash it cannot read.
	Verify(hash, password string) (bool, error)
}

// SetPassword checks the password against the minimum length and stores its
// hash in u.PasswordHash.
func (u *User) SetPassword(h PasswordHasher, password string) error {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return Errorf(EINVALID, "密码至少%d个字符", MinPasswordLength)
	}
	hash, err := h.Hash(password)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	return nil
}

// CheckPassword returns nil when password is u's password, and an
// EUNAUTHORIZED error otherwise (also for a disabled user or one without a
// password), with the same message in every case.
func (u *User) CheckPassword(h PasswordHasher, password string) error {
	fail := Errorf(EUNAUTHORIZED, "用户名或密码错误")
	if u.Disabled || u.PasswordHash == "" {
		return fail
	}
	ok, err := h.Verify(u.PasswordHash, password)
	if err != nil {
		return err
	}
	if !ok {
		return fail
	}
	return nil
}
