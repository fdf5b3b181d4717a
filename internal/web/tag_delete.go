package web

import "net/http"

// handleTagDelete deletes a tag at WeChat (which takes it off every
// follower), then here.
func (h *Handler) handleTagDelete(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := tagID(r, p)
	if err != nil {
		return err
	}
	t, err := h.Tags.Get(r.Context(), p.Account.ID, id)
	if err != nil {
		return err
	}
	if err := h.Tags.Delete(r.Context(), p.Account, id); err != nil {
		return h.refuseTagChange(w, r, p, &tagListData{}, err)
	}
	h.audit(r, p, "tag.delete", tagTarget(id), t.Name)
	h.redirect(w, r, p.URL("/tags?done=deleted"))
	return nil
}
