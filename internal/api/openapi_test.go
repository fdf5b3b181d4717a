package api

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// openAPI is the part of the document the tests check.
type openAPI struct {
	OpenAPI    string                          `yaml:"openapi"`
	Paths      map[string]map[string]yaml.Node `yaml:"paths"`
	Components map[string]map[string]yaml.Node `yaml:"components"`
	Security   []map[string][]string           `yaml:"security"`
}

// operation is what the tests read of one operation.
type operation struct {
	OperationID string                 `yaml:"operationId"`
	Security    *[]map[string][]string `yaml:"security"`
	Responses   map[string]yaml.Node   `yaml:"responses"`
}

var httpMethods = []string{"get", "put", "post", "delete", "patch", "head", "options"}

func parseOpenAPI(t *testing.T) *openAPI {
	t.Helper()
	var doc openAPI
	if err := yaml.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.yaml does not parse: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Fatalf("openapi = %q, want 3.1.x", doc.OpenAPI)
	}
	return &doc
}

// operations lists "METHOD path" → operation of the document.
func (d *openAPI) operations(t *testing.T) map[string]operation {
	t.Helper()
	out := map[string]operation{}
	for path, item := range d.Paths {
		for method, node := range item {
			if !slices.Contains(httpMethods, method) {
				continue // parameters, summary…
			}
			var op operation
			if err := node.Decode(&op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			out[strings.ToUpper(method)+" "+path] = op
		}
	}
	return out
}

// TestOpenAPIMatchesRoutes: every route of the table is documented, and the
// document describes no endpoint the table does not serve.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := parseOpenAPI(t)
	ops := doc.operations(t)
	a := New(Deps{})
	routes := map[string]route{}
	for _, rt := range a.routes() {
		routes[rt.Method+" "+rt.Path] = rt
	}
	for key, rt := range routes {
		op, ok := ops[key]
		if !ok {
			t.Errorf("route %s is not in openapi.yaml", key)
			continue
		}
		checkOperation(t, key, rt, op)
	}
	for key := range ops {
		if _, ok := routes[key]; !ok {
			t.Errorf("openapi.yaml documents %s, which no route serves", key)
		}
	}
}

// checkOperation: public routes say so, the others document the 401 and
// (on an account) the 403 and 404.
func checkOperation(t *testing.T, key string, rt route, op operation) {
	t.Helper()
	if op.OperationID == "" {
		t.Errorf("%s has no operationId", key)
	}
	if rt.Public {
		if op.Security == nil || len(*op.Security) != 0 {
			t.Errorf("%s is public but the document does not say security: []", key)
		}
		return
	}
	want := []string{"200", "401"}
	if rt.Method == "POST" {
		want[0] = "" // 200 or 201
	}
	if strings.Contains(rt.Path, "{appid}") {
		want = append(want, "403", "404")
	}
	for _, code := range want {
		if _, ok := op.Responses[code]; code != "" && !ok {
			t.Errorf("%s does not document a %s answer", key, code)
		}
	}
	_, ok200 := op.Responses["200"]
	_, ok201 := op.Responses["201"]
	_, ok202 := op.Responses["202"]
	if !ok200 && !ok201 && !ok202 {
		t.Errorf("%s documents no success answer", key)
	}
}

// TestOpenAPIRefsResolve: every $ref points at a component that exists,
// both security schemes are defined, and operationIds are unique.
func TestOpenAPIRefsResolve(t *testing.T) {
	doc := parseOpenAPI(t)
	for _, scheme := range []string{"bearerToken", "sessionCookie"} {
		if _, ok := doc.Components["securitySchemes"][scheme]; !ok {
			t.Errorf("security scheme %s is not defined", scheme)
		}
	}
	if len(doc.Security) != 2 {
		t.Errorf("top-level security = %v, want the bearer token or the session cookie", doc.Security)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(openAPIDoc, &root); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	walk(&root, func(key string, v *yaml.Node) {
		switch key {
		case "$ref":
			parts := strings.Split(strings.TrimPrefix(v.Value, "#/components/"), "/")
			if len(parts) != 2 || !strings.HasPrefix(v.Value, "#/components/") {
				t.Errorf("$ref %q is not a local component", v.Value)
			} else if _, ok := doc.Components[parts[0]][parts[1]]; !ok {
				t.Errorf("$ref %q points at nothing", v.Value)
			}
		case "operationId":
			if ids[v.Value] {
				t.Errorf("operationId %s is used twice", v.Value)
			}
			ids[v.Value] = true
		}
	})
}

// walk calls fn for every key/value pair of every mapping under n.
func walk(n *yaml.Node, fn func(key string, v *yaml.Node)) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			fn(n.Content[i].Value, n.Content[i+1])
		}
	}
	for _, c := range n.Content {
		walk(c, fn)
	}
}

// TestOpenAPIServed: the document is served to anyone, as YAML.
func TestOpenAPIServed(t *testing.T) {
	a := New(Deps{})
	mux := http.NewServeMux()
	a.Register(mux)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/openapi.yaml", nil))
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Type"), "yaml") {
		t.Fatalf("GET openapi.yaml = %d %q, want 200 YAML", w.Code, w.Header().Get("Content-Type"))
	}
	if w.Body.String() != string(openAPIDoc) {
		t.Fatal("served document differs from the embedded one")
	}
}
