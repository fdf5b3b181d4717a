package inbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// Outgoing types an agent can send.
const (
	OutText  = wechat.ReplyText
	OutImage = wechat.ReplyImage
	OutNews  = wechat.ReplyNews
)

// Reply statuses of customer-service replies.
const (
	ReplyPending = "pending"
	ReplySent    = "sent"
	ReplyFailed  = "failed"
)

// Article is the one article of a news message.
type Article struct {
	Title       string
	Description string
	URL         string
	PicURL      string
}

// Outgoing is what an agent sends: text, an image (media_id) or a news article.
type Outgoing struct {
	Type    string
	Text    string
	MediaID string
	Article Article
}

// Reply returns the message as the wechat package describes replies.
func (o Outgoing) Reply() wechat.Reply {
	r := wechat.Reply{Type: o.Type, Content: o.Text, MediaID: strings.TrimSpace(o.MediaID)}
	if o.Type == OutNews {
		a := o.Article
		r.Articles = []wechat.Article{{Title: a.Title, Description: a.Description, URL: a.URL, PicURL: a.PicURL}}
	}
	return r
}

// Validate refuses what WeChat would refuse, with an English and Chinese message.
func (o Outgoing) Validate() error {
	if o.Type != OutText && o.Type != OutImage && o.Type != OutNews {
		return errs.Errorf(errs.Invalid, "message type must be text, image or news (消息类型须为文本、图片或图文)")
	}
	if err := o.Reply().Validate(); err != nil {
		return errs.Errorf(errs.Invalid, "%s", strings.TrimPrefix(err.Error(), wechat.ErrInvalidReply.Error()+": "))
	}
	return nil
}

// Summary is the searchable text of the message, stored as the reply's content.
func (o Outgoing) Summary() string {
	switch o.Type {
	case OutImage:
		return "[image] " + strings.TrimSpace(o.MediaID)
	case OutNews:
		return strings.TrimSpace(o.Article.Title + " " + o.Article.Description)
	}
	return o.Text
}

// SendReply sends an agent's message to a follower through the
// customer-service API. A closed window is errs.Forbidden with the reason
// (nothing is stored or sent). Otherwise the reply is stored as pending,
// sent, and marked sent or failed with WeChat's error; on failure both the
// stored reply and the error are returned. A live conversation is marked
// answered (and given to the agent when nobody had it).
func (d *Desk) SendReply(ctx context.Context, acct *account.Account, openID string, out Outgoing, agentID int64) (*Reply, error) {
	if err := out.Validate(); err != nil {
		return nil, err
	}
	if d.sender == nil {
		return nil, errs.Errorf(errs.Unavailable, "sending is not configured (未配置消息发送)")
	}
	body, err := wxclient.CustomMessageJSON(openID, out.Reply())
	if err != nil {
		return nil, err
	}
	now := d.now()
	w, err := d.Window(ctx, acct, openID, now)
	if err != nil {
		return nil, err
	}
	if err := w.Err(); err != nil {
		return nil, err
	}
	conv, err := d.store.LiveConversation(ctx, acct.ID, openID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return nil, fmt.Errorf("inbox: send reply: %w", err)
	}
	r := &Reply{AccountID: acct.ID, OpenID: openID, Channel: ChannelCustom, MsgType: out.Type,
		Content: out.Summary(), Body: body, Source: Source{AgentID: agentID}, Status: ReplyPending, CreatedAt: now}
	if conv != nil {
		r.MessageID = conv.LastMessageID
	}
	if err := d.store.AddReply(ctx, r); err != nil {
		return nil, fmt.Errorf("inbox: store reply: %w", err)
	}
	return d.deliver(ctx, acct, r, conv, agentID)
}

// deliver calls the API and records the outcome even when ctx ends meanwhile.
func (d *Desk) deliver(ctx context.Context, acct *account.Account, r *Reply, conv *Conversation, agentID int64) (*Reply, error) {
	sendErr := d.sender.SendCustomJSON(ctx, acct, r.Body)
	ctx = context.WithoutCancel(ctx)
	r.Status = ReplySent
	if sendErr != nil {
		r.Status, r.Error = ReplyFailed, FailureText(sendErr)
	}
	if err := d.store.UpdateReplyStatus(ctx, r.ID, r.Status, r.Error); err != nil {
		return r, fmt.Errorf("inbox: record reply %d: %w", r.ID, err)
	}
	if sendErr != nil {
		d.log.Warn("inbox: customer-service message failed", "appid", acct.AppID, "reply_id", r.ID, "error", r.Error)
		return r, sendError(sendErr)
	}
	if conv != nil {
		d.answered(ctx, conv.ID, agentID, r.CreatedAt)
	}
	return r, nil
}

// answered clears the conversation's wait after an agent's reply went out.
func (d *Desk) answered(ctx context.Context, id, agentID int64, at time.Time) {
	c, err := d.store.ModifyConversation(ctx, id, func(c *Conversation) error {
		if !c.Live() {
			return errSkip
		}
		c.WaitingSince = time.Time{}
		if c.FirstResponseAt.IsZero() {
			c.FirstResponseAt = at
		}
		if c.AssigneeID == 0 && agentID != 0 {
			c.Status, c.AssigneeID, c.AssignedAt = StatusAssigned, agentID, at
		}
		return nil
	})
	if err != nil {
		if !errors.Is(err, errSkip) {
			d.log.Error("inbox: mark conversation answered", "conversation", id, "error", err.Error())
		}
		return
	}
	d.publish(c)
}

// FailureText is what a failed send stores and shows: WeChat's errcode
// with its Chinese and English meaning, or the transport error.
func FailureText(err error) string {
	var we *wxclient.Error
	if errors.As(err, &we) {
		zh, en := wxclient.Describe(we.Code)
		return fmt.Sprintf("errcode %d: %s (%s)", we.Code, zh, en)
	}
	return wxclient.Redact(err.Error())
}

// sendError turns a failed send into the error the agent sees.
func sendError(err error) error {
	switch {
	case wxclient.IsCode(err, wxclient.CodeOutOfWindow):
		return errs.Errorf(errs.Forbidden, "WeChat refused the message: outside the reply window, or the follower unsubscribed (45015：超出回复时限或粉丝已取消关注)")
	case wxclient.IsCode(err, wxclient.CodeKfQuota):
		return errs.Errorf(errs.Forbidden, "WeChat refused the message: the reply quota is used up (45047：客服消息条数超过限制)")
	}
	var we *wxclient.Error
	if errors.As(err, &we) {
		return fmt.Errorf("inbox: send reply: %w", err)
	}
	if errs.CodeOf(err) != errs.Internal {
		return err
	}
	return errs.Errorf(errs.Unavailable, "could not reach WeChat, the message was not sent: %s (无法连接微信接口，消息未发送)", wxclient.Redact(err.Error()))
}
