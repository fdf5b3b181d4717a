package web

import "net/http"

// handleTagUpdate renames a tag at WeChat, then here.
func (h *Handler) handleTagUpdate(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := tagID(r, p)
	if err != nil {
		return err
	}
	name := r.PostFormValue("name")
	old, err := h.Tags.Get(r.Context(), p.Account.ID, id)
	if err != nil {
		return err
	}
	t, err := h.Tags.Rename(r.Context(), p.Account, id, name)
	if err != nil {
		return h.refuseTagChange(w, r, p, &tagListData{EditID: id, EditName: name}, err)
	}
	h.audit(r, p, "tag.rename", tagTarget(id), old.Name+" → "+t.Name)
	h.redirect(w, r, p.URL("/tags?done=renamed"))
	return nil
}
