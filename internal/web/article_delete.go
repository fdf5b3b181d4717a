package web

import "net/http"

// handleArticleDelete removes an article from the library.
func (h *Handler) handleArticleDelete(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := articleID(r, p)
	if err != nil {
		return err
	}
	a, err := h.Articles.Get(r.Context(), p.Account.ID, id)
	if err != nil {
		return err
	}
	if err := h.Articles.Delete(r.Context(), p.Account.ID, id); err != nil {
		return err
	}
	h.audit(r, p, "article.delete", articleTarget(id), a.Title)
	h.redirect(w, r, p.URL("/articles"))
	return nil
}
