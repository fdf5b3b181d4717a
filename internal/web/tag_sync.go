package web

import (
	"fmt"
	"net/http"
)

// handleTagSync pushes local tags to WeChat and imports WeChat's list, then
// shows the page with what changed.
func (h *Handler) handleTagSync(w http.ResponseWriter, r *http.Request, p *Page) error {
	res, err := h.Tags.Sync(r.Context(), p.Account)
	if err != nil {
		return h.refuseTagChange(w, r, p, &tagListData{}, err)
	}
	h.audit(r, p, "tag.sync", p.Account.AppID, fmt.Sprintf("tags=%d added=%d renamed=%d removed=%d pushed=%d",
		res.Tags, res.Added+res.Adopted, res.Renamed, res.Removed, res.Pushed))
	d := &tagListData{Notice: p.T("tags.synced", res.Tags, res.Added+res.Adopted, res.Renamed, res.Removed, res.Pushed)}
	return h.renderTagList(w, r, p, d, http.StatusOK)
}
