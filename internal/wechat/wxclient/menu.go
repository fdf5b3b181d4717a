package wxclient

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// Paths of the custom menu API (protocol.md §5.5).
const (
	menuCreatePath  = "/cgi-bin/menu/create"
	menuGetPath     = "/cgi-bin/menu/get"
	menuDeletePath  = "/cgi-bin/menu/delete"
	menuAddCondPath = "/cgi-bin/menu/addconditional"
	menuDelCondPath = "/cgi-bin/menu/delconditional"
)

// MenuButton is one button of a custom menu with WeChat's field names; a
// button with SubButton has no type.
type MenuButton struct {
	Type      string       `json:"type,omitempty"`
	Name      string       `json:"name"`
	Key       string       `json:"key,omitempty"`
	URL       string       `json:"url,omitempty"`
	MediaID   string       `json:"media_id,omitempty"`
	ArticleID string       `json:"article_id,omitempty"`
	AppID     string       `json:"appid,omitempty"`
	PagePath  string       `json:"pagepath,omitempty"`
	SubButton []MenuButton `json:"sub_button,omitempty"`
}

// MatchRule chooses who sees a conditional menu. Only tag_id and
// client_platform_type still match; the privacy fields answer 65320.
type MatchRule struct {
	TagID              string `json:"tag_id,omitempty"`
	ClientPlatformType string `json:"client_platform_type,omitempty"`
}

// MenuConfig is what menu/get answers: the default menu and the
// conditional ones, each with its menuid.
type MenuConfig struct {
	Menu struct {
		Button []MenuButton `json:"button"`
		MenuID MenuID       `json:"menuid,omitempty"`
	} `json:"menu"`
	Conditional []ConditionalMenu `json:"conditionalmenu,omitempty"`
}

// ConditionalMenu is one conditional menu as menu/get shows it.
type ConditionalMenu struct {
	Button    []MenuButton `json:"button"`
	MatchRule MatchRule    `json:"matchrule"`
	MenuID    MenuID       `json:"menuid"`
}

// MenuID is a menuid, which WeChat sends as a number or a string.
type MenuID string

// UnmarshalJSON accepts 123 and "123".
func (m *MenuID) UnmarshalJSON(b []byte) error {
	*m = MenuID(strings.Trim(string(b), `"`))
	return nil
}

// CreateMenu replaces the default menu. The call is idempotent (the same
// menu again is the same menu), so it is retried like a GET.
func (a *Account) CreateMenu(ctx context.Context, buttons []MenuButton) error {
	return a.call(ctx, http.MethodPost, menuCreatePath, nil, map[string]any{"button": buttons}, nil, true)
}

// GetMenu returns the menus WeChat shows; *Error 46003 when there is none.
func (a *Account) GetMenu(ctx context.Context) (*MenuConfig, error) {
	var out MenuConfig
	if err := a.Call(ctx, http.MethodGet, menuGetPath, nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteMenu removes the default menu and every conditional menu.
func (a *Account) DeleteMenu(ctx context.Context) error {
	return a.Call(ctx, http.MethodGet, menuDeletePath, nil, nil, nil)
}

// AddConditionalMenu adds a conditional menu and returns its menuid. It is
// not retried: a lost answer would leave a second copy behind.
func (a *Account) AddConditionalMenu(ctx context.Context, buttons []MenuButton, rule MatchRule) (string, error) {
	var out struct {
		MenuID MenuID `json:"menuid"`
	}
	body := map[string]any{"button": buttons, "matchrule": rule}
	if err := a.Call(ctx, http.MethodPost, menuAddCondPath, nil, body, &out); err != nil {
		return "", err
	}
	return string(out.MenuID), nil
}

// DelConditionalMenu removes one conditional menu; *Error 65301 when
// WeChat does not know the menuid.
func (a *Account) DelConditionalMenu(ctx context.Context, menuID string) error {
	body := map[string]json.RawMessage{"menuid": json.RawMessage(strconv.Quote(menuID))}
	return a.call(ctx, http.MethodPost, menuDelCondPath, nil, body, nil, true)
}
