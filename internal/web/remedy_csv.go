package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
)

// handleRemedyCSV downloads the followers a correction cannot reach (out
// of the reply window), as CSV with a UTF-8 byte order mark so that Excel
// shows the Chinese.
func (h *Handler) handleRemedyCSV(w http.ResponseWriter, r *http.Request, p *Page) error {
	src, err := remedySourceOf(p, remedyFormOf(p, r.URL.Query()))
	if err != nil {
		return err
	}
	preview, err := h.Burst.PreviewRemedy(r.Context(), p.Account, src)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="remediation-outside-window.csv"`)
	if _, err := w.Write([]byte("\uFEFF")); err != nil {
		return nil // the client went away
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"openid", p.T("burst.col.follower"), p.T("burst.col.received_at"),
		p.T("burst.col.reply"), p.T("burst.col.count"), p.T("burst.col.reason")})
	for _, o := range preview.Outside {
		row := remedyRowOf(p, o.Received, reasonText(p, o.Reason))
		_ = cw.Write([]string{row.OpenID, row.Name, row.At, row.Content, strconv.Itoa(row.Count), row.Reason})
	}
	cw.Flush()
	return nil
}
