package simulator

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"time"
)

// Errcodes of material uploads and drafts (protocol.md §8 and the global
// errcode table).
const (
	ErrInvalidFileType  = 40005 // not one of the image formats
	ErrInvalidMediaType = 40004 // type= is not image/voice/video/thumb
	ErrInvalidImageSize = 40009 // empty or over 10 MB
	ErrMediaDataMissing = 41005 // no "media" part
	ErrContentSize      = 45002 // draft content of 20,000 characters or 1 MB
	ErrTitleSize        = 45003
	ErrDigestSize       = 45004
	ErrURLSize          = 45005
	ErrAuthorSize       = 45110
)

func init() {
	errmsgs[ErrInvalidFileType] = "invalid file type"
	errmsgs[ErrInvalidMediaType] = "invalid media type"
	errmsgs[ErrInvalidImageSize] = "invalid image size"
	errmsgs[ErrMediaDataMissing] = "media data missing"
	errmsgs[ErrContentSize] = "content size out of limit"
	errmsgs[ErrTitleSize] = "title size out of limit"
	errmsgs[ErrDigestSize] = "description size out of limit"
	errmsgs[ErrURLSize] = "url size out of limit"
	errmsgs[ErrAuthorSize] = "author size out of limit"
}

// MaxMaterialImage is WeChat's limit for a permanent image: 10 MB in
// bmp/png/jpeg/jpg/gif (api_addmaterial, "图片（image）: 10M").
const MaxMaterialImage = 10 << 20

// maxUploadBody leaves room for the multipart framing around the image.
const maxUploadBody = MaxMaterialImage + 64<<10

// Material is one permanent image material of an account.
type Material struct {
	MediaID  string    `json:"media_id"`
	URL      string    `json:"url"`
	Filename string    `json:"filename"`
	Format   string    `json:"format"` // jpg, png, gif or bmp, from the bytes
	Size     int       `json:"size"`
	At       time.Time `json:"at"`
}

// mediaBook is an account's material library and draft box. Guarded by
// the account's mu; the zero value is empty.
type mediaBook struct {
	materials map[string]*Material
	drafts    map[string]*Draft
	matOrder  []string
	draftSeq  []string
}

// bigBody is api for calls whose body may exceed maxAPIBody: it hands h
// the request body bounded by limit instead.
func (p *Platform) bigBody(method string, limit int64, h apiHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		orig := r.Body
		p.api(method, func(w http.ResponseWriter, r *http.Request, a *account) {
			r.Body = http.MaxBytesReader(w, orig, limit)
			h(w, r, a)
		})(w, r)
	}
}

// handleAddMaterial serves POST /cgi-bin/material/add_material. Only
// type=image is simulated: what a draft's cover needs.
func (p *Platform) handleAddMaterial(w http.ResponseWriter, r *http.Request, a *account) {
	switch r.URL.Query().Get("type") {
	case "image":
	case "voice", "video", "thumb":
		p.fail(w, r, a, ErrInvalidMediaType, "the simulator stores image materials only (模拟器仅支持图片素材)")
		return
	default:
		p.fail(w, r, a, ErrInvalidMediaType, "")
		return
	}
	name, data, code := readMedia(r)
	format := ""
	if code == 0 {
		format, code = imageFormat(data)
	}
	if code != 0 {
		p.fail(w, r, a, code, "")
		return
	}
	m := a.addMaterial(name, format, len(data), p.opts.Now())
	writeJSON(w, http.StatusOK, map[string]any{"media_id": m.MediaID, "url": m.URL, "item": []any{}})
}

// readMedia finds the multipart part "media": 41005 when there is none or
// it is empty, 40009 when it is over 10 MB.
func readMedia(r *http.Request) (string, []byte, int) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return "", nil, ErrMediaDataMissing
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, ErrMediaDataMissing
	}
	for {
		part, err := mr.NextPart()
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return "", nil, ErrInvalidImageSize
		case err != nil:
			return "", nil, ErrMediaDataMissing
		case part.FormName() != "media":
			continue
		}
		return readPart(part.FileName(), part)
	}
}

func readPart(name string, part io.Reader) (string, []byte, int) {
	data, err := io.ReadAll(io.LimitReader(part, MaxMaterialImage+1))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe) || len(data) > MaxMaterialImage:
		return "", nil, ErrInvalidImageSize
	case err != nil || len(data) == 0:
		return "", nil, ErrMediaDataMissing
	}
	return name, data, 0
}

// imageFormat names the format by its magic bytes; 40005 for anything
// else, whatever the file name says.
func imageFormat(data []byte) (string, int) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "jpg", 0
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "png", 0
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "gif", 0
	case bytes.HasPrefix(data, []byte("BM")) && len(data) > 14:
		return "bmp", 0
	}
	return "", ErrInvalidFileType
}

// addMaterial stores an image and gives it a media_id and a URL on
// WeChat's image host, shaped like the real ones.
func (a *account) addMaterial(name, format string, size int, now time.Time) *Material {
	id := newMediaID()
	m := &Material{MediaID: id, Filename: name, Format: format, Size: size, At: now,
		URL: "http://mmbiz.qpic.cn/sz_mmbiz_" + format + "/" + id[:24] + "/0?wx_fmt=" + format}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.media.materials == nil {
		a.media.materials = map[string]*Material{}
	}
	a.media.materials[id] = m
	a.media.matOrder = append(a.media.matOrder, id)
	return m
}

// hasMaterialLocked reports whether id is a permanent material of the account.
// The caller holds a.mu.
func (a *account) hasMaterialLocked(id string) bool {
	_, ok := a.media.materials[id]
	return ok
}

// newMediaID returns a media_id shaped like WeChat's permanent ones (43
// URL-safe characters).
func newMediaID() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])[:43]
}
