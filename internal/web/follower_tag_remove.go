package web

import (
	"net/http"
	"strconv"

	"github.com/fanbase/fanbase/internal/errs"
)

// handleFollowerTagRemove takes a tag off a follower.
func (h *Handler) handleFollowerTagRemove(w http.ResponseWriter, r *http.Request, p *Page) error {
	openID := r.PathValue("openid")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.Errorf(errs.NotFound, "%s", p.T("customers.error.no_tag"))
	}
	if err := h.Customers.UntagFollower(r.Context(), p.Account.ID, openID, id); err != nil {
		return err
	}
	h.audit(r, p, "follower.untag", openID, strconv.FormatInt(id, 10))
	return h.renderTags(w, r, p, openID)
}
