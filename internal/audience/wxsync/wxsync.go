// Package wxsync adapts the WeChat API client to audience.SyncAPI, so that
// the audience domain does not depend on the client: it converts pages and
// profiles and turns quota refusals (45009, 45011) into *audience.QuotaError.
package wxsync

import (
	"context"
	"strconv"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// API is one account's follower API, as the sync consumes it.
type API struct {
	Account *wxclient.Account
}

var _ audience.SyncAPI = API{}

// UserList fetches the follower list page after nextOpenID.
func (a API) UserList(ctx context.Context, nextOpenID string) (*audience.ListPage, error) {
	l, err := a.Account.UserList(ctx, nextOpenID)
	if err != nil {
		return nil, quota(err)
	}
	return &audience.ListPage{Total: l.Total, OpenIDs: l.OpenIDs, NextOpenID: l.NextOpenID}, nil
}

// UserProfiles fetches up to 100 profiles in one call.
func (a API) UserProfiles(ctx context.Context, openIDs []string) ([]audience.SyncProfile, error) {
	us, err := a.Account.BatchUserInfo(ctx, openIDs)
	if err != nil {
		return nil, quota(err)
	}
	out := make([]audience.SyncProfile, len(us))
	for i := range us {
		out[i] = Profile(&us[i])
	}
	return out, nil
}

// Tags lists the account's tags.
func (a API) Tags(ctx context.Context) ([]audience.RemoteTag, error) {
	tags, err := a.Account.ListTags(ctx)
	if err != nil {
		return nil, quota(err)
	}
	out := make([]audience.RemoteTag, len(tags))
	for i, t := range tags {
		out[i] = audience.RemoteTag{ID: t.ID, Name: t.Name, Count: t.Count}
	}
	return out, nil
}

// Profile converts one user/info answer.
func Profile(u *wxclient.UserInfo) audience.SyncProfile {
	p := audience.SyncProfile{OpenID: u.OpenID, Subscribed: u.Subscribed(), Nickname: u.Nickname, Remark: u.Remark,
		Language: u.Language, UnionID: u.UnionID, SubscribeScene: u.SubscribeScene, QRScene: u.QRSceneStr,
		TagIDs: u.TagIDList}
	if u.SubscribeTime > 0 {
		p.SubscribedAt = time.Unix(u.SubscribeTime, 0).UTC()
	}
	if p.QRScene == "" && u.QRScene != 0 {
		p.QRScene = strconv.FormatInt(u.QRScene, 10)
	}
	return p
}

func quota(err error) error {
	switch {
	case wxclient.IsCode(err, wxclient.CodeDailyQuota):
		return &audience.QuotaError{Daily: true, Err: err}
	case wxclient.IsCode(err, wxclient.CodeMinuteQuota):
		return &audience.QuotaError{Err: err}
	}
	return err
}
