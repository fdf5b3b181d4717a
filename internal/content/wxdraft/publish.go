// Package wxdraft turns articles of the library into a WeChat draft
// (草稿箱), whose media_id is what a mass send of news ("mpnews") needs.
// WeChat accepts only covers it hosts itself, so each cover URL is
// downloaded once, uploaded as a permanent image material, and its
// media_id remembered for the life of the process.
package wxdraft

import (
	"context"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"sync"

	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// WeChat is what the publisher needs of one account's API client;
// *wxclient.Account satisfies it.
type WeChat interface {
	AppID() string
	AddMaterialImage(ctx context.Context, filename string, data []byte) (mediaID, url string, err error)
	AddDraft(ctx context.Context, articles []wxclient.DraftArticle) (string, error)
}

var _ WeChat = (*wxclient.Account)(nil)

// Options configure a Publisher; the zero value works.
type Options struct {
	// HTTP downloads covers; default a client with CoverTimeout that
	// follows redirects to http and https only.
	HTTP   *http.Client
	Logger *slog.Logger
}

// Publisher makes drafts from library articles. It is safe for concurrent
// use; keep one per process, so the cover cache is shared.
type Publisher struct {
	http *http.Client
	log  *slog.Logger

	mu     sync.Mutex
	covers map[coverKey]string // → permanent image media_id
}

type coverKey struct{ appID, url string }

// New returns a Publisher with an empty cover cache.
func New(opts Options) *Publisher {
	if opts.HTTP == nil {
		opts.HTTP = &http.Client{Timeout: CoverTimeout, CheckRedirect: checkRedirect}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Publisher{http: opts.HTTP, log: opts.Logger, covers: map[coverKey]string{}}
}

// DraftMediaID saves articles (1–8, in order) as one draft of wx's account
// and returns the draft's media_id for an mpnews mass send. A draft is
// made anew on every call: WeChat takes a draft out of the draft box once
// it is sent. When WeChat no longer knows a cached cover (deleted in the
// console: 40007), the covers are uploaded again and the draft retried
// once.
func (p *Publisher) DraftMediaID(ctx context.Context, wx WeChat, articles []content.Article) (string, error) {
	if err := Check(articles); err != nil {
		return "", err
	}
	id, err := p.tryDraft(ctx, wx, articles)
	if !wxclient.IsCode(err, wxclient.CodeInvalidMediaID) {
		return id, err
	}
	p.log.Warn("wechat refused cached cover media_ids, uploading again", "appid", wx.AppID())
	p.forget(wx.AppID(), articles)
	return p.tryDraft(ctx, wx, articles)
}

func (p *Publisher) tryDraft(ctx context.Context, wx WeChat, articles []content.Article) (string, error) {
	drafts := make([]wxclient.DraftArticle, len(articles))
	for i, a := range articles {
		thumb, err := p.cover(ctx, wx, a)
		if err != nil {
			return "", err
		}
		drafts[i] = draftArticle(a, thumb)
	}
	id, err := wx.AddDraft(ctx, drafts)
	if err != nil {
		return "", fmt.Errorf("save the draft in WeChat (在微信中保存草稿): %w", err)
	}
	p.log.Info("wechat draft saved", "appid", wx.AppID(), "articles", len(articles))
	return id, nil
}

// Check refuses, before any download, articles WeChat's draft box would
// refuse, naming the article: the library allows longer titles (64) and
// authors (32) than a draft does (32 and 16). Callers may use it to
// refuse a news broadcast when it is composed rather than when it is sent.
func Check(articles []content.Article) error {
	if n := len(articles); n == 0 || n > wxclient.MaxDraftArticles {
		return errs.Errorf(errs.Invalid, "a news broadcast carries 1 to %d articles, got %d (图文群发须包含 1 到 %d 篇文章，当前 %d 篇)",
			wxclient.MaxDraftArticles, n, wxclient.MaxDraftArticles, n)
	}
	for i, a := range articles {
		if en, zh := draftArticle(a, "cover").Problem(); en != "" {
			return errs.Errorf(errs.Invalid, "article %d %q cannot become a WeChat draft: %s (第 %d 篇「%s」无法保存为微信草稿：%s)",
				i+1, a.Title, en, i+1, a.Title, zh)
		}
	}
	return nil
}

// draftArticle renders one library article as a draft article: the
// digest as the body, the article's link behind "阅读原文".
func draftArticle(a content.Article, thumb string) wxclient.DraftArticle {
	return wxclient.DraftArticle{
		Title:            a.Title,
		Author:           a.Author,
		Digest:           a.Digest,
		Content:          draftContent(a),
		ContentSourceURL: a.URL,
		ThumbMediaID:     thumb,
	}
}

// draftContent is a small, escaped HTML body. WeChat strips scripts and
// outside images anyway; the full text stays at the source link.
func draftContent(a content.Article) string {
	body := ""
	if a.Digest != "" {
		body = "<p>" + html.EscapeString(a.Digest) + "</p>"
	}
	return body + `<p><a href="` + html.EscapeString(a.URL) + `">阅读原文</a></p>`
}
