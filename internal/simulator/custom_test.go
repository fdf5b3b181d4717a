package simulator_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/wechat"
)

const fan = "oFAN_000000000000000000000001"

func textBody(openid, content string) string {
	return fmt.Sprintf(`{"touser":%q,"msgtype":"text","text":{"content":%q}}`, openid, content)
}

// act makes the follower do something on the platform (without a callback).
func (c *api) act(m *wechat.Message) {
	c.t.Helper()
	if err := c.p.Observe(c.acct.AppID, m); err != nil {
		c.t.Fatal(err)
	}
}

// sendN sends n customer-service texts and returns their errcodes.
func (c *api) sendN(tok string, n int) []int {
	codes := make([]int, n)
	for i := range codes {
		codes[i] = errcode(c.post("/cgi-bin/message/custom/send", tok, textBody(fan, fmt.Sprint("msg ", i))))
	}
	return codes
}

func codesOf(ok, then int, n int) []int {
	out := make([]int, n)
	for i := range out {
		if i >= ok {
			out[i] = then
		}
	}
	return out
}

func TestCustomSendWindows(t *testing.T) {
	tests := []struct {
		name    string
		actions []*wechat.Message
		advance time.Duration
		n       int
		want    []int
	}{
		{"no interaction", []*wechat.Message{simulator.Subscribe(fan, "")}, 2 * time.Minute, 1, codesOf(0, 45015, 1)},
		{"user message: 5 within 48 h, then 45047", []*wechat.Message{simulator.TextMessage(fan, "门票多少钱", 0)}, 0, 6, codesOf(5, 45047, 6)},
		{"user message: closed after 48 h", []*wechat.Message{simulator.TextMessage(fan, "hi", 0)}, 48 * time.Hour, 1, codesOf(0, 45015, 1)},
		{"user message: open just before 48 h", []*wechat.Message{simulator.TextMessage(fan, "hi", 0)}, 48*time.Hour - time.Second, 1, codesOf(1, 0, 1)},
		{"follow: 3 within 1 minute", []*wechat.Message{simulator.Subscribe(fan, "")}, 0, 4, codesOf(3, 45047, 4)},
		{"follow: closed after 1 minute", []*wechat.Message{simulator.Subscribe(fan, "")}, time.Minute, 1, codesOf(0, 45015, 1)},
		{"scan: 3 within 1 minute", []*wechat.Message{simulator.Scan(fan, "1000")}, 30 * time.Second, 4, codesOf(3, 45047, 4)},
		{"menu click: 3", []*wechat.Message{simulator.Click(fan, "MENU_TICKETS")}, 0, 4, codesOf(3, 45047, 4)},
		{"menu link (VIEW) opens nothing", []*wechat.Message{simulator.Subscribe(fan, ""), simulator.View(fan, "https://example.com")}, 2 * time.Minute, 1, codesOf(0, 45015, 1)},
		{"click and message add up", []*wechat.Message{simulator.Click(fan, "K"), simulator.TextMessage(fan, "hi", 0)}, 0, 9, codesOf(8, 45047, 9)},
		{"unsubscribed", []*wechat.Message{simulator.TextMessage(fan, "hi", 0), simulator.Unsubscribe(fan)}, 0, 1, codesOf(0, 45015, 1)},
		{"unknown openid", nil, 0, 1, codesOf(0, 40003, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newAPI(t, simulator.Options{})
			for _, m := range tt.actions {
				c.act(m)
				c.clock.Advance(time.Second) // events in different seconds
			}
			c.clock.Advance(tt.advance - time.Duration(len(tt.actions))*time.Second)
			tok := c.fetchToken()
			if got := c.sendN(tok, tt.n); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("errcodes %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCustomSendNewMessageRenewsAllowance(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	tok := c.fetchToken()
	c.act(simulator.TextMessage(fan, "hi", 0))
	c.sendN(tok, 5)
	c.clock.Advance(time.Hour)
	c.act(simulator.TextMessage(fan, "还在吗", 0))
	if got := c.sendN(tok, 6); fmt.Sprint(got) != fmt.Sprint(codesOf(5, 45047, 6)) {
		t.Errorf("after a new message: errcodes %v, want 5 accepted then 45047", got)
	}
}

func TestCustomSendRetryOpensNoNewWindow(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	tok := c.fetchToken()
	m := simulator.TextMessage(fan, "hi", 0)
	c.act(m)
	c.sendN(tok, 5)
	c.act(m) // WeChat retrying the same MsgId is not a new message
	if got := c.sendN(tok, 1); got[0] != simulator.ErrOverCount {
		t.Errorf("after a retried push: errcode %d, want 45047", got[0])
	}
}

func TestCustomSendContent(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	tok := c.fetchToken()
	long := `{"title":"a"},{"title":"b"}`
	tests := []struct {
		name, body string
		want       int
	}{
		{"empty body", "", simulator.ErrEmptyBody},
		{"malformed JSON", `{"touser":`, simulator.ErrDataFormat},
		{"JSON but not an object", `["x"]`, simulator.ErrDataFormat},
		{"unknown msgtype", fmt.Sprintf(`{"touser":%q,"msgtype":"hologram"}`, fan), simulator.ErrInvalidMsgType},
		{"empty text", fmt.Sprintf(`{"touser":%q,"msgtype":"text","text":{"content":""}}`, fan), simulator.ErrEmptyContent},
		{"image without media_id", fmt.Sprintf(`{"touser":%q,"msgtype":"image","image":{}}`, fan), simulator.ErrInvalidMediaID},
		{"two news articles", fmt.Sprintf(`{"touser":%q,"msgtype":"news","news":{"articles":[%s]}}`, fan, long), simulator.ErrArticleLimit},
		{"no news articles", fmt.Sprintf(`{"touser":%q,"msgtype":"news","news":{"articles":[]}}`, fan), simulator.ErrEmptyNews},
		{"empty msgmenu", fmt.Sprintf(`{"touser":%q,"msgtype":"msgmenu","msgmenu":{"list":[]}}`, fan), simulator.ErrEmptyList},
		{"unknown openid", textBody("o_nobody", "hi"), simulator.ErrInvalidOpenID},
	}
	c.act(simulator.TextMessage(fan, "hi", 0))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, tt.name, c.post("/cgi-bin/message/custom/send", tok, tt.body), tt.want)
		})
	}
	if n := len(c.p.AllReceived(c.acct.AppID)); n != 0 {
		t.Errorf("refused messages were recorded: %d", n)
	}
}

