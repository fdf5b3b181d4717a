package web

import (
	"net/http"
	"strconv"

	"github.com/fanbase/fanbase/internal/errs"
)

// handleNoteDelete removes a note the user wrote; other people's notes stay.
func (h *Handler) handleNoteDelete(w http.ResponseWriter, r *http.Request, p *Page) error {
	openID := r.PathValue("openid")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.Errorf(errs.NotFound, "%s", p.T("customers.error.no_note"))
	}
	if err := h.Customers.DeleteNote(r.Context(), p.Account.ID, id, p.User.ID); err != nil {
		return err
	}
	h.audit(r, p, "follower.note.delete", openID, strconv.FormatInt(id, 10))
	v, err := h.notesOf(r.Context(), p, openID)
	if err != nil {
		return err
	}
	return h.renderNotes(w, r, p, openID, v)
}
