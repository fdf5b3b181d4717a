package simulator_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
	"github.com/fanbase/fanbase/internal/wechat"
)

// Followers of the broadcast tests: three who follow, one who left.
const (
	fanA    = "oMASS_A_000000000000000000001"
	fanB    = "oMASS_B_000000000000000000002"
	fanC    = "oMASS_C_000000000000000000003"
	fanGone = "oMASS_GONE_000000000000000004"
)

// broadcastAPI is an api whose account has the given type, three followers
// and one who unfollowed, and a responder as its developer server.
func broadcastAPI(t *testing.T, accountType string) (*api, *simtest.Responder) {
	t.Helper()
	c := newAPI(t, simulator.Options{})
	r, srv := simtest.NewResponder(t, c.acct, func(*wechat.Message) string { return "" })
	c.acct.CallbackURL, c.acct.Type = srv.URL, accountType
	simtest.MustAdd(t, c.p, c.acct)
	c.p.SetJobDelay(0)
	for _, o := range []string{fanA, fanB, fanC, fanGone} {
		c.act(simulator.Subscribe(o, ""))
		c.clock.Advance(time.Second)
	}
	c.act(simulator.Unsubscribe(fanGone))
	return c, r
}

func massText(filter, content, clientMsgID string) string {
	return fmt.Sprintf(`{"filter":%s,"msgtype":"text","text":{"content":%q},"clientmsgid":%q}`, filter, content, clientMsgID)
}

const toAll = `{"is_to_all":true}`

// tagFans creates a tag through the API and applies it to openids.
func tagFans(c *api, tok string, openids ...string) int {
	c.t.Helper()
	out := c.post("/cgi-bin/tags/create", tok, `{"tag":{"name":"群发测试"}}`)
	id := int(out["tag"].(map[string]any)["id"].(float64))
	list, _ := json.Marshal(openids)
	wantCode(c.t, "batchtagging", c.post("/cgi-bin/tags/members/batchtagging", tok,
		fmt.Sprintf(`{"openid_list":%s,"tagid":%d}`, list, id)), 0)
	return id
}

// received lists the kinds and msg_ids one follower got.
func received(c *api, openid string) []string {
	var out []string
	for _, b := range c.p.Broadcasts(c.acct.AppID, openid) {
		out = append(out, fmt.Sprint(b.Kind, ":", b.MsgID))
	}
	return out
}

func msgID(out map[string]any) int64 {
	n, _ := out["msg_id"].(float64)
	return int64(n)
}

func TestMassSendAudiences(t *testing.T) {
	tests := []struct {
		name     string
		path     string
		body     func(tag int) string
		wantData bool // msg_data_id present (mpnews only)
		want     []string
	}{
		{"to all, text", "/cgi-bin/message/mass/sendall", func(int) string { return massText(toAll, "春季上新", "") },
			false, []string{fanA, fanB, fanC}},
		{"to a tag, mpnews", "/cgi-bin/message/mass/sendall", func(tag int) string {
			return fmt.Sprintf(`{"filter":{"is_to_all":false,"tag_id":%d},"msgtype":"mpnews","mpnews":{"media_id":"m1"},"send_ignore_reprint":0}`, tag)
		}, true, []string{fanA, fanC}},
		{"openid list, image, skips the unfollowed and duplicates", "/cgi-bin/message/mass/send", func(int) string {
			return fmt.Sprintf(`{"touser":[%q,%q,%q,%q],"msgtype":"image","images":{"media_ids":["i1"]}}`, fanB, fanC, fanGone, fanB)
		}, false, []string{fanB, fanC}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := broadcastAPI(t, simulator.TypeService)
			tok := c.fetchToken()
			tag := tagFans(c, tok, fanA, fanC)
			out := c.post(tt.path, tok, tt.body(tag))
			wantCode(t, "send", out, 0)
			if out["errmsg"] != "send job submission success" || msgID(out) == 0 {
				t.Fatalf("answer %v", out)
			}
			if _, ok := out["msg_data_id"]; ok != tt.wantData {
				t.Errorf("msg_data_id present %v, want %v (answer %v)", ok, tt.wantData, out)
			}
			for _, o := range []string{fanA, fanB, fanC, fanGone} {
				want := 0
				if strings.Contains(fmt.Sprint(tt.want), o) {
					want = 1
				}
				if got := received(c, o); len(got) != want {
					t.Errorf("%s received %v, want %d broadcast(s)", o, got, want)
				}
			}
		})
	}
}

