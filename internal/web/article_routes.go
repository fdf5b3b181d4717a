package web

import (
	"net/http"
	"strconv"

	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

// routesArticles registers the article library: anyone on the account may
// look, operators change. Without the service there are no such pages.
func (h *Handler) routesArticles(rt *router) {
	if h.Articles == nil {
		return
	}
	rt.page("GET /a/{appid}/articles", user.Viewer, h.handleArticleList)
	rt.page("POST /a/{appid}/articles", user.Operator, h.handleArticleCreate)
	rt.page("GET /a/{appid}/articles/{id}", user.Viewer, h.handleArticleEdit)
	rt.page("POST /a/{appid}/articles/{id}", user.Operator, h.handleArticleUpdate)
	rt.page("POST /a/{appid}/articles/{id}/delete", user.Operator, h.handleArticleDelete)
}

// articleLimits are the field limits the forms announce and enforce.
type articleLimits struct{ Title, Digest, Author, URL int }

var articleLimitsOf = articleLimits{content.MaxTitleRunes, content.MaxDigestRunes, content.MaxAuthorRunes, content.MaxURLBytes}

// articleFromForm reads the fields every article form posts.
func articleFromForm(r *http.Request) *content.Article {
	return &content.Article{Title: r.PostFormValue("title"), Digest: r.PostFormValue("digest"),
		CoverURL: r.PostFormValue("cover_url"), URL: r.PostFormValue("url"), Author: r.PostFormValue("author")}
}

// articleID reads the {id} of the path; anything but a number is no article.
func articleID(r *http.Request, p *Page) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, errs.Errorf(errs.NotFound, "%s", p.T("articles.error.not_found"))
	}
	return id, nil
}
