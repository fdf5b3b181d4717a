package gateway

import (
	"log/slog"
	"net/http"
	"time"
)

// refusal is a push the gateway will not store, with the HTTP status that
// tells WeChat (or an attacker) so and the reason for the log.
type refusal struct {
	status  int
	outcome string
	reason  string
	err     error
}

func refuse(status int, outcome, reason string, err error) *refusal {
	return &refusal{status: status, outcome: outcome, reason: reason, err: err}
}

// refuse logs one clear line and answers with a short plain-text status.
func (g *Gateway) refuse(w http.ResponseWriter, r *http.Request, f *refusal, start time.Time) {
	level := slog.LevelWarn
	if f.status >= 500 {
		level = slog.LevelError
	}
	attrs := []any{"appid", r.PathValue("appid"), "outcome", f.outcome, "status", f.status, "remote_addr", r.RemoteAddr}
	if f.err != nil {
		attrs = append(attrs, "error", f.err.Error())
	}
	g.log.Log(r.Context(), level, "callback refused: "+f.reason, attrs...)
	g.metrics.observeCallback(f.outcome, g.opts.Now().Sub(start))
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(f.status)
	_, _ = w.Write([]byte(f.reason + "\n"))
}
