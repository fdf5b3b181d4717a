package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
)

// blankTemplateRows is how many empty key/value rows the template form
// offers beyond the filled ones (more are added in the browser).
const blankTemplateRows = 2

// scheduleLayout is the value format of <input type="datetime-local">.
const scheduleLayout = "2006-01-02T15:04"

// broadcastFormData is the compose page: the form's values, the choices
// (articles, tags, segments), and the preview and check beside it.
type broadcastFormData struct {
	ID          int64 // 0 while composing a new one
	Form        broadcast.Draft
	Action      string
	CheckURL    string
	BackURL     string
	Error       string
	At          string // the schedule time as typed (datetime-local)
	Zone        string
	Articles    []content.Article
	Picked      map[int64]bool
	Tags        []audienceOption
	Segments    []audienceOption
	Rows        []templateRow
	CanTemplate bool // template messages are for service accounts
	Kinds       []string
	Audiences   []string
	Phone       broadcastPhone
}

// templateRow is one key/value line of a template message's data.
type templateRow struct{ Key, Value string }

// draftFromForm reads a compose form (also the live check's request).
func draftFromForm(r *http.Request) broadcast.Draft {
	f := r.PostForm
	d := broadcast.Draft{
		Title: strings.TrimSpace(f.Get("title")), Kind: f.Get("kind"), Text: f.Get("text"),
		MediaID:  strings.TrimSpace(f.Get("media_id")),
		Audience: broadcast.Audience{Kind: f.Get("audience")},
	}
	switch d.Audience.Kind {
	case broadcast.AudienceTag:
		d.Audience.TagID, _ = strconv.ParseInt(f.Get("tag_id"), 10, 64)
	case broadcast.AudienceSegment:
		d.Audience.SegmentID, _ = strconv.ParseInt(f.Get("segment_id"), 10, 64)
	}
	for _, v := range f["article_id"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			d.ArticleIDs = append(d.ArticleIDs, id)
		}
	}
	if d.Kind == broadcast.KindTemplate {
		d.Template = templateFromForm(r)
	}
	return onlyKindFields(d)
}

// templateFromForm reads the template id, link and the data rows (blank
// keys are skipped: they are the spare rows of the form).
func templateFromForm(r *http.Request) *broadcast.Template {
	f := r.PostForm
	t := &broadcast.Template{ID: strings.TrimSpace(f.Get("template_id")), URL: strings.TrimSpace(f.Get("template_url")),
		Data: map[string]string{}}
	keys, values := f["data_key"], f["data_value"]
	for i, k := range keys {
		if k = strings.TrimSpace(k); k != "" && i < len(values) {
			t.Data[k] = values[i]
		}
	}
	return t
}

// onlyKindFields drops what the form carried for the other kinds, so a
// text broadcast does not keep a stale media_id from a switched radio.
func onlyKindFields(d broadcast.Draft) broadcast.Draft {
	if d.Kind != broadcast.KindText {
		d.Text = ""
	}
	if d.Kind != broadcast.KindImage && d.Kind != broadcast.KindNews {
		d.MediaID = ""
	}
	if d.Kind != broadcast.KindNews {
		d.ArticleIDs = nil
	}
	if d.Kind != broadcast.KindTemplate {
		d.Template = nil
	}
	return d
}

// fillBroadcastForm loads the choices and the preview of a compose page.
func (h *Handler) fillBroadcastForm(r *http.Request, p *Page, d *broadcastFormData) error {
	ctx := r.Context()
	arts, err := h.libraryArticles(ctx, p.Account.ID)
	if err != nil {
		return err
	}
	d.Articles, d.Picked = arts, map[int64]bool{}
	for _, id := range d.Form.ArticleIDs {
		d.Picked[id] = true
	}
	if d.Tags, d.Segments, err = h.audienceOptions(ctx, p.Account.ID); err != nil {
		return err
	}
	d.Rows = templateRows(d.Form.Template)
	d.CanTemplate = p.Account.Type == account.Service
	d.Kinds = []string{broadcast.KindText, broadcast.KindImage, broadcast.KindNews, broadcast.KindTemplate}
	d.Audiences = []string{broadcast.AudienceAll, broadcast.AudienceTag, broadcast.AudienceSegment}
	d.CheckURL, d.BackURL = p.URL("/broadcasts/check"), p.URL("/broadcasts")
	d.Zone = p.Location().String()
	d.Phone, err = h.broadcastPhone(r, p, d.Form)
	return err
}

// templateRows lists a template's data sorted by key, plus blank rows.
func templateRows(t *broadcast.Template) []templateRow {
	var rows []templateRow
	if t != nil {
		for _, k := range sortedKeys(t.Data) {
			rows = append(rows, templateRow{k, t.Data[k]})
		}
	}
	for range blankTemplateRows {
		rows = append(rows, templateRow{})
	}
	return rows
}

// parseScheduleAt reads a datetime-local value in the account's zone; ""
// is "now" (the zero time).
func parseScheduleAt(p *Page, raw string) (time.Time, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(scheduleLayout, raw, p.Location())
	if err != nil {
		return time.Time{}, errs.Errorf(errs.Invalid, "%s", p.T("broadcasts.schedule.bad_time"))
	}
	return t, nil
}

// errText is what a person reads for err: an errs error's own bilingual
// message, or the generic internal one.
func errText(p *Page, err error) string {
	var e *errs.Error
	if errors.As(err, &e) && userFacing(err) {
		return e.Message
	}
	return p.T("error.internal")
}
