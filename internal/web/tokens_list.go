package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/user"
)

// tokensView is the API tokens page of the logged-in user.
type tokensView struct {
	Rows  []tokenRow
	New   string // a token just created, shown this once
	Flash string
	Error string
	Name  string // the create form's name, refilled after an error
	Days  []int  // lifetimes offered, in days; 0 never expires
}

type tokenRow struct {
	Token  user.APIToken
	Status string // active, revoked or expired
}

// tokenDays are the lifetimes the create form offers; the first is the default.
var tokenDays = []int{30, 90, 365, 0}

func (h *Handler) handleTokensList(w http.ResponseWriter, r *http.Request, p *Page) error {
	v := tokensView{}
	if r.URL.Query().Get("done") == "revoked" {
		v.Flash = p.T("tokens.done.revoked")
	}
	return h.showTokens(w, r, p, v, http.StatusOK)
}

func (h *Handler) showTokens(w http.ResponseWriter, r *http.Request, p *Page, v tokensView, status int) error {
	p.Title, p.Nav = p.T("tokens.title"), "tokens"
	tokens, err := h.Users.ListAPITokens(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		row := tokenRow{Token: t, Status: "active"}
		switch {
		case t.Revoked:
			row.Status = "revoked"
		case !t.ExpiresAt.IsZero() && !t.ExpiresAt.After(p.Now):
			row.Status = "expired"
		}
		v.Rows = append(v.Rows, row)
	}
	v.Days = tokenDays
	if r.Header.Get("HX-Request") != "" {
		status = http.StatusOK // htmx swaps only 2xx; the page shows the error itself
	}
	return h.execute(w, p, "tokens_list", "layout.html", v, status)
}
