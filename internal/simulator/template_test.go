package simulator_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/wechat"
)

func templateBody(openid, templateID string) string {
	return fmt.Sprintf(`{"touser":%q,"template_id":%q,"url":"https://example.com/order/1",`+
		`"data":{"thing1":{"value":"门票订单"},"time2":{"value":"2025-03-03 12:00"}}}`, openid, templateID)
}

func TestTemplateSend(t *testing.T) {
	c, r := broadcastAPI(t, simulator.TypeService)
	out := c.post("/cgi-bin/message/template/send", c.fetchToken(), templateBody(fanA, "TPL_ORDER"))
	wantCode(t, "template send", out, 0)
	id, _ := out["msgid"].(float64)
	if out["errmsg"] != "ok" || id == 0 {
		t.Fatalf("answer %v", out)
	}
	got := c.p.Broadcasts(c.acct.AppID, fanA)
	if len(got) != 1 || got[0].Kind != simulator.KindTemplate || got[0].MsgID != int64(id) ||
		!strings.Contains(string(got[0].Body), "门票订单") {
		t.Errorf("fanA's record %+v", got)
	}
	c.p.WaitJobs()
	pushes := r.Pushes()
	if len(pushes) != 1 {
		t.Fatalf("got %d pushes, want one TEMPLATESENDJOBFINISH (refused: %v)", len(pushes), r.Refused())
	}
	ev := pushes[0].Message
	if ev.Event != wechat.EventTemplateSendJob || ev.JobMsgID != int64(id) || ev.Status != "success" || ev.FromUserName != fanA {
		t.Errorf("finish event %+v, want MsgID %d from %s", ev, int64(id), fanA)
	}
	if st, _ := c.p.BroadcastState(c.acct.AppID, ""); st.TemplatesSent != 1 || st.MassQuota.Used != 0 {
		t.Errorf("state %+v: want 1 template and no mass quota used", st)
	}
}

func TestTemplateSendErrcodes(t *testing.T) {
	tests := []struct {
		name, acctType, body string
		want                 int
	}{
		{"subscription account", simulator.TypeSubscription, templateBody(fanA, "TPL"), simulator.ErrAPIUnauthorized},
		{"no template_id", simulator.TypeService, templateBody(fanA, ""), simulator.ErrInvalidTemplate},
		{"unknown openid", simulator.TypeService, templateBody("oSTRANGER", "TPL"), simulator.ErrInvalidOpenID},
		{"unfollowed", simulator.TypeService, templateBody(fanGone, "TPL"), simulator.ErrRequireSubscribe},
		{"empty body", simulator.TypeService, "", simulator.ErrEmptyBody},
		{"not JSON", simulator.TypeService, "[]", simulator.ErrDataFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, r := broadcastAPI(t, tt.acctType)
			wantCode(t, tt.name, c.post("/cgi-bin/message/template/send", c.fetchToken(), tt.body), tt.want)
			c.p.WaitJobs()
			if n := len(r.Pushes()); n != 0 {
				t.Errorf("a refused template pushed %d event(s)", n)
			}
			if n := len(c.p.Broadcasts(c.acct.AppID, fanGone)) + len(c.p.Broadcasts(c.acct.AppID, fanA)); n != 0 {
				t.Errorf("a refused template was recorded %d time(s)", n)
			}
		})
	}
}
