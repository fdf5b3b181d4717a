package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/fanbase/fanbase/internal/inbox"
)

// deskAction is a method of the desk that changes one conversation on
// behalf of a user (Claim, Close, Reopen).
type deskAction func(d *inbox.Desk, ctx context.Context, accountID, id, userID int64) (*inbox.Conversation, error)

// conversationAction builds the handler of claim, close or reopen.
func (a *API) conversationAction(verb string, act deskAction) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, c *call) error {
		return a.changeConversation(w, r, c, verb, "", func(id int64) (*inbox.Conversation, error) {
			return act(a.Desk, r.Context(), c.Account.ID, id, c.User.ID)
		})
	}
}

// changeConversation runs one change of the {id} conversation: the desk
// decides whether it is allowed (409 when the conversation's state forbids
// it), and a change made is audited and answered with the conversation.
func (a *API) changeConversation(w http.ResponseWriter, r *http.Request, c *call, verb, detail string,
	change func(id int64) (*inbox.Conversation, error)) error {
	if a.Desk == nil {
		return errNoDesk()
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	conv, err := change(id)
	if err != nil {
		return err
	}
	a.audit(r, c, "conversation."+verb, fmt.Sprint(id), conv.OpenID+detail+" via API")
	writeJSON(w, http.StatusOK, toConversationJSON(conv, a.Now()))
	return nil
}

// transferRequest names who gets the conversation; 0 puts it back in the queue.
type transferRequest struct {
	UserID *int64 `json:"user_id"`
}

// handleConversationTransfer gives a live conversation to another agent of
// the account, or back to the queue.
func (a *API) handleConversationTransfer(w http.ResponseWriter, r *http.Request, c *call) error {
	var req transferRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if req.UserID == nil || *req.UserID < 0 {
		return errInvalid("user_id is required: the agent's user id, or 0 for the queue (user_id 必填：客服的用户 ID，0 表示退回队列)")
	}
	to := *req.UserID
	return a.changeConversation(w, r, c, "transfer", fmt.Sprintf(" to user %d", to), func(id int64) (*inbox.Conversation, error) {
		return a.Desk.Transfer(r.Context(), c.Account.ID, id, to, c.User.ID)
	})
}
