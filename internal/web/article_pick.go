package web

import (
	"context"
	"strconv"
	"strings"

	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
)

// pickLimit is how many library articles a picker offers: the newest, which
// are the ones an operator reaches for.
const pickLimit = 50

// libraryArticles lists the account's newest library articles for a
// picker; without a library it offers none.
func (h *Handler) libraryArticles(ctx context.Context, accountID int64) ([]content.Article, error) {
	if h.Articles == nil {
		return nil, nil
	}
	page, err := h.Articles.List(ctx, content.Query{AccountID: accountID, Limit: pickLimit})
	if err != nil {
		return nil, err
	}
	return page.Items, nil
}

// pickedArticle reads a picker's article_id: nil when none was picked, the
// article when it is the account's, a clear error otherwise.
func (h *Handler) pickedArticle(ctx context.Context, accountID int64, raw string) (*content.Article, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" || raw == "0" {
		return nil, nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 0 {
		return nil, errs.Errorf(errs.Invalid, "article_id must be a library article's number (article_id 应为图文库文章编号)")
	}
	if h.Articles == nil {
		return nil, errs.Errorf(errs.Unavailable, "the article library is not available (图文库不可用)")
	}
	return h.Articles.Get(ctx, accountID, id)
}
