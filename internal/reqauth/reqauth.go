// Package reqauth holds the request-level facts of authentication that the
// web app and the JSON API share: the session cookie's name, the CSRF check
// and the client address written to the audit log. It is a leaf: it
// imports nothing of fanbase.
package reqauth

import (
	"crypto/subtle"
	"net"
	"net/http"
)

// SessionCookie carries the session secret; the store keeps only its hash.
const SessionCookie = "fanbase_session"

// CSRFHeader carries the session's CSRF token on htmx and API requests.
const CSRFHeader = "X-CSRF-Token"

// ValidCSRF compares a presented token with the session's in constant time;
// an empty session token never matches.
func ValidCSRF(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// ClientIP is the remote address without the port.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
