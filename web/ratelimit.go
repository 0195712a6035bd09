package web

import (
	"net"
	"net/http"
	"sync"
	"time"

	"gongkai"
)

// Rate is N events per Per, with bursts of N.
type Rate struct {
	N   int
	Per time.Duration
}

// limiter is a token bucket per key (the client address).
type limiter struct {
	rate Rate
	mu   sync.Mutex
	m    map[string]*bucket
	now  func() time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(r Rate) *limiter {
	return &limiter{rate: r, m: map[string]*bucket{}, now: time.Now}
}

// allow takes a token from key's bucket and reports whether there was one.
func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.m) > 10000 { // forget buckets that have refilled
		for k, b := range l.m {
			if now.Sub(b.last) > l.rate.Per {
				delete(l.m, k)
			}
		}
	}
	b, ok := l.m[key]
	if !ok {
		b = &bucket{tokens: float64(l.rate.N), last: now}
		l.m[key] = b
	}
	b.tokens += now.Sub(b.last).Seconds() * float64(l.rate.N) / l.rate.Per.Seconds()
	b.tokens = min(b.tokens, float64(l.rate.N))
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// clientIP is the address of the connection (a proxy's X-Forwarded-For is
// not trusted: it is the client's to set).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// errRate is the answer to a client over its limit.
var errRate = &gongkai.Error{Code: "rate", Message: "操作过于频繁，请稍后再试"}
