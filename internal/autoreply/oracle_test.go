package autoreply

import (
	"cmp"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/wechat"
)

// naiveDecide is the oracle for Decide: it looks at every rule in turn, the
// slow, obvious way.
func naiveDecide(rules []Rule, m *wechat.Message, now time.Time, loc *time.Location) *Rule {
	type candidate struct {
		r     *Rule
		group int
		mode  MatchMode
	}
	var cands []candidate
	for i := range rules {
		r := &rules[i]
		if r.Disabled || !naiveHours(r, now, loc) {
			continue
		}
		if group, ok := naiveTrigger(r, m); ok {
			cands = append(cands, candidate{r, group, ""})
		}
		if mode, ok := naiveKeyword(r, m); ok {
			cands = append(cands, candidate{r, 0, mode})
		}
	}
	if len(cands) == 0 {
		return nil
	}
	best := slices.MinFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.group, b.group), cmp.Compare(b.r.Priority, a.r.Priority),
			cmp.Compare(modeRank(a.mode), modeRank(b.mode)), cmp.Compare(a.r.ID, b.r.ID))
	})
	return best.r
}

func naiveHours(r *Rule, now time.Time, loc *time.Location) bool {
	if r.Hours == nil {
		return true
	}
	spec, _ := parseHours(r.Hours)
	return spec.holds(&clock{now: now, loc: loc})
}

// naiveTrigger matches every trigger but keywords; group 1 is catch-all.
func naiveTrigger(r *Rule, m *wechat.Message) (int, bool) {
	keyed := func(key string) (int, bool) {
		if len(r.Keys) == 0 {
			return 1, r.Trigger != TriggerClick
		}
		for _, k := range r.Keys {
			if strings.TrimPrefix(strings.TrimSpace(k), wechat.QRScenePrefix) == key {
				return 0, true
			}
		}
		return 0, false
	}
	switch {
	case m.MsgType == wechat.MsgEvent && m.Event == wechat.EventSubscribe && r.Trigger == TriggerSubscribe:
		scene, ok := strings.CutPrefix(m.EventKey, wechat.QRScenePrefix)
		if !ok || scene == "" {
			return 1, len(r.Keys) == 0
		}
		return keyed(scene)
	case m.MsgType == wechat.MsgEvent && m.Event == wechat.EventScan && r.Trigger == TriggerScan:
		return keyed(strings.TrimPrefix(m.EventKey, wechat.QRScenePrefix))
	case m.MsgType == wechat.MsgEvent && m.Event == wechat.EventClick && r.Trigger == TriggerClick:
		return keyed(m.EventKey)
	case m.MsgType == wechat.MsgLocation && r.Trigger == TriggerLocation:
		return 0, true
	case m.MsgType != wechat.MsgEvent && r.Trigger == TriggerDefault:
		return 1, true
	}
	return 0, false
}

// naiveKeyword returns the best mode in which one of r's keywords matches.
func naiveKeyword(r *Rule, m *wechat.Message) (MatchMode, bool) {
	text := m.Content
	if m.MsgType == wechat.MsgVoice {
		text = m.Recognition
	}
	text = Normalize(text)
	if r.Trigger != TriggerKeyword || text == "" || (m.MsgType != wechat.MsgText && m.MsgType != wechat.MsgVoice) {
		return "", false
	}
	best, found := MatchMode(""), false
	for _, k := range r.Keywords {
		var ok bool
		mode := cmp.Or(k.Match, MatchContains)
		switch mode {
		case MatchExact:
			ok = text == Normalize(k.Text)
		case MatchContains:
			ok = strings.Contains(text, Normalize(k.Text))
		case MatchRegex:
			ok = regexp.MustCompile("(?i)" + k.Text).MatchString(text)
		}
		if ok && (!found || modeRank(mode) < modeRank(best)) {
			best, found = mode, true
		}
	}
	return best, found
}

