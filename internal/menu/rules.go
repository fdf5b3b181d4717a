package menu

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/wechat"
)

// RulePrefix starts the name of every rule a published menu owns
// ("menu:<key>"); publishing replaces exactly those rules.
const RulePrefix = "menu:"

// IsMenuRule reports whether a rule belongs to the published menu.
func IsMenuRule(r *autoreply.Rule) bool { return strings.HasPrefix(r.Name, RulePrefix) }

// clickRules turns the click replies of d into one click rule per key, in
// document order. articles holds every article a reply names.
func clickRules(d *Document, articles map[int64]*content.Article) []autoreply.Rule {
	var out []autoreply.Rule
	seen := map[string]bool{}
	walk(d, func(b *Button, _ place) {
		if b.Type != TypeClick || b.Reply == nil || seen[b.Key] {
			return
		}
		seen[b.Key] = true
		out = append(out, autoreply.Rule{Name: RulePrefix + b.Key, Trigger: autoreply.TriggerClick,
			Keys: []string{b.Key}, Replies: []wechat.Reply{replyOf(*b.Reply, articles)}})
	})
	return out
}

// replyOf renders a click reply as the gateway sends it.
func replyOf(r Reply, articles map[int64]*content.Article) wechat.Reply {
	if r.ArticleID != 0 {
		if a := articles[r.ArticleID]; a != nil {
			return wechat.Reply{Type: wechat.ReplyNews, Articles: content.ToNews([]content.Article{*a})}
		}
	}
	return wechat.Reply{Type: wechat.ReplyText, Content: r.Text}
}

// mergeRules returns the rules of active with its menu rules replaced by
// menu; a menu rule keeps the id its key had, so reply statistics per rule
// carry on across publishes. changed is false when nothing differs.
func mergeRules(active []autoreply.Rule, menu []autoreply.Rule) (rules []autoreply.Rule, changed bool) {
	oldIDs := map[string]int64{}
	var old []autoreply.Rule
	for _, r := range active {
		if IsMenuRule(&r) {
			oldIDs[r.Name] = r.ID
			old = append(old, r)
			continue
		}
		rules = append(rules, r)
	}
	for _, r := range menu {
		r.ID = oldIDs[r.Name]
		rules = append(rules, r)
	}
	added := rules[len(rules)-len(menu):]
	return rules, !sameRules(old, added)
}

func sameRules(a, b []autoreply.Rule) bool {
	if len(a) != len(b) {
		return false
	}
	return slices.EqualFunc(a, b, func(x, y autoreply.Rule) bool {
		jx, _ := json.Marshal(x)
		jy, _ := json.Marshal(y)
		return string(jx) == string(jy)
	})
}
