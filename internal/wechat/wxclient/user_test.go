package wxclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
)

const userInfoJSON = `{"subscribe":1,"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","nickname":"","sex":0,"language":"zh_CN",
"city":"","province":"","country":"","headimgurl":"","subscribe_time":1682899200,"unionid":"o6_bmasdasdsad6_2sgVt7hMZOPfL",
"remark":"老客户","groupid":0,"tagid_list":[128,2],"subscribe_scene":"ADD_SCENE_QR_CODE","qr_scene":98765,"qr_scene_str":"门店A"}`

func TestUserInfo(t *testing.T) {
	f := newFake(t)
	var query string
	f.route("/cgi-bin/user/info", func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.Query().Get("openid") + "|" + r.URL.Query().Get("lang")
		_, _ = w.Write([]byte(userInfoJSON))
	})
	u, err := f.account(t, Options{}).UserInfo(context.Background(), "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", "")
	if err != nil {
		t.Fatal(err)
	}
	want := UserInfo{Subscribe: 1, OpenID: "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", Language: "zh_CN", SubscribeTime: 1682899200,
		UnionID: "o6_bmasdasdsad6_2sgVt7hMZOPfL", Remark: "老客户", TagIDList: []int{128, 2},
		SubscribeScene: "ADD_SCENE_QR_CODE", QRScene: 98765, QRSceneStr: "门店A"}
	if !reflect.DeepEqual(*u, want) || !u.Subscribed() {
		t.Fatalf("user = %+v\nwant %+v", *u, want)
	}
	if query != "o6_bmjrPTlm6_2sgVt7hMZOPfL2M|zh_CN" {
		t.Fatalf("query = %q", query)
	}
}

func TestUserInfoErrors(t *testing.T) {
	f := newFake(t)
	f.route("/cgi-bin/user/info", errcode(CodeInvalidOpenID, "invalid openid"))
	a := f.account(t, Options{})
	if _, err := a.UserInfo(context.Background(), "nope", "en"); !IsCode(err, CodeInvalidOpenID) || !errs.Is(err, errs.NotFound) {
		t.Fatalf("err = %v, want 40003", err)
	}
	if _, err := a.UserInfo(context.Background(), "", ""); !errs.Is(err, errs.Invalid) {
		t.Fatalf("err = %v, want Invalid for an empty openid", err)
	}
}

func TestBatchUserInfo(t *testing.T) {
	f := newFake(t)
	f.route(batchUserPath, func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			UserList []batchUser `json:"user_list"`
		}
		_ = json.NewDecoder(r.Body).Decode(&in)
		list := []map[string]any{}
		for _, u := range in.UserList {
			list = append(list, map[string]any{"subscribe": 1, "openid": u.OpenID, "language": u.Lang})
		}
		writeJSON(w, map[string]any{"user_info_list": list})
	})
	ids := []string{"o1", "o2", "o3"}
	got, err := f.account(t, Options{}).BatchUserInfo(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[2].OpenID != "o3" || got[0].Language != "zh_CN" {
		t.Fatalf("users = %+v", got)
	}
	want := `{"user_list":[{"openid":"o1","lang":"zh_CN"},{"openid":"o2","lang":"zh_CN"},{"openid":"o3","lang":"zh_CN"}]}`
	if body := string(f.lastBody(batchUserPath)); body != want {
		t.Fatalf("body = %s, want %s", body, want)
	}
}

func TestBatchUserInfoLimits(t *testing.T) {
	f := newFake(t)
	a := f.account(t, Options{})
	ids := make([]string, MaxBatchUsers+1)
	for i := range ids {
		ids[i] = fmt.Sprintf("o%d", i)
	}
	if _, err := a.BatchUserInfo(context.Background(), ids); !IsCode(err, CodeInvalidOpenIDList) {
		t.Fatalf("err = %v, want local 40032", err)
	}
	got, err := a.BatchUserInfo(context.Background(), nil)
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("empty batch = %v, %v; want an empty slice", got, err)
	}
	if f.fetches.Load() != 0 || f.hitCount(batchUserPath) != 0 {
		t.Fatal("refused or empty batches reached WeChat")
	}
}
