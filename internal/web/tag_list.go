package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/audience/tagging"
	"github.com/fanbase/fanbase/internal/errs"
)

// tagListData is the tag page: the tags with their follower counts, the
// create form and the sync button (operators), and the outcome of the last
// change.
type tagListData struct {
	Rows      []tagRow
	CanEdit   bool
	CreateURL string
	SyncURL   string
	Name      string // the create form's value, kept after an error
	Error     string // why a change was refused
	Notice    string // what the last change did
	Local     int    // tags WeChat does not know yet
	Max       int    // WeChat's limit on tags per account
	MaxBytes  int
	EditID    int64  // the tag whose rename was refused: its form stays open
	EditName  string // with what was typed
}

// tagRow is one tag with its rename and delete forms.
type tagRow struct {
	audience.TagCount
	UpdateURL, DeleteURL string
	Editing              bool   // the rename form is open (after a refused rename)
	EditName             string // its value
}

// handleTagList shows the account's tags (?done= names the last change).
func (h *Handler) handleTagList(w http.ResponseWriter, r *http.Request, p *Page) error {
	d := &tagListData{}
	if done := r.URL.Query().Get("done"); done != "" {
		d.Notice = p.T("tags.done." + done)
	}
	return h.renderTagList(w, r, p, d, http.StatusOK)
}

// renderTagList fills in the tags and writes the page with status (an
// error status when it shows a refused change).
func (h *Handler) renderTagList(w http.ResponseWriter, r *http.Request, p *Page, d *tagListData, status int) error {
	tags, err := h.Tags.List(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	d.CanEdit, d.Max, d.MaxBytes = p.Can("operator"), tagging.MaxTags, tagging.MaxNameBytes
	d.CreateURL, d.SyncURL = p.URL("/tags"), p.URL("/tags/sync")
	for _, t := range tags {
		row := tagRow{TagCount: t, UpdateURL: p.URL("/tags/%d", t.ID), DeleteURL: p.URL("/tags/%d/delete", t.ID),
			Editing: t.ID == d.EditID, EditName: t.Name}
		if row.Editing {
			row.EditName = d.EditName
		}
		d.Rows = append(d.Rows, row)
		if !t.Synced() {
			d.Local++
		}
	}
	p.Title, p.Nav = p.T("tags.title"), "tags"
	return h.execute(w, p, "tag_list", "layout.html", d, status)
}

// refuseTagChange shows the page again with a refused change's reason;
// anything but an application error goes to the error page.
func (h *Handler) refuseTagChange(w http.ResponseWriter, r *http.Request, p *Page, d *tagListData, err error) error {
	code := errs.CodeOf(err)
	if code == errs.Internal {
		return err
	}
	d.Error = err.Error()
	return h.renderTagList(w, r, p, d, errs.HTTPStatus(code))
}
