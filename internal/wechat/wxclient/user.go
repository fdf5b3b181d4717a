package wxclient

import (
	"context"
	"net/http"
	"net/url"

	"github.com/fanbase/fanbase/internal/errs"
)

// MaxBatchUsers is how many openids one batch user-info call may carry.
const MaxBatchUsers = 100

const batchUserPath = "/cgi-bin/user/info/batchget"

// UserInfo is a follower's profile (protocol.md §5.6). Since 2021-12-27
// WeChat returns nickname and headimgurl empty; they stay for old data.
// SubscribeScene is an open set of strings (ADD_SCENE_…).
type UserInfo struct {
	Subscribe      int    `json:"subscribe"`
	OpenID         string `json:"openid"`
	Language       string `json:"language,omitempty"`
	SubscribeTime  int64  `json:"subscribe_time,omitempty"`
	UnionID        string `json:"unionid,omitempty"`
	Remark         string `json:"remark,omitempty"`
	GroupID        int    `json:"groupid,omitempty"`
	TagIDList      []int  `json:"tagid_list,omitempty"`
	SubscribeScene string `json:"subscribe_scene,omitempty"`
	QRScene        int64  `json:"qr_scene,omitempty"`
	QRSceneStr     string `json:"qr_scene_str,omitempty"`
	Nickname       string `json:"nickname,omitempty"`
	HeadImgURL     string `json:"headimgurl,omitempty"`
}

// Subscribed reports whether the user follows the account now.
func (u *UserInfo) Subscribed() bool { return u.Subscribe == 1 }

// UserInfo fetches one follower's profile; lang defaults to zh_CN.
func (a *Account) UserInfo(ctx context.Context, openID, lang string) (*UserInfo, error) {
	if openID == "" {
		return nil, errs.Errorf(errs.Invalid, "user info needs an openid (查询用户信息缺少 openid)")
	}
	if lang == "" {
		lang = "zh_CN"
	}
	var u UserInfo
	q := url.Values{"openid": {openID}, "lang": {lang}}
	if err := a.Call(ctx, http.MethodGet, "/cgi-bin/user/info", q, nil, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

type batchUser struct {
	OpenID string `json:"openid"`
	Lang   string `json:"lang"`
}

// BatchUserInfo fetches up to MaxBatchUsers profiles in one call; more are
// refused locally with *Error 40032, before any call.
func (a *Account) BatchUserInfo(ctx context.Context, openIDs []string) ([]UserInfo, error) {
	if len(openIDs) > MaxBatchUsers {
		return nil, refuse(CodeInvalidOpenIDList, batchUserPath,
			"at most %d openids per batch, got %d (每次最多查询 %d 个用户)", MaxBatchUsers, len(openIDs), MaxBatchUsers)
	}
	if len(openIDs) == 0 {
		return []UserInfo{}, nil
	}
	in := struct {
		UserList []batchUser `json:"user_list"`
	}{}
	for _, id := range openIDs {
		in.UserList = append(in.UserList, batchUser{OpenID: id, Lang: "zh_CN"})
	}
	var out struct {
		UserInfoList []UserInfo `json:"user_info_list"`
	}
	// Reading profiles changes nothing, so this POST may be retried.
	if err := a.call(ctx, http.MethodPost, batchUserPath, nil, in, &out, true); err != nil {
		return nil, err
	}
	return out.UserInfoList, nil
}
