package autoreply

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/wechat"
)

// cst is the account zone used by the tests (UTC+8, like Asia/Shanghai).
var cst = time.FixedZone("CST", 8*3600)

// at is a time in cst; 2025-01-15 is a Wednesday.
func at(day, hour, minute int) time.Time {
	return time.Date(2025, 1, day, hour, minute, 0, 0, cst)
}

func textReply(s string) wechat.Reply { return wechat.Reply{Type: wechat.ReplyText, Content: s} }

func kw(text string, mode MatchMode) Keyword { return Keyword{Text: text, Match: mode} }

// keywordRule builds a keyword rule answering "r<id>".
func keywordRule(id int64, priority int, kws ...Keyword) Rule {
	return Rule{ID: id, Name: "kw", Trigger: TriggerKeyword, Keywords: kws, Priority: priority,
		Replies: []wechat.Reply{textReply("r" + string(rune('0'+id%10)))}}
}

func mustCompile(tb testing.TB, rules ...Rule) *Engine {
	tb.Helper()
	e, err := Compile(&RuleSet{Version: 3, Rules: rules})
	if err != nil {
		tb.Fatalf("compile: %v", err)
	}
	return e
}

// nextMsgID numbers test messages; atomic, as concurrent tests build them.
var nextMsgID atomic.Int64

func textMsg(content string) *wechat.Message {
	return &wechat.Message{ToUserName: "gh_park", FromUserName: "o_user", CreateTime: 1736906400,
		MsgType: wechat.MsgText, Content: content, MsgID: 1000 + nextMsgID.Add(1)}
}

func eventMsg(event, key string) *wechat.Message {
	return &wechat.Message{ToUserName: "gh_park", FromUserName: "o_user", CreateTime: 1736906400,
		MsgType: wechat.MsgEvent, Event: event, EventKey: key}
}

func userMsg(msgType string) *wechat.Message {
	return &wechat.Message{FromUserName: "o_user", CreateTime: 1736906400, MsgType: msgType, MsgID: 1000 + nextMsgID.Add(1)}
}

func ruleID(d Decision) int64 {
	if d.Rule == nil {
		return 0
	}
	return d.Rule.ID
}
