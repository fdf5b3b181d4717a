package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/fanbase/fanbase/internal/audience"
)

// followerListData is the follower list page.
type followerListData struct {
	Search    string
	Status    audience.FollowerStatus
	Statuses  []followerStatusOption
	Rows      []followerRow
	NextURL   string // the next page; "" on the last
	FirstURL  string // back to the first page; "" on it
	TotalsURL string
	Sync      *followerSyncView // the sync card; nil below operator
}

type followerStatusOption struct {
	Value    audience.FollowerStatus
	Label    string
	Selected bool
}

// followerRow is one follower as the list shows them.
type followerRow struct {
	Name, OpenID, Nickname, Remark, Href, Source string
	Subscribed                                   bool
	FirstSeen, LastInteraction                   string
	Interactions                                 int64
}

// handleFollowerList lists an account's followers, newest first, with a
// prefix search on nickname, remark and openid, a status filter and
// keyset paging (?after=). The totals in the header, which count every
// follower, load afterwards (?part=totals) so that the list never waits.
func (h *Handler) handleFollowerList(w http.ResponseWriter, r *http.Request, p *Page) error {
	q := r.URL.Query()
	if q.Get("part") == "totals" {
		t, err := h.Customers.FollowerTotals(r.Context(), p.Account.ID)
		if err != nil {
			return err
		}
		return h.partial(w, r, p, "follower_list", "follower_totals", followerTotalsView{t, t.Known - t.Subscribed})
	}
	after, err := audience.ParseFollowerCursor(q.Get("after"))
	if err != nil {
		return err
	}
	d := &followerListData{Search: q.Get("q"), Status: audience.ParseFollowerStatus(q.Get("status")),
		TotalsURL: p.URL("/followers?part=totals")}
	page, err := h.Customers.ListFollowers(r.Context(), audience.FollowerQuery{
		AccountID: p.Account.ID, Search: d.Search, Status: d.Status, After: after})
	if err != nil {
		return err
	}
	for _, f := range page.Followers {
		d.Rows = append(d.Rows, followerRowOf(p, &f))
	}
	d.fillLinks(p, after, page.Next)
	d.Statuses = followerStatusOptions(p, d.Status)
	if d.Sync, err = h.followerSyncView(r.Context(), p); err != nil {
		return err
	}
	p.Title, p.Nav = p.T("customers.list.title"), "followers"
	return h.render(w, r, p, "follower_list", d)
}

// followerTotalsView is the header of the follower list.
type followerTotalsView struct {
	audience.Totals
	Unsubscribed int64
}

// fillLinks builds the paging links, keeping the search and the filter.
func (d *followerListData) fillLinks(p *Page, after, next audience.FollowerCursor) {
	link := func(c audience.FollowerCursor) string {
		v := url.Values{}
		if d.Search != "" {
			v.Set("q", d.Search)
		}
		if d.Status != audience.StatusAll {
			v.Set("status", string(d.Status))
		}
		if !c.IsZero() {
			v.Set("after", c.String())
		}
		if len(v) == 0 {
			return p.URL("/followers")
		}
		return p.URL("/followers") + "?" + v.Encode()
	}
	if !next.IsZero() {
		d.NextURL = link(next)
	}
	if !after.IsZero() {
		d.FirstURL = link(audience.FollowerCursor{})
	}
}

func followerStatusOptions(p *Page, cur audience.FollowerStatus) []followerStatusOption {
	var out []followerStatusOption
	for _, s := range []audience.FollowerStatus{audience.StatusAll, audience.StatusSubscribed, audience.StatusUnsubscribed} {
		key := "customers.status.all"
		if s != audience.StatusAll {
			key = "customers.status." + string(s)
		}
		out = append(out, followerStatusOption{Value: s, Label: p.T(key), Selected: s == cur})
	}
	return out
}

func followerRowOf(p *Page, f *audience.Follower) followerRow {
	return followerRow{
		Name: followerName(f.Nickname, f.Remark, f.OpenID), OpenID: f.OpenID, Nickname: f.Nickname, Remark: f.Remark,
		Href: p.URL("/followers/%s", url.PathEscape(f.OpenID)), Source: followerSource(p, f),
		Subscribed: f.Subscribed, FirstSeen: p.Time(f.FirstSeenAt), LastInteraction: p.Ago(f.LastInteraction),
		Interactions: f.Interactions,
	}
}

// followerSource names where a follower came from: the QR code's scene, the
// subscribe scene WeChat reported, or "unknown".
func followerSource(p *Page, f *audience.Follower) string {
	switch {
	case f.QRScene != "":
		return p.T("customers.source.qr", f.QRScene)
	case f.SubscribeScene != "" && f.SubscribeScene != "qr":
		return subscribeSceneLabel(p, f.SubscribeScene)
	}
	return p.T("customers.source.unknown")
}

// knownScenes are the subscribe_scene values user/info reports that have
// a translated label; others show as sent.
var knownScenes = map[string]bool{"ADD_SCENE_SEARCH": true, "ADD_SCENE_ACCOUNT_MIGRATION": true,
	"ADD_SCENE_PROFILE_CARD": true, "ADD_SCENE_QR_CODE": true, "ADD_SCENE_PROFILE_LINK": true,
	"ADD_SCENE_PROFILE_ITEM": true, "ADD_SCENE_PAID": true, "ADD_SCENE_WECHAT_ADVERTISEMENT": true,
	"ADD_SCENE_OTHERS": true}

func subscribeSceneLabel(p *Page, scene string) string {
	if knownScenes[scene] {
		return p.T("customers.scene." + strings.ToLower(strings.TrimPrefix(scene, "ADD_SCENE_")))
	}
	return p.T("customers.source.scene", scene)
}
