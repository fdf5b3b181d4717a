package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
)

// broadcastPhone is what the WeChat-phone-like preview shows: the
// account's name in the title bar and the message as followers get it.
type broadcastPhone struct {
	Account  string
	Kind     string
	Text     string
	MediaID  string
	News     []*content.Article // first is the large card
	Template *broadcast.Template
	Rows     []templateRow // the template's data, sorted by key
}

// Empty reports whether there is nothing to show yet.
func (b broadcastPhone) Empty() bool {
	switch b.Kind {
	case broadcast.KindText:
		return b.Text == ""
	case broadcast.KindImage:
		return b.MediaID == ""
	case broadcast.KindNews:
		return len(b.News) == 0 && b.MediaID == ""
	case broadcast.KindTemplate:
		return b.Template == nil || b.Template.ID == "" && len(b.Rows) == 0
	}
	return true
}

// broadcastPhone builds the preview of a draft; picked articles that are
// gone from the library are left out rather than failing the page.
func (h *Handler) broadcastPhone(r *http.Request, p *Page, d broadcast.Draft) (broadcastPhone, error) {
	ph := broadcastPhone{Account: p.Account.Name, Kind: d.Kind, Text: d.Text, MediaID: d.MediaID, Template: d.Template}
	if d.Template != nil {
		for _, k := range sortedKeys(d.Template.Data) {
			ph.Rows = append(ph.Rows, templateRow{k, d.Template.Data[k]})
		}
	}
	if h.Articles == nil {
		return ph, nil
	}
	for i, id := range d.ArticleIDs {
		if i == broadcast.MaxNewsArticles {
			break
		}
		a, err := h.Articles.Get(r.Context(), p.Account.ID, id)
		if errs.Is(err, errs.NotFound) {
			continue
		}
		if err != nil {
			return ph, err
		}
		ph.News = append(ph.News, a)
	}
	return ph, nil
}
