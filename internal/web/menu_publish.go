package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/fanbase/fanbase/internal/errs"
)

// handleMenuPublish saves the editor's document when it changed, then
// publishes the draft to WeChat. WeChat's refusal (with its errcode) shows
// the editor again with the document kept.
func (h *Handler) handleMenuPublish(w http.ResponseWriter, r *http.Request, p *Page) error {
	f, ok, err := h.saveMenuForm(w, r, p)
	if err != nil || !ok {
		return err
	}
	pub, err := h.Menus.Publish(r.Context(), p.Account, p.User.ID)
	if shownOnMenu(err) {
		return h.showRefusedMenu(w, r, p, f, err)
	}
	if err != nil {
		return err
	}
	h.audit(r, p, "menu.publish", menuTarget(pub.Version), fmt.Sprintf("conditional=%d rule_version=%d", len(pub.MenuIDs), pub.RuleVersion))
	h.redirect(w, r, p.URL("/menu?done=published"))
	return nil
}

// handleMenuUnpublish removes every menu from WeChat; the drafts stay.
func (h *Handler) handleMenuUnpublish(w http.ResponseWriter, r *http.Request, p *Page) error {
	err := h.Menus.Unpublish(r.Context(), p.Account, p.User.ID)
	if shownOnMenu(err) {
		draft, derr := h.Menus.Draft(r.Context(), p.Account.ID)
		if derr != nil {
			return derr
		}
		return h.renderMenu(w, r, p, &menuPageData{Draft: draft, Base: draft.Version, Error: err.Error()}, draft.Doc, http.StatusBadRequest)
	}
	if err != nil {
		return err
	}
	h.audit(r, p, "menu.unpublish", "menu", "")
	h.redirect(w, r, p.URL("/menu?done=unpublished"))
	return nil
}

// shownOnMenu reports whether err is explained on the editor (a refusal by
// WeChat or by our checks) rather than on an error page.
func shownOnMenu(err error) bool {
	switch errs.CodeOf(err) {
	case errs.Invalid, errs.Conflict, errs.Unavailable, errs.Forbidden:
		return err != nil
	}
	return false
}

// handleMenuRemote shows what WeChat holds now (menu/get), for the
// "show what WeChat holds" button (an htmx swap).
func (h *Handler) handleMenuRemote(w http.ResponseWriter, r *http.Request, p *Page) error {
	data := map[string]any{}
	cfg, err := h.Menus.Remote(r.Context(), p.Account)
	if err != nil {
		data["Error"] = err.Error()
	} else if len(cfg.Menu.Button) > 0 {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false) // the template escapes; URLs stay readable
		enc.SetIndent("", "  ")
		_ = enc.Encode(cfg)
		data["JSON"] = buf.String()
	}
	return h.partial(w, r, p, "menu_show", "menu_remote", data)
}
