package autoreply

import (
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

func TestProbeMessage(t *testing.T) {
	now := time.Date(2026, 11, 23, 20, 30, 0, 0, cst)
	tests := []struct {
		name                      string
		probe                     Probe
		msgType, event, key, text string
		code                      errs.Code
	}{
		{"text", Probe{Text: "门票多少钱"}, wechat.MsgText, "", "", "门票多少钱", ""},
		{"text kind", Probe{Kind: ProbeText, Text: "hi"}, wechat.MsgText, "", "", "hi", ""},
		{"empty text", Probe{Text: "  "}, "", "", "", "", errs.Invalid},
		{"plain follow", Probe{Kind: ProbeSubscribe}, wechat.MsgEvent, wechat.EventSubscribe, "", "", ""},
		{"follow by QR", Probe{Kind: ProbeSubscribe, Key: "store_001"}, wechat.MsgEvent, wechat.EventSubscribe, "qrscene_store_001", "", ""},
		{"follow by QR, prefix typed", Probe{Kind: ProbeSubscribe, Key: "qrscene_a"}, wechat.MsgEvent, wechat.EventSubscribe, "qrscene_a", "", ""},
		{"scan", Probe{Kind: ProbeScan, Key: " gate "}, wechat.MsgEvent, wechat.EventScan, "gate", "", ""},
		{"click", Probe{Kind: ProbeClick, Key: "MENU_COUPON"}, wechat.MsgEvent, wechat.EventClick, "MENU_COUPON", "", ""},
		{"click without key", Probe{Kind: ProbeClick}, "", "", "", "", errs.Invalid},
		{"location", Probe{Kind: ProbeLocation, Text: "春熙路"}, wechat.MsgLocation, "", "", "", ""},
		{"unknown", Probe{Kind: "shake"}, "", "", "", "", errs.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.probe.Message(now)
			if tt.code != "" {
				if errs.CodeOf(err) != tt.code || !hasChinese(err.Error()) {
					t.Fatalf("err = %v, want a bilingual %q", err, tt.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.MsgType != tt.msgType || m.Event != tt.event || m.EventKey != tt.key || m.Content != tt.text {
				t.Errorf("message %+v", m)
			}
			if m.FromUserName != "o_rules_test" || m.CreateTime != now.Unix() {
				t.Errorf("sender %q at %d", m.FromUserName, m.CreateTime)
			}
		})
	}
	m, _ := Probe{Text: "x", OpenID: "o_me"}.Message(now)
	if m.FromUserName != "o_me" {
		t.Errorf("openid %q", m.FromUserName)
	}
}
