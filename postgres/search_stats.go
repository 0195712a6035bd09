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
// written by ANALYZE) say of the most common tokens: the fraction of the
// rows that hold each. It is read again after tokenStatsTTL.
type tokenStats struct {
	mu   sync.Mutex
	at   time.Time          // when read; zero: never
	freq map[string]float64 // token → fraction of the rows holding it
	rows float64            // the rows they are fractions of
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

// tokenFreq returns the fraction of the rows the statistics give token
// (0 when they do not list it, or the table was never analyzed) and the
// number of rows it is a fraction of.
func (b backend) tokenFreq(ctx context.Context, token string) (freq, rows float64, err error) {
	s := b.db.stats
	s.mu.Lock()
	defer s.mu.Unlock()
	if now := b.db.Now(); s.at.IsZero() || now.Sub(s.at) > tokenStatsTTL {
		if err := b.readTokenStats(ctx, s); err != nil {
			return 0, 0, err
		}
		s.at = now
	}
	return s.freq[token], s.rows, nil
}

// readTokenStats reads into s the most common elements of items.search and
// their frequencies (fractions of the rows that are not null) from
// pg_stats, and the table's estimated rows that are not null. A table
// never analyzed has no statistics (and reltuples -1): none.
func (b backend) readTokenStats(ctx context.Context, s *tokenStats) error {
	rows, err := b.db.q().Query(ctx, `SELECT u.e, u.f, c.reltuples * (1 - s.null_frac)
		FROM pg_stats s JOIN pg_class c ON c.oid = 'items'::regclass,
			unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u (e, f)
		WHERE s.schemaname = current_schema() AND s.tablename = 'items' AND s.attname = 'search'
			AND u.e IS NOT NULL AND c.reltuples > 0`)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	s.freq, s.rows = map[string]float64{}, 0
	for rows.Next() {
		var e string
		var f float64
		if err := rows.Scan(&e, &f, &s.rows); err != nil {
			return mapError(err)
		}
		s.freq[e] = f
	}
	return mapError(rows.Err())
}

// singleToken returns the one token of the words q (a two-character word,
// or one word of another script), false for none or more (a phrase,
// several words).
func singleToken(q string) (string, bool) {
	tsq := search.TSQuery(q)
	if len(tsq) < 3 || strings.Count(tsq, "'") != 2 || tsq[0] != '\'' || tsq[len(tsq)-1] != '\'' {
		return "", false
	}
	return tsq[1 : len(tsq)-1], true
}

// denseFraction is the least fraction of the items the statistics must
// give a word for searchPast to count it by walking.
const denseFraction = 0.3

// searchPast answers a search whose matches the statistics and a walk of
// the newest items show to pass max, without counting them with the GIN
// index: the page (limit matches from q.Offset) from the walk, and ok. It
// answers only a query of one token (a two-character word, or one word of
// another script):
//   - without filters, one the statistics put in at least commonRows(max)
//     rows (公开 of a million items): not counted at all;
//   - with or without filters, one they put in at least denseFraction of
//     the items (通知 within a year): counted by walkCount, the rows
//     themselves, so that the statistics only choose the way.
//
// Any other query (a phrase, several words, a rarer word, a filter on a
// word that is not dense) is counted by the index, since the statistics
// multiply the frequencies of its parts as if they were independent, and
// the bigrams of a phrase or the words of one agency's items are not. So
// is one whose walk falls short: ok is then false, and err nil.
func (b backend) searchPast(ctx context.Context, q gongkai.SearchQuery, max, limit int) (ids []string, ok bool, err error) {
	token, single := singleToken(q.Q)
	if !single || q.Offset > max {
		return nil, false, nil
	}
	f, rows, err := b.tokenFreq(ctx, token)
	if err != nil {
		return nil, false, err
	}
	counter := &searchShortcuts
	switch {
	case len(gongkai.SearchFilterTokens(q)) == 0 && f*rows >= commonRows(max):
	case f >= denseFraction:
		n, err := b.walkCount(ctx, q, max)
		if err != nil || n <= max {
			return nil, false, err
		}
		counter = &searchWalkCounts
	default:
		return nil, false, nil
	}
	ids, err = b.searchWalk(ctx, q, limit)
	if err != nil || len(ids) < limit {
		return nil, false, err
	}
	counter.Add(1)
	return ids, true, nil
}
