package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/errs"
)

// handleArticleCreate adds an article to the library. A refused article
// shows the list again with the form as it was sent and the reason.
func (h *Handler) handleArticleCreate(w http.ResponseWriter, r *http.Request, p *Page) error {
	a := articleFromForm(r)
	a.AccountID, a.CreatedBy = p.Account.ID, p.User.ID
	err := h.Articles.Create(r.Context(), a)
	if errs.Is(err, errs.Invalid) {
		d := &articleListData{Form: a, Error: err.Error()}
		return h.renderArticleList(w, r, p, d, http.StatusBadRequest)
	}
	if err != nil {
		return err
	}
	h.audit(r, p, "article.create", articleTarget(a.ID), a.Title)
	h.redirect(w, r, p.URL("/articles/%d", a.ID))
	return nil
}
