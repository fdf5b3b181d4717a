package storetest

import (
	"reflect"
	"testing"

	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/menu"
)

// testMenus stores menu versions (numbered per account, newest is the
// draft), what is published with its conditional menuids, and reads tags.
func testMenus(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_menus").ID
	other := mustAccount(t, s, "wx_menus_other").ID
	_, err := s.LatestMenuVersion(ctx(t), acct)
	wantCode(t, "draft before any save", err, errs.NotFound)
	doc := menu.Document{
		Buttons: []menu.Button{{Name: "今日", Type: menu.TypeClick, Key: "K1", Reply: &menu.Reply{Text: "你好 & <hi>"}},
			{Name: "更多", Sub: []menu.Button{{Name: "官网", Type: menu.TypeView, URL: "https://example.com/?a=1&b=2"}}}},
		Conditional: []menu.Conditional{{TagID: 3, Buttons: []menu.Button{{Name: "VIP", Type: menu.TypeClick, Key: "K2"}}}},
	}
	v1 := &menu.Version{AccountID: acct, Doc: doc, Note: "first", CreatedBy: 7, CreatedAt: base}
	v2 := &menu.Version{AccountID: acct, Doc: menu.Document{Buttons: doc.Buttons[:1]}, CreatedAt: base}
	vo := &menu.Version{AccountID: other, Doc: doc, CreatedAt: base}
	for _, v := range []*menu.Version{v1, v2, vo} {
		if err := s.SaveMenuVersion(ctx(t), v); err != nil {
			t.Fatalf("SaveMenuVersion: %v", err)
		}
	}
	if v1.Version != 1 || v2.Version != 2 || vo.Version != 1 || !v1.CreatedAt.Equal(base) {
		t.Fatalf("versions = %d, %d, other %d (at %v), want 1, 2, 1", v1.Version, v2.Version, vo.Version, v1.CreatedAt)
	}
	got, err := s.MenuVersion(ctx(t), acct, 1)
	if err != nil || !reflect.DeepEqual(got.Doc, doc) || got.Note != "first" || got.CreatedBy != 7 {
		t.Errorf("MenuVersion(1) = %+v, %v; want the document back", got, err)
	}
	latest, err := s.LatestMenuVersion(ctx(t), acct)
	if err != nil || latest.Version != 2 || len(latest.Doc.Buttons) != 1 {
		t.Errorf("LatestMenuVersion = %+v, %v; want version 2", latest, err)
	}
	list, err := s.MenuVersions(ctx(t), acct, 10)
	if err != nil || len(list) != 2 || list[0].Version != 2 {
		t.Errorf("MenuVersions = %d versions, %v; want 2, newest first", len(list), err)
	}
	_, err = s.MenuVersion(ctx(t), other, 2)
	wantCode(t, "version of another account", err, errs.NotFound)
	err = s.SaveMenuVersion(ctx(t), &menu.Version{AccountID: 999999, Doc: doc})
	wantCode(t, "unknown account", err, errs.NotFound)
	t.Run("published", func(t *testing.T) { testMenuPublished(t, s, acct) })
	t.Run("tags", func(t *testing.T) { testMenuTags(t, s, acct) })
}

func testMenuPublished(t *testing.T, s Store, acct int64) {
	p, err := s.PublishedMenu(ctx(t), acct)
	if err != nil || p.Version != 0 {
		t.Fatalf("PublishedMenu before publishing = %+v, %v", p, err)
	}
	want := menu.Published{AccountID: acct, Version: 2, MenuIDs: []string{"400000002"}, RuleVersion: 5, By: 7, At: base}
	for _, p := range []menu.Published{{AccountID: acct, Version: 1, At: base}, want} {
		if err := s.SetPublishedMenu(ctx(t), p); err != nil {
			t.Fatalf("SetPublishedMenu: %v", err)
		}
	}
	got, err := s.PublishedMenu(ctx(t), acct)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("PublishedMenu = %+v, %v; want %+v", got, err, want)
	}
	err = s.SetPublishedMenu(ctx(t), menu.Published{AccountID: 999999, Version: 1})
	wantCode(t, "publish for unknown account", err, errs.NotFound)
}

