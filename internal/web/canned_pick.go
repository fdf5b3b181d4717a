package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/inbox/canned"
)

// maxCannedPicked bounds the canned replies the composer's picker offers.
const maxCannedPicked = 20

// handleCannedPick answers the composer's picker (htmx): a <ul
// class="canned-pick"> of the canned replies matching ?q=, each <li
// data-text> carrying the text to insert.
func (h *Handler) handleCannedPick(w http.ResponseWriter, r *http.Request, p *Page) error {
	replies, err := h.Canned.Search(r.Context(), p.Account.ID, r.URL.Query().Get("q"), maxCannedPicked)
	if err != nil {
		return err
	}
	return h.partial(w, r, p, "canned_list", "canned_pick", struct {
		Replies []canned.Reply
		Manage  string
	}{replies, p.URL("/canned")})
}
