package web

import (
	"fmt"
	"net/http"

	"github.com/fanbase/fanbase/internal/content"
)

// articleEditData is one article's page: its preview card and, for
// operators, the form that changes it and the delete button.
type articleEditData struct {
	Article   *content.Article // as stored
	Form      *content.Article // the form's values (kept after an error)
	Error     string
	CanEdit   bool
	UpdateURL string
	DeleteURL string
	ListURL   string
	Limits    articleLimits
}

// handleArticleEdit shows one article of the library.
func (h *Handler) handleArticleEdit(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := articleID(r, p)
	if err != nil {
		return err
	}
	a, err := h.Articles.Get(r.Context(), p.Account.ID, id)
	if err != nil {
		return err
	}
	return h.renderArticleEdit(w, p, &articleEditData{Article: a, Form: a}, http.StatusOK)
}

// renderArticleEdit writes the article's page with status (400 when it
// shows a refused change again).
func (h *Handler) renderArticleEdit(w http.ResponseWriter, p *Page, d *articleEditData, status int) error {
	d.CanEdit, d.Limits = p.Can("operator"), articleLimitsOf
	d.UpdateURL = p.URL("/articles/%d", d.Article.ID)
	d.DeleteURL = p.URL("/articles/%d/delete", d.Article.ID)
	d.ListURL = p.URL("/articles")
	p.Title, p.Nav = p.T("articles.view_title"), "articles"
	if d.CanEdit {
		p.Title = p.T("articles.edit_title")
	}
	return h.execute(w, p, "article_edit", "layout.html", d, status)
}

// articleTarget names an article in the audit log.
func articleTarget(id int64) string { return fmt.Sprintf("article:%d", id) }
