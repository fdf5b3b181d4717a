package wxdraft

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"time"

	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// CoverTimeout bounds one cover download, so a slow image host cannot hold
// a broadcast for long.
const CoverTimeout = 10 * time.Second

// MaxCover is the largest cover downloaded: what WeChat takes as a
// permanent image.
const MaxCover = wxclient.MaxMaterialImage

// cover returns the media_id of a's cover on wx's account, uploading it on
// first use.
func (p *Publisher) cover(ctx context.Context, wx WeChat, a content.Article) (string, error) {
	key := coverKey{wx.AppID(), a.CoverURL}
	p.mu.Lock()
	id, ok := p.covers[key]
	p.mu.Unlock()
	if ok {
		return id, nil
	}
	name, data, err := p.download(ctx, a.CoverURL)
	if err != nil {
		return "", errs.Errorf(errs.Invalid, "the cover image of %q could not be downloaded: %s (文章「%s」的封面图片无法下载：%s)",
			a.Title, err.en, a.Title, err.zh)
	}
	id, _, uerr := wx.AddMaterialImage(ctx, name, data)
	if uerr != nil {
		return "", fmt.Errorf("upload the cover of %q to WeChat (上传文章「%s」的封面到微信): %w", a.Title, a.Title, uerr)
	}
	p.log.Info("cover uploaded to wechat", "appid", wx.AppID(), "cover_host", hostOf(a.CoverURL), "bytes", len(data))
	p.mu.Lock()
	p.covers[key] = id
	p.mu.Unlock()
	return id, nil
}

// forget drops the cached covers of articles.
func (p *Publisher) forget(appID string, articles []content.Article) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, a := range articles {
		delete(p.covers, coverKey{appID, a.CoverURL})
	}
}

// coverProblem is why a cover could not be used, in both languages.
type coverProblem struct{ en, zh string }

// download fetches a cover: http or https, within CoverTimeout, at most
// MaxCover bytes, and sniffed as a JPEG, PNG, GIF or BMP image (what
// WeChat takes). It returns a file name for the upload.
func (p *Publisher) download(ctx context.Context, raw string) (string, []byte, *coverProblem) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", nil, &coverProblem{"the address is not an http or https URL", "地址不是 http 或 https 链接"}
	}
	ctx, cancel := context.WithTimeout(ctx, CoverTimeout)
	defer cancel()
	data, prob := p.fetch(ctx, u.String())
	if prob != nil {
		return "", nil, prob
	}
	ctype := http.DetectContentType(data)
	switch ctype {
	case "image/jpeg", "image/png", "image/gif", "image/bmp":
	default:
		return "", nil, &coverProblem{"it is " + ctype + ", not a JPEG, PNG, GIF or BMP image",
			"内容是 " + ctype + "，不是 JPEG、PNG、GIF 或 BMP 图片"}
	}
	return coverName(u), data, nil
}

func (p *Publisher) fetch(ctx context.Context, u string) ([]byte, *coverProblem) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, &coverProblem{err.Error(), "无法构造请求"}
	}
	resp, err := p.http.Do(req)
	if err != nil {
		return nil, transportProblem(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &coverProblem{"the server answered " + resp.Status, "服务器返回 " + resp.Status}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxCover+1))
	switch {
	case err != nil:
		return nil, transportProblem(err)
	case len(data) > MaxCover:
		return nil, &coverProblem{"it is larger than 10 MB", "图片超过 10 MB"}
	case len(data) == 0:
		return nil, &coverProblem{"the server sent an empty file", "服务器返回的文件为空"}
	}
	return data, nil
}

func transportProblem(err error) *coverProblem {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return &coverProblem{"no answer within 10 seconds", "10 秒内没有响应"}
	}
	return &coverProblem{err.Error(), "网络请求失败"}
}

// checkRedirect follows at most 5 redirects, to http or https only.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("more than 5 redirects")
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("redirected to a %s URL", req.URL.Scheme)
	}
	return nil
}

// coverName is the last path element of the URL, or "cover"; the client
// fixes the extension from the bytes.
func coverName(u *url.URL) string {
	if b := path.Base(u.Path); b != "" && b != "." && b != "/" {
		return b
	}
	return "cover"
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Host
	}
	return ""
}