func TestCustomSendShapes(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	tok := c.fetchToken()
	c.act(simulator.Click(fan, "K"))
	c.act(simulator.TextMessage(fan, "hi", 0))
	bodies := []struct{ body, msgtype string }{
		{`"msgtype":"text","text":{"content":"门票 199 元"},"customservice":{"kf_account":"a@kf"}`, "text"},
		{`"msgtype":"image","image":{"media_id":"MEDIA1"}`, "image"},
		{`"msgtype":"voice","voice":{"media_id":"MEDIA2"}`, "voice"},
		{`"msgtype":"video","video":{"media_id":"V","thumb_media_id":"T","title":"t","description":"d"}`, "video"},
		{`"msgtype":"music","music":{"title":"t","musicurl":"http://m","hqmusicurl":"http://h","thumb_media_id":"T"}`, "music"},
		{`"msgtype":"news","news":{"articles":[{"title":"乐园攻略","description":"d","url":"http://u","picurl":"http://p"}]}`, "news"},
		{`"msgtype":"mpnews","mpnews":{"media_id":"MP"}`, "mpnews"},
		{`"msgtype":"msgmenu","msgmenu":{"head_content":"满意吗","list":[{"id":"101","content":"满意"},{"id":102,"content":"不满意"}],"tail_content":"谢谢"}`, "msgmenu"},
	}
	for _, b := range bodies {
		wantCode(t, b.msgtype, c.post("/cgi-bin/message/custom/send", tok, fmt.Sprintf(`{"touser":%q,%s}`, fan, b.body)), 0)
	}
	got := c.p.Received(c.acct.AppID, fan)
	if len(got) != len(bodies) {
		t.Fatalf("received %d messages, want %d", len(got), len(bodies))
	}
	checks := []struct {
		i    int
		ok   bool
		what string
	}{
		{0, got[0].Reply.Content == "门票 199 元" && got[0].KfAccount == "a@kf", "text content and kf_account"},
		{1, got[1].Reply.MediaID == "MEDIA1" && got[1].Reply.Type == "image", "image media_id"},
		{3, got[3].Reply.ThumbMediaID == "T" && got[3].Reply.Title == "t", "video fields"},
		{4, got[4].Reply.HQMusicURL == "http://h", "music hqmusicurl"},
		{5, len(got[5].Reply.Articles) == 1 && got[5].Reply.Articles[0].PicURL == "http://p", "news article"},
		{7, got[7].Reply.Content == "满意吗\n满意\n不满意\n谢谢", "msgmenu as the follower reads it"},
	}
	for _, ch := range checks {
		if !ch.ok {
			t.Errorf("delivery %d: %s wrong: %+v", ch.i, ch.what, got[ch.i])
		}
	}
	if !strings.Contains(string(got[0].Body), `"kf_account":"a@kf"`) || got[0].MsgType != "text" {
		t.Errorf("delivery keeps the exact body: %s", got[0].Body)
	}
}

func TestCustomSendQuota(t *testing.T) {
	c := newAPI(t, simulator.Options{DailyQuota: map[string]int{"/cgi-bin/message/custom/send": 2}})
	tok := c.fetchToken()
	c.act(simulator.TextMessage(fan, "hi", 0))
	if got := c.sendN(tok, 3); fmt.Sprint(got) != fmt.Sprint(codesOf(2, 45009, 3)) {
		t.Errorf("errcodes %v, want 2 accepted then 45009", got)
	}
}
