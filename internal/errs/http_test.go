package errs_test

import (
	"net/http"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
)

func TestHTTPStatus(t *testing.T) {
	tests := []struct {
		code errs.Code
		want int
	}{
		{errs.Invalid, http.StatusBadRequest},
		{errs.NotFound, http.StatusNotFound},
		{errs.Conflict, http.StatusConflict},
		{errs.Unauthorized, http.StatusUnauthorized},
		{errs.Forbidden, http.StatusForbidden},
		{errs.Unavailable, http.StatusServiceUnavailable},
		{errs.Internal, http.StatusInternalServerError},
		{"", http.StatusInternalServerError},
		{"teapot", http.StatusInternalServerError},
	}
	for _, tt := range tests {
		t.Run(string(tt.code), func(t *testing.T) {
			if got := errs.HTTPStatus(tt.code); got != tt.want {
				t.Errorf("HTTPStatus(%q) = %d, want %d", tt.code, got, tt.want)
			}
		})
	}
}
