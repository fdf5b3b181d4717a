package wxclient

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
)

func TestMenuCalls(t *testing.T) {
	f := newFake(t)
	ok := func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok"})
	}
	f.route(menuCreatePath, ok)
	f.route(menuDelCondPath, ok)
	f.route(menuAddCondPath, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, map[string]any{"menuid": "400000002"}) })
	f.route(menuGetPath, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"menu":{"button":[{"type":"click","name":"今日歌曲","key":"K1"}],"menuid":400000001},
			"conditionalmenu":[{"button":[{"type":"view","name":"官网","url":"https://example.com/?a=1&b=2"}],"matchrule":{"tag_id":"2"},"menuid":"400000002"}]}`))
	})
	a := f.account(t, Options{})
	ctx := context.Background()
	buttons := []MenuButton{{Name: "菜单", SubButton: []MenuButton{{Type: "view", Name: "官网", URL: "https://example.com/?a=1&b=2"}}}}
	if err := a.CreateMenu(ctx, buttons); err != nil {
		t.Fatal(err)
	}
	if body := string(f.lastBody(menuCreatePath)); !strings.Contains(body, `"url":"https://example.com/?a=1&b=2"`) || !strings.Contains(body, `"sub_button"`) {
		t.Fatalf("create body = %s, want unescaped url and sub_button", body)
	}
	id, err := a.AddConditionalMenu(ctx, buttons, MatchRule{TagID: "2"})
	if err != nil || id != "400000002" {
		t.Fatalf("addconditional = %q, %v", id, err)
	}
	if body := string(f.lastBody(menuAddCondPath)); !strings.Contains(body, `"matchrule":{"tag_id":"2"}`) {
		t.Fatalf("addconditional body = %s", body)
	}
	if err := a.DelConditionalMenu(ctx, id); err != nil || string(f.lastBody(menuDelCondPath)) != `{"menuid":"400000002"}` {
		t.Fatalf("delconditional: %v, body %s", err, f.lastBody(menuDelCondPath))
	}
	got, err := a.GetMenu(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Menu.MenuID != "400000001" || got.Menu.Button[0].Key != "K1" || len(got.Conditional) != 1 ||
		got.Conditional[0].MenuID != "400000002" || got.Conditional[0].MatchRule.TagID != "2" {
		t.Fatalf("menu/get = %+v", got)
	}
}

func TestMenuErrors(t *testing.T) {
	f := newFake(t)
	f.route(menuGetPath, errcode(CodeNoMenu, "menu no exist"))
	f.route(menuCreatePath, errcode(CodeInvalidButtonName, "invalid button name size"))
	f.route(menuDeletePath, errcode(0, "ok"))
	a := f.account(t, Options{})
	ctx := context.Background()
	if _, err := a.GetMenu(ctx); !IsCode(err, CodeNoMenu) || !errs.Is(err, errs.NotFound) {
		t.Fatalf("get err = %v, want 46003 NotFound", err)
	}
	err := a.CreateMenu(ctx, []MenuButton{{Type: "click", Name: strings.Repeat("长", 9), Key: "k"}})
	if !IsCode(err, CodeInvalidButtonName) || !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "菜单") {
		t.Fatalf("create err = %v, want 40018 Invalid with a description", err)
	}
	if err := a.DeleteMenu(ctx); err != nil {
		t.Fatalf("delete: %v", err)
	}
}
