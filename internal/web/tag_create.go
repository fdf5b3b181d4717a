package web

import "net/http"

// handleTagCreate creates a tag at WeChat, then here.
func (h *Handler) handleTagCreate(w http.ResponseWriter, r *http.Request, p *Page) error {
	name := r.PostFormValue("name")
	t, err := h.Tags.Create(r.Context(), p.Account, name)
	if err != nil {
		return h.refuseTagChange(w, r, p, &tagListData{Name: name}, err)
	}
	h.audit(r, p, "tag.create", tagTarget(t.ID), t.Name)
	h.redirect(w, r, p.URL("/tags?done=created"))
	return nil
}
