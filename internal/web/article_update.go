package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/errs"
)

// handleArticleUpdate rewrites an article of the library. A refused change
// shows the page again with the form as it was sent and the reason.
func (h *Handler) handleArticleUpdate(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := articleID(r, p)
	if err != nil {
		return err
	}
	stored, err := h.Articles.Get(r.Context(), p.Account.ID, id)
	if err != nil {
		return err
	}
	a := articleFromForm(r)
	a.ID, a.AccountID = id, p.Account.ID
	err = h.Articles.Update(r.Context(), a)
	if errs.Is(err, errs.Invalid) {
		return h.renderArticleEdit(w, p, &articleEditData{Article: stored, Form: a, Error: err.Error()}, http.StatusBadRequest)
	}
	if err != nil {
		return err
	}
	h.audit(r, p, "article.update", articleTarget(id), a.Title)
	h.redirect(w, r, p.URL("/articles/%d", id))
	return nil
}
