package wxclient

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
)

// tinyPNG is a real 2×2 PNG.
func tinyPNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func goodArticle(thumb string) DraftArticle {
	return DraftArticle{Title: "春季音乐节", Author: "小编", Digest: "三天三夜 <现场>", Content: `<p>正文 &amp; 更多</p>`,
		ContentSourceURL: "https://example.com/a?x=1&y=2", ThumbMediaID: thumb, NeedOpenComment: 1}
}

func TestDraftAgainstSimulator(t *testing.T) {
	p, a := simAccount(t, 0)
	ctx := context.Background()
	id, u, err := a.AddMaterialImage(ctx, `C:\covers\封面.jpeg`, tinyPNG(t))
	if err != nil || id == "" || !strings.Contains(u, "wx_fmt=png") {
		t.Fatalf("AddMaterialImage = %q, %q, %v", id, u, err)
	}
	draft, err := a.AddDraft(ctx, []DraftArticle{goodArticle(id), goodArticle(id)})
	if err != nil || draft == "" {
		t.Fatalf("AddDraft = %q, %v", draft, err)
	}
	drafts, mats, err := p.Drafts(tagAppID)
	if err != nil || len(drafts) != 1 || len(mats) != 1 {
		t.Fatalf("simulator holds %d drafts, %d materials (%v)", len(drafts), len(mats), err)
	}
	if mats[0].Filename != "封面.png" || mats[0].Format != "png" {
		t.Errorf("material = %+v, want the base name with the sniffed extension", mats[0])
	}
	got := drafts[0].Articles[1]
	if drafts[0].MediaID != draft || got.Title != "春季音乐节" || got.Digest != "三天三夜 <现场>" ||
		got.ContentSourceURL != "https://example.com/a?x=1&y=2" || got.NeedOpenComment != 1 || got.ThumbMediaID != id {
		t.Errorf("stored draft = %+v", drafts[0])
	}
	_, err = a.AddDraft(ctx, []DraftArticle{goodArticle("not-a-material")})
	if !IsCode(err, CodeInvalidMediaID) || !errs.Is(err, errs.Invalid) {
		t.Errorf("unknown thumb: %v, want 40007", err)
	}
}

func TestAddMaterialImageRefusesLocally(t *testing.T) {
	p, a := simAccount(t, 0)
	big := append(tinyPNG(t), make([]byte, MaxMaterialImage)...)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "图片内容为空"},
		{"text", []byte("<html>not an image</html>"), "text/html"},
		{"webp", []byte("RIFF\x00\x00\x00\x00WEBPVP8 "), "image/webp"},
		{"over 10 MB", big, "10 MB"},
	}
	for _, tt := range tests {
		_, _, err := a.AddMaterialImage(context.Background(), "x.png", tt.data)
		if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want Invalid mentioning %q", tt.name, err, tt.want)
		}
	}
	if _, mats, _ := p.Drafts(tagAppID); len(mats) != 0 {
		t.Errorf("refused images reached WeChat: %+v", mats)
	}
}

func TestCheckDraft(t *testing.T) {
	with := func(edit func(*DraftArticle)) []DraftArticle {
		d := goodArticle("m")
		edit(&d)
		return []DraftArticle{d}
	}
	nine := make([]DraftArticle, 9)
	for i := range nine {
		nine[i] = goodArticle("m")
	}
	tests := []struct {
		name string
		in   []DraftArticle
		want string // "" for accepted
	}{
		{"good", with(func(*DraftArticle) {}), ""},
		{"32-character title", with(func(d *DraftArticle) { d.Title = strings.Repeat("字", 32) }), ""},
		{"none", nil, "1 到 8"},
		{"nine", nine, "当前 9 篇"},
		{"no title", with(func(d *DraftArticle) { d.Title = "" }), "标题不能为空"},
		{"33-character title", with(func(d *DraftArticle) { d.Title = strings.Repeat("字", 33) }), "标题超过 32"},
		{"17-character author", with(func(d *DraftArticle) { d.Author = strings.Repeat("作", 17) }), "作者超过 16"},
		{"129-character digest", with(func(d *DraftArticle) { d.Digest = strings.Repeat("摘", 129) }), "摘要超过 128"},
		{"no content", with(func(d *DraftArticle) { d.Content = "" }), "正文不能为空"},
		{"20,000 characters", with(func(d *DraftArticle) { d.Content = strings.Repeat("文", 20000) }), "2 万字符"},
		{"long link", with(func(d *DraftArticle) { d.ContentSourceURL = strings.Repeat("u", 1025) }), "1 KB"},
		{"no thumb", with(func(d *DraftArticle) { d.ThumbMediaID = "" }), "封面"},
	}
	for _, tt := range tests {
		err := CheckDraft(tt.in)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (!errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: %v, want Invalid mentioning %q", tt.name, err, tt.want)
		}
	}
}

// TestUploadRetriesWithFreshToken: a rejected token is refreshed and the
// whole multipart body sent again.
func TestUploadRetriesWithFreshToken(t *testing.T) {
	f := newFake(t)
	var parts []string
	f.route(materialAddPath, func(w http.ResponseWriter, r *http.Request) {
		mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		part, err := multipart.NewReader(r.Body, params["boundary"]).NextPart()
		if mt != "multipart/form-data" || err != nil || r.URL.Query().Get("type") != "image" {
			t.Errorf("upload: %s, %v, query %v", mt, err, r.URL.Query())
			return
		}
		parts = append(parts, part.FormName()+":"+part.FileName())
		if len(parts) == 1 {
			writeJSON(w, map[string]any{"errcode": CodeInvalidCredential, "errmsg": "invalid credential"})
			return
		}
		writeJSON(w, map[string]any{"media_id": "MID", "url": "http://mmbiz.qpic.cn/x"})
	})
	a := f.account(t, Options{})
	id, _, err := a.AddMaterialImage(context.Background(), "cover", tinyPNG(t))
	if err != nil || id != "MID" {
		t.Fatalf("AddMaterialImage = %q, %v", id, err)
	}
	if len(parts) != 2 || parts[1] != "media:cover.png" {
		t.Errorf("parts = %v, want two uploads of media:cover.png", parts)
	}
	if toks := f.usedTokens(materialAddPath); len(toks) != 2 || toks[0] == toks[1] {
		t.Errorf("tokens = %v, want a fresh one for the retry", toks)
	}
}

func TestImageFilename(t *testing.T) {
	tests := []struct{ in, ctype, want string }{
		{"cover.jpeg", "image/png", "cover.png"},
		{"../../etc/passwd", "image/jpeg", "passwd.jpg"},
		{`a"b`, "image/gif", "a_b.gif"},
		{"", "image/bmp", "image.bmp"},
		{"/", "image/png", "image.png"},
	}
	for _, tt := range tests {
		if got := imageFilename(tt.in, tt.ctype); got != tt.want {
			t.Errorf("imageFilename(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
