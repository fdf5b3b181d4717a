package autoreply

import (
	"fmt"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
)

// Limits that keep one rule set reasonable to compile and to show.
const (
	maxKeywordRunes = 100
	maxRegexBytes   = 1000
	maxNewsArticles = 8
	maxListedErrors = 20
)

// Problem is one thing wrong with one rule, named so an operator can find it.
type Problem struct {
	Index    int    // 1-based position of the rule in the set
	RuleID   int64  // 0 when the rule has none yet
	RuleName string // as written
	Message  string // English (Chinese)
}

func (p Problem) String() string {
	name := ""
	if p.RuleName != "" {
		name = fmt.Sprintf(", %q", p.RuleName)
	}
	return fmt.Sprintf("rule #%d (第 %d 条, id %d%s): %s", p.Index, p.Index, p.RuleID, name, p.Message)
}

// ValidationError lists every problem of a rule set that cannot be compiled,
// so an operator fixes an imported file in one go rather than error by error.
// It unwraps to an errs.Invalid error.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return e.Problems[0].String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "rule set has %d problems (规则集有 %d 处错误):", len(e.Problems), len(e.Problems))
	for i, p := range e.Problems {
		if i == maxListedErrors {
			fmt.Fprintf(&b, "\n  … and %d more (另有 %d 处)", len(e.Problems)-i, len(e.Problems)-i)
			break
		}
		b.WriteString("\n  - ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Unwrap lets errs.CodeOf classify the error as Invalid.
func (e *ValidationError) Unwrap() error {
	return &errs.Error{Code: errs.Invalid, Message: e.Error()}
}

// problems collects the problems of the rule being checked.
type problems struct {
	list []Problem
	idx  int
	rule *Rule
}

func (p *problems) addf(format string, args ...any) {
	p.list = append(p.list, Problem{Index: p.idx + 1, RuleID: p.rule.ID, RuleName: p.rule.Name, Message: fmt.Sprintf(format, args...)})
}

// checkIDs reports missing and duplicate rule ids.
func checkIDs(rules []Rule, p *problems) {
	seen := make(map[int64]int, len(rules))
	for i := range rules {
		p.idx, p.rule = i, &rules[i]
		id := rules[i].ID
		switch first, dup := seen[id]; {
		case id <= 0:
			p.addf("rule has no id; import assigns one (规则缺少 ID，导入时会自动分配)")
		case dup:
			p.addf("duplicate rule id %d, also used by rule #%d (规则 ID %d 与第 %d 条规则重复)", id, first+1, id, first+1)
		default:
			seen[id] = i
		}
	}
}

// checkShape reports fields that do not fit the rule's trigger.
func checkShape(r *Rule, p *problems) {
	switch r.Trigger {
	case TriggerSubscribe, TriggerScan, TriggerClick, TriggerKeyword, TriggerLocation, TriggerDefault:
	default:
		p.addf("unknown trigger %q, want subscribe, keyword, click, scan, location or default (未知的触发方式 %q)", r.Trigger, r.Trigger)
	}
	if r.Trigger == TriggerKeyword && len(r.Keywords) == 0 {
		p.addf("keyword rule has no keywords (关键词规则至少需要一个关键词)")
	}
	if r.Trigger != TriggerKeyword && len(r.Keywords) > 0 {
		p.addf("keywords are only for keyword rules (只有关键词规则可以设置关键词)")
	}
	if r.Trigger == TriggerClick && len(r.Keys) == 0 {
		p.addf("click rule has no menu keys (菜单点击规则至少需要一个菜单 key)")
	}
	keyed := r.Trigger == TriggerClick || r.Trigger == TriggerScan || r.Trigger == TriggerSubscribe
	if !keyed && len(r.Keys) > 0 {
		p.addf("keys are only for subscribe, scan and click rules (只有关注、扫码和菜单点击规则可以设置 key)")
	}
	for i, k := range r.Keys {
		if strings.TrimSpace(k) == "" {
			p.addf("key %d is empty (第 %d 个 key 为空)", i+1, i+1)
		}
	}
	switch r.Pick {
	case "", PickFirst, PickRandom:
	default:
		p.addf("unknown pick %q, want first or random (未知的回复选择方式 %q，应为 first 或 random)", r.Pick, r.Pick)
	}
}

// checkKeyword reports what is wrong with keyword i (0-based) of a rule.
func checkKeyword(i int, k Keyword, p *problems) {
	n := i + 1
	switch k.Match {
	case "", MatchExact, MatchContains:
		norm := Normalize(k.Text)
		if norm == "" {
			p.addf("keyword %d is empty (第 %d 个关键词为空)", n, n)
		} else if c := len([]rune(norm)); c > maxKeywordRunes {
			p.addf("keyword %d has %d characters, at most %d (第 %d 个关键词有 %d 个字，最多 %d 个)", n, c, maxKeywordRunes, n, c, maxKeywordRunes)
		}
	case MatchRegex:
		if k.Text == "" {
			p.addf("keyword %d: regular expression is empty (第 %d 个关键词的正则表达式为空)", n, n)
		} else if len(k.Text) > maxRegexBytes {
			p.addf("keyword %d: regular expression is longer than %d bytes (第 %d 个关键词的正则表达式超过 %d 字节)", n, maxRegexBytes, n, maxRegexBytes)
		}
	default:
		p.addf("keyword %d: unknown match mode %q, want exact, contains or regex (第 %d 个关键词的匹配方式 %q 未知，应为 exact、contains 或 regex)", n, k.Match, n, k.Match)
	}
}

// AssignIDs gives every rule of rs without an id (id 0) a new one, counting
// up from the highest id in rs or floor, whichever is higher. Pass the
// highest id of the account's active version as floor, so that a new rule
// never takes the id an older rule had. It returns how many ids it assigned.
func AssignIDs(rs *RuleSet, floor int64) int {
	top := floor
	for _, r := range rs.Rules {
		top = max(top, r.ID)
	}
	n := 0
	for i := range rs.Rules {
		if rs.Rules[i].ID == 0 {
			top++
			rs.Rules[i].ID = top
			n++
		}
	}
	return n
}
