package menu

import (
	"fmt"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
)

// WeChat's limits of a custom menu (protocol.md §5.5), in UTF-8 bytes: a
// top-level name holds 5 Chinese characters, a sub-menu name 20.
const (
	MaxButtons     = 3
	MaxSubButtons  = 5
	MaxTopName     = 16
	MaxSubName     = 60
	MaxKey         = 128
	MaxURL         = 1024
	MaxConditional = 20 // our own bound: WeChat refuses nothing, but the editor stays usable
	MaxReplyBytes  = 2047
)

// Problem is one thing wrong with a document, naming the button: Where is
// "菜单 2 › 子菜单 3 / Menu 2 › item 3" style, Path is "m.b.s" (menu 0 is
// the default menu, n the n-th conditional; buttons and items count from 1,
// s 0 for a top-level button) for the editor to highlight.
type Problem struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// ValidationError lists every problem of a document; it is an errs.Invalid.
type ValidationError struct{ Problems []Problem }

// Error joins the problems, each already bilingual.
func (e *ValidationError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Message
	}
	return strings.Join(msgs, "; ")
}

// Unwrap makes the error an errs.Invalid for the web app and the API.
func (e *ValidationError) Unwrap() error { return &errs.Error{Code: errs.Invalid, Message: e.Error()} }

// place names a button in both languages while checking.
type place struct {
	menu, button, sub int
}

func (p place) path() string { return fmt.Sprintf("%d.%d.%d", p.menu, p.button, p.sub) }

func (p place) names() (zh, en string) {
	var z, e []string
	if p.menu > 0 {
		z, e = append(z, fmt.Sprintf("个性化菜单 %d", p.menu)), append(e, fmt.Sprintf("Conditional menu %d", p.menu))
	}
	if p.button > 0 {
		z, e = append(z, fmt.Sprintf("菜单 %d", p.button)), append(e, fmt.Sprintf("Menu %d", p.button))
	}
	if p.sub > 0 {
		z, e = append(z, fmt.Sprintf("子菜单 %d", p.sub)), append(e, fmt.Sprintf("item %d", p.sub))
	}
	if len(z) == 0 {
		return "菜单", "Menu"
	}
	return strings.Join(z, " › "), strings.Join(e, " › ")
}

// checker collects problems.
type checker struct{ list []Problem }

// add records "zhWhere: zh / enWhere: en".
func (c *checker) add(at place, zh, en string) {
	wz, we := at.names()
	c.list = append(c.list, Problem{Path: at.path(), Message: wz + ": " + zh + " / " + we + ": " + en})
}

func (c *checker) err() error {
	if len(c.list) == 0 {
		return nil
	}
	return &ValidationError{Problems: c.list}
}

// Validate checks d against WeChat's limits and our own rules (click keys
// unique unless they answer the same, one conditional menu per tag and
// platform). Call Normalize first. Every problem names its button.
func Validate(d *Document) error {
	c := &checker{}
	c.menu(d.Buttons, 0)
	seen := map[string]int{}
	if len(d.Conditional) > 0 && len(d.Buttons) == 0 {
		c.add(place{}, "个性化菜单需要先有默认菜单", "conditional menus need a default menu")
	}
	if len(d.Conditional) > MaxConditional {
		c.add(place{}, fmt.Sprintf("个性化菜单最多 %d 个", MaxConditional), fmt.Sprintf("at most %d conditional menus", MaxConditional))
	}
	for i, cm := range d.Conditional {
		c.conditional(cm, i+1, seen)
	}
	c.keys(d)
	return c.err()
}

func (c *checker) conditional(cm Conditional, n int, seen map[string]int) {
	at := place{menu: n}
	if cm.TagID <= 0 {
		c.add(at, "请选择标签", "pick a tag")
	}
	switch cm.ClientPlatform {
	case "", "1", "2", "3":
	default:
		c.add(at, "客户端平台应为 1（iOS）、2（Android）或 3（其他）", "client platform must be 1 (iOS), 2 (Android) or 3 (other)")
	}
	match := fmt.Sprintf("%d/%s", cm.TagID, cm.ClientPlatform)
	if first, dup := seen[match]; dup && cm.TagID > 0 {
		c.add(at, fmt.Sprintf("与个性化菜单 %d 的匹配规则相同", first), fmt.Sprintf("same match rule as conditional menu %d", first))
	} else {
		seen[match] = n
	}
	c.menu(cm.Buttons, n)
}

func (c *checker) menu(bs []Button, menu int) {
	if len(bs) == 0 || len(bs) > MaxButtons {
		c.add(place{menu: menu}, fmt.Sprintf("需要 1 到 %d 个一级菜单，当前 %d 个", MaxButtons, len(bs)),
			fmt.Sprintf("needs 1 to %d buttons, has %d", MaxButtons, len(bs)))
	}
	for i, b := range bs {
		at := place{menu: menu, button: i + 1}
		if len(b.Sub) == 0 {
			c.leaf(b, at, MaxTopName)
			continue
		}
		c.name(b.Name, at, MaxTopName)
		if len(b.Sub) > MaxSubButtons {
			c.add(at, fmt.Sprintf("子菜单最多 %d 个，当前 %d 个", MaxSubButtons, len(b.Sub)),
				fmt.Sprintf("at most %d items, has %d", MaxSubButtons, len(b.Sub)))
		}
		for j, s := range b.Sub {
			sat := place{menu: menu, button: i + 1, sub: j + 1}
			if len(s.Sub) > 0 {
				c.add(sat, "子菜单不能再有子菜单", "an item cannot open another sub-menu")
			}
			c.leaf(s, sat, MaxSubName)
		}
	}
}

func (c *checker) name(name string, at place, max int) {
	switch {
	case name == "":
		c.add(at, "名称不能为空", "name is empty")
	case len(name) > max:
		c.add(at, fmt.Sprintf("名称超过 %d 字节（当前 %d）", max, len(name)),
			fmt.Sprintf("name longer than %d bytes (has %d)", max, len(name)))
	case strings.ContainsFunc(name, isControl):
		c.add(at, "名称不能包含换行或控制字符", "name contains line breaks or control characters")
	}
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
