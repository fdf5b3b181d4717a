package api

import (
	_ "embed"
	"net/http"
)

// openAPIDoc documents every route of the table (openapi_test.go checks it).
//
//go:embed openapi.yaml
var openAPIDoc []byte

// OpenAPI returns the OpenAPI 3.1 document of the API.
func OpenAPI() []byte { return openAPIDoc }

// handleOpenAPI serves the document; it is public so tools can read it
// before they have a token.
func (a *API) handleOpenAPI(w http.ResponseWriter, r *http.Request, _ *call) error {
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	_, _ = w.Write(openAPIDoc)
	return nil
}
