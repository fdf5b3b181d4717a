package wechat

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

func sha256Hex16(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}

func TestDedupeKey(t *testing.T) {
	text := &Message{FromUserName: "o1", CreateTime: 100, MsgType: MsgText, MsgID: 6265881059295447969, Content: "hi"}
	unknown := func(raw string) *Message {
		return &Message{FromUserName: "o1", CreateTime: 100, MsgType: "miniprogrampage", Raw: []byte(raw)}
	}
	tests := []struct {
		name string
		m    *Message
		want string
	}{
		{"message by MsgId", text, "m:6265881059295447969"},
		{"same MsgId, other content", with(*text, func(m *Message) { m.Content, m.CreateTime = "retry", 101 }), "m:6265881059295447969"},
		{"subscribe", with(event(EventSubscribe, ""), func(*Message) {}), "e:" + tFan + ":1458889120:subscribe:"},
		{"QR subscribe", with(event(EventSubscribe, "qrscene_7"), func(*Message) {}), "e:" + tFan + ":1458889120:subscribe:qrscene_7"},
		{"click", with(event(EventClick, "MENU_A"), func(*Message) {}), "e:" + tFan + ":1458889120:CLICK:MENU_A"},
		{"event ignores a stray MsgId", with(event(EventView, "https://x"), func(m *Message) { m.MsgID = 5 }), "e:" + tFan + ":1458889120:VIEW:https://x"},
		{"unknown type hashes Raw", unknown("<xml>a</xml>"), "u:o1:100:miniprogrampage:" + sha256Hex16("<xml>a</xml>")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DedupeKey(tt.m); got != tt.want {
				t.Errorf("DedupeKey = %q, want %q", got, tt.want)
			}
		})
	}
}

// Two events of one follower in the same second differ by event and key;
// two unknown pushes differ by content; a retry of either is the same key.
func TestDedupeKeySeparatesAndCollapses(t *testing.T) {
	click := with(event(EventClick, "A"), func(*Message) {})
	pairs := []struct {
		name string
		a, b *Message
		same bool
	}{
		{"two clicks, two keys", click, with(*click, func(m *Message) { m.EventKey = "B" }), false},
		{"click and view", click, with(*click, func(m *Message) { m.Event = EventView }), false},
		{"click retried", click, with(*click, func(*Message) {}), true},
		{"unknown, other raw", unknownPush("<xml>1</xml>"), unknownPush("<xml>2</xml>"), false},
		{"unknown retried", unknownPush("<xml>1</xml>"), unknownPush("<xml>1</xml>"), true},
		{"built in code, other content", built("a"), built("b"), false},
		{"built in code, same content", built("a"), built("a"), true},
	}
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			ka, kb := DedupeKey(p.a), DedupeKey(p.b)
			if (ka == kb) != p.same {
				t.Errorf("keys %q and %q: same = %v, want %v", ka, kb, ka == kb, p.same)
			}
		})
	}
}

func unknownPush(raw string) *Message {
	return &Message{FromUserName: "o1", CreateTime: 1, MsgType: "x", Raw: []byte(raw)}
}

func built(content string) *Message {
	return &Message{FromUserName: "o1", CreateTime: 1, MsgType: "x", Content: content}
}
