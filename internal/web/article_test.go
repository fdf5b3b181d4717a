package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/user"
)

func articleForm(title, link string) url.Values {
	return url.Values{"title": {title}, "digest": {"全场八折，仅限本周"}, "cover_url": {"https://img.example.com/spring.jpg"},
		"url": {link}, "author": {"小编"}}
}

func TestArticleLibrary(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	app.addUser("agent", user.Agent, app.Account.ID)
	app.addUser("viewer", user.Viewer, app.Account.ID)
	op, agent, viewer := app.login("op"), app.login("agent"), app.login("viewer")
	list := app.path("/articles")

	status, body := op.get(list)
	wantPage(t, "empty list", status, body, http.StatusOK, `id="article-form"`, "还没有图文", `id="nav-articles"`, `class="active"`)
	status, _ = op.post(list, articleForm("春季上新", "https://shop.example.com/spring"))
	wantPage(t, "create", status, "", http.StatusSeeOther)
	status, body = op.post(list, articleForm("退款指南", "javascript:alert(1)"))
	wantPage(t, "invalid link", status, body, http.StatusBadRequest, `id="article-error"`, "原文链接须为", `value="退款指南"`, "全场八折，仅限本周")
	status, body = op.post(list, articleForm(strings.Repeat("长", content.MaxTitleRunes+1), "https://x.example.com"))
	wantPage(t, "long title", status, body, http.StatusBadRequest, "标题不能超过 64 个字")

	status, body = agent.get(list)
	wantPage(t, "agent view", status, body, http.StatusOK, `class="wx-news"`, "春季上新", "全场八折，仅限本周",
		`src="https://img.example.com/spring.jpg"`)
	if strings.Contains(body, `id="article-form"`) || strings.Contains(body, "退款指南") {
		t.Errorf("an agent sees the create form, or a refused article was stored")
	}
	id := articleIDIn(t, body, "春季上新")
	status, body = viewer.get(app.path("/articles/" + id))
	wantPage(t, "viewer sees the article", status, body, http.StatusOK, "春季上新", "https://shop.example.com/spring", "只有运营及以上角色可以修改图文")
	if strings.Contains(body, `id="article-form"`) || strings.Contains(body, `id="article-delete"`) {
		t.Errorf("a viewer sees the editing controls")
	}
	for _, c := range []struct {
		who  string
		cl   *client
		path string
	}{{"agent create", agent, list}, {"viewer create", viewer, list}, {"viewer update", viewer, app.path("/articles/" + id)},
		{"agent delete", agent, app.path("/articles/" + id + "/delete")}} {
		status, _ := c.cl.post(c.path, articleForm("x", "https://x.example.com"))
		wantPage(t, c.who, status, "", http.StatusForbidden)
	}
	t.Run("edit and delete", func(t *testing.T) { testArticleEdit(t, app, op, id) })
}

func testArticleEdit(t *testing.T, app *testApp, op *client, id string) {
	page := app.path("/articles/" + id)
	status, body := op.get(page)
	wantPage(t, "edit form", status, body, http.StatusOK, `id="article-form"`, `value="春季上新"`, `id="article-preview"`, "编辑图文")
	status, _ = op.post(page, articleForm("夏季上新", "https://shop.example.com/summer"))
	wantPage(t, "update", status, "", http.StatusSeeOther)
	status, body = op.post(page, articleForm("  ", "https://shop.example.com/summer"))
	wantPage(t, "update to an empty title", status, body, http.StatusBadRequest, `id="article-error"`, "标题不能为空")
	_, body = op.get(page)
	wantPage(t, "after update", http.StatusOK, body, http.StatusOK, `value="夏季上新"`, "https://shop.example.com/summer")
	status, _ = op.do("POST", page+"/delete", url.Values{}, nil)
	wantPage(t, "delete without the CSRF token", status, "", http.StatusForbidden)
	status, _ = op.post(page+"/delete", nil)
	wantPage(t, "delete", status, "", http.StatusSeeOther)
	status, _ = op.post(page+"/delete", nil)
	wantPage(t, "delete twice", status, "", http.StatusNotFound)
	status, _ = op.get(page)
	wantPage(t, "deleted article", status, "", http.StatusNotFound)
	status, _ = op.get(app.path("/articles/nope"))
	wantPage(t, "not a number", status, "", http.StatusNotFound)
	for _, action := range []string{"article.create", "article.update", "article.delete"} {
		if !articleAudited(t, app, action) {
			t.Errorf("the audit log has no %s", action)
		}
	}
}

