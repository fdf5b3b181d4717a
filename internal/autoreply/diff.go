package autoreply

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/fanbase/fanbase/internal/wechat"
)

// ChangeKind says how a rule differs between two versions.
type ChangeKind string

// Rule change kinds.
const (
	RuleAdded   ChangeKind = "added"
	RuleRemoved ChangeKind = "removed"
	RuleChanged ChangeKind = "changed"
)

// FieldChange is one field of a rule that differs between two versions,
// named as in the rule file, with both values summarised for people.
type FieldChange struct {
	Field    string   // "name", "trigger", "keywords", "keys", "priority", "disabled", "hours", "replies", "pick", "handoff"
	Old, New string   // "" for an empty or unset value
	Added    []string // list fields: items only in the new version
	Removed  []string // list fields: items only in the old version
}

// RuleChange is one rule that differs, matched across versions by its id.
type RuleChange struct {
	Kind   ChangeKind
	ID     int64
	Name   string // the new name; the old one for a removed rule
	Old    *Rule  // nil for an added rule
	New    *Rule  // nil for a removed rule
	Fields []FieldChange
}

// DiffRules compares two versions' rules by id: changed and added rules in
// the new version's order, then removed ones in the old version's order.
// Rules without an id (a draft's new rules) are always added or removed.
func DiffRules(from, to []Rule) []RuleChange {
	old := make(map[int64]*Rule, len(from))
	for i := range from {
		if from[i].ID != 0 {
			old[from[i].ID] = &from[i]
		}
	}
	seen := make(map[int64]bool, len(to))
	var out []RuleChange
	for i := range to {
		r := &to[i]
		o := old[r.ID]
		switch {
		case o == nil || seen[r.ID]:
			out = append(out, RuleChange{Kind: RuleAdded, ID: r.ID, Name: r.Name, New: r})
		default:
			if fields := diffFields(o, r); len(fields) > 0 {
				out = append(out, RuleChange{Kind: RuleChanged, ID: r.ID, Name: r.Name, Old: o, New: r, Fields: fields})
			}
		}
		seen[r.ID] = true
	}
	for i := range from {
		if r := &from[i]; r.ID == 0 || !seen[r.ID] {
			out = append(out, RuleChange{Kind: RuleRemoved, ID: r.ID, Name: r.Name, Old: r})
		}
	}
	return out
}

// diffFields lists the fields of one rule that changed, in file order.
func diffFields(a, b *Rule) []FieldChange {
	var out []FieldChange
	scalar := func(field, x, y string) {
		if x != y {
			out = append(out, FieldChange{Field: field, Old: x, New: y})
		}
	}
	scalar("name", a.Name, b.Name)
	scalar("trigger", string(a.Trigger), string(b.Trigger))
	out = appendList(out, "keywords", keywordItems(a.Keywords), keywordItems(b.Keywords))
	out = appendList(out, "keys", a.Keys, b.Keys)
	scalar("priority", strconv.Itoa(a.Priority), strconv.Itoa(b.Priority))
	scalar("disabled", strconv.FormatBool(a.Disabled), strconv.FormatBool(b.Disabled))
	scalar("hours", FormatHours(a.Hours), FormatHours(b.Hours))
	if !reflect.DeepEqual(a.Replies, b.Replies) {
		out = appendReplies(out, a.Replies, b.Replies)
	}
	scalar("pick", string(pickOf(a)), string(pickOf(b)))
	scalar("handoff", strconv.FormatBool(a.Handoff), strconv.FormatBool(b.Handoff))
	return out
}

// appendList adds a list field's change, if any, with the items each side
// has that the other has not (counting repeats).
func appendList(out []FieldChange, field string, a, b []string) []FieldChange {
	if slices.Equal(a, b) {
		return out
	}
	return append(out, FieldChange{Field: field, Old: strings.Join(a, ", "), New: strings.Join(b, ", "),
		Added: without(b, a), Removed: without(a, b)})
}

// appendReplies adds the replies' change; replies whose summaries match but
// whose details differ (an article's picture, say) are compared as JSON.
func appendReplies(out []FieldChange, a, b []wechat.Reply) []FieldChange {
	x, y := replyItems(a, replyDetail), replyItems(b, replyDetail)
	if slices.Equal(x, y) {
		x, y = replyItems(a, replyJSON), replyItems(b, replyJSON)
	}
	fc := FieldChange{Field: "replies", Old: strings.Join(x, "\n"), New: strings.Join(y, "\n"),
		Added: without(y, x), Removed: without(x, y)}
	return append(out, fc)
}

// without returns the items of a not matched by an item of b.
func without(a, b []string) []string {
	left := slices.Clone(b)
	var out []string
	for _, s := range a {
		if i := slices.Index(left, s); i >= 0 {
			left = slices.Delete(left, i, i+1)
			continue
		}
		out = append(out, s)
	}
	return out
}

func keywordItems(kws []Keyword) []string {
	out := make([]string, len(kws))
	for i, k := range kws {
		out[i] = FormatKeyword(k)
	}
	return out
}

// FormatKeyword shows a keyword with its match mode: `价格 (contains)`.
func FormatKeyword(k Keyword) string {
	mode := k.Match
	if mode == "" {
		mode = MatchContains
	}
	return fmt.Sprintf("%s (%s)", k.Text, mode)
}

// FormatHours shows office hours in the rule file's terms:
// "09:00-18:00 days=1,2,3,4,5", "outside 09:00-18:00"; "" for always.
func FormatHours(h *Hours) string {
	if h == nil {
		return ""
	}
	s := h.From + "-" + h.To
	if len(h.Days) > 0 {
		days := make([]string, len(h.Days))
		for i, d := range h.Days {
			days[i] = strconv.Itoa(d)
		}
		s += " days=" + strings.Join(days, ",")
	}
	if h.Outside {
		s = "outside " + s
	}
	return s
}

func pickOf(r *Rule) Pick {
	if r.Pick == "" {
		return PickFirst
	}
	return r.Pick
}

func replyItems(rs []wechat.Reply, show func(wechat.Reply) string) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = show(r)
	}
	return out
}

// ReplySummary is a one-line preview of a reply for tables: the text, the
// first article's title, or the kind of media.
func ReplySummary(r wechat.Reply) string {
	switch r.Type {
	case wechat.ReplyText:
		return r.Content
	case wechat.ReplyNews:
		if len(r.Articles) > 0 {
			return fmt.Sprintf("[news ×%d] %s", len(r.Articles), r.Articles[0].Title)
		}
	case wechat.ReplyMusic:
		return "[music] " + r.Title
	case wechat.ReplyTransfer:
		return "[" + wechat.ReplyTransfer + "]"
	}
	return fmt.Sprintf("[%s] %s", r.Type, r.MediaID)
}

// replyDetail shows what an operator changes in a reply.
func replyDetail(r wechat.Reply) string {
	switch r.Type {
	case wechat.ReplyText:
		return "text: " + r.Content
	case wechat.ReplyNews:
		titles := make([]string, len(r.Articles))
		for i, a := range r.Articles {
			titles[i] = a.Title + " <" + a.URL + ">"
		}
		return "news: " + strings.Join(titles, " | ")
	case wechat.ReplyMusic:
		return "music: " + r.Title + " <" + r.MusicURL + ">"
	case wechat.ReplyTransfer:
		return wechat.ReplyTransfer + " " + r.KfAccount
	}
	return r.Type + ": media_id=" + r.MediaID
}

func replyJSON(r wechat.Reply) string {
	b, err := json.Marshal(r)
	if err != nil {
		return replyDetail(r)
	}
	return string(b)
}
