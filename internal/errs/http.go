package errs

import "net/http"

// httpStatus maps every code to its HTTP status, so the web pages and the
// API answer the same failure with the same status.
var httpStatus = map[Code]int{
	Invalid:      http.StatusBadRequest,
	NotFound:     http.StatusNotFound,
	Conflict:     http.StatusConflict,
	Unauthorized: http.StatusUnauthorized,
	Forbidden:    http.StatusForbidden,
	Unavailable:  http.StatusServiceUnavailable,
	Internal:     http.StatusInternalServerError,
}

// HTTPStatus is the HTTP status that answers an error with code c: the one
// place the web pages and the API choose it. An unknown or empty code is
// treated as Internal: 500.
func HTTPStatus(c Code) int {
	if s, ok := httpStatus[c]; ok {
		return s
	}
	return http.StatusInternalServerError
}
