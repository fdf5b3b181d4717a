package audience

import (
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/wechat"
)

func TestChangeFromPush(t *testing.T) {
	at := time.Unix(1700000000, 0)
	tests := []struct {
		name string
		msg  wechat.Message
		want Change
	}{
		{"text", wechat.Message{FromUserName: "o1", MsgType: "text"}, Change{OpenID: "o1", At: at, Message: true}},
		{"subscribe", wechat.Message{FromUserName: "o1", MsgType: "event", Event: "subscribe"}, Change{OpenID: "o1", At: at, Subscribe: true}},
		{"qr subscribe", wechat.Message{FromUserName: "o1", MsgType: "event", Event: "subscribe", EventKey: "qrscene_store_001"},
			Change{OpenID: "o1", At: at, Subscribe: true, QRScene: "store_001"}},
		{"odd key kept out", wechat.Message{FromUserName: "o1", MsgType: "event", Event: "subscribe", EventKey: "last_trade_no_1"},
			Change{OpenID: "o1", At: at, Subscribe: true}},
		{"scan", wechat.Message{FromUserName: "o1", MsgType: "event", Event: "SCAN", EventKey: "42"}, Change{OpenID: "o1", At: at, QRScene: "42"}},
		{"unsubscribe", wechat.Message{FromUserName: "o1", MsgType: "event", Event: "unsubscribe"}, Change{OpenID: "o1", At: at, Unsubscribe: true}},
		{"click", wechat.Message{FromUserName: "o1", MsgType: "event", Event: "CLICK", EventKey: "K"}, Change{OpenID: "o1", At: at}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ChangeFromPush(&tt.msg, at); got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
