package postgres

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gongkai"
	"gongkai/search"
)

// tokenStats holds what PostgreSQL's statistics of items.search (pg_stats,
// written by ANALYZE) say of the most common tokens: about how many rows
// hold each. It is read again after tokenStatsTTL.
type tokenStats struct {
	mu   sync.Mutex
	at   time.Time          // when read; zero: never
	rows map[string]float64 // token → estimated rows holding it
}

// tokenStatsTTL is how long SearchMatches trusts the statistics it read.
// ANALYZE (autovacuum's, or the operator's after a load) changes them
// rarely; a word common enough to be in them stays so.
const tokenStatsTTL = time.Minute

// commonRows is the fewest rows the statistics must give a word for
// SearchMatches to take it as having more matches than the count reaches
// without counting them: ten times as many as it counts to, and at least
// 10,000 (a word in 1% of a million items). The statistics come from a
// sample of 30,000 rows (default_statistics_target 100), in which such a
// word occurs hundreds of times, so they are off by far less than that.
var commonRows = func(count int) float64 { return float64(max(10*(count+1), 10000)) }

// searchShortcuts counts the searches SearchMatches answered without
// counting (tests read it).
var searchShortcuts atomic.Int64

// estimatedRows returns the rows the statistics give token, 0 when they do
// not list it (or the table was never analyzed).
func (b backend) estimatedRows(ctx context.Context, token string) (float64, error) {
	s := b.db.stats
	s.mu.Lock()
	defer s.mu.Unlock()
	if now := b.db.Now(); s.at.IsZero() || now.Sub(s.at) > tokenStatsTTL {
		rows, err := b.readTokenStats(ctx)
		if err != nil {
			return 0, err
		}
		s.at, s.rows = now, rows
	}
	return s.rows[token], nil
}

// readTokenStats reads the most common elements of items.search and their
// frequencies (fractions of the rows that are not null) from pg_stats, as
// rows: the frequency times the table's estimated non-null rows. A table
// never analyzed has no statistics (and reltuples -1): an empty map.
func (b backend) readTokenStats(ctx context.Context) (map[string]float64, error) {
	rows, err := b.db.q().Query(ctx, `SELECT u.e, u.f * c.reltuples * (1 - s.null_frac)
		FROM pg_stats s JOIN pg_class c ON c.oid = 'items'::regclass,
			unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u (e, f)
		WHERE s.schemaname = current_schema() AND s.tablename = 'items' AND s.attname = 'search'
			AND u.e IS NOT NULL AND c.reltuples > 0`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var e string
		var n float64
		if err := rows.Scan(&e, &n); err != nil {
			return nil, mapError(err)
		}
		out[e] = n
	}
	return out, mapError(rows.Err())
}

// commonWord reports whether q is one token (a two-character word, or one
// word of another script) without filters that the statistics give at
// least commonRows(max) rows: a word whose matches SearchMatches need not
// count to know they pass max. Any other query
// (a phrase, several words, a filter) is not: the statistics multiply
// the frequencies of its parts as if they were independent, and the
// words of a phrase or of one agency's items are not.
func (b backend) commonWord(ctx context.Context, q gongkai.SearchQuery, max int) (bool, error) {
	if len(gongkai.SearchFilterTokens(q)) > 0 {
		return false, nil
	}
	tsq := search.TSQuery(q.Q)
	if len(tsq) < 3 || strings.Count(tsq, "'") != 2 || tsq[0] != '\'' || tsq[len(tsq)-1] != '\'' {
		return false, nil
	}
	n, err := b.estimatedRows(ctx, tsq[1:len(tsq)-1])
	return err == nil && n >= commonRows(max), err
}
