package wxclient

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
)

const materialAddPath = "/cgi-bin/material/add_material"

// MaxMaterialImage is the largest permanent image WeChat accepts: 10 MB,
// in bmp/png/jpeg/jpg/gif (developers.weixin.qq.com/doc/service/api/
// material/permanent/api_addmaterial, "图片（image）: 10M"). Older docs
// said 2 MB; WeChat answers 40009 when it disagrees.
const MaxMaterialImage = 10 << 20

// Errcodes of material uploads and drafts (the global errcode table).
const (
	CodeInvalidFileType  = 40005 // invalid file type
	CodeInvalidImageSize = 40009 // invalid image size
	CodeMediaDataMissing = 41005 // media data missing (no "media" part)
	CodeTitleTooLong     = 45003 // title size out of limit
	CodeDigestTooLong    = 45004 // description size out of limit
	CodeAuthorTooLong    = 45110 // author size out of limit
)

func init() {
	meanings[CodeInvalidFileType] = meaning{"不合法的文件类型", "invalid file type", errs.Invalid}
	meanings[CodeInvalidImageSize] = meaning{"图片大小不合法", "invalid image size", errs.Invalid}
	meanings[CodeMediaDataMissing] = meaning{"缺少多媒体文件数据", "media data missing", errs.Invalid}
	meanings[CodeTitleTooLong] = meaning{"标题超过长度限制", "title too long", errs.Invalid}
	meanings[CodeDigestTooLong] = meaning{"摘要超过长度限制", "digest too long", errs.Invalid}
	meanings[CodeAuthorTooLong] = meaning{"作者超过长度限制", "author too long", errs.Invalid}
}

// imageTypes maps the MIME types WeChat takes as images to the file
// extension its upload expects.
var imageTypes = map[string]string{
	"image/jpeg": ".jpg",
	"image/png":  ".png",
	"image/gif":  ".gif",
	"image/bmp":  ".bmp",
}

// AddMaterialImage uploads a permanent image material (a draft's cover
// must be one) and returns its media_id and its URL on WeChat's image host.
// The image is checked locally first (size, and type sniffed from its
// bytes), so a bad cover fails with a clear error instead of a bare 40005.
// Transport errors are retried once: a duplicate upload only costs one of
// the library's 100,000 image slots.
func (a *Account) AddMaterialImage(ctx context.Context, filename string, data []byte) (mediaID, url string, err error) {
	ctype, err := checkImage(data)
	if err != nil {
		return "", "", err
	}
	body, contentType, err := mediaForm(imageFilename(filename, ctype), ctype, data)
	if err != nil {
		return "", "", fmt.Errorf("wechat %s: build upload: %w", materialAddPath, err)
	}
	var out struct {
		MediaID string `json:"media_id"`
		URL     string `json:"url"`
	}
	r := request{method: http.MethodPost, path: materialAddPath, query: imageQuery(), body: body, contentType: contentType}
	if err := a.send(ctx, r, &out, true); err != nil {
		return "", "", err
	}
	if out.MediaID == "" {
		return "", "", fmt.Errorf("wechat %s: answer has no media_id (微信未返回素材 media_id)", materialAddPath)
	}
	return out.MediaID, out.URL, nil
}

func imageQuery() url.Values { return url.Values{"type": {"image"}} }

// checkImage refuses what WeChat would refuse and returns the sniffed type.
func checkImage(data []byte) (string, error) {
	switch {
	case len(data) == 0:
		return "", errs.Errorf(errs.Invalid, "the image is empty (图片内容为空)")
	case len(data) > MaxMaterialImage:
		return "", errs.Errorf(errs.Invalid, "the image is %d bytes, WeChat takes at most 10 MB (图片超过 10 MB，微信不接受)", len(data))
	}
	ctype := http.DetectContentType(data)
	if _, ok := imageTypes[ctype]; !ok {
		return "", errs.Errorf(errs.Invalid, "the file is %s, not a JPEG, PNG, GIF or BMP image (文件不是 JPEG、PNG、GIF 或 BMP 图片)", ctype)
	}
	return ctype, nil
}

// imageFilename keeps the caller's base name but gives it the extension
// of the sniffed type: WeChat judges the type by the name as well.
func imageFilename(name, ctype string) string {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	base = strings.TrimSuffix(base, path.Ext(base))
	base = strings.Map(func(r rune) rune {
		if r == '"' || r < ' ' {
			return '_'
		}
		return r
	}, base)
	if base == "" || base == "." || base == "/" {
		base = "image"
	}
	return base + imageTypes[ctype]
}

// mediaForm renders the multipart body with the one part "media".
func mediaForm(filename, ctype string, data []byte) ([]byte, string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="media"; filename=%q`, filename))
	h.Set("Content-Type", ctype)
	part, err := mw.CreatePart(h)
	if err != nil {
		return nil, "", err
	}
	if _, err := part.Write(data); err != nil {
		return nil, "", err
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), mw.FormDataContentType(), nil
}