func TestMassSendErrcodes(t *testing.T) {
	long := strings.Repeat("x", 65)
	tests := []struct {
		name, acctType, path, body string
		want                       int
	}{
		{"empty body", simulator.TypeService, "/cgi-bin/message/mass/sendall", "", simulator.ErrEmptyBody},
		{"not JSON", simulator.TypeService, "/cgi-bin/message/mass/sendall", "<xml/>", simulator.ErrDataFormat},
		{"no filter", simulator.TypeService, "/cgi-bin/message/mass/sendall", `{"msgtype":"text","text":{"content":"hi"}}`, simulator.ErrDataFormat},
		{"unknown tag", simulator.TypeService, "/cgi-bin/message/mass/sendall", massText(`{"is_to_all":false,"tag_id":999}`, "hi", ""), simulator.ErrInvalidTag},
		{"no tag_id", simulator.TypeService, "/cgi-bin/message/mass/sendall", massText(`{"is_to_all":false}`, "hi", ""), simulator.ErrInvalidTag},
		{"unknown msgtype", simulator.TypeService, "/cgi-bin/message/mass/sendall", `{"filter":{"is_to_all":true},"msgtype":"music"}`, simulator.ErrInvalidMsgType},
		{"empty text", simulator.TypeService, "/cgi-bin/message/mass/sendall", massText(toAll, " ", ""), simulator.ErrEmptyContent},
		{"mpnews without media_id", simulator.TypeService, "/cgi-bin/message/mass/sendall", `{"filter":{"is_to_all":true},"msgtype":"mpnews","mpnews":{}}`, simulator.ErrInvalidMediaID},
		{"wxcard without card_id", simulator.TypeService, "/cgi-bin/message/mass/sendall", `{"filter":{"is_to_all":true},"msgtype":"wxcard","wxcard":{}}`, simulator.ErrInvalidCardID},
		{"clientmsgid over 64", simulator.TypeService, "/cgi-bin/message/mass/sendall", massText(toAll, "hi", long), simulator.ErrClientMsgIDLong},
		{"openid list on a subscription account", simulator.TypeSubscription, "/cgi-bin/message/mass/send", fmt.Sprintf(`{"touser":[%q,%q],"msgtype":"text","text":{"content":"hi"}}`, fanA, fanB), simulator.ErrAPIUnauthorized},
		{"openid list of one", simulator.TypeService, "/cgi-bin/message/mass/send", fmt.Sprintf(`{"touser":[%q],"msgtype":"text","text":{"content":"hi"}}`, fanA), simulator.ErrOpenIDListSize},
		{"openid list not a list", simulator.TypeService, "/cgi-bin/message/mass/send", fmt.Sprintf(`{"touser":%q,"msgtype":"text","text":{"content":"hi"}}`, fanA), simulator.ErrDataFormat},
		{"preview to a stranger", simulator.TypeService, "/cgi-bin/message/mass/preview", `{"touser":"oSTRANGER","msgtype":"text","text":{"content":"hi"}}`, simulator.ErrInvalidOpenID},
		{"preview to the unfollowed", simulator.TypeService, "/cgi-bin/message/mass/preview", fmt.Sprintf(`{"touser":%q,"msgtype":"text","text":{"content":"hi"}}`, fanGone), simulator.ErrRequireSubscribe},
		{"preview to nobody", simulator.TypeService, "/cgi-bin/message/mass/preview", `{"msgtype":"text","text":{"content":"hi"}}`, simulator.ErrDataFormat},
		{"status of an unknown msg_id", simulator.TypeService, "/cgi-bin/message/mass/get", `{"msg_id":12345}`, simulator.ErrInvalidMsgID},
		{"delete of an unknown msg_id", simulator.TypeService, "/cgi-bin/message/mass/delete", `{"msg_id":12345}`, simulator.ErrInvalidMsgID},
		{"status without a body", simulator.TypeService, "/cgi-bin/message/mass/get", ``, simulator.ErrEmptyBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := broadcastAPI(t, tt.acctType)
			wantCode(t, tt.name, c.post(tt.path, c.fetchToken(), tt.body), tt.want)
			if n := len(received(c, fanA)); n != 0 {
				t.Errorf("a refused call delivered %d broadcast(s)", n)
			}
		})
	}
}

