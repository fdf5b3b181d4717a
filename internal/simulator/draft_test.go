package simulator_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
)

// article is one draft article as JSON, with thumb as its cover.
func article(thumb string, edit func(map[string]any)) map[string]any {
	a := map[string]any{"title": "春季音乐节", "author": "小编", "digest": "三天三夜", "content": "<p>正文</p>",
		"content_source_url": "https://example.com/a?x=1&y=2", "thumb_media_id": thumb, "need_open_comment": 1, "only_fans_can_comment": 0}
	if edit != nil {
		edit(a)
	}
	return a
}

func draftJSON(t *testing.T, arts ...map[string]any) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"articles": arts})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func set(k string, v any) func(map[string]any) { return func(m map[string]any) { m[k] = v } }

func TestDraftAdd(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	tok := c.fetchToken()
	thumb := c.material(tok)
	eight := make([]map[string]any, 8)
	for i := range eight {
		eight[i] = article(thumb, set("title", fmt.Sprintf("第 %d 篇", i+1)))
	}
	tests := []struct {
		name string
		body string
		want int
	}{
		{"one article", draftJSON(t, article(thumb, nil)), 0},
		{"eight articles", draftJSON(t, eight...), 0},
		{"title of 32 characters", draftJSON(t, article(thumb, set("title", strings.Repeat("字", 32)))), 0},
		{"no author, digest or link", draftJSON(t, article(thumb, func(m map[string]any) {
			delete(m, "author")
			delete(m, "digest")
			delete(m, "content_source_url")
		})), 0},
		{"empty body", "", simulator.ErrEmptyBody},
		{"not an object", `[1]`, simulator.ErrDataFormat},
		{"broken json", `{"articles":[{"title":`, simulator.ErrDataFormat},
		{"no articles", `{}`, simulator.ErrEmptyNews},
		{"empty articles", `{"articles":[]}`, simulator.ErrEmptyNews},
		{"nine articles", draftJSON(t, append(eight, article(thumb, nil))...), simulator.ErrArticleLimit},
		{"no title", draftJSON(t, article(thumb, set("title", ""))), simulator.ErrEmptyNews},
		{"title of 33 characters", draftJSON(t, article(thumb, set("title", strings.Repeat("字", 33)))), simulator.ErrTitleSize},
		{"author of 17 characters", draftJSON(t, article(thumb, set("author", strings.Repeat("a", 17)))), simulator.ErrAuthorSize},
		{"digest of 129 characters", draftJSON(t, article(thumb, set("digest", strings.Repeat("摘", 129)))), simulator.ErrDigestSize},
		{"no content", draftJSON(t, article(thumb, set("content", ""))), simulator.ErrEmptyContent},
		{"content of 20,000 characters", draftJSON(t, article(thumb, set("content", strings.Repeat("文", 20000)))), simulator.ErrContentSize},
		{"source link over 1 KB", draftJSON(t, article(thumb, set("content_source_url", "https://e.com/"+strings.Repeat("a", 1020)))), simulator.ErrURLSize},
		{"no thumb", draftJSON(t, article("", nil)), simulator.ErrInvalidMediaID},
		{"unknown thumb", draftJSON(t, article("not-a-material", nil)), simulator.ErrInvalidMediaID},
		{"second article's thumb unknown", draftJSON(t, article(thumb, nil), article("nope", nil)), simulator.ErrInvalidMediaID},
		{"newspic", draftJSON(t, article(thumb, set("article_type", "newspic"))), simulator.ErrDataFormat},
		{"comment flag 2", draftJSON(t, article(thumb, set("need_open_comment", 2))), simulator.ErrDataFormat},
	}
	accepted := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := c.post("/cgi-bin/draft/add", tok, tt.body)
			wantCode(t, tt.name, out, tt.want)
			if tt.want == 0 {
				accepted++
				if id, _ := out["media_id"].(string); len(id) < 20 {
					t.Errorf("media_id = %v", out["media_id"])
				}
			}
		})
	}
	drafts, _, err := c.p.Drafts(c.acct.AppID)
	if err != nil || len(drafts) != accepted || len(drafts[1].Articles) != 8 || drafts[0].Articles[0].ContentSourceURL != "https://example.com/a?x=1&y=2" {
		t.Fatalf("drafts = %+v, %v; want the %d accepted drafts", drafts, err, accepted)
	}
}

// TestDraftOtherAccountsMaterial: a thumb_media_id of another account is
// not one of this account's materials.
func TestDraftOtherAccountsMaterial(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	other := *c
	other.acct = simtest.Account("wx_sim_test_02", simulator.ModePlain, "")
	simtest.MustAdd(t, c.p, other.acct)
	thumb := other.material(other.fetchToken())
	wantCode(t, "foreign thumb", c.post("/cgi-bin/draft/add", c.fetchToken(), draftJSON(t, article(thumb, nil))), simulator.ErrInvalidMediaID)
}

func TestMassSendChecksDraft(t *testing.T) {
	c, _ := broadcastAPI(t, simulator.TypeService)
	tok := c.fetchToken()
	send := func(id string) map[string]any {
		return c.post("/cgi-bin/message/mass/sendall", tok, fmt.Sprintf(`{"filter":{"is_to_all":true},"msgtype":"mpnews","mpnews":{"media_id":%q}}`, id))
	}
	// Before any draft exists the simulator accepts any media_id.
	wantCode(t, "no drafts yet", send("anything"), 0)
	out := c.post("/cgi-bin/draft/add", tok, draftJSON(t, article(c.material(tok), nil)))
	wantCode(t, "draft", out, 0)
	wantCode(t, "unknown draft", send("anything"), simulator.ErrInvalidMediaID)
	wantCode(t, "the draft", send(out["media_id"].(string)), 0)
	list := fmt.Sprintf(`{"touser":[%q,%q],"msgtype":"mpnews","mpnews":{"media_id":"nope"}}`, fanA, fanB)
	wantCode(t, "mass/send unknown draft", c.post("/cgi-bin/message/mass/send", tok, list), simulator.ErrInvalidMediaID)
}

func TestSimDraftsPage(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	tok := c.fetchToken()
	wantCode(t, "draft", c.post("/cgi-bin/draft/add", tok, draftJSON(t, article(c.material(tok), nil))), 0)
	out := c.get("/sim/drafts", url.Values{"appid": {c.acct.AppID}})
	drafts, _ := out["drafts"].([]any)
	mats, _ := out["materials"].([]any)
	if len(drafts) != 1 || len(mats) != 1 || out["appid"] != c.acct.AppID {
		t.Fatalf("/sim/drafts = %v", out)
	}
	first := drafts[0].(map[string]any)["articles"].([]any)[0].(map[string]any)
	if first["title"] != "春季音乐节" {
		t.Errorf("first article = %v", first)
	}
	if code, _ := c.call("GET", "/sim/drafts", url.Values{"appid": {"wx_unknown"}}, ""); code != 404 {
		t.Errorf("unknown appid: HTTP %d, want 404", code)
	}
}
