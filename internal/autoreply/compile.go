package autoreply

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

// Engine is one compiled rule set. It is immutable and safe for concurrent
// use: the gateway decides every push with it, and a change of rules builds
// a new Engine rather than touching this one.
type Engine struct {
	version  int64
	rules    []Rule // the engine's own copy; Decision.Rule points into it
	compiled []compiledRule
	maxID    int64

	exact        map[string][]kwRef // normalised keyword → rules, best first
	contains     *acMatcher         // one automaton over every contains keyword
	containsRefs [][]kwRef          // automaton pattern → rules, best first
	regexes      []regexRef         // best first

	subscribeScene map[string][]*compiledRule
	subscribeAny   []*compiledRule
	scanScene      map[string][]*compiledRule
	scanAny        []*compiledRule
	click          map[string][]*compiledRule
	location       []*compiledRule
	fallback       []*compiledRule
}

// compiledRule is a rule with its conditions parsed once.
type compiledRule struct {
	rule  *Rule
	hours *hoursSpec // nil: always
}

// active reports whether the rule may answer at the clock's time.
func (c *compiledRule) active(cl *clock) bool {
	return c.hours == nil || c.hours.holds(cl)
}

// kwRef is one keyword of one rule.
type kwRef struct {
	rule *compiledRule
	kw   int // index into rule.Keywords
}

type regexRef struct {
	kwRef
	re *regexp.Regexp
}

// Compile validates rs and builds its matcher. An invalid set gives a
// *ValidationError listing every problem (bilingual, naming each rule). The
// engine keeps its own copy of the rules, so rs may change afterwards.
func Compile(rs *RuleSet) (*Engine, error) {
	if rs == nil {
		return nil, errs.Errorf(errs.Invalid, "rule set is missing (缺少规则集)")
	}
	e := &Engine{version: rs.Version, rules: cloneRules(rs.Rules)}
	regexes, err := e.check()
	if err != nil {
		return nil, err
	}
	e.index(regexes)
	return e, nil
}

// cloneRules deep-copies rules, so nothing the caller changes later can
// reach a live engine.
func cloneRules(rules []Rule) []Rule {
	out := slices.Clone(rules)
	for i := range out {
		r := &out[i]
		r.Keywords, r.Keys = slices.Clone(r.Keywords), slices.Clone(r.Keys)
		r.Replies = slices.Clone(r.Replies)
		for j := range r.Replies {
			r.Replies[j].Articles = slices.Clone(r.Replies[j].Articles)
		}
		if r.Hours != nil {
			h := *r.Hours
			h.Days = slices.Clone(h.Days)
			r.Hours = &h
		}
	}
	return out
}

// check validates every rule, parsing hours and regexes on the way.
func (e *Engine) check() (map[[2]int]*regexp.Regexp, error) {
	p := &problems{}
	checkIDs(e.rules, p)
	e.compiled = make([]compiledRule, len(e.rules))
	regexes := make(map[[2]int]*regexp.Regexp)
	for i := range e.rules {
		r := &e.rules[i]
		p.idx, p.rule = i, r
		e.compiled[i] = compiledRule{rule: r, hours: compileHours(r, p)}
		checkShape(r, p)
		for j, k := range r.Keywords {
			checkKeyword(j, k, p)
			if re := compileRegex(j, k, p); re != nil {
				regexes[[2]int{i, j}] = re
			}
		}
		checkReplies(r, p)
		e.maxID = max(e.maxID, r.ID)
	}
	if len(p.list) > 0 {
		return nil, &ValidationError{Problems: p.list}
	}
	return regexes, nil
}

func compileHours(r *Rule, p *problems) *hoursSpec {
	if r.Hours == nil {
		return nil
	}
	spec, probs := parseHours(r.Hours)
	for _, msg := range probs {
		p.addf("%s", msg)
	}
	return spec
}

// compileRegex compiles a regex keyword once. Patterns see the normalised
// text and are case-insensitive, so "(?i)" is implied.
func compileRegex(j int, k Keyword, p *problems) *regexp.Regexp {
	if k.Match != MatchRegex || k.Text == "" || len(k.Text) > maxRegexBytes {
		return nil
	}
	re, err := regexp.Compile("(?i)" + k.Text)
	if err != nil {
		p.addf("keyword %d: bad regular expression %q: %v (第 %d 个关键词的正则表达式无效)", j+1, k.Text, err, j+1)
		return nil
	}
	return re
}