func TestArticleSearchPagingAndAccounts(t *testing.T) {
	app := newTestApp(t)
	app.addUser("viewer", user.Viewer, app.Account.ID)
	viewer := app.login("viewer")
	ctx := context.Background()
	for i := range articlesPerPage + 1 {
		a := &content.Article{AccountID: app.Account.ID, Title: fmt.Sprintf("第%02d期 周报", i), CoverURL: "https://img.example.com/c.jpg",
			URL: "https://example.com/"}
		if i == 3 {
			a.Title = "Spring 特刊"
		}
		if err := app.H.Articles.Create(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	other := app.addAccount("wxtest00000000002", "另一个号")
	foreign := &content.Article{AccountID: other.ID, Title: "别人的图文", CoverURL: "https://img.example.com/c.jpg", URL: "https://example.com/"}
	if err := app.H.Articles.Create(ctx, foreign); err != nil {
		t.Fatal(err)
	}

	status, body := viewer.get(app.path("/articles"))
	wantPage(t, "first page", status, body, http.StatusOK, "第24期 周报", `id="article-next"`)
	if n := strings.Count(body, `class="article-tile"`); n != articlesPerPage {
		t.Errorf("first page shows %d articles, want %d", n, articlesPerPage)
	}
	next := regexp.MustCompile(`id="article-next" class="btn" href="([^"]+)"`).FindStringSubmatch(body)
	if next == nil {
		t.Fatal("no next page link")
	}
	status, body = viewer.get(strings.ReplaceAll(next[1], "&amp;", "&"))
	wantPage(t, "second page", status, body, http.StatusOK, "第00期 周报", "第一页")
	if strings.Count(body, `class="article-tile"`) != 1 || strings.Contains(body, "别人的图文") {
		t.Errorf("second page is not the one oldest article of this account: %.800s", body)
	}
	status, body = viewer.get(app.path("/articles?q=spring"))
	wantPage(t, "search", status, body, http.StatusOK, "Spring 特刊")
	if strings.Count(body, `class="article-tile"`) != 1 {
		t.Errorf("search for spring lists more than one article")
	}
	status, body = viewer.get(app.path("/articles?q=nothing"))
	wantPage(t, "search nothing", status, body, http.StatusOK, "没有标题符合的图文")
	status, _ = viewer.get(app.path(fmt.Sprintf("/articles/%d", foreign.ID)))
	wantPage(t, "another account's article", status, "", http.StatusNotFound)
	viewer.lang = "en"
	_, body = viewer.get(app.path("/articles"))
	wantPage(t, "english", http.StatusOK, body, http.StatusOK, "Article library", "Next page")
}

// articleIDIn finds the id of the library tile with the given title.
func articleIDIn(t *testing.T, body, title string) string {
	t.Helper()
	m := regexp.MustCompile(`id="article-(\d+)" class="article-tile" href="[^"]*" data-title="` + regexp.QuoteMeta(title) + `"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no tile for %s", title)
	}
	return m[1]
}

func articleAudited(t *testing.T, app *testApp, action string) bool {
	t.Helper()
	entries, err := app.DB.ListAudit(context.Background(), user.AuditFilter{AccountID: app.Account.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == action && strings.HasPrefix(e.Target, "article:") {
			return true
		}
	}
	return false
}
