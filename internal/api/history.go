package api

import (
	"github.com/fanbase/fanbase/internal/inbox"
)

// messageJSON is one stored push from a follower (never its raw XML).
type messageJSON struct {
	ID         int64  `json:"id"`
	OpenID     string `json:"openid"`
	Kind       string `json:"kind"` // message or event
	MsgType    string `json:"msg_type"`
	Event      string `json:"event,omitempty"`
	EventKey   string `json:"event_key,omitempty"`
	Content    string `json:"content"`
	Handoff    *bool  `json:"handoff,omitempty"` // absent in search results
	CreateTime string `json:"create_time,omitempty"`
	ReceivedAt string `json:"received_at"`
	// Search results only: who sent it and their latest conversation.
	Nickname       string `json:"nickname,omitempty"`
	Remark         string `json:"remark,omitempty"`
	ConversationID int64  `json:"conversation_id,omitempty"`
}

func toMessageJSON(m *inbox.Message) messageJSON {
	return messageJSON{ID: m.ID, OpenID: m.OpenID, Kind: string(m.Kind), MsgType: m.MsgType, Event: m.Event,
		EventKey: m.EventKey, Content: m.Content, Handoff: &m.Handoff, CreateTime: stamp(m.CreateTime), ReceivedAt: stamp(m.ReceivedAt)}
}

// replyJSON is one stored outgoing message and what produced it.
type replyJSON struct {
	ID        int64        `json:"id"`
	OpenID    string       `json:"openid"`
	MessageID int64        `json:"message_id,omitempty"`
	Channel   string       `json:"channel"` // passive or custom
	MsgType   string       `json:"msg_type"`
	Content   string       `json:"content"`
	Status    string       `json:"status"` // sent, pending or failed
	Error     string       `json:"error,omitempty"`
	Source    inbox.Source `json:"source"`
	CreatedAt string       `json:"created_at"`
}

func toReplyJSON(r *inbox.Reply) replyJSON {
	return replyJSON{ID: r.ID, OpenID: r.OpenID, MessageID: r.MessageID, Channel: string(r.Channel), MsgType: r.MsgType,
		Content: r.Content, Status: r.Status, Error: r.Error, Source: r.Source, CreatedAt: stamp(r.CreatedAt)}
}

// timelineItemJSON is one entry of a follower's history: exactly one of
// Message and Reply is set.
type timelineItemJSON struct {
	At      string       `json:"at"`
	Message *messageJSON `json:"message,omitempty"`
	Reply   *replyJSON   `json:"reply,omitempty"`
}

// timelineJSON is a page of history, oldest first; Next pages back in time.
type timelineJSON struct {
	Items []timelineItemJSON `json:"items"`
	Next  string             `json:"next,omitempty"`
}

func toTimelineJSON(t inbox.Timeline) timelineJSON {
	out := timelineJSON{Items: make([]timelineItemJSON, 0, len(t.Items))}
	for _, it := range t.Items {
		item := timelineItemJSON{At: stamp(it.At)}
		if it.Message != nil {
			m := toMessageJSON(it.Message)
			item.Message = &m
		} else {
			r := toReplyJSON(it.Reply)
			item.Reply = &r
		}
		out.Items = append(out.Items, item)
	}
	if t.Before != 0 {
		out.Next = encodeCursor(t.Before)
	}
	return out
}

// windowJSON says whether customer-service messages can reach the follower
// now, how many and until when, or why not.
type windowJSON struct {
	Open      bool   `json:"open"`
	Kind      string `json:"kind,omitempty"` // message (48 h) or event (1 min)
	Remaining int    `json:"remaining"`
	ExpiresAt string `json:"expires_at,omitempty"`
	Reason    string `json:"reason,omitempty"` // window.closed.none|expired|quota|unsubscribed
	Message   string `json:"message"`
}

func toWindowJSON(w inbox.Window) windowJSON {
	return windowJSON{Open: w.Open, Kind: w.Kind, Remaining: w.Remaining, ExpiresAt: stamp(w.ExpiresAt),
		Reason: w.Reason, Message: w.Error()}
}
