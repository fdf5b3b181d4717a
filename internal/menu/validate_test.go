package menu

import (
	"errors"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
)

func click(name, key string) Button { return Button{Name: name, Type: TypeClick, Key: key} }

func TestValidate(t *testing.T) {
	long := strings.Repeat("长", 6) // 18 bytes
	ok := click("今日歌曲", "K1")
	tests := []struct {
		name string
		doc  Document
		path string // "" = valid
		want string // part of the message
	}{
		{"valid", Document{Buttons: []Button{ok, {Name: "更多", Sub: []Button{{Name: "官网", Type: TypeView, URL: "https://example.com/x?a=1"}}}}}, "", ""},
		{"5 Chinese characters fit", Document{Buttons: []Button{click("五个中文字", "K")}}, "", ""},
		{"no buttons", Document{}, "0.0.0", "需要 1 到 3 个一级菜单"},
		{"four buttons", Document{Buttons: []Button{ok, click("b", "b"), click("c", "c"), click("d", "d")}}, "0.0.0", "needs 1 to 3 buttons, has 4"},
		{"top name 18 bytes", Document{Buttons: []Button{click(long, "K")}}, "0.1.0", "菜单 1: 名称超过 16 字节"},
		{"sub name over 60 bytes", Document{Buttons: []Button{ok, {Name: "更多", Sub: []Button{click(strings.Repeat("长", 21), "K2")}}}}, "0.2.1",
			"菜单 2 › 子菜单 1: 名称超过 60 字节（当前 63） / Menu 2 › item 1: name longer than 60 bytes (has 63)"},
		{"six items", Document{Buttons: []Button{{Name: "多", Sub: []Button{ok, ok, ok, ok, ok, ok}}}}, "0.1.0", "at most 5 items, has 6"},
		{"empty name", Document{Buttons: []Button{click("", "K")}}, "0.1.0", "name is empty"},
		{"no type", Document{Buttons: []Button{{Name: "a"}}}, "0.1.0", "pick a button type"},
		{"unknown type", Document{Buttons: []Button{{Name: "a", Type: "teleport"}}}, "0.1.0", `unknown button type "teleport"`},
		{"key too long", Document{Buttons: []Button{click("a", strings.Repeat("k", 129))}}, "0.1.0", "key longer than 128 bytes"},
		{"view without url", Document{Buttons: []Button{{Name: "a", Type: TypeView}}}, "0.1.0", "link is empty"},
		{"view with ftp url", Document{Buttons: []Button{{Name: "a", Type: TypeView, URL: "ftp://x.com"}}}, "0.1.0", "full http:// or https://"},
		{"view url too long", Document{Buttons: []Button{{Name: "a", Type: TypeView, URL: "https://x.com/" + strings.Repeat("a", 1011)}}}, "0.1.0", "longer than 1024 bytes"},
		{"view with article", Document{Buttons: []Button{{Name: "a", Type: TypeView, ArticleID: 3}}}, "", ""},
		{"miniprogram needs appid", Document{Buttons: []Button{{Name: "a", Type: TypeMiniprogram, PagePath: "p", URL: "https://x.com"}}}, "0.1.0", "appid"},
		{"media_id", Document{Buttons: []Button{{Name: "a", Type: TypeMediaID}}}, "0.1.0", "media_id"},
		{"reply both", Document{Buttons: []Button{{Name: "a", Type: TypeClick, Key: "K", Reply: &Reply{Text: "x", ArticleID: 1}}}}, "0.1.0", "not both"},
		{"key with two replies", Document{Buttons: []Button{{Name: "a", Type: TypeClick, Key: "K", Reply: &Reply{Text: "x"}},
			{Name: "b", Type: TypeClick, Key: "K", Reply: &Reply{Text: "y"}}}}, "0.2.0", `key "K" is used by Menu 1 with another reply`},
		{"key twice, same reply", Document{Buttons: []Button{click("a", "K"), click("b", "K")}}, "", ""},
		{"sub of sub", Document{Buttons: []Button{{Name: "a", Sub: []Button{{Name: "b", Sub: []Button{ok}}}}}}, "0.1.1", "cannot open another sub-menu"},
		{"conditional without tag", Document{Buttons: []Button{ok}, Conditional: []Conditional{{Buttons: []Button{ok}}}}, "1.0.0",
			"个性化菜单 1: 请选择标签 / Conditional menu 1: pick a tag"},
		{"conditional button", Document{Buttons: []Button{ok}, Conditional: []Conditional{{TagID: 2, Buttons: []Button{click(long, "K")}}}}, "1.1.0",
			"Conditional menu 1 › Menu 1: name longer than 16 bytes"},
		{"same tag twice", Document{Buttons: []Button{ok}, Conditional: []Conditional{{TagID: 2, Buttons: []Button{ok}}, {TagID: 2, Buttons: []Button{ok}}}},
			"2.0.0", "same match rule as conditional menu 1"},
		{"bad platform", Document{Buttons: []Button{ok}, Conditional: []Conditional{{TagID: 2, ClientPlatform: "9", Buttons: []Button{ok}}}}, "1.0.0", "client platform"},
		{"conditional without default", Document{Conditional: []Conditional{{TagID: 2, Buttons: []Button{ok}}}}, "0.0.0", "need a default menu"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(&tt.doc)
			if tt.path == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want valid", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || !errs.Is(err, errs.Invalid) {
				t.Fatalf("Validate = %v, want an Invalid *ValidationError", err)
			}
			for _, p := range ve.Problems {
				if p.Path == tt.path && strings.Contains(p.Message, tt.want) && strings.Contains(p.Message, " / ") {
					return
				}
			}
			t.Fatalf("problems %+v\nwant one at %s containing %q, in both languages", ve.Problems, tt.path, tt.want)
		})
	}
}

func TestNormalize(t *testing.T) {
	d := Document{Buttons: []Button{
		{Name: " 点我 ", Type: TypeClick, URL: "https://stale.example.com", Reply: &Reply{Text: "  "}},
		{Name: "父", Type: TypeView, URL: "https://x.com", Sub: []Button{{Name: "子", Type: TypeScanPush}, {Name: "链", Type: TypeView, URL: "https://a.com", ArticleID: 4}}},
		click("已有", "MENU_KEEP"),
	}}
	Normalize(&d)
	b := d.Buttons
	if b[0].Name != "点我" || b[0].URL != "" || b[0].Reply != nil || !strings.HasPrefix(b[0].Key, "MENU_") {
		t.Errorf("click button = %+v: want trimmed, stale url and empty reply gone, a key made up", b[0])
	}
	if b[1].Type != "" || b[1].URL != "" || b[1].Sub[0].Key == "" || b[1].Sub[0].Key == b[0].Key {
		t.Errorf("parent = %+v: want no action of its own, unique keys for its items", b[1])
	}
	if b[1].Sub[1].URL != "" || b[1].Sub[1].ArticleID != 4 {
		t.Errorf("view linked to an article = %+v: want the article, not the url", b[1].Sub[1])
	}
	if b[2].Key != "MENU_KEEP" {
		t.Errorf("existing key changed to %q", b[2].Key)
	}
	if err := Validate(&d); err != nil {
		t.Errorf("normalized document invalid: %v", err)
	}
}
