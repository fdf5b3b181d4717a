package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/fanbase/fanbase/internal/inbox"
)

// handleConversationReply sends the composer's message to the follower
// through the customer-service API. Outside the window nothing is sent and
// the reason is shown; a refusal by WeChat is shown and kept on the reply.
func (h *Handler) handleConversationReply(w http.ResponseWriter, r *http.Request, p *Page) error {
	c, err := h.conversationOf(r, p)
	if err != nil {
		return err
	}
	out := outgoingOf(r)
	if out.Type == inbox.OutNews {
		a, err := h.pickedArticle(r.Context(), p.Account.ID, r.PostFormValue("article_id"))
		if err != nil {
			return err
		}
		if a != nil { // the library's article wins over the typed fields
			out.Article = inbox.Article{Title: a.Title, Description: a.Digest, URL: a.URL, PicURL: a.CoverURL}
		}
	}
	reply, err := h.Desk.SendReply(r.Context(), p.Account, c.OpenID, out, p.User.ID)
	if reply != nil {
		h.audit(r, p, "conversation.reply", fmt.Sprint(c.ID), fmt.Sprintf("reply %d %s %s", reply.ID, reply.Status, out.Type))
	}
	if err != nil {
		if reply != nil {
			w.Header().Set("HX-Trigger", "conv-refresh") // the failed reply shows in the timeline
		}
		return err
	}
	h.redirect(w, r, p.URL("/inbox/%d", c.ID))
	return nil
}

// outgoingOf reads the composer form.
func outgoingOf(r *http.Request) inbox.Outgoing {
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	out := inbox.Outgoing{Type: f("type"), Text: r.PostFormValue("text"), MediaID: f("media_id"),
		Article: inbox.Article{Title: f("title"), Description: f("description"), URL: f("url"), PicURL: f("picurl")}}
	if out.Type == "" {
		out.Type = inbox.OutText
	}
	return out
}
