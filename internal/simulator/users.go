package simulator

import (
	"encoding/json"
	"io"
	"net/http"
)

// Limits of the user APIs (protocol.md §5.6).
const (
	userListPage = 10000 // openids per user/get page
	batchMax     = 100   // openids per user/info/batchget
)

// userInfo is user/info for a follower. nickname, headimgurl, sex and region
// are empty, as WeChat has returned them since 2021-12-27.
type userInfo struct {
	Subscribe      int    `json:"subscribe"`
	OpenID         string `json:"openid"`
	Nickname       string `json:"nickname"`
	Sex            int    `json:"sex"`
	Language       string `json:"language"`
	City           string `json:"city"`
	Province       string `json:"province"`
	Country        string `json:"country"`
	HeadImgURL     string `json:"headimgurl"`
	SubscribeTime  int64  `json:"subscribe_time"`
	Remark         string `json:"remark"`
	GroupID        int    `json:"groupid"`
	TagIDList      []int  `json:"tagid_list"`
	SubscribeScene string `json:"subscribe_scene"`
	QRScene        int64  `json:"qr_scene"`
	QRSceneStr     string `json:"qr_scene_str"`
}

// unsubscribedInfo is all WeChat tells about someone who unfollowed.
type unsubscribedInfo struct {
	Subscribe int    `json:"subscribe"`
	OpenID    string `json:"openid"`
}

func infoOf(f *follower) any {
	if !f.Subscribed {
		return unsubscribedInfo{OpenID: f.OpenID}
	}
	return userInfo{
		Subscribe: 1, OpenID: f.OpenID, Language: f.Language, SubscribeTime: f.SubscribeTime.Unix(),
		Remark: f.Remark, TagIDList: append([]int{}, f.tags...), SubscribeScene: f.Scene, QRScene: f.QRScene, QRSceneStr: f.QRSceneStr,
	}
}

// handleUserInfo serves GET /cgi-bin/user/info?openid=&lang=.
func (p *Platform) handleUserInfo(w http.ResponseWriter, r *http.Request, a *account) {
	a.mu.Lock()
	f, ok := a.followers[r.URL.Query().Get("openid")]
	var info any
	if ok {
		info = infoOf(f)
	}
	a.mu.Unlock()
	if !ok {
		p.fail(w, r, a, ErrInvalidOpenID, "")
		return
	}
	writeJSON(w, http.StatusOK, info)
}

// batchRequest is the body of user/info/batchget.
type batchRequest struct {
	UserList []struct {
		OpenID string `json:"openid"`
		Lang   string `json:"lang"`
	} `json:"user_list"`
}

// handleUserBatch serves POST /cgi-bin/user/info/batchget (≤100 openids).
func (p *Platform) handleUserBatch(w http.ResponseWriter, r *http.Request, a *account) {
	req, code := decodeBatch(r.Body)
	var infos []any
	if code == 0 {
		infos, code = a.infos(req)
	}
	if code != 0 {
		p.fail(w, r, a, code, "")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"user_info_list": infos})
}

func decodeBatch(body io.Reader) (*batchRequest, int) {
	raw, err := io.ReadAll(body)
	switch {
	case err != nil:
		return nil, ErrDataFormat
	case len(raw) == 0:
		return nil, ErrEmptyBody
	}
	var req batchRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return nil, ErrDataFormat
	}
	if len(req.UserList) == 0 || len(req.UserList) > batchMax {
		return nil, ErrOpenIDListSize
	}
	return &req, 0
}

func (a *account) infos(req *batchRequest) ([]any, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	infos := make([]any, 0, len(req.UserList))
	for _, u := range req.UserList {
		f, ok := a.followers[u.OpenID]
		if !ok {
			return nil, ErrInvalidOpenID
		}
		infos = append(infos, infoOf(f))
	}
	return infos, 0
}

// userList is one page of user/get.
type userList struct {
	Total      int           `json:"total"`
	Count      int           `json:"count"`
	Data       *userListData `json:"data,omitempty"`
	NextOpenID string        `json:"next_openid"`
}

type userListData struct {
	OpenID []string `json:"openid"`
}

// handleUserList serves GET /cgi-bin/user/get?next_openid=: subscribed
// followers in the order they first appeared, up to 10,000 per page.
func (p *Platform) handleUserList(w http.ResponseWriter, r *http.Request, a *account) {
	page, code := a.listPage(r.URL.Query().Get("next_openid"), p.pageSize)
	if code != 0 {
		p.fail(w, r, a, code, "")
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (a *account) listPage(after string, size int) (userList, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	start := 0
	if after != "" {
		f, ok := a.followers[after]
		if !ok {
			return userList{}, ErrInvalidOpenID
		}
		start = f.seq + 1
	}
	var page userList
	for i, openid := range a.order {
		if !a.followers[openid].Subscribed {
			continue
		}
		page.Total++
		if i >= start && page.Count < size {
			page.Count++
			page.NextOpenID = openid
			if page.Data == nil {
				page.Data = &userListData{}
			}
			page.Data.OpenID = append(page.Data.OpenID, openid)
		}
	}
	return page, 0
}
