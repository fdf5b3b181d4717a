package api

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/fanbase/fanbase/internal/content"
)

const articles = "/api/v1/accounts/{a}/articles"

const springBody = `{"title":"春季上新","digest":"全场八折","cover_url":"https://img.example.com/1.jpg","url":"https://shop.example.com/spring","author":"小编"}`

// seedArticles stores three articles on account a (ids 1–3, "第1篇" oldest)
// and one on account b (id 4).
func seedArticles(h *harness) {
	h.t.Helper()
	svc := content.NewService(h.db, nil)
	for i, acct := range []int64{h.a.ID, h.a.ID, h.a.ID, h.b.ID} {
		a := &content.Article{AccountID: acct, Title: fmt.Sprintf("第%d篇 Weekly", i+1), CoverURL: "https://img.example.com/c.jpg",
			URL: "https://example.com/" + fmt.Sprint(i+1)}
		if err := svc.Create(h.t.Context(), a); err != nil {
			h.t.Fatalf("seed article: %v", err)
		}
	}
}

func TestArticleScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "create", method: "POST", path: articles, as: "token:operator", body: springBody, status: 201,
			want: map[string]any{"id": present, "title": "春季上新", "digest": "全场八折", "cover_url": "https://img.example.com/1.jpg",
				"url": "https://shop.example.com/spring", "author": "小编", "created_at": present, "updated_at": present, "created_by": present},
			audit: "article.create"},
		{name: "create with the session and its CSRF token", method: "POST", path: articles, as: "session:operator", body: springBody, status: 201},
		{name: "create without the CSRF token", method: "POST", path: articles, as: "nocsrf:operator", body: springBody, status: 403,
			want: map[string]any{"error.code": "forbidden"}},
		{name: "agent may not create", method: "POST", path: articles, as: "token:agent", body: springBody, status: 403},
		{name: "link not http", method: "POST", path: articles, as: "token:operator", status: 400,
			body: `{"title":"t","cover_url":"https://img.example.com/1.jpg","url":"javascript:alert(1)"}`,
			want: map[string]any{"error.code": "invalid", "error.message": "the link must be a full http:// or https:// address (原文链接须为以 http:// 或 https:// 开头的完整网址)"}},
		{name: "title too long", method: "POST", path: articles, as: "token:operator", status: 400,
			body: `{"title":"` + fmt.Sprintf("%065d", 0) + `","cover_url":"https://img.example.com/1.jpg","url":"https://x.example.com"}`,
			want: map[string]any{"error.code": "invalid"}},
		{name: "unknown field", method: "POST", path: articles, as: "token:operator", status: 400,
			body: `{"title":"t","pic_url":"https://img.example.com/1.jpg","url":"https://x.example.com"}`},
		{name: "list newest first", method: "GET", path: articles, as: "token:viewer", setup: seedArticles, status: 200,
			want: map[string]any{"#items": 3, "items.0.id": 3, "items.2.title": "第1篇 Weekly", "next": absent}},
		{name: "list paged", method: "GET", path: articles + "?limit=2", as: "session:viewer", setup: seedArticles, status: 200,
			want: map[string]any{"#items": 2, "items.1.id": 2, "next": encodeCursor(2)}},
		{name: "second page", method: "GET", path: articles + "?limit=2&cursor=" + encodeCursor(2), as: "token:viewer", setup: seedArticles,
			status: 200, want: map[string]any{"#items": 1, "items.0.id": 1, "next": absent}},
		{name: "search titles", method: "GET", path: articles + "?q=%E7%AC%AC2", as: "token:viewer", setup: seedArticles, status: 200,
			want: map[string]any{"#items": 1, "items.0.id": 2}},
		{name: "bad cursor", method: "GET", path: articles + "?cursor=zz", as: "token:viewer", status: 400},
		{name: "outsider", method: "GET", path: articles, as: "token:outsider", status: 403},
		{name: "get", method: "GET", path: articles + "/2", as: "token:viewer", setup: seedArticles, status: 200,
			want: map[string]any{"id": 2, "title": "第2篇 Weekly", "url": "https://example.com/2"}},
		{name: "another account's article", method: "GET", path: articles + "/4", as: "token:owner", setup: seedArticles, status: 404,
			want: map[string]any{"error.code": "not_found"}},
		{name: "not an id", method: "GET", path: articles + "/x", as: "token:viewer", status: 404},
	})
}

func TestArticleChangeScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "update", method: "PUT", path: articles + "/2", as: "token:operator", setup: seedArticles, body: springBody, status: 200,
			want: map[string]any{"id": 2, "title": "春季上新", "author": "小编"}, audit: "article.update",
			check: func(t *testing.T, h *harness) {
				got, err := h.db.Article(t.Context(), h.a.ID, 2)
				if err != nil || got.Title != "春季上新" || got.URL != "https://shop.example.com/spring" {
					t.Errorf("stored after update: %+v, %v", got, err)
				}
			}},
		{name: "update refused", method: "PUT", path: articles + "/2", as: "token:operator", setup: seedArticles, status: 400,
			body: `{"title":"","cover_url":"https://img.example.com/1.jpg","url":"https://x.example.com"}`,
			want: map[string]any{"error.code": "invalid"}},
		{name: "update of another account's article", method: "PUT", path: articles + "/4", as: "token:owner", setup: seedArticles,
			body: springBody, status: 404},
		{name: "viewer may not update", method: "PUT", path: articles + "/2", as: "token:viewer", setup: seedArticles, body: springBody, status: 403},
		{name: "delete", method: "DELETE", path: articles + "/3", as: "token:operator", setup: seedArticles, status: 200,
			want: map[string]any{"id": 3, "title": "第3篇 Weekly"}, audit: "article.delete",
			check: func(t *testing.T, h *harness) {
				if _, err := h.db.Article(t.Context(), h.a.ID, 3); err == nil {
					t.Errorf("article 3 is still stored")
				}
			}},
		{name: "delete unknown", method: "DELETE", path: articles + "/99", as: "token:operator", status: 404},
		{name: "agent may not delete", method: "DELETE", path: articles + "/3", as: "token:agent", setup: seedArticles, status: 403},
	})
}

func TestArticlesUnavailableWithoutTheService(t *testing.T) {
	h := newHarness(t)
	d := h.deps()
	d.Articles = nil
	h.api = New(d)
	h.mux = http.NewServeMux()
	h.api.Register(h.mux)
	w := h.request("GET", "/api/v1/accounts/"+h.a.AppID+"/articles", "token:viewer", "", "")
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("without the service = %d, want 503: %s", w.Code, w.Body.String())
	}
}
