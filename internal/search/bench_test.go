package search_test

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/benchdata"
	"github.com/fanbase/fanbase/internal/search"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

// benchMessagesEnv sizes the search benchmark's data set (default 100,000
// messages; the acceptance figure is 1,000,000 with 200,000 followers:
// FANBASE_BENCH_MESSAGES=1000000).
const benchMessagesEnv = "FANBASE_BENCH_MESSAGES"

// benchReuseEnv names a store (DSN) already seeded by an earlier run of
// benchdata.Seed to measure instead of seeding a fresh one, per dialect:
// FANBASE_BENCH_SEARCH_SQLITE=/tmp/bench.db,
// FANBASE_BENCH_SEARCH_POSTGRES=postgres://…
var benchReuseEnv = map[string]string{sqlstore.DialectSQLite: "FANBASE_BENCH_SEARCH_SQLITE",
	sqlstore.DialectPostgres: "FANBASE_BENCH_SEARCH_POSTGRES"}

// benchQuery is one search the benchmark times.
type benchQuery struct {
	name   string
	query  string
	filter func(f *search.Filter, now time.Time)
	pages  int // pages read one after the other; default 1
}

var benchQueries = []benchQuery{
	{name: "2 chars common 发货", query: "发货"},
	{name: "1 char 好", query: "好"},
	{name: "3+ chars 优惠券", query: "优惠券"},
	{name: "latin refund", query: "refund"},
	{name: "rare number", query: "单号12345"},
	{name: "absent 2 chars 量子", query: "量子"},
	{name: "absent trigram 量子力学", query: "量子力学"},
	{name: "two terms 退款 过期", query: "退款 过期"},
	{name: "unanswered 人工", query: "人工", filter: func(f *search.Filter, _ time.Time) { f.Answered = search.AnsweredNo }},
	{name: "agent 2 退货", query: "退货", filter: func(f *search.Filter, _ time.Time) { f.AgentID = 2 }},
	{name: "tag vip 发票", query: "发票", filter: func(f *search.Filter, _ time.Time) { f.Tag = "vip" }},
	{name: "last 24h 地址", query: "地址", filter: func(f *search.Filter, now time.Time) { f.From = now.Add(-24 * time.Hour) }},
	{name: "first week 会员", query: "会员", filter: func(f *search.Filter, now time.Time) { f.To = now.AddDate(0, 0, -83) }},
	{name: "5 pages 优惠券", query: "优惠券", pages: 5},
}

// searchData is one seeded store per dialect, shared by the sub-benchmarks.
type searchData struct {
	once     sync.Once
	db       *sqlstore.DB
	accounts []int64
	now      time.Time
	err      error
}

var benchStores = map[string]*searchData{sqlstore.DialectSQLite: {}, sqlstore.DialectPostgres: {}}

// BenchmarkSearch times each query on a seeded store, SQLite and
// PostgreSQL, and reports the median and 95th percentile of a page.
func BenchmarkSearch(b *testing.B) {
	for _, dialect := range []string{sqlstore.DialectSQLite, sqlstore.DialectPostgres} {
		b.Run(dialect, func(b *testing.B) {
			data := seedSearch(b, dialect)
			for _, bq := range benchQueries {
				b.Run(bq.name, func(b *testing.B) { benchSearch(b, data, bq) })
			}
		})
	}
}

func seedSearch(b *testing.B, dialect string) *searchData {
	d := benchStores[dialect]
	d.once.Do(func() {
		if dsn := os.Getenv(benchReuseEnv[dialect]); dsn != "" {
			d.err = reuseSeeded(b, d, dialect, dsn)
			return
		}
		n := 100000
		if v, err := strconv.Atoi(os.Getenv(benchMessagesEnv)); err == nil && v > 0 {
			n = v
		}
		d.now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
		var dsn string
		d.db, dsn = openFresh(b, dialect)
		start := time.Now()
		res, err := benchdata.Seed(b.Context(), d.db, benchdata.Options{Messages: n, Followers: n / 5, Now: d.now})
		if d.err = err; err != nil {
			return
		}
		seeded := time.Since(start)
		indexed, err := search.NewIndexer(d.db, nil).CatchUp(b.Context())
		if d.err = err; err != nil {
			return
		}
		d.accounts = []int64{res.Accounts[0].ID}
		if d.err = tagFollowers(b, d.db, d.accounts[0], n/5); d.err != nil {
			return
		}
		d.err = analyze(b, dialect, dsn)
		b.Logf("%s: seeded %d messages, %d replies, %d followers in %v; indexed %d rows in %v",
			dialect, res.Messages, res.Replies, res.Followers, seeded.Round(time.Second), indexed,
			(time.Since(start) - seeded).Round(time.Second))
	})
	if d.err != nil {
		b.Fatalf("seed %s: %v", dialect, d.err)
	}
	return d
}

