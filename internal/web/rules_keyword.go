package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

// keywordForm is one keyword rule in the simple form: one match mode for
// all its keywords and one text reply.
type keywordForm struct {
	RuleID   int64
	Name     string
	Keywords string // one per line
	Match    string
	Reply    string // "" while editing keeps the rule's replies
	// ArticleID, when set, answers with that library article as a news
	// reply instead of Reply; the article is copied into the version, so
	// the version keeps answering what it answered even if the library changes.
	ArticleID int64
	Priority  int
	From, To  string
	Days      []int
	Outside   bool
	Handoff   bool
	Disabled  bool
	// Notes for the operator editing an existing rule.
	MixedModes  bool // its keywords use several modes; saving applies one
	KeepReplies bool // its replies are not one text; an empty reply keeps them
}

// keywordFormOf fills the form from the rule with that id, if it is a
// keyword rule.
func keywordFormOf(rules []autoreply.Rule, id int64) keywordForm {
	i := slices.IndexFunc(rules, func(r autoreply.Rule) bool { return r.ID == id && r.Trigger == autoreply.TriggerKeyword })
	if i < 0 {
		return keywordForm{Match: "contains"}
	}
	r := rules[i]
	f := keywordForm{RuleID: r.ID, Name: r.Name, Priority: r.Priority, Handoff: r.Handoff, Disabled: r.Disabled, Match: "contains"}
	texts := make([]string, len(r.Keywords))
	for j, k := range r.Keywords {
		texts[j] = k.Text
		if j == 0 && k.Match != "" {
			f.Match = string(k.Match)
		}
		f.MixedModes = f.MixedModes || modeOf(k) != modeOf(r.Keywords[0])
	}
	f.Keywords = strings.Join(texts, "\n")
	if len(r.Replies) == 1 && r.Replies[0].Type == wechat.ReplyText {
		f.Reply = r.Replies[0].Content
	} else {
		f.KeepReplies = true
	}
	if h := r.Hours; h != nil {
		f.From, f.To, f.Days, f.Outside = h.From, h.To, h.Days, h.Outside
	}
	return f
}

// MatchModes are the modes the form offers, the most used first.
func (f keywordForm) MatchModes() []string {
	return []string{string(autoreply.MatchContains), string(autoreply.MatchExact), string(autoreply.MatchRegex)}
}

// dayOption is one weekday checkbox of the form.
type dayOption struct {
	Day     int
	Checked bool
}

// DayOptions are the weekday checkboxes, Monday (1) to Sunday (7).
func (f keywordForm) DayOptions() []dayOption {
	out := make([]dayOption, 7)
	for i := range out {
		out[i] = dayOption{Day: i + 1, Checked: slices.Contains(f.Days, i+1)}
	}
	return out
}

func modeOf(k autoreply.Keyword) autoreply.MatchMode {
	if k.Match == "" {
		return autoreply.MatchContains
	}
	return k.Match
}

// parseKeywordForm reads the simple form.
func parseKeywordForm(r *http.Request) (keywordForm, error) {
	f := keywordForm{Name: strings.TrimSpace(r.PostFormValue("name")), Keywords: r.PostFormValue("keywords"),
		Match: r.PostFormValue("match"), Reply: strings.TrimSpace(r.PostFormValue("reply")),
		From: r.PostFormValue("from"), To: r.PostFormValue("to"), Outside: r.PostFormValue("outside") != "",
		Handoff: r.PostFormValue("handoff") != "", Disabled: r.PostFormValue("disabled") != ""}
	var err error
	if f.RuleID, err = optionalInt(r.PostFormValue("rule_id"), "rule_id"); err != nil {
		return f, err
	}
	if f.ArticleID, err = optionalInt(r.PostFormValue("article_id"), "article_id"); err != nil {
		return f, err
	}
	if s := strings.TrimSpace(r.PostFormValue("priority")); s != "" {
		if f.Priority, err = strconv.Atoi(s); err != nil {
			return f, errs.Errorf(errs.Invalid, "priority must be a whole number (优先级应为整数)")
		}
	}
	for _, s := range r.PostForm["days"] {
		if d, err := strconv.Atoi(s); err == nil {
			f.Days = append(f.Days, d)
		}
	}
	return f, nil
}

