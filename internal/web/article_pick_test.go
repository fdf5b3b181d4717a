package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/wechat"
)

// libraryArticle stores one article in the app's library.
func libraryArticle(t *testing.T, app *testApp, title string) *content.Article {
	t.Helper()
	a := &content.Article{AccountID: app.Account.ID, Title: title, Digest: "全场八折", CoverURL: "https://img.example.com/c.jpg",
		URL: "https://shop.example.com/" + url.PathEscape(title)}
	if err := app.H.Articles.Create(context.Background(), a); err != nil {
		t.Fatalf("create article: %v", err)
	}
	return a
}

func TestKeywordRuleAnswersWithALibraryArticle(t *testing.T) {
	a := newRulesApp(t)
	art := libraryArticle(t, a.testApp, "春季上新")
	_, body := a.op.get(a.path("/rules/edit"))
	wantPage(t, "picker", http.StatusOK, body, http.StatusOK, `id="kw-article"`, fmt.Sprintf(`<option value="%d" >春季上新</option>`, art.ID))

	form := url.Values{"name": {"上新 New"}, "keywords": {"上新"}, "match": {"contains"}, "article_id": {fmt.Sprint(art.ID)}}
	if status, body := a.op.post(a.path("/rules/keyword"), form); status != http.StatusSeeOther {
		t.Fatalf("save = %d %.300s", status, body)
	}
	rs, _ := a.H.Rules.RuleSet(context.Background(), a.Account.ID, 0)
	got := rs.Rules[len(rs.Rules)-1].Replies
	want := wechat.Article{Title: "春季上新", Description: "全场八折", PicURL: art.CoverURL, URL: art.URL}
	if len(got) != 1 || got[0].Type != wechat.ReplyNews || len(got[0].Articles) != 1 || got[0].Articles[0] != want {
		t.Fatalf("rule replies = %+v, want the article as news", got)
	}

	// The version keeps its copy when the library changes.
	art.Title = "夏季上新"
	if err := a.H.Articles.Update(context.Background(), art); err != nil {
		t.Fatal(err)
	}
	rs, _ = a.H.Rules.RuleSet(context.Background(), a.Account.ID, 0)
	if title := rs.Rules[len(rs.Rules)-1].Replies[0].Articles[0].Title; title != "春季上新" {
		t.Errorf("saved version follows the library: %q", title)
	}

	other := a.addAccount("wxother0000000002", "第三个号")
	foreign := &content.Article{AccountID: other.ID, Title: "别人的", CoverURL: "https://x.example.com/c.jpg", URL: "https://x.example.com"}
	if err := a.H.Articles.Create(context.Background(), foreign); err != nil {
		t.Fatal(err)
	}
	before := a.activeVersion()
	for name, id := range map[string]string{"foreign article": fmt.Sprint(foreign.ID), "not a number": "abc"} {
		form.Set("article_id", id)
		status, body := a.op.post(a.path("/rules/keyword"), form)
		if status < 400 || !strings.Contains(body, "keyword-errors") {
			t.Errorf("%s: %d, want the form with an error", name, status)
		}
	}
	if a.activeVersion() != before {
		t.Errorf("refused forms saved a version")
	}
}

func TestConversationReplySendsALibraryArticle(t *testing.T) {
	app, sender, c := deskSetup(t)
	art := libraryArticle(t, app, "退票指南")
	base := "/a/" + app.Account.AppID
	wang := app.login("wang")
	_, body := wang.get(fmt.Sprintf("%s/inbox/%d", base, c.ID))
	wantPage(t, "composer picker", http.StatusOK, body, http.StatusOK, `id="news-library"`, "退票指南")

	status, _, _ := wang.htmx("POST", fmt.Sprintf("%s/conversations/%d/reply", base, c.ID),
		url.Values{"type": {"news"}, "article_id": {fmt.Sprint(art.ID)}, "title": {"typed title loses"}})
	if status != http.StatusNoContent {
		t.Fatalf("reply = %d", status)
	}
	if len(sender.bodies) != 1 || !strings.Contains(sender.bodies[0], "退票指南") || !strings.Contains(sender.bodies[0], art.URL) ||
		strings.Contains(sender.bodies[0], "typed title loses") {
		t.Fatalf("sent %q, want the library article", sender.bodies)
	}
	status, _, _ = wang.htmx("POST", fmt.Sprintf("%s/conversations/%d/reply", base, c.ID),
		url.Values{"type": {"news"}, "article_id": {"999999"}})
	if status != http.StatusNotFound || len(sender.bodies) != 1 {
		t.Errorf("unknown article = %d with %d sends, want 404 and nothing sent", status, len(sender.bodies))
	}
}
