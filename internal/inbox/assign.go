package inbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// Reasons a change to a conversation is refused inside its transaction;
// translated into errs errors (with names) once the transaction is over.
var (
	errClosed   = errors.New("conversation closed")
	errNotOwned = errors.New("conversation of another account")
	errNotLive  = errors.New("conversation still live")
	errSkip     = errors.New("nothing to do")
)

// takenError: someone else has the conversation.
type takenError struct{ by int64 }

func (e *takenError) Error() string { return fmt.Sprintf("conversation assigned to user %d", e.by) }

func notFoundConversation(id int64) error {
	return errs.Errorf(errs.NotFound, "conversation %d not found (会话不存在)", id)
}

// modify runs fn on a conversation of the account and turns refusals into
// user-facing errors; the changed conversation is published.
func (d *Desk) modify(ctx context.Context, accountID, id int64, fn func(c *Conversation) error) (*Conversation, error) {
	c, err := d.store.ModifyConversation(ctx, id, func(c *Conversation) error {
		if c.AccountID != accountID {
			return errNotOwned
		}
		return fn(c)
	})
	if err != nil {
		return nil, d.explain(ctx, id, err)
	}
	d.publish(c)
	return c, nil
}

func (d *Desk) explain(ctx context.Context, id int64, err error) error {
	var taken *takenError
	switch {
	case errors.Is(err, errNotOwned):
		return notFoundConversation(id)
	case errors.Is(err, errClosed):
		return errs.Errorf(errs.Conflict, "conversation %d is already closed (会话已关闭)", id)
	case errors.Is(err, errNotLive):
		return errs.Errorf(errs.Conflict, "conversation %d is still open (会话仍在进行中)", id)
	case errors.As(err, &taken):
		name := d.userName(ctx, taken.by)
		return errs.Errorf(errs.Conflict, "%s already took this conversation (该会话已被 %s 接待)", name, name)
	case errs.CodeOf(err) != errs.Internal:
		return err
	}
	return fmt.Errorf("inbox: conversation %d: %w", id, err)
}

// userName is the display name of a user, or "user N" when unknown.
func (d *Desk) userName(ctx context.Context, id int64) string {
	if d.dir != nil {
		if u, err := d.dir.UserByID(ctx, id); err == nil && u.Name != "" {
			return u.Name
		}
	}
	return fmt.Sprintf("#%d", id)
}

// Claim gives a live conversation to userID. Claiming one someone else has
// is errs.Conflict naming them; claiming one's own is a no-op.
func (d *Desk) Claim(ctx context.Context, accountID, id, userID int64) (*Conversation, error) {
	now := d.now()
	return d.modify(ctx, accountID, id, func(c *Conversation) error {
		switch {
		case !c.Live():
			return errClosed
		case c.AssigneeID != 0 && c.AssigneeID != userID:
			return &takenError{by: c.AssigneeID}
		case c.AssigneeID == userID:
			return nil
		}
		c.Status, c.AssigneeID, c.AssignedAt = StatusAssigned, userID, now
		return nil
	})
}

// Transfer gives a live conversation to another agent of the account, or
// back to the queue when toUserID is 0. The target must be an agent (or
// above) of the account.
func (d *Desk) Transfer(ctx context.Context, accountID, id, toUserID, byUserID int64) (*Conversation, error) {
	if toUserID != 0 {
		if err := d.checkAgent(ctx, accountID, toUserID); err != nil {
			return nil, err
		}
	}
	now := d.now()
	c, err := d.modify(ctx, accountID, id, func(c *Conversation) error {
		if !c.Live() {
			return errClosed
		}
		c.AssigneeID, c.Status, c.AssignedAt = toUserID, StatusAssigned, now
		if toUserID == 0 {
			c.Status, c.AssignedAt = StatusOpen, time.Time{}
		}
		return nil
	})
	if err == nil {
		d.log.Debug("inbox: conversation transferred", "conversation", id, "to", toUserID, "by", byUserID)
		d.wakeAssigner()
	}
	return c, err
}

// checkAgent refuses users who may not work the account's inbox.
func (d *Desk) checkAgent(ctx context.Context, accountID, userID int64) error {
	agents, err := d.Agents(ctx, accountID)
	if err != nil {
		return err
	}
	for _, a := range agents {
		if a.UserID == userID {
			return nil
		}
	}
	return errs.Errorf(errs.Invalid, "user %d is not an agent of this account (该用户不是此账号的客服)", userID)
}

// Close ends a live conversation; the follower's next message opens a new one.
func (d *Desk) Close(ctx context.Context, accountID, id, byUserID int64) (*Conversation, error) {
	now := d.now()
	c, err := d.modify(ctx, accountID, id, func(c *Conversation) error {
		if !c.Live() {
			return errClosed
		}
		c.Status, c.ClosedAt, c.ClosedBy = StatusClosed, now, byUserID
		return nil
	})
	if err == nil {
		d.wakeAssigner() // the agent has room for another
	}
	return c, err
}

// Reopen makes a closed conversation live again, assigned to the user who
// reopens it. It is errs.Conflict while the follower has another live one.
func (d *Desk) Reopen(ctx context.Context, accountID, id, byUserID int64) (*Conversation, error) {
	now := d.now()
	return d.modify(ctx, accountID, id, func(c *Conversation) error {
		if c.Live() {
			return errNotLive
		}
		c.Status, c.AssigneeID, c.AssignedAt = StatusAssigned, byUserID, now
		c.ClosedAt, c.ClosedBy = time.Time{}, 0
		return nil
	})
}
