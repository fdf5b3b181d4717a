package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

// handleProfileUpdate saves the user's display name and preferred language.
func (h *Handler) handleProfileUpdate(w http.ResponseWriter, r *http.Request, p *Page) error {
	name, lang := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("lang")
	if err := h.updateProfile(r, p, name, lang); err != nil {
		msg, status, ok := formError(p, err)
		if !ok {
			return err
		}
		return h.showProfile(w, p, profileView{Name: name, Lang: lang, Error: msg}, status)
	}
	// An explicit language choice (the cookie) outranks the preference, so
	// the cookie follows what was just chosen.
	if lang == "" {
		http.SetCookie(w, h.cookie(r, langCookie, "", -1))
	} else {
		http.SetCookie(w, h.cookie(r, langCookie, lang, 365*24*time.Hour))
	}
	h.redirect(w, r, "/settings/profile?done=saved")
	return nil
}

func (h *Handler) updateProfile(r *http.Request, p *Page, name, lang string) error {
	if err := user.ValidateName(name); err != nil {
		return err
	}
	if !user.ValidLang(lang) {
		return errs.Errorf(errs.Invalid, "%s", p.T("profile.err.lang"))
	}
	u := *p.User
	u.Name, u.Lang = name, lang
	if err := h.Users.UpdateUser(r.Context(), &u); err != nil {
		return err
	}
	h.auditOn(r, p, 0, "profile.update", u.Login, fmt.Sprintf("name %q, lang %q", name, lang))
	return nil
}
