package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

// conversationJSON is one conversation of the service desk.
type conversationJSON struct {
	ID              int64  `json:"id"`
	OpenID          string `json:"openid"`
	Nickname        string `json:"nickname,omitempty"`
	Remark          string `json:"remark,omitempty"`
	Status          string `json:"status"` // open, assigned or closed
	AssigneeID      int64  `json:"assignee_id,omitempty"`
	OpenedAt        string `json:"opened_at"`
	LastMessageAt   string `json:"last_message_at"`
	LastText        string `json:"last_text"`
	WaitingSince    string `json:"waiting_since,omitempty"`
	WaitingSeconds  int64  `json:"waiting_seconds"`
	FirstResponseAt string `json:"first_response_at,omitempty"`
	AssignedAt      string `json:"assigned_at,omitempty"`
	ClosedAt        string `json:"closed_at,omitempty"`
	ClosedBy        int64  `json:"closed_by,omitempty"`
	Messages        int64  `json:"messages"`
}

func toConversationJSON(c *inbox.Conversation, now time.Time) conversationJSON {
	return conversationJSON{
		ID: c.ID, OpenID: c.OpenID, Status: string(c.Status), AssigneeID: c.AssigneeID,
		OpenedAt: stamp(c.OpenedAt), LastMessageAt: stamp(c.LastMessageAt), LastText: c.LastText,
		WaitingSince: stamp(c.WaitingSince), WaitingSeconds: int64(c.Waiting(now) / time.Second),
		FirstResponseAt: stamp(c.FirstResponseAt), AssignedAt: stamp(c.AssignedAt),
		ClosedAt: stamp(c.ClosedAt), ClosedBy: c.ClosedBy, Messages: c.Messages,
	}
}

// conversationDetailJSON is a conversation with what an agent needs to
// answer it: the reply window and the latest history.
type conversationDetailJSON struct {
	conversationJSON
	Window   windowJSON   `json:"window"`
	Timeline timelineJSON `json:"timeline"`
}

// timelineLimit is how many of the follower's latest messages a
// conversation or a follower shows.
const timelineLimit = 20

func errNoDesk() error {
	return errs.Errorf(errs.Unavailable, "the service desk is not running on this server (客服工作台未启用)")
}

// handleConversationList lists one queue tab: ?status= open, assigned,
// closed or live (the default: open and assigned); ?assignee= me, none or
// a user id narrows live conversations to whoever has them.
func (a *API) handleConversationList(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Desk == nil {
		return errNoDesk()
	}
	f, err := queueFilter(r, c)
	if err != nil {
		return err
	}
	page, err := a.Desk.Queue(r.Context(), f)
	if err != nil {
		return err
	}
	now := a.Now()
	items := make([]conversationJSON, 0, len(page.Items))
	for i := range page.Items {
		it := &page.Items[i]
		cj := toConversationJSON(&it.Conversation, now)
		cj.Nickname, cj.Remark = it.Nickname, it.Remark
		items = append(items, cj)
	}
	writeJSON(w, http.StatusOK, newList(items, page.Next))
	return nil
}

// queueFilter reads the queue tab from the query string.
func queueFilter(r *http.Request, c *call) (inbox.QueueFilter, error) {
	q := r.URL.Query()
	p, err := parsePage(r, 0)
	if err != nil {
		return inbox.QueueFilter{}, err
	}
	f := inbox.QueueFilter{AccountID: c.Account.ID, Limit: p.Limit, After: q.Get("cursor")}
	switch s := q.Get("status"); s {
	case "", "live":
	case "open", "assigned", "closed":
		f.Status = inbox.Status(s)
	default:
		return f, errs.Errorf(errs.Invalid, "status must be live, open, assigned or closed (status 须为 live、open、assigned 或 closed)")
	}
	switch s := q.Get("assignee"); {
	case s == "":
	case f.Status != "":
		return f, errs.Errorf(errs.Invalid, "assignee narrows live conversations: leave status out (assignee 只用于进行中的会话，请勿同时指定 status)")
	case s == "me":
		f.AssigneeID = c.User.ID
	case s == "none":
		f.Unassigned = true
	default:
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id < 1 {
			return f, errs.Errorf(errs.Invalid, "assignee must be me, none or a user id (assignee 须为 me、none 或用户 ID)")
		}
		f.AssigneeID = id
	}
	return f, nil
}

// handleConversationGet shows a conversation with its window and latest history.
func (a *API) handleConversationGet(w http.ResponseWriter, r *http.Request, c *call) error {
	conv, err := a.conversation(r, c)
	if err != nil {
		return err
	}
	now := a.Now()
	win, err := a.Desk.Window(r.Context(), c.Account, conv.OpenID, now)
	if err != nil {
		return err
	}
	tl, err := a.Desk.Timeline(r.Context(), c.Account.ID, conv.OpenID, 0, timelineLimit)
	if err != nil {
		return err
	}
	out := conversationDetailJSON{conversationJSON: toConversationJSON(conv, now), Window: toWindowJSON(win), Timeline: toTimelineJSON(tl)}
	if f, err := a.Followers.Follower(r.Context(), c.Account.ID, conv.OpenID); err == nil {
		out.Nickname, out.Remark = f.Nickname, f.Remark
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// conversation loads the {id} conversation of the account.
func (a *API) conversation(r *http.Request, c *call) (*inbox.Conversation, error) {
	if a.Desk == nil {
		return nil, errNoDesk()
	}
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return a.Desk.Conversation(r.Context(), c.Account.ID, id)
}
