package segment_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

// newStore opens a SQLite store with one account and n followers
// (o0000 … ), the odd ones no longer following.
func newStore(t *testing.T, n int) (*sqlstore.DB, int64) {
	t.Helper()
	db, err := sqlstore.Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	a := &account.Account{AppID: "wxseg", Name: "分组", Token: "tok123", Type: account.Service, Mode: account.ModePlain}
	if err := db.CreateAccount(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	ps := make([]audience.SyncProfile, n)
	for i := range ps {
		ps[i] = audience.SyncProfile{OpenID: fmt.Sprintf("o%04d", i), Subscribed: i%2 == 0, Nickname: "=cmd|粉丝",
			SubscribedAt: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}
	}
	st := &audience.SyncState{AccountID: a.ID, Phase: audience.PhaseProfile, StartedAt: time.Now(), UpdatedAt: time.Now()}
	if err := db.SaveFollowerProfiles(t.Context(), st, ps, time.Now()); err != nil {
		t.Fatal(err)
	}
	return db, a.ID
}

// TestOpenIDsOnlyFollowing: a broadcast gets only current followers, page
// by page, whatever status the segment names.
func TestOpenIDsOnlyFollowing(t *testing.T) {
	db, acct := newStore(t, 7)
	svc := segment.NewService(db, nil)
	for _, tc := range []struct {
		status string
		want   string
	}{{segment.StatusAny, "o0000 o0002 o0004 o0006"}, {segment.StatusSubscribed, "o0000 o0002 o0004 o0006"}, {segment.StatusUnsubscribed, ""}} {
		s := &segment.Segment{AccountID: acct, Name: "s " + tc.status, Filter: segment.Filter{Status: tc.status}}
		if err := svc.Create(t.Context(), s); err != nil {
			t.Fatal(err)
		}
		var got []string
		for after := ""; ; {
			ids, err := svc.OpenIDs(t.Context(), acct, s.ID, after, 3)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, ids...)
			if len(ids) < 3 {
				break
			}
			after = ids[len(ids)-1]
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%s: OpenIDs = %v, want %s", tc.status, got, tc.want)
		}
	}
	_, err := svc.OpenIDs(t.Context(), acct, 999, "", 10)
	if !errs.Is(err, errs.NotFound) {
		t.Errorf("unknown segment: %v", err)
	}
}

// TestExportPages: an export larger than one page holds every follower
// once, in order, with formula-looking nicknames defused.
func TestExportPages(t *testing.T) {
	db, acct := newStore(t, 2500)
	var buf bytes.Buffer
	svc, starts := segment.NewService(db, nil), 0
	n, err := svc.Export(t.Context(), acct, segment.Filter{Status: segment.StatusAny}, &buf, func() {
		if buf.Len() != 0 {
			t.Error("start ran after the first byte")
		}
		starts++
	})
	if err != nil || n != 2500 || starts != 1 {
		t.Fatalf("Export = %d, %v (start ran %d times)", n, err, starts)
	}
	var refused bytes.Buffer
	_, err = svc.Export(t.Context(), acct, segment.Filter{TagsAny: []int64{999}}, &refused, func() { starts++ })
	if !errs.Is(err, errs.Invalid) || refused.Len() != 0 || starts != 1 {
		t.Errorf("unknown tag: err %v, wrote %d bytes, start ran %d times", err, refused.Len(), starts)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 2501 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	for i, r := range rows[1:] {
		if r[0] != fmt.Sprintf("o%04d", i) {
			t.Fatalf("row %d is %s", i, r[0])
		}
	}
	if rows[1][1] != "'=cmd|粉丝" || rows[1][3] != "1" || rows[2][3] != "0" || rows[1][4] != "2024-05-01 08:00:00" {
		t.Errorf("first rows = %q %q", rows[1], rows[2])
	}
}

// TestCountEach: each saved segment is counted as Count counts it, and one
// whose tag was deleted since it was saved fails alone.
func TestCountEach(t *testing.T) {
	db, acct := newStore(t, 7)
	svc := segment.NewService(db, nil)
	tag, err := db.TagFollower(t.Context(), acct, "o0002", "会员")
	if err != nil {
		t.Fatal(err)
	}
	gone, err := db.TagFollower(t.Context(), acct, "o0004", "临时")
	if err != nil {
		t.Fatal(err)
	}
	segs := []segment.Segment{
		{Filter: segment.Filter{}},
		{Filter: segment.Filter{Status: segment.StatusAny}},
		{Filter: segment.Filter{TagsAny: []int64{gone.ID}}},
		{Filter: segment.Filter{TagsAny: []int64{tag.ID}}},
	}
	if err := db.DeleteTag(t.Context(), acct, gone.ID); err != nil {
		t.Fatal(err)
	}
	counts, fails, err := svc.CountEach(t.Context(), acct, segs)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(counts[:2], counts[3]) != "[4 7] 1" || fails[0] != nil || fails[1] != nil || fails[3] != nil {
		t.Errorf("counts = %v, fails = %v", counts, fails)
	}
	if !errs.Is(fails[2], errs.Invalid) {
		t.Errorf("a deleted tag: %v, want invalid", fails[2])
	}
	if _, _, err := svc.CountEach(t.Context(), 9999, segs); !errs.Is(err, errs.NotFound) {
		t.Errorf("unknown account: %v", err)
	}
}

// TestPreview: the builder's result counts every match and samples only
// when asked, never more than asked.
func TestPreview(t *testing.T) {
	db, acct := newStore(t, 7)
	svc := segment.NewService(db, nil)
	for _, tc := range []struct {
		f                 segment.Filter
		sample            int
		want, wantMembers int
	}{
		{segment.Filter{}, 0, 4, 0},
		{segment.Filter{}, 2, 4, 2},
		{segment.Filter{Status: segment.StatusAny}, 20, 7, 7},
	} {
		n, ms, err := svc.Preview(t.Context(), acct, tc.f, tc.sample)
		if err != nil || n != tc.want || len(ms) != tc.wantMembers {
			t.Errorf("Preview(%+v, %d) = %d, %d members, %v; want %d, %d", tc.f, tc.sample, n, len(ms), err, tc.want, tc.wantMembers)
		}
	}
	if _, _, err := svc.Preview(t.Context(), acct, segment.Filter{Status: "gone"}, 5); !errs.Is(err, errs.Invalid) {
		t.Errorf("bad status: %v", err)
	}
}
