package api

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/menu"
)

// menuJSON is the account's menu draft as the API exchanges it: the
// document (default buttons and conditional menus) plus where it stands.
type menuJSON struct {
	Version          int64              `json:"version"` // 0: never saved
	Button           []menu.Button      `json:"button"`
	Conditional      []menu.Conditional `json:"conditional"`
	Note             string             `json:"note,omitempty"`
	SavedBy          int64              `json:"saved_by,omitempty"`
	SavedAt          string             `json:"saved_at,omitempty"`
	PublishedVersion int64              `json:"published_version"` // 0: nothing published
	PublishedAt      string             `json:"published_at,omitempty"`
	RuleVersion      int64              `json:"rule_version,omitempty"` // rule set carrying the click replies
}

// menuRequest is the body of PUT …/menu. BaseVersion, when set, is the
// version the caller edited: a newer save meanwhile answers 409.
type menuRequest struct {
	Button      []menu.Button      `json:"button"`
	Conditional []menu.Conditional `json:"conditional"`
	Note        string             `json:"note"`
	BaseVersion int64              `json:"base_version"`
}

var errNoMenus = errs.Errorf(errs.Unavailable, "custom menus are not available (自定义菜单不可用)")

// handleMenuGet answers the draft (or ?version=N, an older one) and what
// is published.
func (a *API) handleMenuGet(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Menus == nil {
		return errNoMenus
	}
	if s := r.URL.Query().Get("version"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			return errInvalid("version must be a positive number (version 须为正整数)")
		}
		v, err := a.Menus.Version(r.Context(), c.Account.ID, n)
		if err != nil {
			return err
		}
		return a.writeMenu(w, r, c, v, http.StatusOK)
	}
	v, err := a.Menus.Draft(r.Context(), c.Account.ID)
	if err != nil {
		return err
	}
	return a.writeMenu(w, r, c, v, http.StatusOK)
}

// handleMenuPut validates and saves a new draft version; it does not
// publish. Problems name the button (菜单 2 › 子菜单 3 / Menu 2 › item 3).
func (a *API) handleMenuPut(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Menus == nil {
		return errNoMenus
	}
	var req menuRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	d := menu.Document{Buttons: req.Button, Conditional: req.Conditional}
	v, err := a.Menus.Save(r.Context(), c.Account.ID, c.User.ID, req.BaseVersion, d, req.Note)
	if err != nil {
		return err
	}
	a.audit(r, c, "menu.save", menuTarget(v.Version), "via API")
	return a.writeMenu(w, r, c, v, http.StatusOK)
}

// handleMenuPublish publishes the newest draft to WeChat.
func (a *API) handleMenuPublish(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Menus == nil {
		return errNoMenus
	}
	p, err := a.Menus.Publish(r.Context(), c.Account, c.User.ID)
	if err != nil {
		return err
	}
	a.audit(r, c, "menu.publish", menuTarget(p.Version), fmt.Sprintf("conditional=%d rule_version=%d via API", len(p.MenuIDs), p.RuleVersion))
	v, err := a.Menus.Draft(r.Context(), c.Account.ID)
	if err != nil {
		return err
	}
	return a.writeMenu(w, r, c, v, http.StatusOK)
}

// handleMenuDelete removes every menu from WeChat (the drafts stay).
func (a *API) handleMenuDelete(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Menus == nil {
		return errNoMenus
	}
	if err := a.Menus.Unpublish(r.Context(), c.Account, c.User.ID); err != nil {
		return err
	}
	a.audit(r, c, "menu.unpublish", "menu", "via API")
	v, err := a.Menus.Draft(r.Context(), c.Account.ID)
	if err != nil {
		return err
	}
	return a.writeMenu(w, r, c, v, http.StatusOK)
}

// handleMenuPublished answers what WeChat itself holds (menu/get).
func (a *API) handleMenuPublished(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Menus == nil {
		return errNoMenus
	}
	cfg, err := a.Menus.Remote(r.Context(), c.Account)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cfg)
	return nil
}

// menuStatJSON is one key's count.
type menuStatJSON struct {
	Event string `json:"event"` // CLICK or VIEW
	Key   string `json:"key"`   // the click key, or the URL opened
	Count int64  `json:"count"`
}

// handleMenuStats counts clicks per key over ?days= (default 7, at most 366).
func (a *API) handleMenuStats(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Menus == nil {
		return errNoMenus
	}
	days := 7
	if s := r.URL.Query().Get("days"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 366 {
			return errInvalid("days must be a number from 1 to 366 (days 须为 1 到 366 的数字)")
		}
		days = n
	}
	clicks, err := a.Menus.Stats(r.Context(), c.Account, days)
	if err != nil {
		return err
	}
	items := make([]menuStatJSON, 0, len(clicks))
	for _, k := range clicks {
		items = append(items, menuStatJSON{Event: k.Event, Key: k.Key, Count: k.N})
	}
	writeJSON(w, http.StatusOK, map[string]any{"days": days, "items": items})
	return nil
}

func (a *API) writeMenu(w http.ResponseWriter, r *http.Request, c *call, v *menu.Version, status int) error {
	p, err := a.Menus.Published(r.Context(), c.Account.ID)
	if err != nil {
		return err
	}
	out := menuJSON{Version: v.Version, Button: v.Doc.Buttons, Conditional: v.Doc.Conditional, Note: v.Note,
		SavedBy: v.CreatedBy, PublishedVersion: p.Version, RuleVersion: p.RuleVersion}
	if out.Button == nil {
		out.Button = []menu.Button{}
	}
	if out.Conditional == nil {
		out.Conditional = []menu.Conditional{}
	}
	if v.Version > 0 {
		out.SavedAt = stamp(v.CreatedAt)
	}
	if p.Version > 0 {
		out.PublishedAt = stamp(p.At)
	}
	writeJSON(w, status, out)
	return nil
}

// menuTarget names a menu version in the audit log, as the web app does.
func menuTarget(version int64) string { return fmt.Sprintf("menu:%d", version) }
