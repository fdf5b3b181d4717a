package web

import (
	"fmt"
	"sort"
	"strings"

	"github.com/fanbase/fanbase/internal/menu"
)

// menuStats lists the clicks of every button of doc that reports one (a
// keyed button by its key, a link by its URL), then the counted keys and
// URLs no button of the draft has any more (an older menu's).
func menuStats(p *Page, doc *menu.Document, arts []menuArticle, counts map[string][2]int64) (rows, others []menuStatRow) {
	urls := map[int64]string{}
	for _, a := range arts {
		urls[a.ID] = a.URL
	}
	seen := map[string]bool{}
	add := func(where string, b menu.Button) {
		row := menuStatRow{Where: where, Name: b.Name, Event: "CLICK", Target: b.Key}
		switch {
		case b.Type == menu.TypeView:
			row.Event, row.Target = "VIEW", b.URL
			if b.ArticleID != 0 {
				row.Target = urls[b.ArticleID]
			}
		case b.Key == "":
			return
		}
		k := row.Event + " " + row.Target
		seen[k] = true
		row.Week, row.Month = counts[k][0], counts[k][1]
		rows = append(rows, row)
	}
	eachMenu(p, doc, func(where string, b menu.Button) { add(where, b) })
	for k, n := range counts {
		if !seen[k] {
			ev, target, _ := strings.Cut(k, " ")
			others = append(others, menuStatRow{Event: ev, Target: target, Week: n[0], Month: n[1]})
		}
	}
	sort.Slice(others, func(i, j int) bool { return others[i].Month > others[j].Month })
	return rows, others
}

// eachMenu calls fn for every leaf button of doc with where it sits, in
// the page's language.
func eachMenu(p *Page, doc *menu.Document, fn func(where string, b menu.Button)) {
	walk := func(prefix string, bs []menu.Button) {
		for i, b := range bs {
			top := fmt.Sprintf("%s%d", prefix, i+1)
			if len(b.Sub) == 0 {
				fn(top, b)
			}
			for j, s := range b.Sub {
				fn(fmt.Sprintf("%s › %d", top, j+1), s)
			}
		}
	}
	walk(p.T("menus.tab.default")+" · ", doc.Buttons)
	for i, c := range doc.Conditional {
		walk(p.T("menus.where.conditional", i+1)+" · ", c.Buttons)
	}
}
