package wechat

import "testing"

func TestMessageText(t *testing.T) {
	tests := []struct {
		name string
		m    *Message
		want string
	}{
		{"text", &Message{MsgType: MsgText, Content: "门票多少钱", Label: "x"}, "门票多少钱"},
		{"voice", &Message{MsgType: MsgVoice, Recognition: "腾讯微信团队", Format: "amr"}, "腾讯微信团队"},
		{"voice without recognition", &Message{MsgType: MsgVoice, MediaID: "m"}, ""},
		{"image", &Message{MsgType: MsgImage, PicURL: "http://p", MediaID: "m"}, ""},
		{"video", &Message{MsgType: MsgVideo, MediaID: "m"}, ""},
		{"location", &Message{MsgType: MsgLocation, Label: "广州市天河区", LocationX: 23}, "广州市天河区"},
		{"link", &Message{MsgType: MsgLink, Title: "T", Description: "D", URL: "https://u"}, "T\nD\nhttps://u"},
		{"link without description", &Message{MsgType: MsgLink, Title: "T", URL: "https://u"}, "T\nhttps://u"},
		{"click", &Message{MsgType: MsgEvent, Event: EventClick, EventKey: "MENU_PRICE"}, "MENU_PRICE"},
		{"scan", &Message{MsgType: MsgEvent, Event: EventScan, EventKey: "1000000", Ticket: "t"}, "1000000"},
		{"unsubscribe", &Message{MsgType: MsgEvent, Event: EventUnsubscribe}, ""},
		{"scancode", &Message{MsgType: MsgEvent, Event: EventScancodePush, EventKey: "S", ScanCodeInfo: &ScanCodeInfo{ScanResult: "https://r"}}, "S\nhttps://r"},
		{"location_select", &Message{MsgType: MsgEvent, Event: EventLocationSelect, EventKey: "W",
			SendLocationInfo: &SendLocationInfo{Label: "海珠区", Poiname: "湘菜馆"}}, "W\n海珠区\n湘菜馆"},
		{"unknown type falls back to Content", &Message{MsgType: "new", Content: "c"}, "c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.Text(); got != tt.want {
				t.Errorf("Text() = %q, want %q", got, tt.want)
			}
		})
	}
}