func testMenuTags(t *testing.T, s Store, acct int64) {
	local, err := s.CreateTag(ctx(t), acct, "会员", 0)
	if err != nil {
		t.Fatalf("CreateTag: %v", err)
	}
	synced, err := s.CreateTag(ctx(t), acct, "VIP", 101)
	if err != nil {
		t.Fatalf("CreateTag: %v", err)
	}
	for _, tt := range []struct {
		id, want int64
	}{{local.ID, 0}, {synced.ID, 101}} {
		if wx, err := s.MenuTagWxID(ctx(t), acct, tt.id); err != nil || wx != tt.want {
			t.Errorf("MenuTagWxID(%d) = %d, %v; want %d", tt.id, wx, err, tt.want)
		}
	}
	_, err = s.MenuTagWxID(ctx(t), acct, synced.ID+1000)
	wantCode(t, "unknown tag", err, errs.NotFound)
	tags, err := s.MenuTags(ctx(t), acct)
	want := []menu.Tag{{ID: synced.ID, Name: "VIP", WxTagID: 101}, {ID: local.ID, Name: "会员"}}
	if err != nil || !reflect.DeepEqual(tags, want) {
		t.Errorf("MenuTags = %+v, %v; want %+v", tags, err, want)
	}
}

// testMenuClicks: the projector rolls CLICK and VIEW events up per key and
// local day; other events and other accounts do not count.
func testMenuClicks(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_menu_clicks").ID
	other := mustAccount(t, s, "wx_menu_clicks_other").ID
	mustCommit(t, s,
		event(acct, "o1", "CLICK", "K1", utc(1, 1, 0)),
		event(acct, "o2", "CLICK", "K1", utc(1, 2, 0)),
		event(acct, "o2", "CLICK", "K1", utc(2, 2, 0)),
		event(acct, "o1", "VIEW", "https://example.com/a", utc(2, 3, 0)),
		event(acct, "o1", "SCAN", "K1", utc(2, 3, 0)),
		event(other, "o1", "CLICK", "K1", utc(2, 3, 0)),
	)
	if _, err := analytics.NewProjector(s, nil).CatchUp(ctx(t)); err != nil {
		t.Fatalf("CatchUp: %v", err)
	}
	may1 := analytics.DateOf(utc(1, 1, 0), shanghai)
	got, err := s.MenuClicks(ctx(t), acct, may1, may1+1)
	want := []menu.Clicks{{Event: "CLICK", Key: "K1", N: 3}, {Event: "VIEW", Key: "https://example.com/a", N: 1}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("MenuClicks = %+v, %v; want %+v", got, err, want)
	}
	got, err = s.MenuClicks(ctx(t), acct, may1+1, may1+1)
	if err != nil || len(got) != 2 || got[0].N != 1 {
		t.Errorf("MenuClicks of May 2 = %+v, %v; want one click and one view", got, err)
	}
	behind, err := s.AnalyticsBehind(ctx(t))
	if err != nil || behind {
		t.Errorf("AnalyticsBehind after catching up = %v, %v", behind, err)
	}
	// A span without menu events moves the cursor; a later click counts once.
	mustCommit(t, s, text(acct, "o3", 880001, "你好", utc(2, 4, 0)))
	if _, err := analytics.NewProjector(s, nil).CatchUp(ctx(t)); err != nil {
		t.Fatalf("CatchUp: %v", err)
	}
	mustCommit(t, s, event(acct, "o3", "CLICK", "K1", utc(2, 5, 0)))
	if _, err := analytics.NewProjector(s, nil).CatchUp(ctx(t)); err != nil {
		t.Fatalf("CatchUp: %v", err)
	}
	got, err = s.MenuClicks(ctx(t), acct, may1, may1+1)
	want[0].N = 4
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("MenuClicks after another click = %+v, %v; want %+v", got, err, want)
	}
}
