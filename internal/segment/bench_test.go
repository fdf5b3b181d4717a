package segment_test

import (
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/benchdata"
	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

// FollowersEnv sizes BenchmarkSegmentCount's data set; the acceptance
// figure is 1,000,000 followers in one account.
const FollowersEnv = "FANBASE_BENCH_FOLLOWERS"

// benchNow is the seeded data's present, so relative filters select the
// same followers on every run.
var benchNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// BenchmarkSegmentCount measures Service.Count (validation, the tag check
// and the count) over typical filters, each alone and combined with a tag,
// on one account of 1,000,000 followers with eight tags (40 % … 0.1 % of
// the followers), per dialect; it reports p50-ms and p95-ms per filter and
// the matching followers.
func BenchmarkSegmentCount(b *testing.B) {
	for _, dialect := range []string{sqlstore.DialectSQLite, sqlstore.DialectPostgres} {
		b.Run(dialect, func(b *testing.B) {
			db, acct, tags := openSegmentBench(b, dialect)
			svc := segment.NewService(db, func() time.Time { return benchNow })
			for _, tc := range typicalFilters(tags) {
				b.Run(tc.name, func(b *testing.B) {
					var n int
					benchdata.Timed(b, func() (err error) {
						n, err = svc.Count(b.Context(), acct, tc.f)
						return err
					})
					b.ReportMetric(float64(n), "followers")
				})
			}
		})
	}
}

// ReuseEnv names variables with a store to seed once and reuse (a SQLite
// file path, an empty PostgreSQL database or schema URL), per dialect:
// seeding 1,000,000 followers takes minutes.
var ReuseEnv = map[string]string{
	sqlstore.DialectSQLite:   "FANBASE_BENCH_SEGMENTS_SQLITE",
	sqlstore.DialectPostgres: "FANBASE_BENCH_SEGMENTS_POSTGRES",
}

// openSegmentBench opens the reused store of the dialect, seeding it when
// it is empty, or a fresh one; it returns the seeded account and its tags.
func openSegmentBench(b *testing.B, dialect string) (*sqlstore.DB, int64, []int64) {
	b.Helper()
	dsn := os.Getenv(ReuseEnv[dialect])
	if dsn == "" {
		db := benchdata.OpenFresh(b, dialect)
		acct, tags := seedSegmentBenchT(b, db)
		return db, acct, tags
	}
	db, err := sqlstore.Open(b.Context(), dsn)
	if err != nil {
		b.Fatalf("open %s: %v", ReuseEnv[dialect], err)
	}
	b.Cleanup(func() { _ = db.Close() })
	accts, err := db.ListAccounts(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	if len(accts) == 0 {
		acct, tags := seedSegmentBenchT(b, db)
		return db, acct, tags
	}
	tags, err := db.SegmentTagIDs(b.Context(), accts[0].ID)
	if err != nil || len(tags) < 4 {
		b.Fatalf("tags of the reused store: %v, %v", tags, err)
	}
	slices.Sort(tags) // seeded broadest first
	return db, accts[0].ID, tags
}

func seedSegmentBenchT(b testing.TB, db *sqlstore.DB) (int64, []int64) {
	b.Helper()
	dialect := db.Dialect()
	n := 1_000_000
	if v := os.Getenv(FollowersEnv); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("%s=%q: want a positive number", FollowersEnv, v)
		}
	}
	start := time.Now()
	res, err := benchdata.Seed(b.Context(), db, benchdata.Options{Followers: n, Messages: n, Conversations: 1000,
		Days: 90, Now: benchNow})
	if err != nil {
		b.Fatalf("Seed: %v", err)
	}
	ids, rows, err := benchdata.SeedTags(b.Context(), db, res, nil, 1)
	if err != nil {
		b.Fatalf("SeedTags: %v", err)
	}
	b.Logf("%s: seeded %d followers, %d messages, %d tag assignments in %v", dialect, res.Followers,
		res.Messages, rows, time.Since(start).Round(time.Millisecond))
	return res.Accounts[0].ID, ids[0]
}

type namedFilter struct {
	name string
	f    segment.Filter
}

// typicalFilters are what operators build: each criterion alone, then
// each combined with a tag (the acceptance set), then two three-way
// combinations. tags are the seeded tags, broadest first.
func typicalFilters(tags []int64) []namedFilter {
	n := func(v int64) *int64 { return &v }
	return []namedFilter{
		{"following", segment.Filter{}},
		{"any_status", segment.Filter{Status: segment.StatusAny}},
		{"tag_40pct", segment.Filter{TagsAny: tags[:1]}},
		{"tag_10pct", segment.Filter{TagsAny: tags[2:3]}},
		{"tags_any_10_5pct", segment.Filter{TagsAny: tags[2:4]}},
		{"tags_all_40_20pct", segment.Filter{TagsAll: tags[:2]}},
		{"tag_none_5pct", segment.Filter{TagsNone: tags[3:4]}},
		{"qr_scene", segment.Filter{QRScenes: []string{"poster_spring"}}},
		{"subscribe_scene", segment.Filter{SubscribeScenes: []string{"qr"}}},
		{"followed_30d", segment.Filter{FollowedFrom: "2026-10-02", FollowedTo: "2026-11-01"}},
		{"active_7d", segment.Filter{ActiveWithinDays: 7}},
		{"inactive_30d", segment.Filter{InactiveDays: 30}},
		{"active_range", segment.Filter{ActiveFrom: "2026-09-01", ActiveTo: "2026-09-30"}},
		{"min_5_interactions", segment.Filter{MinInteractions: n(5)}},
		{"max_1_interaction", segment.Filter{MaxInteractions: n(1)}},
		{"tag_40pct+active_30d", segment.Filter{TagsAny: tags[:1], ActiveWithinDays: 30}},
		{"tag_10pct+qr_scene", segment.Filter{TagsAny: tags[2:3], QRScenes: []string{"poster_spring"}}},
		{"tag_10pct+followed_30d", segment.Filter{TagsAny: tags[2:3], FollowedFrom: "2026-10-02", FollowedTo: "2026-11-01"}},
		{"tag_10pct+inactive_30d", segment.Filter{TagsAny: tags[2:3], InactiveDays: 30}},
		{"tag_10pct+min_5_interactions", segment.Filter{TagsAny: tags[2:3], MinInteractions: n(5)}},
		{"tags_any_10_5pct+unsubscribed", segment.Filter{TagsAny: tags[2:4], Status: segment.StatusUnsubscribed}},
		{"not_tag_20pct+active_7d", segment.Filter{TagsNone: tags[1:2], ActiveWithinDays: 7}},
		// Beyond the target: three criteria, two of them not tags.
		{"combo3_tag_10pct+qr+followed", segment.Filter{TagsAny: tags[2:3], QRScenes: []string{"poster_spring", "store_01"},
			FollowedFrom: "2026-01-01"}},
		{"combo3_not_tag_20pct+active_30d+min_2", segment.Filter{TagsNone: tags[1:2], ActiveWithinDays: 30, MinInteractions: n(2)}},
	}
}
