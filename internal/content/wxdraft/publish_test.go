package wxdraft

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

const appID = "wx_draft_publisher"

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// covers serves real images and the failure cases, counting requests.
type covers struct {
	srv  *httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newCovers(t *testing.T) *covers {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	var pngBuf, jpgBuf bytes.Buffer
	if err := png.Encode(&pngBuf, img); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&jpgBuf, img, nil); err != nil {
		t.Fatal(err)
	}
	c := &covers{hits: map[string]int{}}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.hits[r.URL.Path]++
		c.mu.Unlock()
		switch r.URL.Path {
		case "/a.png":
			_, _ = w.Write(pngBuf.Bytes())
		case "/b.jpg":
			_, _ = w.Write(jpgBuf.Bytes())
		case "/moved":
			http.Redirect(w, r, "/a.png", http.StatusFound)
		case "/text":
			_, _ = w.Write([]byte("this is not an image at all"))
		case "/big.png":
			_, _ = w.Write(pngBuf.Bytes())
			_, _ = w.Write(make([]byte, MaxCover))
		case "/empty":
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(c.srv.Close)
	return c
}

func (c *covers) url(path string) string { return c.srv.URL + path }

func (c *covers) hitCount(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits[path]
}

func setup(t *testing.T) (*simulator.Platform, *wxclient.Account, *covers) {
	t.Helper()
	p, srv := simtest.NewServer(t, simulator.Options{Logger: quiet})
	sa := simtest.Account(appID, simulator.ModePlain, "")
	simtest.MustAdd(t, p, sa)
	c := wxclient.New(wxclient.Options{BaseURL: srv.URL, Logger: quiet})
	return p, c.Account(wxclient.Credentials{AppID: sa.AppID, Secret: sa.Secret, BaseURL: srv.URL}), newCovers(t)
}

func art(title, cover string) content.Article {
	return content.Article{Title: title, Digest: "三天三夜 <现场> & 更多", CoverURL: cover,
		URL: "https://example.com/news?id=1&from=wx", Author: "小编"}
}

func TestDraftMediaID(t *testing.T) {
	p, wx, cv := setup(t)
	pub := New(Options{Logger: quiet})
	ctx := context.Background()
	arts := []content.Article{art("春季音乐节", cv.url("/a.png")), art("夏季音乐节", cv.url("/b.jpg")), art("秋季", cv.url("/moved"))}
	id, err := pub.DraftMediaID(ctx, wx, arts)
	if err != nil || id == "" {
		t.Fatalf("DraftMediaID = %q, %v", id, err)
	}
	drafts, mats, _ := p.Drafts(appID)
	if len(drafts) != 1 || drafts[0].MediaID != id || len(drafts[0].Articles) != 3 || len(mats) != 3 {
		t.Fatalf("simulator holds %+v and %d materials", drafts, len(mats))
	}
	if mats[0].Format != "png" || mats[1].Format != "jpg" || mats[0].Filename != "a.png" || mats[1].Filename != "b.jpg" {
		t.Errorf("materials = %+v", mats)
	}
	first := drafts[0].Articles[0]
	wantContent := `<p>三天三夜 &lt;现场&gt; &amp; 更多</p><p><a href="https://example.com/news?id=1&amp;from=wx">阅读原文</a></p>`
	if first.Title != "春季音乐节" || first.Author != "小编" || first.Content != wantContent ||
		first.ContentSourceURL != "https://example.com/news?id=1&from=wx" || first.ThumbMediaID != mats[0].MediaID {
		t.Errorf("first article = %+v", first)
	}
	// A second draft reuses the uploaded covers.
	id2, err := pub.DraftMediaID(ctx, wx, arts[:2])
	if err != nil || id2 == id {
		t.Fatalf("second DraftMediaID = %q, %v", id2, err)
	}
	if _, mats, _ := p.Drafts(appID); len(mats) != 3 || cv.hitCount("/a.png") != 2 {
		t.Errorf("covers uploaded again: %d materials, a.png fetched %d times", len(mats), cv.hitCount("/a.png"))
	}
}

func TestDraftCoverFailures(t *testing.T) {
	p, wx, cv := setup(t)
	pub := New(Options{Logger: quiet})
	tests := []struct {
		name, cover, want string
	}{
		{"404", cv.url("/missing.png"), "404"},
		{"not an image", cv.url("/text"), "text/plain"},
		{"too big", cv.url("/big.png"), "10 MB"},
		{"empty", cv.url("/empty"), "为空"},
		{"ftp", "ftp://example.com/a.png", "不是 http 或 https"},
		{"unreachable", "http://127.0.0.1:1/a.png", "网络请求失败"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pub.DraftMediaID(context.Background(), wx, []content.Article{art("好文", cv.url("/a.png")), art("坏封面", tt.cover)})
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			if !errs.Is(err, errs.Invalid) || !strings.Contains(msg, "封面图片无法下载") || !strings.Contains(msg, "坏封面") || !strings.Contains(msg, tt.want) {
				t.Errorf("err = %v, want Invalid naming the article and %q", err, tt.want)
			}
		})
	}
	if drafts, _, _ := p.Drafts(appID); len(drafts) != 0 {
		t.Errorf("a draft was saved despite a bad cover: %+v", drafts)
	}
}

func TestCheck(t *testing.T) {
	long := art(strings.Repeat("长", 33), "http://x/a.png")
	nine := make([]content.Article, 9)
	for i := range nine {
		nine[i] = art("t", "http://x/a.png")
	}
	tests := []struct {
		name string
		in   []content.Article
		want string
	}{
		{"ok", []content.Article{art("t", "http://x/a.png")}, ""},
		{"none", nil, "1 到 8"},
		{"nine", nine, "当前 9 篇"},
		{"long title", []content.Article{art("t", "http://x/a.png"), long}, "第 2 篇"},
		{"long author", []content.Article{func() content.Article { a := art("t", "u"); a.Author = strings.Repeat("作", 17); return a }()}, "作者超过 16"},
	}
	for _, tt := range tests {
		err := Check(tt.in)
		if tt.want == "" && err != nil || tt.want != "" && (!errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// forgetful refuses the first draft with 40007, as WeChat does when an
// operator deleted a cover the publisher had cached.
type forgetful struct {
	*wxclient.Account
	refused bool
}

func (f *forgetful) AddDraft(ctx context.Context, arts []wxclient.DraftArticle) (string, error) {
	if !f.refused {
		f.refused = true
		return "", &wxclient.Error{Code: wxclient.CodeInvalidMediaID, Msg: "invalid media_id", Path: "/cgi-bin/draft/add"}
	}
	return f.Account.AddDraft(ctx, arts)
}

func TestDraftReuploadsForgottenCovers(t *testing.T) {
	p, wx, cv := setup(t)
	pub := New(Options{Logger: quiet})
	arts := []content.Article{art("春季音乐节", cv.url("/a.png"))}
	id, err := pub.DraftMediaID(context.Background(), &forgetful{Account: wx}, arts)
	if err != nil || id == "" {
		t.Fatalf("DraftMediaID = %q, %v", id, err)
	}
	drafts, mats, _ := p.Drafts(appID)
	if len(drafts) != 1 || len(mats) != 2 || drafts[0].Articles[0].ThumbMediaID != mats[1].MediaID {
		t.Errorf("want the cover uploaded again and used: drafts %+v, materials %+v", drafts, mats)
	}
}
