package gongkai

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
)

// AuditEntry is one write to the store: who, when, what, and the record
// before and after. Personal data appears only masked (MaskName, MaskIDNumber,
// MaskPhone) and password hashes never appear.
type AuditEntry struct {
	ID       int64 // increasing in the order of the writes
	At       time.Time
	Actor    string // the user ID, or "system" / "cli:…" for the binary itself
	Action   string // create, update, append, close, check, publish, …
	Entity   string // agency, user, request, applicant, appeal, proactive_input, annual_report, item, index_no
	EntityID string
	Before   json.RawMessage // nil for a creation
	After    json.RawMessage
}

// The entities of the audit log.
const (
	EntityAgency         = "agency"
	EntityUser           = "user"
	EntityRequest        = "request"
	EntityApplicant      = "applicant"
	EntityAppeal         = "appeal"
	EntityProactiveInput = "proactive_input"
	EntityAnnualReport   = "annual_report"
	EntityItem           = "item"
	EntityIndexNo        = "index_no" // a 索引号 handed out by NextIndexNo
)

// AuditFilter selects audit entries, oldest first. Zero fields do not filter.
type AuditFilter struct {
	Entity   string
	EntityID string
	Actor    string
	Since    time.Time // At >= Since
	Until    time.Time // At < Until
	AfterID  int64     // ID > AfterID, for paging
	Limit    int
}

type actorKey struct{}

// WithActor returns a context that attributes the writes made with it to
// actor. Every write method of a Store requires one.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor of ctx, or "".
func ActorFrom(ctx context.Context) string {
	s, _ := ctx.Value(actorKey{}).(string)
	return s
}

// RequireActor returns the actor of ctx, or an EUNAUTHORIZED error when
// there is none: no write is anonymous.
func RequireActor(ctx context.Context) (string, error) {
	a := ActorFrom(ctx)
	if a == "" {
		return "", Errorf(EUNAUTHORIZED, "write without an actor: use gongkai.WithActor")
	}
	return a, nil
}

// MaskName keeps the first character of a name: 张三丰 → 张**.
func MaskName(s string) string {
	n := utf8.RuneCountInString(s)
	if n == 0 {
		return ""
	}
	_, size := utf8.DecodeRuneInString(s)
	return s[:size] + strings.Repeat("*", n-1)
}

// MaskIDNumber keeps the first 4 and the last 4 characters of an identity
// number (身份证号, 统一社会信用代码): 110101199003071234 → 1101**********1234.
func MaskIDNumber(s string) string { return maskMiddle(s, 4, 4) }

// MaskPhone keeps the first 3 and the last 4 digits: 13812345678 → 138****5678.
func MaskPhone(s string) string { return maskMiddle(s, 3, 4) }

// MaskText masks everything but the first character (addresses, e-mail).
func MaskText(s string) string { return MaskName(s) }

func maskMiddle(s string, head, tail int) string {
	rs := []rune(s)
	if len(rs) <= head+tail {
		return strings.Repeat("*", len(rs))
	}
	return string(rs[:head]) + strings.Repeat("*", len(rs)-head-tail) + string(rs[len(rs)-tail:])
}

// AuditJSON returns v as it is written in the audit log: personal data
// masked (a Request's applicant name, an ApplicantRecord), password hashes
// dropped (a User's hash becomes "(set)"), a report body left out (it is
// kept by the report store itself). nil gives nil.
func AuditJSON(v any) json.RawMessage {
	switch x := v.(type) {
	case nil:
		return nil
	case *Request:
		if x == nil {
			return nil
		}
		c := *x
		c.Applicant.Name = MaskName(c.Applicant.Name)
		v = c
	case *ApplicantRecord:
		if x == nil {
			return nil
		}
		v = x.Masked()
	case *User:
		if x == nil {
			return nil
		}
		c := *x
		if c.PasswordHash != "" {
			c.PasswordHash = "(set)"
		}
		v = c
	case *AnnualReport:
		if x == nil {
			return nil
		}
		c := *x
		sum := sha256.Sum256(c.Body)
		c.Body = json.RawMessage(`"sha256:` + hex.EncodeToString(sum[:]) + `"`)
		v = c
	}
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]string{"unencodable": err.Error()})
	}
	return b
}
