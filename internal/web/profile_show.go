package web

import (
	"net/http"
)

// profileView is the logged-in user's own settings page.
type profileView struct {
	Name    string
	Lang    string
	Langs   []string // "" (from the browser) and each UI language
	Flash   string
	Error   string // of the profile form
	PwError string // of the password form
}

func (h *Handler) handleProfileShow(w http.ResponseWriter, r *http.Request, p *Page) error {
	v := profileView{Name: p.User.Name, Lang: p.User.Lang}
	switch r.URL.Query().Get("done") {
	case "saved":
		v.Flash = p.T("profile.done.saved")
	case "password":
		v.Flash = p.T("profile.done.password")
	}
	return h.showProfile(w, p, v, http.StatusOK)
}

func (h *Handler) showProfile(w http.ResponseWriter, p *Page, v profileView, status int) error {
	p.Title, p.Nav = p.T("profile.title"), "profile"
	v.Langs = append([]string{""}, languages...)
	return h.execute(w, p, "profile_show", "layout.html", v, status)
}
