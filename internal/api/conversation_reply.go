package api

import (
	"fmt"
	"net/http"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

// replyRequest is an agent's message: text, an image (media_id) or one
// news article.
type replyRequest struct {
	Type    string       `json:"type"`
	Text    string       `json:"text"`
	MediaID string       `json:"media_id"`
	Article *articleJSON `json:"article"`
	// ArticleID sends a library article as stored there; it wins over Article.
	ArticleID int64 `json:"article_id"`
}

type articleJSON struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	URL         string `json:"url"`
	PicURL      string `json:"pic_url"`
}

func (req *replyRequest) outgoing() inbox.Outgoing {
	out := inbox.Outgoing{Type: req.Type, Text: req.Text, MediaID: req.MediaID}
	if req.Article != nil {
		a := req.Article
		out.Article = inbox.Article{Title: a.Title, Description: a.Description, URL: a.URL, PicURL: a.PicURL}
	}
	return out
}

// handleConversationReply sends an agent's message to the conversation's
// follower through the customer-service API. Outside the reply window it
// is refused (403) with the reason and nothing is sent; a message WeChat
// refuses is stored as failed and answered 403 or 503 with WeChat's error.
func (a *API) handleConversationReply(w http.ResponseWriter, r *http.Request, c *call) error {
	conv, err := a.conversation(r, c)
	if err != nil {
		return err
	}
	var req replyRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	out := req.outgoing()
	if req.ArticleID != 0 {
		if out.Article, err = a.libraryArticle(r, c, req.ArticleID); err != nil {
			return err
		}
	}
	sent, err := a.Desk.SendReply(r.Context(), c.Account, conv.OpenID, out, c.User.ID)
	if sent != nil {
		a.audit(r, c, "conversation.reply", fmt.Sprint(conv.ID),
			fmt.Sprintf("reply %d %s %s via API", sent.ID, sent.Status, sent.MsgType))
	}
	if err != nil {
		return deliveryError(sent, err)
	}
	writeJSON(w, http.StatusCreated, toReplyJSON(sent))
	return nil
}

// deliveryError keeps the desk's refusals (the window is closed: 403), and
// turns any other failure of a stored reply into a 503 naming WeChat's
// error: WeChat's own codes (an expired access_token, say) must not read as
// the caller's credentials or input being wrong.
func deliveryError(sent *inbox.Reply, err error) error {
	if sent == nil || sent.Status != inbox.ReplyFailed || errs.CodeOf(err) == errs.Forbidden {
		return err
	}
	return errs.Errorf(errs.Unavailable, "WeChat did not accept the message (reply %d): %s (消息发送失败)", sent.ID, sent.Error)
}

// libraryArticle loads one of the account's library articles as a news
// reply's article.
func (a *API) libraryArticle(r *http.Request, c *call, id int64) (inbox.Article, error) {
	if a.Articles == nil {
		return inbox.Article{}, errs.Errorf(errs.Unavailable, "the article library is not available (图文库不可用)")
	}
	art, err := a.Articles.Get(r.Context(), c.Account.ID, id)
	if err != nil {
		return inbox.Article{}, err
	}
	return inbox.Article{Title: art.Title, Description: art.Digest, URL: art.URL, PicURL: art.CoverURL}, nil
}
