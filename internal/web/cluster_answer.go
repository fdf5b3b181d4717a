package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
)

// handleClusterAnswer sends one answer to every conversation of a cluster
// the agent saw (those still waiting) as a bulk job, and shows its progress.
func (h *Handler) handleClusterAnswer(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := r.ParseForm(); err != nil {
		return errs.Errorf(errs.Invalid, "%s", p.T("burst.bad_form"))
	}
	var convs []int64
	for _, s := range r.PostForm["conv"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return errs.Errorf(errs.Invalid, "%s", p.T("burst.bad_form"))
		}
		convs = append(convs, id)
	}
	text := strings.TrimSpace(r.PostFormValue("text"))
	note := strings.TrimSpace(r.PostFormValue("note"))
	j, err := h.Burst.AnswerCluster(r.Context(), p.Account, convs, text, note, p.User.ID)
	if err != nil {
		return err
	}
	h.audit(r, p, "bulk.cluster", fmt.Sprint(j.ID), fmt.Sprintf("%d conversations: %s", len(convs), note))
	h.redirect(w, r, p.URL("/bulk/%d", j.ID))
	return nil
}
