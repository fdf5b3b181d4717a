package web

import (
	"fmt"
	"strings"

	"github.com/fanbase/fanbase/internal/inbox"
)

// timelineItem is one entry of a conversation's timeline as shown.
type timelineItem struct {
	Key    string // "m12" or "r40": stable element ids
	Dir    string // "in" (the follower), "out" (to them) or "event"
	Text   string
	Meta   string // who or what sent a reply
	At     string
	Status string // replies: sent, pending, failed
	Label  string // the status, translated
	Class  string // badge class for the status
	Error  string
}

// timelineOf prepares the merged history for the page; names maps agents' ids.
func timelineOf(p *Page, items []inbox.TimelineItem, names map[int64]string) []timelineItem {
	out := make([]timelineItem, 0, len(items))
	for _, it := range items {
		if it.Message != nil {
			out = append(out, messageItem(p, it.Message))
		} else {
			out = append(out, replyItem(p, it.Reply, names))
		}
	}
	return out
}

func messageItem(p *Page, m *inbox.Message) timelineItem {
	it := timelineItem{Key: fmt.Sprintf("m%d", m.ID), Dir: "in", At: p.Time(m.ReceivedAt), Text: m.Content}
	if m.Kind == inbox.KindEvent {
		it.Dir, it.Text = "event", eventText(p, m)
		return it
	}
	if m.MsgType != "text" {
		label := "[" + msgTypeLabel(p, m.MsgType) + "]"
		it.Text = strings.TrimSpace(label + " " + m.Content)
	}
	return it
}

// knownEvents have a translated description.
var knownEvents = map[string]bool{"subscribe": true, "unsubscribe": true, "scan": true, "click": true,
	"view": true, "location": true, "scancode_push": true, "scancode_waitmsg": true}

func eventText(p *Page, m *inbox.Message) string {
	name := strings.ToLower(m.Event)
	text := p.T("inbox.event.other", m.Event)
	if knownEvents[name] {
		text = p.T("inbox.event." + name)
	}
	switch key := m.EventKey; {
	case key == "" || name == "location":
	case name == "subscribe" && strings.HasPrefix(key, "qrscene_"):
		text += " · " + p.T("customers.source.qr", strings.TrimPrefix(key, "qrscene_"))
	case name == "scan":
		text += " · " + p.T("customers.source.qr", key)
	default:
		text += " · " + key
	}
	return text
}

func replyItem(p *Page, r *inbox.Reply, names map[int64]string) timelineItem {
	it := timelineItem{Key: fmt.Sprintf("r%d", r.ID), Dir: "out", At: p.Time(r.CreatedAt), Text: r.Content,
		Status: r.Status, Error: r.Error, Meta: replySource(p, r, names)}
	if it.Text == "" {
		it.Text = "[" + msgTypeLabel(p, r.MsgType) + "]"
	}
	switch r.Status {
	case inbox.ReplySent:
		it.Label, it.Class = p.T("inbox.delivery.sent"), "ok"
	case inbox.ReplyFailed:
		it.Label, it.Class = p.T("inbox.delivery.failed"), "err"
	case inbox.ReplyPending:
		it.Label, it.Class = p.T("inbox.delivery.pending"), "warn"
	}
	return it
}

// replySource says what produced a reply (every reply is explainable).
func replySource(p *Page, r *inbox.Reply, names map[int64]string) string {
	s := r.Source
	switch {
	case s.AgentID != 0:
		return p.T("inbox.source.agent", nameOr(names, s.AgentID))
	case s.RuleID != 0:
		return p.T("inbox.source.rule", s.RuleID, s.RuleVersion)
	case s.BroadcastID != 0:
		return p.T("inbox.source.broadcast", s.BroadcastID)
	case s.CampaignID != 0:
		return p.T("inbox.source.campaign", s.CampaignID)
	case r.Channel == inbox.ChannelPassive:
		return p.T("inbox.source.auto")
	}
	return p.T("inbox.source.system")
}
