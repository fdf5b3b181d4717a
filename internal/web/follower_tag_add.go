package web

import (
	"net/http"
	"net/url"

	"github.com/fanbase/fanbase/internal/audience"
)

// handleFollowerTagAdd puts a tag on a follower, creating the tag on first
// use. With the tag service this happens at WeChat first (a local tag when
// the account has no AppSecret); without it the tag is local only.
func (h *Handler) handleFollowerTagAdd(w http.ResponseWriter, r *http.Request, p *Page) error {
	openID := r.PathValue("openid")
	name, err := audience.CleanTagName(r.PostFormValue("name"))
	if err != nil {
		return err
	}
	if h.Tags != nil {
		if _, err := h.Customers.Follower(r.Context(), p.Account.ID, openID); err != nil {
			return err
		}
		_, err = h.Tags.TagFollower(r.Context(), p.Account, openID, name)
	} else {
		_, err = h.Customers.TagFollower(r.Context(), p.Account.ID, openID, name)
	}
	if err != nil {
		return err
	}
	h.audit(r, p, "follower.tag", openID, name)
	return h.renderTags(w, r, p, openID)
}

// renderTags answers a tag change: the tags block for htmx, else back to
// the customer file.
func (h *Handler) renderTags(w http.ResponseWriter, r *http.Request, p *Page, openID string) error {
	if r.Header.Get("HX-Request") == "" {
		h.redirect(w, r, p.URL("/followers/%s", url.PathEscape(openID)))
		return nil
	}
	tags, err := h.Customers.FollowerTags(r.Context(), p.Account.ID, openID)
	if err != nil {
		return err
	}
	return h.partial(w, r, p, "follower_show", "follower_tags", tagsOf(p, openID, tags))
}
