package api

import (
	"net/http"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

// handleReplyList lists what the account sent, newest first: by rule and
// version (what a rule answered, e.g. before a remediation), by agent, by
// follower and by time.
func (a *API) handleReplyList(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Replies == nil {
		return errs.Errorf(errs.Unavailable, "reply listing is not available (回复查询不可用)")
	}
	f, limit, err := readReplyFilter(r, c)
	if err != nil {
		return err
	}
	replies, err := a.Replies.ListReplies(r.Context(), f)
	if err != nil {
		return err
	}
	items := make([]replyJSON, 0, len(replies))
	for i := range replies {
		items = append(items, toReplyJSON(&replies[i]))
	}
	items, next := cutPage(items, limit, func(r replyJSON) int64 { return r.ID })
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

func readReplyFilter(r *http.Request, c *call) (inbox.ReplyFilter, int, error) {
	p, err := parsePage(r, 1)
	if err != nil {
		return inbox.ReplyFilter{}, 0, err
	}
	f := inbox.ReplyFilter{AccountID: c.Account.ID, OpenID: strings.TrimSpace(r.URL.Query().Get("openid")), Limit: p.Limit + 1}
	if p.Cursor != nil {
		f.BeforeID = p.Cursor[0]
	}
	for name, dst := range map[string]*int64{"rule_id": &f.RuleID, "rule_version": &f.RuleVersion, "agent_id": &f.AgentID} {
		if *dst, err = int64Param(r, name); err != nil {
			return f, 0, err
		}
	}
	if f.RuleVersion != 0 && f.RuleID == 0 {
		return f, 0, errs.Errorf(errs.Invalid, "rule_version needs rule_id (指定 rule_version 时须同时指定 rule_id)")
	}
	f.From, f.To, err = timeRange(r, c.Account.Location())
	return f, p.Limit, err
}
