package menu

import (
	"errors"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

func TestWxFailure(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code errs.Code
		want []string
	}{
		{"name size", &wxclient.Error{Code: 40018, Msg: "invalid button name size rid: 1", Path: "/cgi-bin/menu/create"}, errs.Invalid,
			[]string{"错误码 40018", "errcode 40018", "invalid menu button", "微信拒绝发布菜单"}},
		{"no default menu", &wxclient.Error{Code: 65303, Msg: "no default menu"}, errs.Invalid,
			[]string{"没有默认菜单", "no default menu, cannot add"}},
		{"quota", &wxclient.Error{Code: 45009, Msg: "reach max api daily quota limit"}, errs.Unavailable, []string{"errcode 45009"}},
		{"network", errors.New("dial tcp: refused"), errs.Internal, []string{"menu: publish the menu: dial tcp"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wxFailure("publish the menu", "发布菜单", tt.err)
			if errs.CodeOf(got) != tt.code {
				t.Errorf("code = %q, want %q (%v)", errs.CodeOf(got), tt.code, got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got.Error(), w) {
					t.Errorf("%q does not say %q", got, w)
				}
			}
		})
	}
}

func TestMergeRules(t *testing.T) {
	d := &Document{Buttons: []Button{{Name: "a", Type: TypeClick, Key: "A", Reply: &Reply{Text: "1"}}, {Name: "b", Type: TypeClick, Key: "B"}}}
	menuRules := clickRules(d, nil)
	if len(menuRules) != 1 || menuRules[0].Name != "menu:A" {
		t.Fatalf("clickRules = %+v, want one rule for the button with a reply", menuRules)
	}
	merged, changed := mergeRules(nil, menuRules)
	if !changed || len(merged) != 1 {
		t.Fatalf("first merge = %+v, %v", merged, changed)
	}
	merged[0].ID = 9
	again, changed := mergeRules(merged, clickRules(d, nil))
	if changed || again[0].ID != 9 {
		t.Errorf("same menu again: changed %v, rules %+v; want unchanged with id 9", changed, again)
	}
}
