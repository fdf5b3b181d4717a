package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/fanbase/fanbase/internal/content"
)

// articlesPerPage is how many cards one page of the library shows.
const articlesPerPage = 24

// articleListData is the library page: a page of cards, the search, and
// (for operators) the form that adds an article.
type articleListData struct {
	Search    string
	Rows      []articleCard
	NextURL   string // the following page; "" on the last
	FirstURL  string // back to the first page; "" on it
	CanEdit   bool
	CreateURL string
	Form      *content.Article // the create form's values (kept after an error)
	Error     string           // why the create form was refused
	Limits    articleLimits
}

// articleCard is one article as a WeChat news card linking to its page.
type articleCard struct {
	content.Article
	ShowURL string
}

// handleArticleList lists the account's articles newest first (?q=
// searches titles, ?before= pages on).
func (h *Handler) handleArticleList(w http.ResponseWriter, r *http.Request, p *Page) error {
	d := &articleListData{Form: &content.Article{}}
	return h.renderArticleList(w, r, p, d, http.StatusOK)
}

// renderArticleList fills in the page of cards and writes the page with
// status (400 when it shows a refused form again).
func (h *Handler) renderArticleList(w http.ResponseWriter, r *http.Request, p *Page, d *articleListData, status int) error {
	q := r.URL.Query()
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	d.Search, d.CanEdit, d.Limits = q.Get("q"), p.Can("operator"), articleLimitsOf
	d.CreateURL = p.URL("/articles")
	page, err := h.Articles.List(r.Context(), content.Query{AccountID: p.Account.ID, Search: d.Search,
		BeforeID: before, Limit: articlesPerPage})
	if err != nil {
		return err
	}
	for _, a := range page.Items {
		d.Rows = append(d.Rows, articleCard{Article: a, ShowURL: p.URL("/articles/%d", a.ID)})
	}
	if page.Next != 0 {
		d.NextURL = articleListURL(p, d.Search, page.Next)
	}
	if before != 0 {
		d.FirstURL = articleListURL(p, d.Search, 0)
	}
	p.Title, p.Nav = p.T("articles.title"), "articles"
	return h.execute(w, p, "article_list", "layout.html", d, status)
}

// articleListURL is the list page for a search and a keyset position.
func articleListURL(p *Page, search string, before int64) string {
	v := url.Values{}
	if search != "" {
		v.Set("q", search)
	}
	if before != 0 {
		v.Set("before", strconv.FormatInt(before, 10))
	}
	if len(v) == 0 {
		return p.URL("/articles")
	}
	return p.URL("/articles") + "?" + v.Encode()
}
