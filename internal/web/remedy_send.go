package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
)

// handleRemedySend sends the correction to everyone who received the wrong
// reply and is still within the window, as a bulk job, and shows its
// progress.
func (h *Handler) handleRemedySend(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := r.ParseForm(); err != nil {
		return errs.Errorf(errs.Invalid, "%s", p.T("burst.bad_form"))
	}
	form := remedyFormOf(p, r.PostForm)
	src, err := remedySourceOf(p, form)
	if err != nil {
		return err
	}
	note := remedyNote(p, form)
	j, err := h.Burst.SendRemedy(r.Context(), p.Account, src, strings.TrimSpace(r.PostFormValue("correction")), note, p.User.ID)
	if err != nil {
		return err
	}
	h.audit(r, p, "bulk.remedy", fmt.Sprint(j.ID), note)
	h.redirect(w, r, p.URL("/bulk/%d", j.ID))
	return nil
}

// remedyNote says what a correction corrects, in words any user reads:
// the rule (and version) or the quoted text, and the time range.
func remedyNote(p *Page, f remedyForm) string {
	var what []string
	if f.Rule != "" {
		id, version, _ := strings.Cut(f.Rule, ":")
		rule := "#" + id
		if version != "0" {
			rule += " v" + version
		}
		what = append(what, rule)
	}
	if f.Text != "" {
		what = append(what, "“"+f.Text+"”")
	}
	return fmt.Sprintf("%s · %s – %s", strings.Join(what, " + "), strings.Replace(f.From, "T", " ", 1),
		strings.Replace(f.To, "T", " ", 1))
}
