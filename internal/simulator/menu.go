package simulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// firstMenuID is where menuids start; WeChat's are 9-digit numbers.
const firstMenuID = 400000001

// MatchRule decides who sees a conditional menu. Only tag_id and
// client_platform_type still work; the privacy fields are refused (65320).
type MatchRule struct {
	TagID              string `json:"tag_id,omitempty"`
	ClientPlatformType string `json:"client_platform_type,omitempty"`
	Sex                string `json:"sex,omitempty"`
	Country            string `json:"country,omitempty"`
	Province           string `json:"province,omitempty"`
	City               string `json:"city,omitempty"`
	Language           string `json:"language,omitempty"`
}

func (m *MatchRule) privacy() bool {
	return m.Sex+m.Country+m.Province+m.City+m.Language != ""
}

// Menu is the default menu as menu/get shows it.
type Menu struct {
	Button []MenuButton `json:"button"`
	MenuID int64        `json:"menuid"`
}

// ConditionalMenu is a menu shown to the followers its rule matches.
type ConditionalMenu struct {
	Button    []MenuButton `json:"button"`
	MatchRule MatchRule    `json:"matchrule"`
	MenuID    int64        `json:"menuid"`
}

// Menus is an account's whole menu configuration, the body of menu/get.
type Menus struct {
	Menu        *Menu             `json:"menu,omitempty"`
	Conditional []ConditionalMenu `json:"conditionalmenu,omitempty"`
}

// menuBook is an account's menus; guarded by account.mu.
type menuBook struct {
	Menus
	lastID int64
}

func (b *menuBook) newID() int64 {
	if b.lastID < firstMenuID {
		b.lastID = firstMenuID - 1
	}
	b.lastID++
	return b.lastID
}

// menuBody is the body of menu/create and menu/addconditional.
type menuBody struct {
	Button    []MenuButton `json:"button"`
	MatchRule *MatchRule   `json:"matchrule"`
}

// handleMenuCreate serves POST /cgi-bin/menu/create {"button":[…]}; it
// replaces the default menu and keeps the conditional ones.
func (p *Platform) handleMenuCreate(w http.ResponseWriter, r *http.Request, a *account) {
	var req menuBody
	code := decodeAPIBody(r, &req)
	if code == 0 {
		code = checkMenu(req.Button)
	}
	if code == 0 {
		a.mu.Lock()
		a.menus.Menu = &Menu{Button: req.Button, MenuID: a.menus.newID()}
		a.mu.Unlock()
	}
	p.answer(w, r, a, code, okBody)
}

// handleMenuGet serves GET /cgi-bin/menu/get; 46003 when there is no menu.
func (p *Platform) handleMenuGet(w http.ResponseWriter, r *http.Request, a *account) {
	m := a.menuCopy()
	code := 0
	if m.Menu == nil {
		code = ErrNoMenu
	}
	p.answer(w, r, a, code, m)
}

// handleMenuDelete serves GET /cgi-bin/menu/delete: the default menu and
// every conditional menu go.
func (p *Platform) handleMenuDelete(w http.ResponseWriter, _ *http.Request, a *account) {
	a.mu.Lock()
	a.menus.Menus = Menus{}
	a.mu.Unlock()
	writeJSON(w, http.StatusOK, okBody)
}

// handleMenuAddConditional serves POST /cgi-bin/menu/addconditional
// {"button","matchrule"} → {"menuid":"…"}.
func (p *Platform) handleMenuAddConditional(w http.ResponseWriter, r *http.Request, a *account) {
	var req menuBody
	code := decodeAPIBody(r, &req)
	if code == 0 {
		code = checkConditional(&req)
	}
	var id int64
	if code == 0 {
		id, code = a.addConditional(req)
	}
	p.answer(w, r, a, code, map[string]string{"menuid": strconv.FormatInt(id, 10)})
}

func checkConditional(req *menuBody) int {
	switch {
	case req.MatchRule == nil:
		return ErrEmptyMatchRule
	case req.MatchRule.privacy():
		return ErrPrivacyRule
	case req.MatchRule.TagID == "" && req.MatchRule.ClientPlatformType == "":
		return ErrEmptyMatchRule
	}
	return checkMenu(req.Button)
}

func (a *account) addConditional(req menuBody) (int64, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.menus.Menu == nil {
		return 0, ErrNoDefaultMenu
	}
	c := ConditionalMenu{Button: req.Button, MatchRule: *req.MatchRule, MenuID: a.menus.newID()}
	a.menus.Conditional = append(a.menus.Conditional, c)
	return c.MenuID, 0
}

// handleMenuDelConditional serves POST /cgi-bin/menu/delconditional
// {"menuid"}; the menuid may come as a string or a number.
func (p *Platform) handleMenuDelConditional(w http.ResponseWriter, r *http.Request, a *account) {
	var req struct {
		MenuID json.RawMessage `json:"menuid"`
	}
	code := decodeAPIBody(r, &req)
	if code == 0 {
		id, err := strconv.ParseInt(strings.Trim(string(req.MenuID), `"`), 10, 64)
		code = ErrNoCondMenu
		if err == nil {
			code = a.delConditional(id)
		}
	}
	p.answer(w, r, a, code, okBody)
}

func (a *account) delConditional(id int64) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	i := slices.IndexFunc(a.menus.Conditional, func(c ConditionalMenu) bool { return c.MenuID == id })
	if i < 0 {
		return ErrNoCondMenu
	}
	a.menus.Conditional = slices.Delete(a.menus.Conditional, i, i+1)
	return 0
}

// handleMenuTryMatch serves POST /cgi-bin/menu/trymatch {"user_id":openid}
// → {"button":[…]}: the newest conditional menu whose tag the follower
// holds, else the default menu.
func (p *Platform) handleMenuTryMatch(w http.ResponseWriter, r *http.Request, a *account) {
	var req struct {
		UserID string `json:"user_id"`
	}
	code := decodeAPIBody(r, &req)
	var buttons []MenuButton
	if code == 0 {
		buttons, code = a.tryMatch(req.UserID)
	}
	p.answer(w, r, a, code, map[string]any{"button": buttons})
}

func (a *account) tryMatch(openid string) ([]MenuButton, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f, ok := a.followers[openid]
	switch {
	case !ok:
		return nil, ErrNoSuchUser
	case a.menus.Menu == nil:
		return nil, ErrNoMenu
	}
	for _, c := range slices.Backward(a.menus.Conditional) {
		id, err := strconv.Atoi(c.MatchRule.TagID)
		if err == nil && slices.Contains(f.tags, id) {
			return c.Button, 0
		}
	}
	return a.menus.Menu.Button, 0
}

// menuCopy returns the account's menus; the buttons are never modified in
// place, so sharing them is safe.
func (a *account) menuCopy() Menus {
	a.mu.Lock()
	defer a.mu.Unlock()
	m := a.menus.Menus
	m.Conditional = slices.Clone(m.Conditional)
	return m
}

// Menus returns an account's default and conditional menus, for tests and
// the demo.
func (p *Platform) Menus(appid string) Menus {
	a, err := p.lookup(appid)
	if err != nil {
		return Menus{}
	}
	return a.menuCopy()
}
