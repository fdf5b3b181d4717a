package api

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/search"
)

// messageQuery is what GET …/messages asks for.
type messageQuery struct {
	accountID int64
	openID    string
	q         search.Query
	from, to  time.Time
	before    int64 // messages with a smaller id; 0: from the newest
	limit     int
}

// handleMessageList lists follower messages, newest first: one follower's
// (?openid=), or the account's matching a search (?q=, Chinese included),
// either narrowed to [from, to).
func (a *API) handleMessageList(w http.ResponseWriter, r *http.Request, c *call) error {
	mq, err := readMessageQuery(r, c)
	if err != nil {
		return err
	}
	var items []messageJSON
	switch {
	case mq.openID != "":
		items, err = a.followerMessages(r.Context(), mq)
	case !mq.q.Empty():
		items, err = a.searchMessages(r.Context(), mq)
	default:
		return errs.Errorf(errs.Invalid, "give openid (one follower's messages) or q (a search) (请提供 openid 或搜索词 q)")
	}
	if err != nil {
		return err
	}
	items, next := cutPage(items, mq.limit, func(m messageJSON) int64 { return m.ID })
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

func readMessageQuery(r *http.Request, c *call) (messageQuery, error) {
	p, err := parsePage(r, 1)
	if err != nil {
		return messageQuery{}, err
	}
	mq := messageQuery{accountID: c.Account.ID, openID: strings.TrimSpace(r.URL.Query().Get("openid")), limit: p.Limit}
	if p.Cursor != nil {
		mq.before = p.Cursor[0]
	}
	if mq.q, err = search.Parse(r.URL.Query().Get("q")); err != nil {
		return mq, err
	}
	mq.from, mq.to, err = timeRange(r, c.Account.Location())
	return mq, err
}

// searchMessages asks the search index; it returns up to limit+1 messages
// so the caller knows whether another page follows.
func (a *API) searchMessages(ctx context.Context, mq messageQuery) ([]messageJSON, error) {
	if a.Search == nil {
		return nil, errs.Errorf(errs.Unavailable, "search is not available on this server (搜索未启用)")
	}
	f := search.Filter{AccountIDs: []int64{mq.accountID}, From: mq.from, To: mq.to}
	hits, err := a.Search.SearchMessages(ctx, mq.q, f, mq.before, mq.limit+1)
	if err != nil {
		return nil, err
	}
	out := make([]messageJSON, 0, len(hits))
	for _, h := range hits {
		out = append(out, messageJSON{ID: h.ID, OpenID: h.OpenID, Kind: string(inbox.KindMessage), MsgType: h.MsgType,
			Content: h.Content, ReceivedAt: stamp(h.At), Nickname: h.Nickname, Remark: h.Remark, ConversationID: h.ConversationID})
	}
	return out, nil
}

// historyPage is how many messages one step through a follower's history reads.
const historyPage = 200

// followerMessages walks one follower's history back from mq.before and
// keeps the messages in the time range that contain every search term, up
// to limit+1. A follower's history is short, so filtering here is cheap.
func (a *API) followerMessages(ctx context.Context, mq messageQuery) ([]messageJSON, error) {
	if a.Desk == nil {
		return nil, errNoDesk()
	}
	var out []messageJSON
	for before := mq.before; len(out) <= mq.limit; {
		tl, err := a.Desk.Timeline(ctx, mq.accountID, mq.openID, before, historyPage)
		if err != nil {
			return nil, err
		}
		msgs := timelineMessages(tl)
		for i := range msgs {
			m := &msgs[i]
			if !mq.from.IsZero() && m.ReceivedAt.Before(mq.from) {
				return out, nil // older ones are older still
			}
			if mq.keeps(m) && len(out) <= mq.limit {
				out = append(out, toMessageJSON(m))
			}
		}
		if tl.Before == 0 {
			break
		}
		before = tl.Before
	}
	return out, nil
}

// timelineMessages takes the messages out of a timeline page, newest first.
func timelineMessages(tl inbox.Timeline) []inbox.Message {
	var msgs []inbox.Message
	for _, it := range tl.Items {
		if it.Message != nil {
			msgs = append(msgs, *it.Message)
		}
	}
	slices.SortFunc(msgs, func(x, y inbox.Message) int { return cmp.Compare(y.ID, x.ID) })
	return msgs
}

// keeps reports whether a follower's message is before mq.to and holds
// every search term (ignoring case, as the search index does).
func (mq *messageQuery) keeps(m *inbox.Message) bool {
	if !mq.to.IsZero() && !m.ReceivedAt.Before(mq.to) {
		return false
	}
	text := strings.ToLower(m.Content)
	for _, t := range mq.q.Terms {
		if !strings.Contains(text, t.Text) {
			return false
		}
	}
	return true
}
