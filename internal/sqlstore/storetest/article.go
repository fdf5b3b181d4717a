package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
)

// testArticles creates, lists, updates and deletes articles of the library:
// newest first with keyset paging and title search, another account's
// articles out of reach.
func testArticles(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_articles").ID
	other := mustAccount(t, s, "wx_articles_other").ID
	mk := func(acct int64, title string) *content.Article {
		t.Helper()
		a := &content.Article{AccountID: acct, Title: title, Digest: "摘要 " + title, CoverURL: "https://img.example.com/c.jpg",
			URL: "https://example.com/a?x=1", Author: "小编", CreatedBy: 7, CreatedAt: base, UpdatedAt: base}
		if err := s.CreateArticle(ctx(t), a); err != nil || a.ID == 0 {
			t.Fatalf("CreateArticle(%s): id %d, %v", title, a.ID, err)
		}
		return a
	}
	spring := mk(acct, "春季上新 Spring Sale")
	guide := mk(acct, "退款指南")
	promo := mk(acct, "会员日 100%_OFF")
	mk(other, "春季上新 of another account")

	t.Run("unknown account", func(t *testing.T) {
		err := s.CreateArticle(ctx(t), &content.Article{AccountID: 999999, Title: "t", CoverURL: "https://x/c", URL: "https://x"})
		wantCode(t, "unknown account", err, errs.NotFound)
	})
	t.Run("get", func(t *testing.T) {
		got, err := s.Article(ctx(t), acct, spring.ID)
		if err != nil || *got != *spring {
			t.Errorf("Article = %+v, %v; want %+v", got, err, spring)
		}
		_, err = s.Article(ctx(t), other, spring.ID)
		wantCode(t, "Article of another account", err, errs.NotFound)
	})
	t.Run("list", func(t *testing.T) { testArticleList(t, s, acct, spring, guide, promo) })
	t.Run("update and delete", func(t *testing.T) { testArticleChange(t, s, acct, other, spring) })
}

func testArticleList(t *testing.T, s Store, acct int64, spring, guide, promo *content.Article) {
	tests := []struct {
		name string
		q    content.Query
		want []int64
	}{
		{"all, newest first", content.Query{}, []int64{promo.ID, guide.ID, spring.ID}},
		{"limit", content.Query{Limit: 2}, []int64{promo.ID, guide.ID}},
		{"next page", content.Query{BeforeID: guide.ID, Limit: 2}, []int64{spring.ID}},
		{"title, any case", content.Query{Search: "spring"}, []int64{spring.ID}},
		{"chinese", content.Query{Search: "退款"}, []int64{guide.ID}},
		{"wildcards match themselves", content.Query{Search: "%_"}, []int64{promo.ID}},
		{"not in the digest", content.Query{Search: "摘要"}, nil},
		{"nothing", content.Query{Search: "nothing"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.AccountID = acct
			got, err := s.ListArticles(ctx(t), tt.q)
			if err != nil {
				t.Fatalf("ListArticles: %v", err)
			}
			if ids := articleIDs(got); !slices.Equal(ids, tt.want) {
				t.Errorf("ListArticles(%+v) = %v, want %v", tt.q, ids, tt.want)
			}
		})
	}
}

func testArticleChange(t *testing.T, s Store, acct, other int64, spring *content.Article) {
	upd := *spring
	upd.Title, upd.Digest, upd.Author, upd.UpdatedAt = "夏季上新", "", "", base.Add(time.Hour)
	upd.CreatedBy, upd.CreatedAt = 99, base.Add(time.Hour) // not rewritten
	if err := s.UpdateArticle(ctx(t), &upd); err != nil {
		t.Fatalf("UpdateArticle: %v", err)
	}
	got, _ := s.Article(ctx(t), acct, spring.ID)
	if got == nil || got.Title != "夏季上新" || got.Digest != "" || got.Author != "" ||
		!got.UpdatedAt.Equal(base.Add(time.Hour)) || !got.CreatedAt.Equal(base) || got.CreatedBy != 7 {
		t.Errorf("after update: %+v", got)
	}
	foreign := upd
	foreign.AccountID = other
	wantCode(t, "update of another account's article", s.UpdateArticle(ctx(t), &foreign), errs.NotFound)
	wantCode(t, "delete of another account's article", s.DeleteArticle(ctx(t), other, spring.ID), errs.NotFound)
	if err := s.DeleteArticle(ctx(t), acct, spring.ID); err != nil {
		t.Fatalf("DeleteArticle: %v", err)
	}
	wantCode(t, "delete twice", s.DeleteArticle(ctx(t), acct, spring.ID), errs.NotFound)
	_, err := s.Article(ctx(t), acct, spring.ID)
	wantCode(t, "get deleted", err, errs.NotFound)
}

func articleIDs(as []content.Article) []int64 {
	var ids []int64
	for _, a := range as {
		ids = append(ids, a.ID)
	}
	return ids
}
