package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
)

// handleFollowerTagRemove takes a tag off a follower (at WeChat first with
// the tag service).
func (h *Handler) handleFollowerTagRemove(w http.ResponseWriter, r *http.Request, p *Page) error {
	openID := r.PathValue("openid")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.Errorf(errs.NotFound, "%s", p.T("customers.error.no_tag"))
	}
	if h.Tags != nil {
		err = h.untagViaService(r, p, openID, id)
	} else {
		err = h.Customers.UntagFollower(r.Context(), p.Account.ID, openID, id)
	}
	if err != nil {
		return err
	}
	h.audit(r, p, "follower.untag", openID, strconv.FormatInt(id, 10))
	return h.renderTags(w, r, p, openID)
}

// untagViaService refuses a tag the follower does not carry, like the
// store does, then untags at WeChat and here.
func (h *Handler) untagViaService(r *http.Request, p *Page, openID string, id int64) error {
	tags, err := h.Customers.FollowerTags(r.Context(), p.Account.ID, openID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(tags, func(t audience.Tag) bool { return t.ID == id }) {
		return errs.Errorf(errs.NotFound, "%s", p.T("customers.error.no_tag"))
	}
	return h.Tags.UntagFollower(r.Context(), p.Account, openID, id)
}
