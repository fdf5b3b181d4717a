package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
)

// libraryArticleJSON is an article of the library as the API shows it.
type libraryArticleJSON struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	Digest    string `json:"digest"`
	CoverURL  string `json:"cover_url"`
	URL       string `json:"url"`
	Author    string `json:"author"`
	CreatedBy int64  `json:"created_by,omitempty"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

func toLibraryArticleJSON(a *content.Article) libraryArticleJSON {
	return libraryArticleJSON{ID: a.ID, Title: a.Title, Digest: a.Digest, CoverURL: a.CoverURL, URL: a.URL, Author: a.Author,
		CreatedBy: a.CreatedBy, CreatedAt: stamp(a.CreatedAt), UpdatedAt: stamp(a.UpdatedAt)}
}

// articleRequest is the body of a create or a full update.
type articleRequest struct {
	Title    string `json:"title"`
	Digest   string `json:"digest"`
	CoverURL string `json:"cover_url"`
	URL      string `json:"url"`
	Author   string `json:"author"`
}

var errNoArticles = errs.Errorf(errs.Unavailable, "the article library is not available (图文素材库不可用)")

// handleArticleList lists the account's articles newest first; ?q=
// searches titles.
func (a *API) handleArticleList(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Articles == nil {
		return errNoArticles
	}
	p, err := parsePage(r, 1)
	if err != nil {
		return err
	}
	q := content.Query{AccountID: c.Account.ID, Search: strings.TrimSpace(r.URL.Query().Get("q")), Limit: p.Limit}
	if p.Cursor != nil {
		q.BeforeID = p.Cursor[0]
	}
	page, err := a.Articles.List(r.Context(), q)
	if err != nil {
		return err
	}
	items := make([]libraryArticleJSON, 0, len(page.Items))
	for i := range page.Items {
		items = append(items, toLibraryArticleJSON(&page.Items[i]))
	}
	next := ""
	if page.Next != 0 {
		next = encodeCursor(page.Next)
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

// handleArticleGet answers one article.
func (a *API) handleArticleGet(w http.ResponseWriter, r *http.Request, c *call) error {
	art, err := a.article(r, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toLibraryArticleJSON(art))
	return nil
}

// handleArticleCreate adds an article to the library (201).
func (a *API) handleArticleCreate(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Articles == nil {
		return errNoArticles
	}
	var req articleRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	art := req.article(c.Account.ID)
	art.CreatedBy = c.User.ID
	if err := a.Articles.Create(r.Context(), art); err != nil {
		return err
	}
	a.audit(r, c, "article.create", articleTarget(art.ID), fmt.Sprintf("title=%q via API", art.Title))
	writeJSON(w, http.StatusCreated, toLibraryArticleJSON(art))
	return nil
}

// handleArticleUpdate replaces an article's fields (those left out become
// empty, and are refused if required).
func (a *API) handleArticleUpdate(w http.ResponseWriter, r *http.Request, c *call) error {
	old, err := a.article(r, c)
	if err != nil {
		return err
	}
	var req articleRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	art := req.article(c.Account.ID)
	art.ID, art.CreatedBy, art.CreatedAt = old.ID, old.CreatedBy, old.CreatedAt
	if err := a.Articles.Update(r.Context(), art); err != nil {
		return err
	}
	a.audit(r, c, "article.update", articleTarget(art.ID), fmt.Sprintf("title=%q via API", art.Title))
	writeJSON(w, http.StatusOK, toLibraryArticleJSON(art))
	return nil
}

// handleArticleDelete removes an article and answers it as it was.
func (a *API) handleArticleDelete(w http.ResponseWriter, r *http.Request, c *call) error {
	art, err := a.article(r, c)
	if err != nil {
		return err
	}
	if err := a.Articles.Delete(r.Context(), c.Account.ID, art.ID); err != nil {
		return err
	}
	a.audit(r, c, "article.delete", articleTarget(art.ID), fmt.Sprintf("title=%q via API", art.Title))
	writeJSON(w, http.StatusOK, toLibraryArticleJSON(art))
	return nil
}

// article loads the {id} article of the call's account.
func (a *API) article(r *http.Request, c *call) (*content.Article, error) {
	if a.Articles == nil {
		return nil, errNoArticles
	}
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return a.Articles.Get(r.Context(), c.Account.ID, id)
}

func (req articleRequest) article(accountID int64) *content.Article {
	return &content.Article{AccountID: accountID, Title: req.Title, Digest: req.Digest, CoverURL: req.CoverURL,
		URL: req.URL, Author: req.Author}
}

// articleTarget names an article in the audit log, as the web app does.
func articleTarget(id int64) string { return fmt.Sprintf("article:%d", id) }
