package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
)

//go:embed locales/*.json
var localeFS embed.FS

// Languages the UI speaks; the first is the default.
var languages = []string{"zh-CN", "en"}

// langCookie remembers an explicit language choice.
const langCookie = "fanbase_lang"

// catalog maps key → language → text, merged from every locales/*.json.
type catalog struct {
	texts map[string]map[string]string
	files map[string]string // key → file that defined it (for error messages)
}

func loadCatalog() (*catalog, error) {
	c := &catalog{texts: map[string]map[string]string{}, files: map[string]string{}}
	names, err := fs.Glob(localeFS, "locales/*.json")
	if err != nil {
		return nil, fmt.Errorf("web: list locales: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := c.load(name); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *catalog) load(name string) error {
	raw, err := localeFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("web: read %s: %w", name, err)
	}
	var texts map[string]map[string]string
	if err := json.Unmarshal(raw, &texts); err != nil {
		return fmt.Errorf("web: parse %s: %w", name, err)
	}
	for key, byLang := range texts {
		if prev, dup := c.files[key]; dup {
			return fmt.Errorf("web: key %q defined in both %s and %s", key, prev, path.Base(name))
		}
		for _, lang := range languages {
			if strings.TrimSpace(byLang[lang]) == "" {
				return fmt.Errorf("web: key %q in %s has no %s text", key, path.Base(name), lang)
			}
		}
		c.texts[key], c.files[key] = byLang, path.Base(name)
	}
	return nil
}

// text translates key; a missing key shows itself so it is noticed (and a
// test fails on any key a template uses but no catalog defines).
func (c *catalog) text(lang, key string, args ...any) string {
	s, ok := c.texts[key][lang]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// pick chooses the language: an explicit choice (cookie), then the user's
// preference, then the browser's Accept-Language, then zh-CN.
func (c *catalog) pick(r *http.Request, preferred string) string {
	if ck, err := r.Cookie(langCookie); err == nil && supported(ck.Value) {
		return ck.Value
	}
	if supported(preferred) {
		return preferred
	}
	return fromAcceptLanguage(r.Header.Get("Accept-Language"))
}

func supported(lang string) bool {
	for _, l := range languages {
		if l == lang {
			return true
		}
	}
	return false
}

// fromAcceptLanguage takes the first language the header prefers that we
// speak: any zh* is zh-CN, any en* is en. Quality values are honoured by
// order of preference.
func fromAcceptLanguage(header string) string {
	best, bestQ := languages[0], -1.0
	for _, part := range strings.Split(header, ",") {
		tag, q := parseLangRange(part)
		var lang string
		switch {
		case strings.HasPrefix(tag, "zh"):
			lang = "zh-CN"
		case strings.HasPrefix(tag, "en"):
			lang = "en"
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = lang, q
		}
	}
	return best
}

func parseLangRange(part string) (tag string, q float64) {
	fields := strings.Split(strings.TrimSpace(part), ";")
	tag, q = strings.ToLower(strings.TrimSpace(fields[0])), 1
	for _, f := range fields[1:] {
		f = strings.TrimSpace(f)
		if v, ok := strings.CutPrefix(f, "q="); ok {
			if _, err := fmt.Sscanf(v, "%g", &q); err != nil {
				q = 0
			}
		}
	}
	return tag, q
}
