// Package sqlstore holds the entity code gongkai/sqlite and gongkai/postgres
// share: the SQL text (both use $n placeholders) and the Go around it, over
// a small Backend each adapter implements for its driver, its transactions
// and the few spots where the dialects differ.
package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gongkai"
)

// Querier runs statements on a transaction or a pool.
type Querier interface {
	// Exec runs a statement and returns the number of rows it affected.
	Exec(ctx context.Context, sql string, args ...any) (int64, error)
	// Query runs a statement returning rows.
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
	// QueryRow runs a statement returning at most one row.
	QueryRow(ctx context.Context, sql string, args ...any) Row
}

// Rows is the result of Querier.Query.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Row is the result of Querier.QueryRow.
type Row interface {
	Scan(dest ...any) error
}

// Backend is what an adapter provides to the shared code.
type Backend interface {
	// Q returns the transaction the backend is bound to, or the read pool.
	// Its Exec is only called inside a transaction.
	Q() Querier
	// InTx runs fn in a transaction (in the current one when the backend is
	// bound to one) and maps the error it returns.
	InTx(ctx context.Context, fn func(tx Backend) error) error
	// Clock returns the current time for the times the store sets.
	Clock() time.Time
	// MapError maps a driver error to a gongkai error.
	MapError(err error) error
	// IsNoRows reports whether err is the driver's "no rows" error.
	IsNoRows(err error) bool
	// Page returns a LIMIT/OFFSET clause (limit <= 0: no limit).
	Page(offset, limit int) string
	// IDList returns the value bound for a list of ids: one parameter
	// however many ids (thousands for a province's subtree).
	IDList(ids []string) any
	// InIDs returns the condition "is one of the ids bound at placeholder"
	// to follow a column name.
	InIDs(placeholder string) string
	// InsertItem inserts the row of an item (args in itemArgs order) and
	// indexes it for search, in the backend's transaction. Its errors are
	// final (mapped).
	InsertItem(ctx context.Context, args []any, it *gongkai.Item) error
	// UpdateItem moves the row of an item from version from to it (args
	// in itemArgs order), reindexes it for search, and returns the number
	// of rows updated. Its errors are final (mapped).
	UpdateItem(ctx context.Context, args []any, from int, it *gongkai.Item) (int64, error)
	// ItemLock returns the suffix of a SELECT locking the item read for
	// an update ("" when the transaction holds the write lock already).
	ItemLock() string
	// SearchMatches answers a search with words (search.Query of q.Q is
	// not empty) from the search index: how many published items match
	// q's words and filters, counted to at most max+1, and the IDs of the
	// page q selects (q.Offset, q.Limit; Limit 0: to max), newest
	// publication first and, of one day, the item stored later first
	// (items.n descending). Its errors are final (mapped).
	SearchMatches(ctx context.Context, q gongkai.SearchQuery, max int) (total int, ids []string, err error)
	// ReindexItem writes the search tokens of a published item again, in
	// the backend's transaction.
	ReindexItem(ctx context.Context, it *gongkai.Item) error
	// InsertItems inserts the rows of CreateItems at once (multi-row or
	// prepared statements), indexes each published one with its Tokens,
	// and appends one audit entry per row (at, actor, "create",
	// gongkai.EntityItem, its ID, no before, After), in the order of rows,
	// in the backend's transaction. Its errors are final (mapped).
	InsertItems(ctx context.Context, actor string, at time.Time, rows []ItemRow) error
	// AddCounts adds rows (distinct keys, no N of 0, sorted by
	// addItemCounts) to item_counts, n = n + N, inserting the keys not
	// there yet, in the backend's transaction; rows are locked in the
	// order of rows. Its errors are final (mapped).
	AddCounts(ctx context.Context, rows []CountRow) error
	// CountsFirst reports whether the writes of items add their counts
	// before writing the items and their search index (SQLite: a statement
	// of many counts then finds FTS5's pending index empty) rather than
	// after (PostgreSQL: the rows of item_counts, which concurrent writers
	// share, are then locked for the shortest time).
	CountsFirst() bool
}

