package autoreply

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/wechat"
)

// Candidate is one rule that matched a push in a dry run, and why.
type Candidate struct {
	Rule     *Rule
	Match    MatchMode // keyword rules: how the keyword matched
	Keyword  string    // keyword rules: the keyword as written
	Key      string    // the menu key or QR scene that matched
	CatchAll bool      // a rule without keys or keywords (welcome, any scan, default)
	Active   bool      // false: the rule's hours did not hold, so it was skipped
	Won      bool
}

// Why says in English (Chinese) what made the rule a candidate.
func (c Candidate) Why() string {
	r := c.Rule
	switch {
	case c.Match != "":
		return fmt.Sprintf("%s keyword %q (%s关键词)", c.Match, c.Keyword, modeZH[c.Match])
	case r.Trigger == TriggerClick:
		return fmt.Sprintf("menu key %q (菜单 key)", c.Key)
	case c.Key != "":
		return fmt.Sprintf("%s with QR scene %q (二维码场景值)", r.Trigger, c.Key)
	case r.Trigger == TriggerSubscribe:
		return "any follow (所有关注)"
	case r.Trigger == TriggerScan:
		return "any QR scan (所有扫码)"
	case r.Trigger == TriggerLocation:
		return "location message (位置消息)"
	}
	return "default reply for any message (默认回复)"
}

var modeZH = map[MatchMode]string{MatchExact: "全匹配", MatchContains: "半匹配", MatchRegex: "正则"}

// Explanation is a dry run of one push: every rule that matched, best first,
// and the decision Decide makes. `fanbase rules test` prints it.
type Explanation struct {
	Input      string // what the rules looked at
	Candidates []Candidate
	Decision   Decision
}

// Explain runs the rules on m like Decide, without shortcuts, and reports
// every candidate. Its Decision is always the one Decide returns.
func (e *Engine) Explain(m *wechat.Message, now time.Time, loc *time.Location) Explanation {
	if m == nil {
		return Explanation{Input: "no message", Decision: Decision{Version: e.version}}
	}
	c := collector{clock: clock{now: now, loc: loc}, all: true}
	e.collect(m, &c)
	x := Explanation{Input: describeInput(m), Decision: e.decision(m, &c)}
	slices.SortStableFunc(c.seen, func(a, b seenCand) int { return compareCand(a.cand, b.cand) })
	for _, s := range c.seen {
		x.Candidates = append(x.Candidates, s.candidate(c.found && s.cand == c.best))
	}
	return x
}

// record notes a candidate once, however often its keyword occurs.
func (c *collector) record(k cand, active bool) {
	for _, s := range c.seen {
		if s.cand == k {
			return
		}
	}
	c.seen = append(c.seen, seenCand{cand: k, active: active})
}

func (s seenCand) candidate(won bool) Candidate {
	r := s.rule.rule
	out := Candidate{Rule: r, Match: s.mode, Key: s.key, CatchAll: s.group == 1, Active: s.active, Won: won}
	if s.mode != "" {
		out.Keyword = r.Keywords[s.kw].Text
	}
	return out
}

func describeInput(m *wechat.Message) string {
	switch {
	case m.IsEvent():
		return fmt.Sprintf("event %s key %q", m.Event, m.EventKey)
	case m.MsgType == wechat.MsgText:
		return fmt.Sprintf("text %q → %q", m.Content, Normalize(m.Content))
	case m.MsgType == wechat.MsgVoice:
		return fmt.Sprintf("voice recognised as %q → %q", m.Recognition, Normalize(m.Recognition))
	}
	return "message " + m.MsgType
}

// String renders the explanation for a terminal.
func (x Explanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "input 输入: %s\n", x.Input)
	if len(x.Candidates) == 0 {
		b.WriteString("no rule matched (没有匹配的规则)\n")
	}
	for _, c := range x.Candidates {
		mark := "  "
		if c.Won {
			mark = "=>"
		}
		fmt.Fprintf(&b, "%s rule %d %q priority %d: %s", mark, c.Rule.ID, c.Rule.Name, c.Rule.Priority, c.Why())
		if !c.Active {
			b.WriteString(" — skipped, outside its hours (不在生效时间，跳过)")
		}
		b.WriteString("\n")
	}
	d := x.Decision
	if d.Matched {
		fmt.Fprintf(&b, "reply 回复: rule %d of version %d, %s", d.Rule.ID, d.Version, describeReply(d.Reply))
	} else {
		fmt.Fprintf(&b, "reply 回复: none (无自动回复), version %d", d.Version)
	}
	fmt.Fprintf(&b, "\nhandoff 转人工: %t\n", d.Handoff)
	return b.String()
}

func describeReply(r wechat.Reply) string {
	switch r.Type {
	case wechat.ReplyText:
		return fmt.Sprintf("text %q", r.Content)
	case wechat.ReplyNews:
		return fmt.Sprintf("news with %d articles, first %q", len(r.Articles), r.Articles[0].Title)
	case wechat.ReplyImage, wechat.ReplyVoice, wechat.ReplyVideo:
		return fmt.Sprintf("%s media_id %q", r.Type, r.MediaID)
	}
	return r.Type
}
