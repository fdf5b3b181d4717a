package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/menu"
)

// menuPageData is the editor page: the draft (or a refused form, kept),
// what is published, the choices the editor offers and the click counts.
type menuPageData struct {
	Draft     *menu.Version
	Published menu.Published
	Dirty     bool // the draft is not what WeChat shows
	CanEdit   bool
	Done      string // saved | published | unpublished, after a redirect
	Error     string
	Problems  []menu.Problem
	Base      int64  // the version the editor started from
	DocJSON   string // the document the editor starts with
	Note      string
	Config    string // JSON for menus.js: tags, articles, limits, click counts, texts
	Stats     []menuStatRow
	Others    []menuStatRow // counted keys no button of the draft has
	URLs      map[string]string
	Versions  []menu.Version
	Restoring int64 // the older version loaded into the editor (?version=)
}

// menuStatRow is one button's clicks.
type menuStatRow struct {
	Where, Name, Event, Target string
	Week, Month                int64
}

// handleMenuShow shows the editor with the saved draft.
func (h *Handler) handleMenuShow(w http.ResponseWriter, r *http.Request, p *Page) error {
	v, err := h.Menus.Draft(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	d := &menuPageData{Draft: v, Base: v.Version, Done: r.URL.Query().Get("done")}
	doc := v.Doc
	if n, _ := strconv.ParseInt(r.URL.Query().Get("version"), 10, 64); n > 0 && n != v.Version {
		old, err := h.Menus.Version(r.Context(), p.Account.ID, n)
		if err != nil {
			return err
		}
		doc, d.Restoring = old.Doc, n
	}
	return h.renderMenu(w, r, p, d, doc, http.StatusOK)
}

// renderMenu fills in the page around doc (the draft, or what was refused)
// and writes it with status.
func (h *Handler) renderMenu(w http.ResponseWriter, r *http.Request, p *Page, d *menuPageData, doc menu.Document, status int) error {
	ctx := r.Context()
	var err error
	if d.Published, err = h.Menus.Published(ctx, p.Account.ID); err != nil {
		return err
	}
	d.Dirty = d.Draft.Version != d.Published.Version
	d.CanEdit = p.Can("operator")
	raw, _ := json.Marshal(doc)
	d.DocJSON = string(raw)
	d.URLs = map[string]string{"save": p.URL("/menu"), "publish": p.URL("/menu/publish"),
		"unpublish": p.URL("/menu/unpublish"), "remote": p.URL("/menu/remote")}
	if d.Versions, err = h.Menus.Versions(ctx, p.Account.ID, 5); err != nil {
		return err
	}
	cfg, err := h.menuConfig(ctx, p, &doc, d)
	if err != nil {
		return err
	}
	d.Config = cfg
	p.Title, p.Nav = p.T("menus.title"), "menu"
	return h.execute(w, p, "menu_show", "layout.html", d, status)
}

// menuArticle is a library article the editor may link or reply with.
type menuArticle struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// menuConfig gathers what menus.js needs besides the document, and fills
// in the click statistics of the page.
func (h *Handler) menuConfig(ctx context.Context, p *Page, doc *menu.Document, d *menuPageData) (string, error) {
	tags, err := h.Menus.Tags(ctx, p.Account.ID)
	if err != nil {
		return "", err
	}
	arts, err := h.menuArticles(ctx, p)
	if err != nil {
		return "", err
	}
	counts, err := h.menuCounts(ctx, p)
	if err != nil {
		return "", err
	}
	d.Stats, d.Others = menuStats(p, doc, arts, counts)
	cfg := map[string]any{
		"tags": tags, "articles": arts, "counts": counts, "readonly": !d.CanEdit, "types": menu.Types,
		"limits": map[string]int{"buttons": menu.MaxButtons, "items": menu.MaxSubButtons, "top": menu.MaxTopName,
			"sub": menu.MaxSubName, "key": menu.MaxKey, "url": menu.MaxURL, "reply": menu.MaxReplyBytes},
		"problems": d.Problems, "texts": menuTexts(p), "tags_url": p.URL("/tags"),
	}
	raw, err := json.Marshal(cfg)
	return string(raw), err
}

// menuArticles lists the newest library articles (none without the library).
func (h *Handler) menuArticles(ctx context.Context, p *Page) ([]menuArticle, error) {
	out := []menuArticle{}
	if h.Articles == nil {
		return out, nil
	}
	page, err := h.Articles.List(ctx, content.Query{AccountID: p.Account.ID, Limit: content.MaxPageSize})
	if err != nil {
		return nil, err
	}
	for _, a := range page.Items {
		out = append(out, menuArticle{ID: a.ID, Title: a.Title, URL: a.URL})
	}
	return out, nil
}

// menuCounts reads the click rollups: "CLICK key" / "VIEW url" → [7 days, 30 days].
func (h *Handler) menuCounts(ctx context.Context, p *Page) (map[string][2]int64, error) {
	windows, err := h.Menus.StatsOver(ctx, p.Account, 7, 30)
	if err != nil {
		return nil, err
	}
	out := map[string][2]int64{}
	for i, clicks := range windows {
		for _, c := range clicks {
			k := c.Event + " " + c.Key
			n := out[k]
			n[i] = c.N
			out[k] = n
		}
	}
	return out, nil
}

// menuTexts are the editor's strings in the page's language.
func menuTexts(p *Page) map[string]string {
	keys := []string{"new_button", "new_item", "add_button", "add_item", "pick", "field.name", "field.type", "field.key",
		"field.url", "field.article", "field.article_none", "field.reply_kind", "field.reply_none", "field.reply_text",
		"field.reply_article", "field.text", "field.appid", "field.pagepath", "field.fallback", "field.media_id",
		"field.wx_article_id", "bytes", "has_items", "move_left", "move_right", "remove", "cond.tag", "cond.platform",
		"cond.platform_any", "cond.remove", "cond.unsynced", "cond.no_tags", "cond.tags_link", "cond.hint", "tab.default", "tab.add", "unsaved",
		"stats.7d", "stats.30d"}
	out := map[string]string{}
	for _, k := range keys {
		out[k] = p.T("menus." + k)
	}
	for _, t := range menu.Types {
		out["type."+t] = p.T("menus.type." + t)
	}
	out["tab.conditional"] = p.T("menus.tab.conditional", "%s")
	return out
}

// problemsOf returns the per-button problems of a refused save, if any.
func problemsOf(err error) []menu.Problem {
	var ve *menu.ValidationError
	if errors.As(err, &ve) {
		return ve.Problems
	}
	return nil
}