func TestBroadcastAPIsNeedToken(t *testing.T) {
	c, _ := broadcastAPI(t, simulator.TypeService)
	for _, path := range []string{"/cgi-bin/message/mass/sendall", "/cgi-bin/message/mass/send", "/cgi-bin/message/mass/preview",
		"/cgi-bin/message/mass/get", "/cgi-bin/message/mass/delete", "/cgi-bin/message/template/send"} {
		_, out := c.call(http.MethodPost, path, url.Values{}, massText(toAll, "hi", ""))
		wantCode(t, path, out, simulator.ErrTokenMissing)
		_, out = c.call(http.MethodGet, path, url.Values{"access_token": {c.fetchToken()}}, "")
		wantCode(t, path+" by GET", out, simulator.ErrRequirePOST)
	}
}

func TestMassQuota(t *testing.T) {
	tests := []struct {
		name     string
		acctType string
		allowed  int
		next     time.Duration // to the next quota period
	}{
		{"subscription: 1 per day", simulator.TypeSubscription, 1, 24 * time.Hour},
		{"service: 4 per month", simulator.TypeService, 4, 31 * 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := broadcastAPI(t, tt.acctType)
			tok := c.fetchToken()
			for i := range tt.allowed {
				wantCode(t, fmt.Sprint("send ", i+1), c.post("/cgi-bin/message/mass/sendall", tok, massText(toAll, fmt.Sprint("第", i+1, "条"), "")), 0)
			}
			preview := fmt.Sprintf(`{"touser":%q,"msgtype":"text","text":{"content":"预览"}}`, fanA)
			wantCode(t, "preview outside the quota", c.post("/cgi-bin/message/mass/preview", tok, preview), 0)
			wantCode(t, "one more", c.post("/cgi-bin/message/mass/sendall", tok, massText(toAll, "超额", "")), simulator.ErrNoMassQuota)
			st, err := c.p.BroadcastState(c.acct.AppID, "")
			if err != nil || st.MassQuota.Used != tt.allowed || st.MassQuota.Limit != tt.allowed {
				t.Errorf("quota %+v, err %v; want %d of %d used", st.MassQuota, err, tt.allowed, tt.allowed)
			}
			if got := len(received(c, fanA)); got != tt.allowed+1 {
				t.Errorf("fanA received %d, want %d mass sends and a preview", got, tt.allowed)
			}
			c.clock.Advance(tt.next)
			tok = c.fetchToken()
			wantCode(t, "next period", c.post("/cgi-bin/message/mass/sendall", tok, massText(toAll, "新周期", "")), 0)
		})
	}
}

func TestMassClientMsgIDIsIdempotent(t *testing.T) {
	c, _ := broadcastAPI(t, simulator.TypeService)
	tok := c.fetchToken()
	body := massText(toAll, "只发一次", "broadcast-42")
	first := c.post("/cgi-bin/message/mass/sendall", tok, body)
	wantCode(t, "first send", first, 0)
	wantCode(t, "retry within a minute", c.post("/cgi-bin/message/mass/sendall", tok, body), simulator.ErrClientMsgIDFast)
	c.clock.Advance(2 * time.Minute)
	again := c.post("/cgi-bin/message/mass/sendall", tok, body)
	wantCode(t, "retry later", again, simulator.ErrClientMsgIDExist)
	if msgID(again) != msgID(first) {
		t.Errorf("45065 answered msg_id %d, want the first send's %d", msgID(again), msgID(first))
	}
	for _, o := range []string{fanA, fanB, fanC} {
		if got := received(c, o); len(got) != 1 {
			t.Errorf("%s received %v, want exactly once", o, got)
		}
	}
	if st, _ := c.p.BroadcastState(c.acct.AppID, ""); st.MassQuota.Used != 1 {
		t.Errorf("retries used quota: %+v", st.MassQuota)
	}
	c.clock.Advance(24 * time.Hour)
	tok = c.fetchToken()
	wantCode(t, "after 24 h the id is free", c.post("/cgi-bin/message/mass/sendall", tok, body), 0)
}