// randomRules builds a rule set over a tiny alphabet, so that keywords
// overlap, nest and collide often.
func randomRules(rng *rand.Rand, n int) []Rule {
	alpha := []string{"a", "b", "门", "票", " ", "Ａ", "B"}
	word := func() string {
		var b strings.Builder
		for range rng.IntN(3) + 1 {
			b.WriteString(alpha[rng.IntN(len(alpha))])
		}
		return b.String()
	}
	regexes := []string{"^a", "b+", "门.", "a|票", "^(ab|票)$", "Ａ"}
	keys := []string{"s1", "s2", "K1", "K2"}
	triggers := []Trigger{TriggerKeyword, TriggerKeyword, TriggerKeyword, TriggerSubscribe, TriggerScan, TriggerClick, TriggerLocation, TriggerDefault}
	ids := rng.Perm(n * 2)
	rules := make([]Rule, 0, n)
	for i := range n {
		r := Rule{ID: int64(ids[i] + 1), Trigger: triggers[rng.IntN(len(triggers))], Priority: rng.IntN(4) - 1,
			Disabled: rng.IntN(10) == 0, Replies: []wechat.Reply{textReply("x")}}
		switch r.Trigger {
		case TriggerKeyword:
			for range rng.IntN(3) + 1 {
				k := Keyword{Text: word(), Match: []MatchMode{MatchExact, MatchContains, "", MatchRegex}[rng.IntN(4)]}
				if k.Match == MatchRegex {
					k.Text = regexes[rng.IntN(len(regexes))]
				} else if Normalize(k.Text) == "" {
					k.Text = "a"
				}
				r.Keywords = append(r.Keywords, k)
			}
		case TriggerClick:
			r.Keys = []string{keys[rng.IntN(4)]}
		case TriggerSubscribe, TriggerScan:
			if rng.IntN(2) == 0 {
				r.Keys = []string{keys[rng.IntN(4)]}
			}
		}
		if rng.IntN(4) == 0 {
			r.Hours = &Hours{From: "09:00", To: "18:00", Outside: rng.IntN(2) == 0}
		}
		rules = append(rules, r)
	}
	return rules
}

// randomMessage builds a push of any kind over the same alphabet.
func randomMessage(rng *rand.Rand) *wechat.Message {
	alpha := []string{"a", "b", "门", "票", " ", "Ａ", "B", "x", "　"}
	var b strings.Builder
	for range rng.IntN(8) {
		b.WriteString(alpha[rng.IntN(len(alpha))])
	}
	keys := []string{"s1", "qrscene_s1", "qrscene_s2", "K1", "K2", "", "s2"}
	m := &wechat.Message{FromUserName: "o", CreateTime: rng.Int64N(1e9), MsgID: rng.Int64N(1e6)}
	switch rng.IntN(7) {
	case 0, 1, 2:
		m.MsgType, m.Content = wechat.MsgText, b.String()
	case 3:
		m.MsgType, m.Recognition = wechat.MsgVoice, b.String()
	case 4:
		m.MsgType = wechat.MsgLocation
	default:
		m.MsgType, m.MsgID = wechat.MsgEvent, 0
		m.Event = []string{wechat.EventSubscribe, wechat.EventScan, wechat.EventClick, wechat.EventView}[rng.IntN(4)]
		m.EventKey = keys[rng.IntN(len(keys))]
	}
	return m
}

func TestDecideMatchesOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for range 300 {
		rules := randomRules(rng, rng.IntN(25)+1)
		e := mustCompile(t, rules...)
		for range 30 {
			m := randomMessage(rng)
			now := at(15, rng.IntN(24), 0)
			checkDecision(t, e, m, now, naiveDecide(e.Rules(), m, now, cst))
		}
	}
}

// checkDecision compares Decide with the oracle's rule and checks the
// invariants every decision keeps.
func checkDecision(t *testing.T, e *Engine, m *wechat.Message, now time.Time, want *Rule) {
	t.Helper()
	d := e.Decide(m, now, cst)
	if d.Rule != want {
		t.Fatalf("message %+v at %v: rule %v, oracle %v\nrules: %+v", m, now, d.Rule, want, e.Rules())
	}
	x := e.Explain(m, now, cst)
	if x.Decision.Rule != d.Rule || x.Decision.Reply.Content != d.Reply.Content || x.Decision.Handoff != d.Handoff {
		t.Fatalf("Explain %+v differs from Decide %+v", x.Decision, d)
	}
	if again := e.Decide(m, now, cst); again.Reply.Content != d.Reply.Content || again.Rule != d.Rule {
		t.Fatal("Decide is not deterministic")
	}
	if m.IsEvent() && d.Handoff {
		t.Fatal("an event handed off")
	}
	if !m.IsEvent() && !d.Matched && !d.Handoff {
		t.Fatal("an unanswered message did not hand off")
	}
	if d.Matched && (d.Rule.Disabled || !replyOf(d.Rule, d.Reply)) {
		t.Fatalf("bad decision %+v", d)
	}
}
