package gateway

import (
	"context"
	"net/http"
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/wechat"
)

// answer writes the passive reply: the stored reply XML (for a retry, the
// one stored the first time, byte for byte), encrypted when the push was;
// "success" when there is nothing to say, which WeChat takes as "no reply".
func (g *Gateway) answer(w http.ResponseWriter, req *request, res inbox.Committed) {
	if res.Reply == nil || res.Reply.Channel != inbox.ChannelPassive || len(res.Reply.Body) == 0 {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("success"))
		return
	}
	body := res.Reply.Body
	if req.encrypted {
		sealed, err := req.entry.cipher.Seal(req.entry.acct.Token, req.timestamp, req.nonce, body)
		if err != nil {
			// Stored already: WeChat's retry will get another chance to encrypt.
			g.log.Error("cannot encrypt reply", "appid", req.entry.acct.AppID, "error", err.Error())
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		body = sealed
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write(body)
}

// learnOriginalID records the account's gh_ id from its first push, so later
// pushes addressed elsewhere are refused. It runs off the hot path, once.
func (g *Gateway) learnOriginalID(e *accountEntry, m *wechat.Message) {
	if e.acct.OriginalID != "" || m.ToUserName == "" || !e.learning.CompareAndSwap(false, true) {
		return
	}
	appID, originalID := e.acct.AppID, m.ToUserName
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := g.store.LearnOriginalID(ctx, appID, originalID)
		g.accounts.forget(appID) // the next push reads the account again
		if err != nil {
			g.log.Warn("cannot record the account's original id", "appid", appID, "error", err.Error())
			return
		}
		g.log.Info("learnt the account's original id", "appid", appID, "original_id", originalID)
	}()
}
