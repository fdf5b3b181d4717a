package web

import (
	"net/http"
	"strconv"

	"github.com/fanbase/fanbase/internal/inbox/canned"
)

// maxCannedShown bounds the canned replies one page lists.
const maxCannedShown = 500

// cannedListData is the canned replies page.
type cannedListData struct {
	Search    string
	Rows      []cannedRow
	CanEdit   bool
	CreateURL string
	Limits    cannedLimits
}

type cannedRow struct {
	canned.Reply
	Editing   bool
	EditURL   string
	UpdateURL string
	DeleteURL string
}

type cannedLimits struct{ Shortcut, Title, Content int }

// handleCannedList lists the account's canned replies (?q= searches them);
// operators also create, edit (?edit=id) and delete them here.
func (h *Handler) handleCannedList(w http.ResponseWriter, r *http.Request, p *Page) error {
	q := r.URL.Query()
	d := &cannedListData{Search: q.Get("q"), CanEdit: p.Can("operator"), CreateURL: p.URL("/canned"),
		Limits: cannedLimits{canned.MaxShortcutRunes, canned.MaxTitleRunes, canned.MaxContentRunes}}
	replies, err := h.Canned.Search(r.Context(), p.Account.ID, d.Search, maxCannedShown)
	if err != nil {
		return err
	}
	editing, _ := strconv.ParseInt(q.Get("edit"), 10, 64)
	for _, c := range replies {
		row := cannedRow{Reply: c, Editing: d.CanEdit && c.ID == editing}
		if d.CanEdit {
			row.EditURL = p.URL("/canned?edit=%d#canned-%d", c.ID, c.ID)
			row.UpdateURL = p.URL("/canned/%d", c.ID)
			row.DeleteURL = p.URL("/canned/%d/delete", c.ID)
		}
		d.Rows = append(d.Rows, row)
	}
	p.Title, p.Nav = p.T("canned.title"), "canned"
	return h.render(w, r, p, "canned_list", d)
}