func TestMassFinishEventAndStatus(t *testing.T) {
	c, r := broadcastAPI(t, simulator.TypeService)
	tok := c.fetchToken()
	out := c.post("/cgi-bin/message/mass/sendall", tok, `{"filter":{"is_to_all":true},"msgtype":"mpnews","mpnews":{"media_id":"m1"}}`)
	wantCode(t, "send", out, 0)
	c.p.WaitJobs()
	var finish []wechat.Message
	for _, p := range r.Pushes() {
		if p.Message.Event == wechat.EventMassSendJobFinish {
			finish = append(finish, p.Message)
		}
	}
	if len(finish) != 1 {
		t.Fatalf("got %d MASSSENDJOBFINISH pushes, want 1 (refused: %v)", len(finish), r.Refused())
	}
	ev := finish[0]
	if ev.JobMsgID != msgID(out) || ev.Status != "send success" || ev.TotalCount != 3 || ev.FilterCount != 3 ||
		ev.SentCount != 3 || ev.ErrorCount != 0 || ev.ToUserName != c.acct.OriginalID {
		t.Errorf("finish event %+v, want MsgID %d and 3/3/3/0", ev, msgID(out))
	}
	status := c.post("/cgi-bin/message/mass/get", tok, fmt.Sprintf(`{"msg_id":%d}`, msgID(out)))
	if status["msg_status"] != simulator.MassSuccess || msgID(status) != msgID(out) {
		t.Errorf("mass/get answered %v", status)
	}
	wantCode(t, "delete", c.post("/cgi-bin/message/mass/delete", tok, fmt.Sprintf(`{"msg_id":%d,"article_idx":0}`, msgID(out))), 0)
	status = c.post("/cgi-bin/message/mass/get", tok, fmt.Sprintf(`{"msg_id":%d}`, msgID(out)))
	if status["msg_status"] != simulator.MassDeleted {
		t.Errorf("after delete mass/get answered %v", status)
	}
	if f, ok := c.p.Follower(c.acct.AppID, "mphelper"); ok {
		t.Errorf("the finish event created a follower: %+v", f)
	}
}

func TestMassDeleteOnlyNews(t *testing.T) {
	c, _ := broadcastAPI(t, simulator.TypeService)
	tok := c.fetchToken()
	out := c.post("/cgi-bin/message/mass/sendall", tok, massText(toAll, "文本不能删", ""))
	wantCode(t, "send", out, 0)
	wantCode(t, "delete text", c.post("/cgi-bin/message/mass/delete", tok, fmt.Sprintf(`{"msg_id":%d}`, msgID(out))), simulator.ErrInvalidMsgType)
}

func TestMassPreviewByWxName(t *testing.T) {
	c, r := broadcastAPI(t, simulator.TypeSubscription)
	tok := c.fetchToken()
	out := c.post("/cgi-bin/message/mass/preview", tok, `{"towxname":"wx_tester","msgtype":"text","text":{"content":"排版"}}`)
	wantCode(t, "preview", out, 0)
	if out["errmsg"] != "preview success" || msgID(out) == 0 {
		t.Errorf("answer %v", out)
	}
	got := c.p.Broadcasts(c.acct.AppID, "towxname:wx_tester")
	if len(got) != 1 || got[0].Kind != simulator.KindPreview || !strings.Contains(string(got[0].Body), "排版") {
		t.Errorf("preview record %+v", got)
	}
	c.p.WaitJobs()
	if n := len(r.Pushes()); n != 0 {
		t.Errorf("a preview pushed %d event(s)", n)
	}
}

func TestSimBroadcastsEndpoint(t *testing.T) {
	c, _ := broadcastAPI(t, simulator.TypeSubscription)
	tok := c.fetchToken()
	sent := c.post("/cgi-bin/message/mass/sendall", tok, massText(toAll, "hi", "cid-1"))
	wantCode(t, "send", sent, 0)
	out := c.get("/sim/broadcasts", url.Values{"appid": {c.acct.AppID}, "openid": {fanB}})
	raw, _ := json.Marshal(out["accounts"])
	var st []simulator.BroadcastState
	if err := json.Unmarshal(raw, &st); err != nil || len(st) != 1 {
		t.Fatalf("answer %v: %v", out, err)
	}
	refs := st[0].Received[fanB]
	if st[0].MassQuota.Used != 1 || st[0].MassQuota.Limit != 1 || len(st[0].Jobs) != 1 ||
		len(refs) != 1 || refs[0].MsgID != msgID(sent) || refs[0].ClientMsgID != "cid-1" || len(st[0].Received) != 1 {
		t.Errorf("state %+v", st[0])
	}
	_, unknown := c.call(http.MethodGet, "/sim/broadcasts", url.Values{"appid": {"wx_nobody"}}, "")
	if unknown["error"] == nil {
		t.Errorf("unknown appid answered %v", unknown)
	}
}
