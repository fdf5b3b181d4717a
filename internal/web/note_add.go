package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/audience"
)

// handleNoteAdd keeps a note or a feedback record on a follower.
func (h *Handler) handleNoteAdd(w http.ResponseWriter, r *http.Request, p *Page) error {
	openID := r.PathValue("openid")
	if _, err := h.Customers.Follower(r.Context(), p.Account.ID, openID); err != nil {
		return err
	}
	kind := audience.NoteKind(r.PostFormValue("kind"))
	n, err := audience.NewNote(p.Account.ID, openID, kind, r.PostFormValue("body"), p.User.ID, h.Now())
	if err != nil {
		return err
	}
	if err := h.Customers.AddNote(r.Context(), n); err != nil {
		return err
	}
	h.audit(r, p, "follower.note.add", openID, string(kind))
	v, err := h.notesOf(r.Context(), p, openID)
	if err != nil {
		return err
	}
	return h.renderNotes(w, r, p, openID, v)
}
