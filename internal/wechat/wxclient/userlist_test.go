package wxclient

import (
	"context"
	"net/http"
	"reflect"
	"testing"
)

func TestUserList(t *testing.T) {
	f := newFake(t)
	var got []string
	f.route(userListPath, func(w http.ResponseWriter, r *http.Request) {
		next := r.URL.Query().Get("next_openid")
		got = append(got, next)
		if next == "" {
			writeJSON(w, map[string]any{"total": 3, "count": 2, "data": map[string]any{"openid": []string{"o1", "o2"}}, "next_openid": "o2"})
			return
		}
		writeJSON(w, map[string]any{"total": 3, "count": 0, "next_openid": ""})
	})
	a := f.account(t, Options{})
	first, err := a.UserList(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	want := UserList{Total: 3, Count: 2, OpenIDs: []string{"o1", "o2"}, NextOpenID: "o2"}
	if !reflect.DeepEqual(*first, want) {
		t.Fatalf("page = %+v, want %+v", *first, want)
	}
	last, err := a.UserList(context.Background(), first.NextOpenID)
	if err != nil {
		t.Fatal(err)
	}
	if last.Count != 0 || len(last.OpenIDs) != 0 || last.NextOpenID != "" || last.Total != 3 {
		t.Fatalf("last page = %+v", *last)
	}
	if !reflect.DeepEqual(got, []string{"", "o2"}) {
		t.Fatalf("next_openid sent = %q", got)
	}
}

func TestUserListError(t *testing.T) {
	f := newFake(t)
	f.route(userListPath, errcode(CodeDailyQuota, "api freq out of limit"))
	if _, err := f.account(t, Options{}).UserList(context.Background(), ""); !IsCode(err, CodeDailyQuota) {
		t.Fatalf("err = %v, want 45009", err)
	}
}
