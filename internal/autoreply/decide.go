package autoreply

import (
	"cmp"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/wechat"
)

// Decision is the automatic answer to one push. The gateway stores Rule.ID
// and Version with the reply, so every reply can be explained later.
type Decision struct {
	Matched bool
	Rule    *Rule // the rule that answered; nil when none did
	Reply   wechat.Reply
	Version int64 // rule set version the decision was made with
	// Handoff asks for a person: a user message that no rule really
	// answered (none matched, or only the default rule), a rule marked
	// Handoff, or a transfer_customer_service reply. Events never hand off.
	Handoff bool
}

// Decide picks the reply to m at now, judging office hours in loc (nil: the
// location of now). It takes no locks and does not allocate for messages
// that no regex rule has to look at; its cost grows with the text length and
// the number of keyword hits, not with the number of rules.
func (e *Engine) Decide(m *wechat.Message, now time.Time, loc *time.Location) Decision {
	if m == nil {
		return Decision{Version: e.version}
	}
	c := collector{clock: clock{now: now, loc: loc}}
	e.collect(m, &c)
	return e.decision(m, &c)
}

// cand is one rule that matched the push, with how it matched.
type cand struct {
	rule  *compiledRule
	group int8      // 0: specific (keyword, scene, key); 1: catch-all or default
	mode  MatchMode // keyword rules: how the keyword matched
	kw    int       // keyword rules: index of the keyword that matched
	key   string    // menu key or QR scene that matched
}

// compareCand orders candidates best first: specific before catch-all,
// higher priority, then exact before contains before regex, then lower id.
func compareCand(a, b cand) int {
	if c := cmp.Compare(a.group, b.group); c != 0 {
		return c
	}
	if c := cmp.Compare(b.rule.rule.Priority, a.rule.rule.Priority); c != 0 {
		return c
	}
	if c := cmp.Compare(modeRank(a.mode), modeRank(b.mode)); c != 0 {
		return c
	}
	return cmp.Compare(a.rule.rule.ID, b.rule.rule.ID)
}

func modeRank(m MatchMode) int {
	switch m {
	case MatchRegex:
		return 2
	case MatchContains:
		return 1
	}
	return 0
}

// collector keeps the best candidate that holds at the clock's time. With
// all set (Explain) it also records every candidate, active or not, and
// gives up no shortcut.
type collector struct {
	clock clock
	all   bool
	best  cand
	found bool
	seen  []seenCand
}

type seenCand struct {
	cand
	active bool
}

// hopeless reports that k cannot beat the best so far; lists are sorted, so
// the rest of k's list cannot either.
func (c *collector) hopeless(k cand) bool {
	return !c.all && c.found && compareCand(k, c.best) >= 0
}

func (c *collector) offer(k cand) {
	ok := k.rule.active(&c.clock)
	if c.all {
		c.record(k, ok)
	}
	if ok && (!c.found || compareCand(k, c.best) < 0) {
		c.best, c.found = k, true
	}
}

func (c *collector) offerRules(list []*compiledRule, k cand) {
	for _, r := range list {
		k.rule = r
		if c.hopeless(k) {
			return
		}
		c.offer(k)
	}
}

func (c *collector) offerRefs(refs []kwRef, mode MatchMode) {
	for _, ref := range refs {
		k := cand{rule: ref.rule, mode: mode, kw: ref.kw}
		if c.hopeless(k) {
			return
		}
		c.offer(k)
	}
}

func (e *Engine) collect(m *wechat.Message, c *collector) {
	if m.IsEvent() {
		e.collectEvent(m, c)
		return
	}
	switch m.MsgType {
	case wechat.MsgText:
		e.collectText(m.Content, c)
	case wechat.MsgVoice:
		e.collectText(m.Recognition, c)
	case wechat.MsgLocation:
		c.offerRules(e.location, cand{})
	}
	c.offerRules(e.fallback, cand{group: 1})
}

// collectEvent answers follows, QR scans and menu clicks; other events get
// no automatic reply.
func (e *Engine) collectEvent(m *wechat.Message, c *collector) {
	switch m.Event {
	case wechat.EventSubscribe:
		if scene, ok := strings.CutPrefix(m.EventKey, wechat.QRScenePrefix); ok && scene != "" {
			c.offerRules(e.subscribeScene[scene], cand{key: scene})
		}
		c.offerRules(e.subscribeAny, cand{group: 1})
	case wechat.EventScan:
		scene := strings.TrimPrefix(m.EventKey, wechat.QRScenePrefix)
		c.offerRules(e.scanScene[scene], cand{key: scene})
		c.offerRules(e.scanAny, cand{group: 1})
	case wechat.EventClick:
		c.offerRules(e.click[m.EventKey], cand{key: m.EventKey})
	}
}

// collectText matches the normalised text: exact keywords by map lookup,
// contains keywords with the automaton, regexes last.
func (e *Engine) collectText(text string, c *collector) {
	var stack [512]byte
	buf := appendNormalized(stack[:0], text)
	if len(buf) == 0 {
		return
	}
	c.offerRefs(e.exact[string(buf)], MatchExact)
	if e.contains != nil {
		e.contains.Match(buf, func(p, _ int) bool {
			c.offerRefs(e.containsRefs[p], MatchContains)
			return true
		})
	}
	e.collectRegex(buf, c)
}

func (e *Engine) collectRegex(buf []byte, c *collector) {
	var s string
	for i, r := range e.regexes {
		k := cand{rule: r.rule, mode: MatchRegex, kw: r.kw}
		if c.hopeless(k) {
			return
		}
		if i == 0 {
			s = string(buf) // only now: a message that needs no regex does not allocate
		}
		if r.re.MatchString(s) {
			c.offer(k)
		}
	}
}

func (e *Engine) decision(m *wechat.Message, c *collector) Decision {
	d := Decision{Version: e.version, Handoff: true}
	if c.found {
		r := c.best.rule.rule
		d.Matched, d.Rule = true, r
		d.Reply = pickReply(r, m)
		d.Handoff = r.Handoff || r.Trigger == TriggerDefault || d.Reply.Type == wechat.ReplyTransfer
	}
	if m.IsEvent() {
		d.Handoff = false
	}
	return d
}