// indexer gathers the contains keywords while the rules are filed.
type indexer struct {
	e        *Engine
	regexes  map[[2]int]*regexp.Regexp
	patterns map[string]int // normalised contains keyword → automaton pattern
	contains []string
}

// index files every enabled rule under what triggers it.
func (e *Engine) index(regexes map[[2]int]*regexp.Regexp) {
	e.exact = make(map[string][]kwRef)
	e.subscribeScene, e.scanScene = make(map[string][]*compiledRule), make(map[string][]*compiledRule)
	e.click = make(map[string][]*compiledRule)
	x := &indexer{e: e, regexes: regexes, patterns: make(map[string]int)}
	for i := range e.compiled {
		if !e.compiled[i].rule.Disabled {
			x.file(i, &e.compiled[i])
		}
	}
	if len(x.contains) > 0 {
		e.contains = newACMatcher(x.contains)
	}
	e.sortAll()
}

func (x *indexer) file(i int, c *compiledRule) {
	e := x.e
	switch c.rule.Trigger {
	case TriggerKeyword:
		for j := range c.rule.Keywords {
			x.keyword(i, j, c)
		}
	case TriggerSubscribe:
		fileByKey(c, e.subscribeScene, &e.subscribeAny)
	case TriggerScan:
		fileByKey(c, e.scanScene, &e.scanAny)
	case TriggerClick:
		fileByKey(c, e.click, nil)
	case TriggerLocation:
		e.location = append(e.location, c)
	case TriggerDefault:
		e.fallback = append(e.fallback, c)
	}
}

// keyword files keyword j of rule i by its match mode; an empty mode means
// contains, the mode operators want most.
func (x *indexer) keyword(i, j int, c *compiledRule) {
	e, k, ref := x.e, c.rule.Keywords[j], kwRef{rule: c, kw: j}
	switch k.Match {
	case MatchExact:
		norm := Normalize(k.Text)
		e.exact[norm] = append(e.exact[norm], ref)
	case MatchRegex:
		e.regexes = append(e.regexes, regexRef{kwRef: ref, re: x.regexes[[2]int{i, j}]})
	default:
		norm := Normalize(k.Text)
		id, ok := x.patterns[norm]
		if !ok {
			id = len(x.contains)
			x.patterns[norm] = id
			x.contains = append(x.contains, norm)
			e.containsRefs = append(e.containsRefs, nil)
		}
		e.containsRefs[id] = append(e.containsRefs[id], ref)
	}
}

// fileByKey files c under each of its keys, or as a catch-all when it has none.
func fileByKey(c *compiledRule, byKey map[string][]*compiledRule, any *[]*compiledRule) {
	if len(c.rule.Keys) == 0 && any != nil {
		*any = append(*any, c)
		return
	}
	for _, k := range c.rule.Keys {
		k = strings.TrimPrefix(strings.TrimSpace(k), wechat.QRScenePrefix)
		if !slices.Contains(byKey[k], c) {
			byKey[k] = append(byKey[k], c)
		}
	}
}

// rank orders rules best first: higher priority, then lower id.
func rank(a, b *compiledRule) int {
	if c := cmp.Compare(b.rule.Priority, a.rule.Priority); c != 0 {
		return c
	}
	return cmp.Compare(a.rule.ID, b.rule.ID)
}

func rankRef(a, b kwRef) int { return rank(a.rule, b.rule) }

func (e *Engine) sortAll() {
	for _, refs := range e.exact {
		slices.SortStableFunc(refs, rankRef)
	}
	for _, refs := range e.containsRefs {
		slices.SortStableFunc(refs, rankRef)
	}
	slices.SortStableFunc(e.regexes, func(a, b regexRef) int { return rankRef(a.kwRef, b.kwRef) })
	for _, m := range []map[string][]*compiledRule{e.subscribeScene, e.scanScene, e.click} {
		for _, list := range m {
			slices.SortStableFunc(list, rank)
		}
	}
	for _, list := range [][]*compiledRule{e.subscribeAny, e.scanAny, e.location, e.fallback} {
		slices.SortStableFunc(list, rank)
	}
}

// Version is the rule set version the engine was compiled from (0: none).
func (e *Engine) Version() int64 { return e.version }

// MaxID is the highest rule id in the set, the floor for AssignIDs.
func (e *Engine) MaxID() int64 { return e.maxID }

// Rules returns the engine's rules in their order in the set. Callers must
// not modify them.
func (e *Engine) Rules() []Rule { return e.rules }

// String summarises the engine for logs.
func (e *Engine) String() string {
	return fmt.Sprintf("rule set v%d: %d rules", e.version, len(e.rules))
}
