package broadcast_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/content/wxdraft"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/segment"
)

// libraryDrafts is the app's adapter in small: library articles from the
// store, saved as a WeChat draft by the real publisher.
type libraryDrafts struct {
	e   *env
	lib *content.Service
	pub *wxdraft.Publisher
}

func (l libraryDrafts) load(ctx context.Context, accountID int64, ids []int64) ([]content.Article, error) {
	var out []content.Article
	for _, id := range ids {
		a, err := l.lib.Get(ctx, accountID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, nil
}

func (l libraryDrafts) Check(ctx context.Context, accountID int64, ids []int64) error {
	arts, err := l.load(ctx, accountID, ids)
	if err != nil {
		return err
	}
	return wxdraft.Check(arts)
}

func (l libraryDrafts) MediaID(ctx context.Context, acct *account.Account, ids []int64) (string, error) {
	arts, err := l.load(ctx, acct.ID, ids)
	if err != nil {
		return "", err
	}
	return l.pub.DraftMediaID(ctx, l.e.api, arts)
}

// coverServer serves a real PNG at /cover.png; other paths are 404.
func coverServer(t *testing.T) *httptest.Server {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/cover.png" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(buf.Bytes())
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A news broadcast names library articles; sending saves them as one
// WeChat draft and mass-sends its media_id, the same one in every batch.
func TestNewsFromTheLibrary(t *testing.T) {
	const n = testBatch + 7
	e := newEnv(t, account.Service, n)
	covers := coverServer(t)
	lib := content.NewService(e.db, e.clock.Now)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.svc = broadcast.NewService(broadcast.Deps{Store: e.db, Tags: e.db, Segments: segment.NewService(e.db, e.clock.Now),
		API: func(*account.Account) broadcast.WeChat { return e.wrap }, Logger: quiet, Now: e.clock.Now, MaxBatch: testBatch,
		Drafts: libraryDrafts{e: e, lib: lib, pub: wxdraft.New(wxdraft.Options{Logger: quiet})}})
	article := func(title, cover string) int64 {
		a := &content.Article{AccountID: e.acct.ID, Title: title, Digest: "全场八折", CoverURL: covers.URL + cover,
			URL: "https://shop.example.com/" + title}
		if err := lib.Create(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	spring, refund := article("春季上新", "/cover.png"), article("退款指南", "/cover.png")
	id := e.create(broadcast.Draft{Title: "图文", Kind: broadcast.KindNews, ArticleIDs: []int64{spring, refund}, Audience: all})
	b := e.run(id, broadcast.StatusSent)
	drafts, _, err := e.p.Drafts(e.acct.AppID)
	if err != nil || len(drafts) != 1 || len(drafts[0].Articles) != 2 || drafts[0].Articles[0].Title != "春季上新" {
		t.Fatalf("simulator drafts = %+v, %v; want one draft of the two articles", drafts, err)
	}
	if b.MediaID != drafts[0].MediaID {
		t.Errorf("stored media_id %q, draft %q", b.MediaID, drafts[0].MediaID)
	}
	jobs := e.p.MassJobs(e.acct.AppID)
	if len(jobs) != 2 {
		t.Fatalf("jobs = %d, want 2 batches", len(jobs))
	}
	for _, j := range jobs {
		var body struct {
			MPNews struct {
				MediaID string `json:"media_id"`
			} `json:"mpnews"`
		}
		if err := json.Unmarshal(j.Body, &body); err != nil || j.MsgType != "mpnews" || body.MPNews.MediaID != drafts[0].MediaID {
			t.Errorf("job %d: msgtype %s body %s, want mpnews with the draft's media_id", j.MsgID, j.MsgType, j.Body)
		}
	}
	if hist := e.received(id, n); hist[1] != n {
		t.Errorf("deliveries per follower = %v, want all once", hist)
	}

	// A cover that cannot be fetched fails the broadcast with the reason;
	// nothing is sent.
	e.clock.Advance(25 * time.Hour) // past the daily cap
	gone := article("下架商品", "/missing.png")
	id = e.create(broadcast.Draft{Title: "坏封面", Kind: broadcast.KindNews, ArticleIDs: []int64{gone}, Audience: all})
	b = e.run(id, broadcast.StatusFailed)
	if !strings.Contains(b.Error, "下架商品") || len(e.p.MassJobs(e.acct.AppID)) != 2 {
		t.Errorf("failed broadcast error %q, jobs %d; want the cover named and no new job", b.Error, len(e.p.MassJobs(e.acct.AppID)))
	}

	// Articles a draft would refuse, or that do not exist, are refused when composing.
	long := &content.Article{AccountID: e.acct.ID, Title: strings.Repeat("长", 40), CoverURL: covers.URL + "/cover.png", URL: "https://x.example.com"}
	if err := lib.Create(t.Context(), long); err != nil {
		t.Fatal(err)
	}
	for name, ids := range map[string][]int64{"title over 32": {long.ID}, "unknown": {9999}, "none": nil} {
		_, err := e.svc.Create(t.Context(), e.acct.ID, 1, broadcast.Draft{Title: name, Kind: broadcast.KindNews, ArticleIDs: ids, Audience: all})
		if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.NotFound) {
			t.Errorf("%s: Create = %v, want a refusal", name, err)
		}
	}
}