// reuseSeeded opens a store seeded before (its first bench account),
// tags its followers once and brings its index up to date.
func reuseSeeded(b *testing.B, d *searchData, dialect, dsn string) error {
	db, err := sqlstore.Open(b.Context(), dsn)
	if err != nil {
		return err
	}
	b.Cleanup(func() { _ = db.Close() })
	a, err := db.AccountByAppID(b.Context(), "wx_bench_01")
	if err != nil {
		return err
	}
	d.db, d.accounts, d.now = db, []int64{a.ID}, time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	if tags, err := db.TagNames(b.Context(), d.accounts); err != nil || len(tags) == 0 {
		c, err := db.Counts(b.Context(), a.ID)
		if err != nil {
			return err
		}
		if err := tagFollowers(b, db, a.ID, int(c.Followers)); err != nil {
			return err
		}
	}
	if _, err := search.NewIndexer(db, nil).CatchUp(b.Context()); err != nil {
		return err
	}
	return analyze(b, dialect, dsn)
}

// openFresh opens an empty store: a SQLite file in a temporary directory,
// or a new schema on the server benchdata.PostgresEnv names (dropped at
// the end). It returns the DSN too, for analyze.
func openFresh(b *testing.B, dialect string) (*sqlstore.DB, string) {
	dsn := filepath.Join(b.TempDir(), "search.db")
	if dialect == sqlstore.DialectPostgres {
		dsn = freshSchema(b)
	}
	db, err := sqlstore.Open(b.Context(), dsn)
	if err != nil {
		b.Fatalf("open %s: %v", dialect, err)
	}
	b.Cleanup(func() { _ = db.Close() })
	return db, dsn
}

func freshSchema(b *testing.B) string {
	admin := os.Getenv(benchdata.PostgresEnv)
	if admin == "" {
		b.Skipf("%s is not set: skipping PostgreSQL", benchdata.PostgresEnv)
	}
	name := fmt.Sprintf("search_bench_%d", time.Now().UnixNano())
	if err := execSQL(admin, `CREATE SCHEMA `+name); err != nil {
		b.Fatalf("create schema: %v", err)
	}
	b.Cleanup(func() { _ = execSQL(admin, `DROP SCHEMA `+name+` CASCADE`) })
	u, err := url.Parse(admin)
	if err != nil {
		b.Fatalf("parse %s: %v", benchdata.PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// analyze gives PostgreSQL's planner the statistics autovacuum would have
// gathered by the time a real database holds this much.
func analyze(b *testing.B, dialect, dsn string) error {
	if dialect != sqlstore.DialectPostgres {
		return nil
	}
	return execSQL(dsn, `ANALYZE`)
}

func execSQL(dsn, stmt string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(stmt)
	return err
}

// tagFollowers puts "vip" on one follower in fifty.
func tagFollowers(b *testing.B, db *sqlstore.DB, acct int64, followers int) error {
	q := audience.FollowerQuery{AccountID: acct, Limit: 500}
	for tagged := 0; tagged < followers/50; {
		page, err := db.ListFollowers(b.Context(), q)
		if err != nil {
			return fmt.Errorf("list followers: %w", err)
		}
		for i := 0; i < len(page.Followers); i += 50 {
			if _, err := db.TagFollower(b.Context(), acct, page.Followers[i].OpenID, "vip"); err != nil {
				return fmt.Errorf("tag follower: %w", err)
			}
			tagged++
		}
		if page.Next == (audience.FollowerCursor{}) {
			return nil
		}
		q.After = page.Next
	}
	return nil
}

func benchSearch(b *testing.B, d *searchData, bq benchQuery) {
	q, err := search.Parse(bq.query)
	if err != nil {
		b.Fatal(err)
	}
	f := search.Filter{AccountIDs: d.accounts}
	if bq.filter != nil {
		bq.filter(&f, d.now)
	}
	var lat []time.Duration
	hits := 0
	for b.Loop() {
		req := search.Request{Query: q, Filter: f}
		for range max(bq.pages, 1) {
			start := time.Now()
			page, err := search.Search(b.Context(), d.db, req)
			if err != nil {
				b.Fatalf("search %q: %v", bq.query, err)
			}
			lat = append(lat, time.Since(start))
			hits = len(page.Hits)
			if req.Cursor = page.Next; req.Cursor == "" {
				break
			}
		}
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(hits), "hits")
}
