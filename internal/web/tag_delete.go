package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/errs"
)

// handleTagDelete deletes a tag at WeChat (which takes it off every
// follower), then here.
func (h *Handler) handleTagDelete(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := tagID(r, p)
	if err != nil {
		return err
	}
	t, err := h.Tags.Delete(r.Context(), p.Account, id)
	if errs.Is(err, errs.NotFound) {
		return err
	}
	if err != nil {
		return h.refuseTagChange(w, r, p, &tagListData{}, err)
	}
	h.audit(r, p, "tag.delete", tagTarget(id), t.Name)
	h.redirect(w, r, p.URL("/tags?done=deleted"))
	return nil
}
