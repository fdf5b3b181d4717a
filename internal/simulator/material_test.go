package simulator_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/simulator"
)

// Smallest headers of each image format WeChat takes.
var (
	pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	jpgBytes = []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}
	gifBytes = []byte("GIF89a\x01\x00\x01\x00")
	bmpBytes = append([]byte("BM"), make([]byte, 30)...)
)

// upload posts a multipart body with one file part to add_material.
func (c *api) upload(tok, typ, field, filename string, data []byte) map[string]any {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile(field, filename)
	if err != nil {
		c.t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	return c.rawPost("/cgi-bin/material/add_material", url.Values{"access_token": {tok}, "type": {typ}}, mw.FormDataContentType(), &buf)
}

func (c *api) rawPost(path string, q url.Values, ctype string, body io.Reader) map[string]any {
	c.t.Helper()
	resp, err := http.Post(c.base+path+"?"+q.Encode(), ctype, body)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		c.t.Fatalf("answer is not JSON: %v", err)
	}
	return out
}

// material uploads a PNG and returns its media_id.
func (c *api) material(tok string) string {
	c.t.Helper()
	out := c.upload(tok, "image", "media", "cover.png", pngBytes)
	wantCode(c.t, "upload", out, 0)
	id, _ := out["media_id"].(string)
	if id == "" {
		c.t.Fatalf("no media_id: %v", out)
	}
	return id
}

func TestAddMaterialImage(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	tok := c.fetchToken()
	tests := []struct {
		name, typ, field, file string
		data                   []byte
		want                   int
		format                 string
	}{
		{"png", "image", "media", "a.png", pngBytes, 0, "png"},
		{"jpg named gif", "image", "media", "a.gif", jpgBytes, 0, "jpg"},
		{"gif", "image", "media", "a.gif", gifBytes, 0, "gif"},
		{"bmp", "image", "media", "a.bmp", bmpBytes, 0, "bmp"},
		{"text named png", "image", "media", "a.png", []byte("hello, not an image"), simulator.ErrInvalidFileType, ""},
		{"webp", "image", "media", "a.webp", []byte("RIFF\x00\x00\x00\x00WEBPVP8 "), simulator.ErrInvalidFileType, ""},
		{"wrong field", "image", "file", "a.png", pngBytes, simulator.ErrMediaDataMissing, ""},
		{"empty file", "image", "media", "a.png", nil, simulator.ErrMediaDataMissing, ""},
		{"over 10 MB", "image", "media", "a.png", append(bytes.Clone(pngBytes), make([]byte, simulator.MaxMaterialImage)...), simulator.ErrInvalidImageSize, ""},
		{"voice", "voice", "media", "a.mp3", pngBytes, simulator.ErrInvalidMediaType, ""},
		{"no type", "", "media", "a.png", pngBytes, simulator.ErrInvalidMediaType, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := c.upload(tok, tt.typ, tt.field, tt.file, tt.data)
			wantCode(t, tt.name, out, tt.want)
			if tt.want != 0 {
				return
			}
			u, _ := out["url"].(string)
			if !strings.HasPrefix(u, "http://mmbiz.qpic.cn/") || !strings.HasSuffix(u, "wx_fmt="+tt.format) {
				t.Errorf("url = %q, want a mmbiz URL of format %s", u, tt.format)
			}
		})
	}
	_, mats, err := c.p.Drafts(c.acct.AppID)
	if err != nil || len(mats) != 4 || mats[1].Format != "jpg" || mats[1].Filename != "a.gif" || mats[0].Size != len(pngBytes) {
		t.Fatalf("materials = %+v, %v; want the 4 accepted images", mats, err)
	}
}

func TestAddMaterialNotMultipart(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	tok := c.fetchToken()
	out := c.rawPost("/cgi-bin/material/add_material", url.Values{"access_token": {tok}, "type": {"image"}},
		"application/json", strings.NewReader(`{"media":"x"}`))
	wantCode(t, "json body", out, simulator.ErrMediaDataMissing)
	_, got := c.call(http.MethodGet, "/cgi-bin/material/add_material", url.Values{"access_token": {tok}, "type": {"image"}}, "")
	wantCode(t, "GET", got, simulator.ErrRequirePOST)
	out = c.upload("bad-token", "image", "media", "a.png", pngBytes)
	if errcode(out) == 0 {
		t.Errorf("upload with a bad token succeeded: %v", out)
	}
}
