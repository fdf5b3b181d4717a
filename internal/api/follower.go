package api

import (
	"net/http"
	"strings"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
)

// followerJSON is one follower as an account sees them.
type followerJSON struct {
	OpenID          string `json:"openid"`
	Subscribed      bool   `json:"subscribed"`
	Nickname        string `json:"nickname,omitempty"`
	Remark          string `json:"remark,omitempty"`
	Language        string `json:"language,omitempty"`
	UnionID         string `json:"unionid,omitempty"`
	SubscribeScene  string `json:"subscribe_scene,omitempty"`
	QRScene         string `json:"qr_scene,omitempty"` // the source channel
	FirstSeenAt     string `json:"first_seen_at"`
	SubscribedAt    string `json:"subscribed_at,omitempty"`
	UnsubscribedAt  string `json:"unsubscribed_at,omitempty"`
	LastMessageAt   string `json:"last_message_at,omitempty"`
	LastInteraction string `json:"last_interaction_at,omitempty"`
	Interactions    int64  `json:"interactions"`
}

func toFollowerJSON(f *audience.Follower) followerJSON {
	return followerJSON{
		OpenID: f.OpenID, Subscribed: f.Subscribed, Nickname: f.Nickname, Remark: f.Remark, Language: f.Language,
		UnionID: f.UnionID, SubscribeScene: f.SubscribeScene, QRScene: f.QRScene, FirstSeenAt: stamp(f.FirstSeenAt),
		SubscribedAt: stamp(f.SubscribedAt), UnsubscribedAt: stamp(f.UnsubscribedAt), LastMessageAt: stamp(f.LastMessageAt),
		LastInteraction: stamp(f.LastInteraction), Interactions: f.Interactions,
	}
}

// handleFollowerList lists the account's followers, newest first: ?q=
// matches the start of the nickname, the remark or the openid; ?status=
// subscribed or unsubscribed narrows the list.
func (a *API) handleFollowerList(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := parsePage(r, 0)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	after, err := audience.ParseFollowerCursor(q.Get("cursor"))
	if err != nil {
		return err
	}
	status := audience.FollowerStatus(q.Get("status"))
	if status != audience.StatusAll && audience.ParseFollowerStatus(string(status)) != status {
		return errs.Errorf(errs.Invalid, "status must be subscribed or unsubscribed (status 须为 subscribed 或 unsubscribed)")
	}
	page, err := a.Followers.ListFollowers(r.Context(), audience.FollowerQuery{
		AccountID: c.Account.ID, Search: strings.TrimSpace(q.Get("q")), Status: status, After: after, Limit: p.Limit,
	})
	if err != nil {
		return err
	}
	items := make([]followerJSON, 0, len(page.Followers))
	for i := range page.Followers {
		items = append(items, toFollowerJSON(&page.Followers[i]))
	}
	writeJSON(w, http.StatusOK, newList(items, page.Next.String()))
	return nil
}
