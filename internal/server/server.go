// Package server builds fanbase's root HTTP handler: the WeChat gateway,
// health and metrics endpoints, with panic recovery around all of them.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Pinger checks that a dependency (the store) answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Surface is one group of routes (gateway, API, web) mounted on the root mux.
type Surface interface {
	Register(mux *http.ServeMux)
}

// Handler returns the root handler.
func Handler(logger *slog.Logger, gatherer prometheus.Gatherer, store Pinger, surfaces ...Surface) http.Handler {
	mux := http.NewServeMux()
	for _, s := range surfaces {
		s.Register(mux)
	}
	mux.Handle("GET /metrics", promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{ErrorLog: slogPromLogger{logger}}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := store.Ping(ctx); err != nil {
			logger.Error("health check failed", "error", err.Error())
			http.Error(w, "store unavailable", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	})
	return recoverer(logger, mux)
}

// New wraps a handler in an http.Server with timeouts that keep slow
// clients from holding connections, and a write timeout past WeChat's 5 s.
func New(addr string, h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// recoverer turns a panic in one request into a 500 and a log line with the
// stack, instead of a dead process.
func recoverer(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				logger.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type slogPromLogger struct{ l *slog.Logger }

func (p slogPromLogger) Println(v ...any) { p.l.Error("metrics", "error", v) }
