package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/fanbase/fanbase/internal/inbox"
)

// Queue tabs, as the ?tab= parameter names them.
const (
	tabUnassigned = "unassigned"
	tabMine       = "mine"
	tabAll        = "all"
	tabClosed     = "closed"
)

var queueTabs = []string{tabUnassigned, tabMine, tabAll, tabClosed}

// queueView is the queue panel: tabs with counts and one page of rows.
type queueView struct {
	Tab     string
	Tabs    []queueTab
	Rows    []queueRow
	Next    string // URL of the next page; "" on the last
	RowsURL string // what the panel reloads itself from
	Compact bool   // the narrow list beside a conversation
	Units   map[string]string
}

type queueTab struct {
	Key, Label, Href string
	Count            int64
	Active           bool
}

// queueRow is one conversation as the queue shows it.
type queueRow struct {
	ID           int64
	Href         string
	ClaimURL     string
	Name         string
	OpenID       string
	LastText     string
	WaitingSince int64 // unix ms; 0 when answered
	Waiting      string
	Assignee     string
	Mine         bool
	Messages     int64
	Status       string
	StatusLabel  string
	CanClaim     bool
	Current      bool
}

// tabOf reads the ?tab= parameter; unknown values are the default tab.
func tabOf(v string) string {
	for _, t := range queueTabs {
		if v == t {
			return v
		}
	}
	return tabUnassigned
}

// filterOf turns a tab into the store's filter.
func filterOf(p *Page, tab, after string) inbox.QueueFilter {
	f := inbox.QueueFilter{AccountID: p.Account.ID, After: after}
	switch tab {
	case tabUnassigned:
		f.Unassigned = true
	case tabMine:
		f.AssigneeID = p.User.ID
	case tabClosed:
		f.Status = inbox.StatusClosed
	}
	return f
}

// buildQueue loads a tab of the queue for the page's user; current is the
// conversation open beside it (0 on the queue page).
func (h *Handler) buildQueue(ctx context.Context, p *Page, tab, after string, current int64, compact bool) (*queueView, error) {
	f := filterOf(p, tab, after)
	if compact {
		f.Limit = 30
	}
	page, err := h.Desk.Queue(ctx, f)
	if err != nil {
		return nil, err
	}
	counts, err := h.Desk.QueueCounts(ctx, p.Account.ID, p.User.ID)
	if err != nil {
		return nil, err
	}
	names, err := h.agentNames(ctx, p)
	if err != nil {
		return nil, err
	}
	v := &queueView{Tab: tab, Compact: compact, RowsURL: queueURL(p, tab, after, current, true), Units: timeUnits(p)}
	v.Tabs = queueTabsOf(p, tab, counts, current)
	for _, it := range page.Items {
		v.Rows = append(v.Rows, h.queueRowOf(p, it, names, current))
	}
	if page.Next != "" {
		v.Next = queueURL(p, tab, page.Next, current, false)
	}
	return v, nil
}

func queueTabsOf(p *Page, active string, c inbox.QueueCounts, current int64) []queueTab {
	count := map[string]int64{tabUnassigned: c.Unassigned, tabMine: c.Mine, tabAll: c.Live, tabClosed: -1}
	var tabs []queueTab
	for _, t := range queueTabs {
		tabs = append(tabs, queueTab{Key: t, Label: p.T("inbox.tab." + t), Count: count[t], Active: t == active,
			Href: queueURL(p, t, "", current, false)})
	}
	return tabs
}

// queueURL is the queue page (or, beside a conversation, that conversation)
// showing tab from after; rows asks for the panel alone.
func queueURL(p *Page, tab, after string, current int64, rows bool) string {
	q := url.Values{"tab": {tab}}
	if after != "" {
		q.Set("after", after)
	}
	if rows {
		q.Set("part", "queue")
	}
	if current != 0 {
		return p.URL("/inbox/%d?%s", current, q.Encode())
	}
	return p.URL("/inbox?%s", q.Encode())
}

func (h *Handler) queueRowOf(p *Page, it inbox.QueueItem, names map[int64]string, current int64) queueRow {
	c := it.Conversation
	r := queueRow{
		ID: c.ID, Href: p.URL("/inbox/%d", c.ID), ClaimURL: p.URL("/conversations/%d/claim", c.ID),
		Name: followerName(it.Nickname, it.Remark, c.OpenID), OpenID: c.OpenID, LastText: lastText(p, c.LastText),
		Messages: c.Messages, Status: string(c.Status), StatusLabel: p.T("inbox.status." + string(c.Status)),
		Mine: c.AssigneeID == p.User.ID, Current: c.ID == current,
	}
	if w := c.Waiting(p.Now); !c.WaitingSince.IsZero() && c.Live() {
		r.WaitingSince, r.Waiting = c.WaitingSince.UnixMilli(), p.Dur(w)
	}
	if c.AssigneeID != 0 {
		r.Assignee = nameOr(names, c.AssigneeID)
	}
	r.CanClaim = c.Live() && c.AssigneeID == 0
	return r
}

// followerName is what agents call a follower: remark, nickname or openid.
func followerName(nickname, remark, openID string) string {
	switch {
	case remark != "":
		return remark
	case nickname != "":
		return nickname
	}
	return openID
}

// lastText translates the "[image]" form the desk stores for messages without text.
func lastText(p *Page, s string) string {
	if t, ok := strings.CutPrefix(s, "["); ok && strings.HasSuffix(t, "]") && !strings.Contains(t, " ") {
		return "[" + msgTypeLabel(p, strings.TrimSuffix(t, "]")) + "]"
	}
	return s
}

// knownMsgTypes have a translated label.
var knownMsgTypes = map[string]bool{"text": true, "image": true, "voice": true, "video": true,
	"shortvideo": true, "location": true, "link": true, "event": true, "news": true, "music": true}

func msgTypeLabel(p *Page, typ string) string {
	if knownMsgTypes[typ] {
		return p.T("inbox.msgtype." + typ)
	}
	return p.T("inbox.msgtype.other")
}

// agentNames maps the account's members to their names.
func (h *Handler) agentNames(ctx context.Context, p *Page) (map[int64]string, error) {
	agents, err := h.Desk.Agents(ctx, p.Account.ID)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(agents))
	for _, a := range agents {
		names[a.UserID] = a.Name
	}
	return names, nil
}

// nameOr is a user's name, or their number when they are no longer a member.
func nameOr(names map[int64]string, id int64) string {
	if n, ok := names[id]; ok && n != "" {
		return n
	}
	return fmt.Sprintf("#%d", id)
}

// timeUnits are the words the waiting-time counters count up with (inbox.js).
func timeUnits(p *Page) map[string]string {
	return map[string]string{"s": p.T("inbox.unit.s"), "m": p.T("inbox.unit.m"), "h": p.T("inbox.unit.h"), "d": p.T("inbox.unit.d")}
}
