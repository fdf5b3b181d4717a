package web

import (
	"fmt"
	"net/http"
	"reflect"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/menu"
)

// handleMenuSave stores the editor's document as a new draft version. A
// refused document shows the editor again as it was sent, with every
// problem named by its button.
func (h *Handler) handleMenuSave(w http.ResponseWriter, r *http.Request, p *Page) error {
	if _, ok, err := h.saveMenuForm(w, r, p); err != nil || !ok {
		return err
	}
	h.redirect(w, r, p.URL("/menu?done=saved"))
	return nil
}

// saveMenuForm reads and saves the posted document unless it is the draft
// already. ok is false when the page was written again with the reasons.
func (h *Handler) saveMenuForm(w http.ResponseWriter, r *http.Request, p *Page) (menuForm, bool, error) {
	f, err := readMenuForm(r, p)
	if err == nil {
		err = h.saveMenuIfChanged(r, p, &f)
	}
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		return f, false, h.showRefusedMenu(w, r, p, f, err)
	}
	return f, err == nil, err
}

// saveMenuIfChanged saves f as a new version when it differs from the draft
// it was loaded from.
func (h *Handler) saveMenuIfChanged(r *http.Request, p *Page, f *menuForm) error {
	cur, err := h.Menus.Draft(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	norm := f.Doc
	menu.Normalize(&norm)
	if cur.Version > 0 && cur.Version == f.Base && reflect.DeepEqual(norm, cur.Doc) {
		return nil
	}
	v, err := h.Menus.Save(r.Context(), p.Account.ID, p.User.ID, f.Base, f.Doc, f.Note)
	if err != nil {
		return err
	}
	h.audit(r, p, "menu.save", menuTarget(v.Version), f.Note)
	return nil
}

// showRefusedMenu writes the editor again with what was sent and why it was refused.
func (h *Handler) showRefusedMenu(w http.ResponseWriter, r *http.Request, p *Page, f menuForm, err error) error {
	draft, derr := h.Menus.Draft(r.Context(), p.Account.ID)
	if derr != nil {
		return derr
	}
	d := &menuPageData{Draft: draft, Base: f.Base, Note: f.Note, Problems: problemsOf(err)}
	if d.Problems == nil {
		d.Error = err.Error()
	}
	return h.renderMenu(w, r, p, d, f.Doc, http.StatusBadRequest)
}

// menuTarget names a menu version in the audit log.
func menuTarget(version int64) string { return fmt.Sprintf("menu:%d", version) }
