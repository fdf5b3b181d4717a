package reqauth

import (
	"net/http/httptest"
	"testing"
)

func TestValidCSRF(t *testing.T) {
	for _, tc := range []struct {
		got, want string
		ok        bool
	}{
		{"abc", "abc", true},
		{"abd", "abc", false},
		{"", "abc", false},
		{"", "", false}, // no session token: nothing matches
		{"abc", "", false},
	} {
		if got := ValidCSRF(tc.got, tc.want); got != tc.ok {
			t.Errorf("ValidCSRF(%q, %q) = %v, want %v", tc.got, tc.want, got, tc.ok)
		}
	}
}

func TestClientIP(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	for addr, want := range map[string]string{"10.0.0.7:51234": "10.0.0.7", "[::1]:80": "::1", "unix": "unix"} {
		r.RemoteAddr = addr
		if got := ClientIP(r); got != want {
			t.Errorf("ClientIP(%q) = %q, want %q", addr, got, want)
		}
	}
}
