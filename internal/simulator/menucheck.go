package simulator

import (
	"maps"
	"net/url"
)

// Limits of the custom menu (protocol.md §5.5), in UTF-8 bytes.
const (
	menuTopMax     = 3
	menuSubMax     = 5
	menuTopNameMax = 16
	menuSubNameMax = 60
	menuKeyMax     = 128
	menuURLMax     = 1024
)

// Errcodes of the menu APIs.
const (
	ErrButtonCount    = 40016
	ErrButtonType     = 40017
	ErrButtonName     = 40018
	ErrButtonKey      = 40019
	ErrButtonURL      = 40020
	ErrSubMenuLevel   = 40022
	ErrSubButtonCount = 40023
	ErrSubButtonType  = 40024
	ErrSubButtonName  = 40025
	ErrSubButtonKey   = 40026
	ErrSubButtonURL   = 40027
	ErrSubURLDomain   = 40054
	ErrURLDomain      = 40055
	ErrWeappPagePath  = 40165
	ErrWeappAppID     = 40166
	ErrNoMenu         = 46003
	ErrNoCondMenu     = 65301
	ErrNoSuchUser     = 65302
	ErrNoDefaultMenu  = 65303
	ErrEmptyMatchRule = 65304
	ErrPrivacyRule    = 65320
)

func init() {
	maps.Copy(errmsgs, map[int]string{
		ErrButtonCount:    "invalid button size",
		ErrButtonType:     "invalid button type",
		ErrButtonName:     "invalid button name size",
		ErrButtonKey:      "invalid button key size",
		ErrButtonURL:      "invalid button url size",
		ErrSubMenuLevel:   "invalid sub_menu level",
		ErrSubButtonCount: "invalid sub button size",
		ErrSubButtonType:  "invalid sub button type",
		ErrSubButtonName:  "invalid sub button name size",
		ErrSubButtonKey:   "invalid sub button key size",
		ErrSubButtonURL:   "invalid sub button url size",
		ErrSubURLDomain:   "invalid sub button url domain",
		ErrURLDomain:      "invalid button url domain",
		ErrWeappPagePath:  "invalid weapp pagepath",
		ErrWeappAppID:     "invalid weapp appid",
		ErrNoMenu:         "menu no exist",
		ErrNoCondMenu:     "conditional menu not exist",
		ErrNoSuchUser:     "no such user",
		ErrNoDefaultMenu:  "no default menu, please create one first",
		ErrEmptyMatchRule: "matchrule is empty",
		ErrPrivacyRule:    "matchrule contains privacy fields",
	})
}

// MenuButton is one button of a custom menu, with WeChat's field names. A
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

// level holds the errcodes that differ between top-level and sub-buttons.
type level struct {
	nameMax                   int
	name, typ, key, url, host int
}

var (
	topLevel = level{menuTopNameMax, ErrButtonName, ErrButtonType, ErrButtonKey, ErrButtonURL, ErrURLDomain}
	subLevel = level{menuSubNameMax, ErrSubButtonName, ErrSubButtonType, ErrSubButtonKey, ErrSubButtonURL, ErrSubURLDomain}
)

// checkMenu applies WeChat's limits to a whole menu; 0 when it is valid.
func checkMenu(buttons []MenuButton) int {
	if len(buttons) == 0 || len(buttons) > menuTopMax {
		return ErrButtonCount
	}
	for _, b := range buttons {
		if code := checkTop(b); code != 0 {
			return code
		}
	}
	return 0
}

func checkTop(b MenuButton) int {
	if len(b.SubButton) == 0 {
		return checkLeaf(b, topLevel)
	}
	if b.Name == "" || len(b.Name) > menuTopNameMax {
		return ErrButtonName
	}
	if len(b.SubButton) > menuSubMax {
		return ErrSubButtonCount
	}
	for _, s := range b.SubButton {
		if len(s.SubButton) > 0 {
			return ErrSubMenuLevel
		}
		if code := checkLeaf(s, subLevel); code != 0 {
			return code
		}
	}
	return 0
}

// checkLeaf checks a button that does something: its name, its type and
// the fields that type requires.
func checkLeaf(b MenuButton, l level) int {
	if b.Name == "" || len(b.Name) > l.nameMax {
		return l.name
	}
	switch b.Type {
	case "click", "scancode_push", "scancode_waitmsg", "pic_sysphoto", "pic_photo_or_album", "pic_weixin", "location_select":
		return checkKey(b.Key, l)
	case "view":
		return checkURL(b.URL, l)
	case "media_id", "view_limited":
		return required(b.MediaID, ErrInvalidMediaID)
	case "article_id", "article_view_limited":
		return required(b.ArticleID, ErrInvalidMediaID)
	case "miniprogram":
		return checkMiniprogram(b, l)
	}
	return l.typ
}

func checkKey(key string, l level) int {
	if key == "" || len(key) > menuKeyMax {
		return l.key
	}
	return 0
}

// checkURL wants an absolute http(s) URL of at most 1024 bytes.
func checkURL(raw string, l level) int {
	if raw == "" || len(raw) > menuURLMax {
		return l.url
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return l.host
	}
	return 0
}

func required(v string, code int) int {
	if v == "" {
		return code
	}
	return 0
}

// checkMiniprogram wants the mini program and, for old clients, a web page.
func checkMiniprogram(b MenuButton, l level) int {
	switch {
	case b.AppID == "":
		return ErrWeappAppID
	case b.PagePath == "":
		return ErrWeappPagePath
	}
	return checkURL(b.URL, l)
}