// apply puts the form's rule into rules: it changes the rule with the
// form's id, or appends a new keyword rule.
func (f keywordForm) apply(rules []autoreply.Rule, article *content.Article) ([]autoreply.Rule, error) {
	rules = slices.Clone(rules)
	i := slices.IndexFunc(rules, func(r autoreply.Rule) bool { return r.ID == f.RuleID })
	if f.RuleID != 0 && i < 0 {
		return nil, errs.Errorf(errs.NotFound, "rule %d is not in the active version (当前生效版本中没有规则 %d)", f.RuleID, f.RuleID)
	}
	r := autoreply.Rule{Trigger: autoreply.TriggerKeyword}
	if i >= 0 {
		r = rules[i]
	}
	r.Name, r.Priority, r.Handoff, r.Disabled = f.Name, f.Priority, f.Handoff, f.Disabled
	r.Keywords = nil
	for _, line := range strings.Split(f.Keywords, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			r.Keywords = append(r.Keywords, autoreply.Keyword{Text: line, Match: autoreply.MatchMode(f.Match)})
		}
	}
	switch {
	case article != nil:
		r.Replies = []wechat.Reply{{Type: wechat.ReplyNews, Articles: content.ToNews([]content.Article{*article})}}
	case f.Reply != "" || i < 0:
		r.Replies = []wechat.Reply{{Type: wechat.ReplyText, Content: f.Reply}}
	}
	r.Hours = nil
	if f.From != "" || f.To != "" {
		r.Hours = &autoreply.Hours{From: f.From, To: f.To, Days: f.Days, Outside: f.Outside}
	}
	if i >= 0 {
		rules[i] = r
	} else {
		rules = append(rules, r)
	}
	return rules, nil
}

// handleRulesKeyword adds or changes one keyword rule of the active
// version and saves the result as a new version, live or as the canary.
func (h *Handler) handleRulesKeyword(w http.ResponseWriter, r *http.Request, p *Page) error {
	base, err := h.Rules.RuleSet(r.Context(), p.Account.ID, 0)
	if err != nil {
		return err
	}
	form, err := parseKeywordForm(r)
	opts, optErr := parseSaveOptions(r)
	err = errors.Join(err, optErr)
	var rules []autoreply.Rule
	var article *content.Article
	if err == nil {
		article, err = h.pickedArticle(r.Context(), p.Account.ID, r.PostFormValue("article_id"))
	}
	if err == nil {
		rules, err = form.apply(base.Rules, article)
	}
	if err == nil {
		rs := &autoreply.RuleSet{Rules: rules, Note: opts.Note}
		done, version, serr := h.storeRules(r, p, rs, opts)
		if serr == nil {
			h.redirect(w, r, p.URL("/rules?done=%s&v=%d", done, version))
			return nil
		}
		err = serr
	}
	return h.keywordRefused(w, r, p, base, form, opts, err)
}

// keywordRefused shows the editor again with what is wrong with the form.
func (h *Handler) keywordRefused(w http.ResponseWriter, r *http.Request, p *Page, base *autoreply.RuleSet, f keywordForm, o saveOptions, err error) error {
	problems := saveProblems(err)
	if problems == nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	d, derr := h.editData(r.Context(), p, base)
	if derr != nil {
		return derr
	}
	d.Keyword, d.FormSave = f, o
	for _, pr := range problems {
		d.FormProblems = append(d.FormProblems, pr.Message)
	}
	if problems == nil {
		d.FormProblems = []string{err.Error()}
	}
	return h.renderEdit(w, r, p, d, http.StatusUnprocessableEntity)
}
