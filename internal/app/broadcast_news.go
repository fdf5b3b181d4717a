package app

import (
	"context"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/content/wxdraft"
)

// newsDrafts lets broadcasts send library articles: it loads them and
// has the draft publisher upload their covers and save a WeChat draft.
type newsDrafts struct {
	m         *Main
	articles  *content.Service
	publisher *wxdraft.Publisher
}

func (m *Main) openNewsDrafts() newsDrafts {
	return newsDrafts{m: m, articles: content.NewService(m.Store, nil), publisher: wxdraft.New(wxdraft.Options{Logger: m.Logger})}
}

// load reads the articles in the order given; one that is gone is
// errs.NotFound, named by its id.
func (n newsDrafts) load(ctx context.Context, accountID int64, ids []int64) ([]content.Article, error) {
	out := make([]content.Article, 0, len(ids))
	for _, id := range ids {
		a, err := n.articles.Get(ctx, accountID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, nil
}

// Check refuses articles a WeChat draft would not take, without calling WeChat.
func (n newsDrafts) Check(ctx context.Context, accountID int64, ids []int64) error {
	arts, err := n.load(ctx, accountID, ids)
	if err != nil {
		return err
	}
	return wxdraft.Check(arts)
}

// MediaID saves the articles as a new WeChat draft and returns its media_id.
func (n newsDrafts) MediaID(ctx context.Context, acct *account.Account, ids []int64) (string, error) {
	arts, err := n.load(ctx, acct.ID, ids)
	if err != nil {
		return "", err
	}
	return n.publisher.DraftMediaID(ctx, n.m.WeChat.Account(n.m.Credentials(acct)), arts)
}
