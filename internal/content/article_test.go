package content_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/wechat"
)

func valid() content.Article {
	return content.Article{Title: "春季上新", Digest: "全场八折", CoverURL: "https://img.example.com/1.jpg",
		URL: "https://shop.example.com/spring?utm=wx", Author: "小编"}
}

func TestNormalize(t *testing.T) {
	with := func(f func(a *content.Article)) content.Article { a := valid(); f(&a); return a }
	tests := []struct {
		name string
		in   content.Article
		want string // a part of the error message; "" for valid
	}{
		{"valid", valid(), ""},
		{"trimmed", with(func(a *content.Article) { a.Title, a.URL = "  春季上新 ", " https://x.example.com \n" }), ""},
		{"no digest nor author", with(func(a *content.Article) { a.Digest, a.Author = "", "" }), ""},
		{"http is fine", with(func(a *content.Article) { a.CoverURL = "http://img.example.com/1.jpg" }), ""},
		{"longest title", with(func(a *content.Article) { a.Title = strings.Repeat("标", content.MaxTitleRunes) }), ""},
		{"no title", with(func(a *content.Article) { a.Title = "  " }), "标题不能为空"},
		{"long title", with(func(a *content.Article) { a.Title = strings.Repeat("标", content.MaxTitleRunes+1) }), "标题不能超过 64 个字"},
		{"title with a line break", with(func(a *content.Article) { a.Title = "春季\n上新" }), "标题不能包含换行"},
		{"long digest", with(func(a *content.Article) { a.Digest = strings.Repeat("摘", content.MaxDigestRunes+1) }), "摘要不能超过 120 个字"},
		{"no cover", with(func(a *content.Article) { a.CoverURL = "" }), "封面图片地址不能为空"},
		{"cover not a URL", with(func(a *content.Article) { a.CoverURL = "img/1.jpg" }), "封面图片地址须为"},
		{"no link", with(func(a *content.Article) { a.URL = "" }), "原文链接不能为空"},
		{"javascript link", with(func(a *content.Article) { a.URL = "javascript:alert(1)" }), "原文链接须为"},
		{"link without host", with(func(a *content.Article) { a.URL = "https:///path" }), "原文链接须为"},
		{"link with a space", with(func(a *content.Article) { a.URL = "https://x.example.com/a b" }), "原文链接须为"},
		{"huge link", with(func(a *content.Article) { a.URL = "https://x.example.com/" + strings.Repeat("a", content.MaxURLBytes) }), "原文链接不能超过"},
		{"long author", with(func(a *content.Article) { a.Author = strings.Repeat("作", content.MaxAuthorRunes+1) }), "作者不能超过"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.in
			err := a.Normalize()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Normalize: %v", err)
				}
				if a.Title != strings.TrimSpace(tt.in.Title) || a.URL != strings.TrimSpace(tt.in.URL) {
					t.Errorf("not trimmed: %+v", a)
				}
				return
			}
			if errs.CodeOf(err) != errs.Invalid || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want Invalid containing %q", err, tt.want)
			}
		})
	}
}

func TestToNews(t *testing.T) {
	a, b := valid(), valid()
	b.Title, b.Digest = "退款指南", ""
	got := content.ToNews([]content.Article{a, b})
	want := []wechat.Article{
		{Title: "春季上新", Description: "全场八折", PicURL: "https://img.example.com/1.jpg", URL: "https://shop.example.com/spring?utm=wx"},
		{Title: "退款指南", PicURL: "https://img.example.com/1.jpg", URL: "https://shop.example.com/spring?utm=wx"},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("ToNews = %+v, want %+v", got, want)
	}
	if err := (wechat.Reply{Type: wechat.ReplyNews, Articles: got[:1]}).Validate(); err != nil {
		t.Errorf("a library article is not a valid news reply: %v", err)
	}
	if got := content.ToNews(nil); got == nil || len(got) != 0 {
		t.Errorf("ToNews(nil) = %#v, want an empty slice", got)
	}
}

// newService is the service on a real SQLite store with one account.
func newService(t *testing.T, now time.Time) (*content.Service, int64) {
	t.Helper()
	db, err := sqlstore.Open(t.Context(), filepath.Join(t.TempDir(), "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	acct := &account.Account{AppID: "wxcontent0000001", Name: "图文测试号", Token: "tok123", Type: account.Service,
		Mode: account.ModeSafe, AESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", Secret: "s", TimeZone: account.DefaultTimeZone}
	if err := db.CreateAccount(t.Context(), acct); err != nil {
		t.Fatal(err)
	}
	return content.NewService(db, func() time.Time { return now }), acct.ID
}

func TestServiceCreateUpdatePage(t *testing.T) {
	now := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	svc, acct := newService(t, now)
	ctx := t.Context()
	var ids []int64
	for i := range 5 {
		a := valid()
		a.AccountID, a.Title = acct, "第 "+string(rune('1'+i))+" 篇"
		if err := svc.Create(ctx, &a); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if !a.CreatedAt.Equal(now) || !a.UpdatedAt.Equal(now) {
			t.Errorf("times %v %v, want %v", a.CreatedAt, a.UpdatedAt, now)
		}
		ids = append(ids, a.ID)
	}
	bad := valid()
	bad.AccountID, bad.URL = acct, "ftp://x.example.com"
	if err := svc.Create(ctx, &bad); errs.CodeOf(err) != errs.Invalid {
		t.Errorf("Create with an ftp link: %v, want Invalid", err)
	}
	p1, err := svc.List(ctx, content.Query{AccountID: acct, Limit: 2})
	if err != nil || len(p1.Items) != 2 || p1.Items[0].ID != ids[4] || p1.Next != ids[3] {
		t.Fatalf("page 1 = %+v, %v", p1, err)
	}
	p3, err := svc.List(ctx, content.Query{AccountID: acct, Limit: 2, BeforeID: ids[1] + 1})
	if err != nil || len(p3.Items) != 2 || p3.Next != 0 {
		t.Fatalf("last page = %+v, %v; want 2 items and no next", p3, err)
	}
	found, _ := svc.List(ctx, content.Query{AccountID: acct, Search: " 第 3 "})
	if len(found.Items) != 1 || found.Items[0].ID != ids[2] {
		t.Errorf("search = %+v", found)
	}
	upd, _ := svc.Get(ctx, acct, ids[0])
	upd.Title = "  "
	if err := svc.Update(ctx, upd); errs.CodeOf(err) != errs.Invalid {
		t.Errorf("Update to an empty title: %v, want Invalid", err)
	}
	if err := svc.Delete(ctx, acct, ids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Get(ctx, acct, ids[0]); errs.CodeOf(err) != errs.NotFound {
		t.Errorf("Get after Delete: %v, want NotFound", err)
	}
}
