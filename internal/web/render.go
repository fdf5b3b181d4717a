package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed templates/*.html
var templateFS embed.FS

// view is what every template executes with: the page and the handler's data.
type view struct {
	P *Page
	D any
}

// parsePages parses layout.html and the shared _*.html partials once, then
// each page file on a clone of them, so pages may define blocks with the
// same names ("content", "head") without clashing.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: list templates: %w", err)
	}
	base := template.New("layout.html").Funcs(funcMap())
	shared := []string{"templates/layout.html"}
	for _, n := range names {
		if strings.HasPrefix(path.Base(n), "_") {
			shared = append(shared, n)
		}
	}
	if base, err = base.ParseFS(templateFS, shared...); err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		b := path.Base(n)
		if b == "layout.html" || strings.HasPrefix(b, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", b, err)
		}
		pages[strings.TrimSuffix(b, ".html")] = t
	}
	return pages, nil
}

// render writes a whole page: the layout around the page's "content".
func (h *Handler) render(w http.ResponseWriter, r *http.Request, p *Page, page string, data any) error {
	return h.execute(w, p, page, "layout.html", data, http.StatusOK)
}

// partial writes one named template of a page (an htmx swap target).
func (h *Handler) partial(w http.ResponseWriter, r *http.Request, p *Page, page, block string, data any) error {
	return h.execute(w, p, page, block, data, http.StatusOK)
}

// execute renders into a buffer first, so a template error becomes a clean
// error page instead of half a page.
func (h *Handler) execute(w http.ResponseWriter, p *Page, page, name string, data any, status int) error {
	t, ok := h.pages[page]
	if !ok {
		return fmt.Errorf("web: no template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, view{P: p, D: data}); err != nil {
		return fmt.Errorf("web: render %s/%s: %w", page, name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// redirect sends the browser on after a change: 303 for forms, HX-Redirect
// for htmx requests.
func (h *Handler) redirect(w http.ResponseWriter, r *http.Request, url string) {
	if r.Header.Get("HX-Request") != "" {
		w.Header().Set("HX-Redirect", url)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, url, http.StatusSeeOther)
}
