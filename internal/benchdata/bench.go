package benchdata

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

// MessagesEnv names the variable that sizes the large benchmarks' data set,
// so a quick run can ask for less than the acceptance figure.
const MessagesEnv = "FANBASE_BENCH_MESSAGES"

// BenchMessages is the size of the large benchmarks' data set: 1,000,000
// messages unless MessagesEnv says otherwise.
func BenchMessages(tb testing.TB) int {
	tb.Helper()
	if v := os.Getenv(MessagesEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			tb.Fatalf("%s=%q: want a positive number", MessagesEnv, v)
		}
		return n
	}
	return 1_000_000
}

// SeedLarge fills one new account of db with BenchMessages messages, a fifth
// as many followers and a twentieth as many conversations over 90 days (the
// worst case for one account's pages), and logs what it stored and how long
// that took, so benchmarks of the desk and the dashboards share one shape.
func SeedLarge(tb testing.TB, db *sqlstore.DB, dialect string) *Result {
	tb.Helper()
	n := BenchMessages(tb)
	start := time.Now()
	res, err := Seed(tb.Context(), db, Options{Messages: n, Followers: n / 5, Conversations: n / 20, Days: 90})
	if err != nil {
		tb.Fatalf("Seed: %v", err)
	}
	tb.Logf("%s: seeded %d messages, %d replies, %d followers, %d conversations in %v", dialect,
		res.Messages, res.Replies, res.Followers, res.Conversations, time.Since(start).Round(time.Millisecond))
	return res
}

// RunLarge runs fn as a sub-benchmark per dialect (SQLite, then
// PostgreSQL when PostgresEnv is set), on a fresh store that SeedLarge
// filled: the setting every large benchmark of the pages shares.
func RunLarge(b *testing.B, fn func(b *testing.B, db *sqlstore.DB, res *Result)) {
	for _, dialect := range []string{sqlstore.DialectSQLite, sqlstore.DialectPostgres} {
		b.Run(dialect, func(b *testing.B) {
			db := OpenFresh(b, dialect)
			fn(b, db, SeedLarge(b, db, dialect))
		})
	}
}

// Timed runs fn in a benchmark loop and reports its p50 and p95
// (ReportQuantiles); an error from fn fails the benchmark.
func Timed(b *testing.B, fn func() error) { timedAfter(b, nil, fn) }

// timedAfter is Timed with setup run before each call of fn, with the timer
// stopped and outside the quantiles: for work, such as writing a batch, that
// must precede what is measured. A nil setup does nothing.
func timedAfter(b *testing.B, setup func(), fn func() error) {
	b.Helper()
	var lat []time.Duration
	for b.Loop() {
		if setup != nil {
			b.StopTimer()
			setup()
			b.StartTimer()
		}
		start := time.Now()
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	ReportQuantiles(b, lat)
}

// TimedBatches measures a projector keeping up with the gateway: before
// each timed call of catchUp it commits, untimed, one batch of size pushes
// made by push (seq counts on across batches from 1; now is the batch's
// time), as the gateway's batcher would.
func TimedBatches(b *testing.B, db *sqlstore.DB, size int, push func(seq int, now time.Time) inbox.Inbound,
	catchUp func() error) {
	b.Helper()
	seq := 0
	commit := func() {
		batch := make([]inbox.Inbound, size)
		now := time.Now()
		for i := range batch {
			seq++
			batch[i] = push(seq, now)
		}
		if _, err := db.CommitInbound(b.Context(), batch); err != nil {
			b.Fatalf("CommitInbound: %v", err)
		}
	}
	timedAfter(b, commit, func() error {
		if err := catchUp(); err != nil {
			return fmt.Errorf("CatchUp: %w", err)
		}
		return nil
	})
}

// ReportQuantiles reports the median and 95th percentile of lat as the
// metrics p50-ms and p95-ms: the figures the targets are stated in,
// which ns/op (a mean) hides. It sorts lat; an empty lat reports nothing.
func ReportQuantiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[(len(lat)*95+99)/100-1]), "p95-ms")
}
