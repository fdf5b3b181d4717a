package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/menu"
	"github.com/fanbase/fanbase/internal/user"
)

// routesMenus registers the custom menu editor: anyone on the account may
// look, operators save and publish. Without the service there is no page.
func (h *Handler) routesMenus(rt *router) {
	if h.Menus == nil {
		return
	}
	rt.page("GET /a/{appid}/menu", user.Viewer, h.handleMenuShow)
	rt.page("POST /a/{appid}/menu", user.Operator, h.handleMenuSave)
	rt.page("POST /a/{appid}/menu/publish", user.Operator, h.handleMenuPublish)
	rt.page("POST /a/{appid}/menu/unpublish", user.Operator, h.handleMenuUnpublish)
	rt.page("GET /a/{appid}/menu/remote", user.Viewer, h.handleMenuRemote)
}

// menuForm is what the editor posts: the whole document as JSON (kept by
// menus.js in a hidden field), the version it was loaded from and a note.
type menuForm struct {
	Doc  menu.Document
	Raw  string
	Base int64
	Note string
}

// readMenuForm parses the editor's fields; a document that is not JSON is
// refused with the text kept, so nothing typed is lost.
func readMenuForm(r *http.Request, p *Page) (menuForm, error) {
	f := menuForm{Raw: r.PostFormValue("document"), Note: r.PostFormValue("note")}
	f.Base, _ = strconv.ParseInt(r.PostFormValue("base_version"), 10, 64)
	if err := json.Unmarshal([]byte(f.Raw), &f.Doc); err != nil {
		return f, errs.Errorf(errs.Invalid, "%s document: %s", p.T("menus.problems"), err.Error())
	}
	return f, nil
}