// Store implements the entity methods of gongkai.Store on a Backend (all
// but WithTx and the adapters' own). The adapters embed it and bind it to
// themselves, and to each transaction they open, so that a Store bound to
// a transaction runs every statement in it.
type Store struct {
	B Backend
	// searchCap replaces gongkai.MaxSearchTotal when set (SetSearchCap).
	searchCap int
}

// SetSearchCap makes SearchItems count to n instead of
// gongkai.MaxSearchTotal, so that the conformance suite can take both of
// its ways on a few items. n <= 0 restores the default.
func (s *Store) SetSearchCap(n int) { s.searchCap = n }

// maxSearchTotal is where SearchItems stops counting.
func (s *Store) maxSearchTotal() int {
	if s.searchCap > 0 {
		return s.searchCap
	}
	return gongkai.MaxSearchTotal
}

// New returns a Store on b.
func New(b Backend) Store { return Store{B: b} }

// QInsertAudit appends an audit entry; SQLite prepares it once.
const QInsertAudit = `INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`

func (s *Store) q() Querier { return s.B.Q() }

func (s *Store) now() time.Time { return s.B.Clock().UTC().Truncate(time.Microsecond) }

func (s *Store) mapError(err error) error { return s.B.MapError(err) }

// inIDs returns the condition "col is one of vals", binding vals as one
// parameter appended to args.
func (s *Store) inIDs(col string, args *[]any, vals []string) string {
	return col + " " + s.B.InIDs(arg(args, s.B.IDList(vals)))
}

func (s *Store) page(offset, limit int) string { return s.B.Page(offset, limit) }

// noRows maps the driver's "no rows" to a not-found error naming the record.
func (s *Store) noRows(err error, entity, id string) error {
	if s.B.IsNoRows(err) {
		return notFound(entity, id)
	}
	return s.B.MapError(err)
}

func notFound(entity, id string) error {
	return &gongkai.Error{Code: gongkai.ENOTFOUND, Message: fmt.Sprintf("%s %s 不存在", entity, id)}
}

func (s *Store) inTx(ctx context.Context, fn func(t *Store) error) error {
	return s.B.InTx(ctx, func(b Backend) error { return fn(&Store{B: b}) })
}

// write runs fn in a transaction with the actor of ctx.
func (s *Store) write(ctx context.Context, fn func(t *Store, actor string) error) error {
	actor, err := gongkai.RequireActor(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *Store) error { return fn(t, actor) })
}

// audit appends an entry in t's transaction.
func (s *Store) audit(ctx context.Context, actor, action, entity, id string, before, after any) error {
	_, err := s.q().Exec(ctx, QInsertAudit,
		s.now(), actor, action, entity, id, jsonArg(gongkai.AuditJSON(before)), jsonArg(gongkai.AuditJSON(after)))
	return err
}

// jsonArg passes a JSON value as text, nil as NULL.
func jsonArg(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// utc normalises a scanned time: the zero time stays zero, others are UTC.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// in returns "$n, $n+1, …" for vals starting at the next placeholder, and
// appends vals to args.
func in(args *[]any, vals []string) string {
	var b strings.Builder
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		*args = append(*args, v)
		fmt.Fprintf(&b, "$%d", len(*args))
	}
	return b.String()
}

// arg appends v to args and returns its placeholder.
func arg(args *[]any, v any) string {
	*args = append(*args, v)
	return fmt.Sprintf("$%d", len(*args))
}

// parseDate parses a stored date; "" is the zero date.
func parseDate(s string) (gongkai.Date, error) {
	if s == "" {
		return gongkai.Date{}, nil
	}
	return gongkai.ParseDate(s)
}

// zeroTime is stored for "not yet" (checked_at, published_at).
var zeroTime = time.Time{}
