package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// handleTokenCreate issues an API token for the logged-in user and shows it
// once. The form posts through htmx, so reloading the page afterwards does
// not create another.
func (h *Handler) handleTokenCreate(w http.ResponseWriter, r *http.Request, p *Page) error {
	name := r.PostFormValue("name")
	token, err := h.createToken(r, p, name, r.PostFormValue("days"))
	if err != nil {
		msg, status, ok := formError(p, err)
		if !ok {
			return err
		}
		return h.showTokens(w, r, p, tokensView{Error: msg, Name: name}, status)
	}
	return h.showTokens(w, r, p, tokensView{New: token, Flash: p.T("tokens.done.created")}, http.StatusOK)
}

func (h *Handler) createToken(r *http.Request, p *Page, name, days string) (string, error) {
	d, err := strconv.Atoi(days)
	if err != nil || !slices.Contains(tokenDays, d) {
		return "", errs.Errorf(errs.Invalid, "%s", p.T("tokens.err.days"))
	}
	svc, err := h.people()
	if err != nil {
		return "", err
	}
	token, t, err := svc.CreateToken(r.Context(), p.User.ID, name, time.Duration(d)*24*time.Hour)
	if err != nil {
		return "", err
	}
	h.auditOn(r, p, 0, "token.create", p.User.Login, fmt.Sprintf("token %d %q", t.ID, t.Name))
	return token, nil
}
