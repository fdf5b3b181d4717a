package wxclient

import (
	"context"
	"net/http"
	"net/url"
)

// MaxUserListPage is how many openids one user/get page carries at most.
const MaxUserListPage = 10000

const userListPath = "/cgi-bin/user/get"

// UserList is one page of an account's follower list (protocol.md §5.6):
// openids of current followers, up to MaxUserListPage, in WeChat's order.
// NextOpenID is the last openid of the page, to pass to the next call; a
// page with Count 0 (and NextOpenID "") ends the list.
type UserList struct {
	Total      int      // followers in the whole list
	Count      int      // openids on this page
	OpenIDs    []string // this page's openids
	NextOpenID string
}

// UserList fetches the page after nextOpenID ("" for the first page).
// Listing changes nothing, so transport errors are retried once.
func (a *Account) UserList(ctx context.Context, nextOpenID string) (*UserList, error) {
	var out struct {
		Total int `json:"total"`
		Count int `json:"count"`
		Data  struct {
			OpenID []string `json:"openid"`
		} `json:"data"`
		NextOpenID string `json:"next_openid"`
	}
	q := url.Values{}
	if nextOpenID != "" {
		q.Set("next_openid", nextOpenID)
	}
	if err := a.Call(ctx, http.MethodGet, userListPath, q, nil, &out); err != nil {
		return nil, err
	}
	return &UserList{Total: out.Total, Count: out.Count, OpenIDs: out.Data.OpenID, NextOpenID: out.NextOpenID}, nil
}
