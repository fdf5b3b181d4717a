package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/user"
)

// request is one call to the API as someone: "" is anonymous,
// "token:login" uses the API token, "session:login" the cookie and its
// CSRF token, "nocsrf:login" the cookie without the CSRF token.
func (h *harness) request(method, path, as, body, ctype string) *httptest.ResponseRecorder {
	h.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, path, rd)
	if ctype == "" && body != "" {
		ctype = "application/json"
	}
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	if how, login, ok := strings.Cut(as, ":"); ok {
		p := h.people[login]
		if p == nil {
			h.t.Fatalf("no test user %q", login)
		}
		switch how {
		case "token":
			r.Header.Set("Authorization", "Bearer "+p.token)
		case "session", "nocsrf":
			r.AddCookie(&http.Cookie{Name: SessionCookie, Value: p.secret})
			if how == "session" {
				r.Header.Set("X-CSRF-Token", p.csrf)
			}
		}
	}
	w := httptest.NewRecorder()
	h.mux.ServeHTTP(w, r)
	return w
}

// decode parses a JSON answer.
func decode(t *testing.T, w *httptest.ResponseRecorder) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("answer is not JSON (%v): %s", err, w.Body.String())
	}
	return v
}

// lookup follows a dotted path ("items.0.appid") into decoded JSON.
func lookup(v any, path string) (any, bool) {
	for _, part := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[part]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// Special expected values in scenario wants.
const (
	present = "<present>" // the field exists
	absent  = "<absent>"  // the field does not exist
)

// checkJSON asserts each path of want: its value (compared as printed),
// or present/absent; "#path" compares the length of an array.
func checkJSON(t *testing.T, body any, want map[string]any) {
	t.Helper()
	for path, exp := range want {
		if l, ok := strings.CutPrefix(path, "#"); ok {
			got, _ := lookup(body, l)
			arr, isArr := got.([]any)
			if !isArr || fmt.Sprint(len(arr)) != fmt.Sprint(exp) {
				t.Errorf("len(%s) = %v, want %v", l, got, exp)
			}
			continue
		}
		got, ok := lookup(body, path)
		switch {
		case exp == absent:
			if ok {
				t.Errorf("%s = %v, want it absent", path, got)
			}
		case !ok:
			t.Errorf("%s missing, want %v", path, exp)
		case exp != present && fmt.Sprint(got) != fmt.Sprint(exp):
			t.Errorf("%s = %v, want %v", path, got, exp)
		}
	}
}

// audited reports whether the audit log of the account holds the action.
func (h *harness) audited(accountID int64, action string) bool {
	h.t.Helper()
	list, err := h.db.ListAudit(context.Background(), user.AuditFilter{AccountID: accountID})
	if err != nil {
		h.t.Fatalf("ListAudit: %v", err)
	}
	for _, e := range list {
		if e.Action == action {
			return true
		}
	}
	return false
}

// call performs a bare request, with set adding whatever credentials.
func (h *harness) call(method, path string, set func(r *http.Request)) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	set(r)
	w := httptest.NewRecorder()
	h.mux.ServeHTTP(w, r)
	return w
}
