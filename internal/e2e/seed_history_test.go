package e2e

import (
	"context"
	"fmt"
	"html"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/user"
	"github.com/fanbase/fanbase/internal/wechat"
)

// Past traffic cannot go through the simulator (the app stamps what it
// receives with its own clock and refuses stale timestamps), so the weeks
// before today go straight into the store, shaped like the gateway stores
// pushes: follows with their welcome, menu clicks, and ticket questions
// the rules answered. None of it needs an agent.

// busyHours weighs the hours of the day followers write in: mornings
// before a visit, and evenings.
var busyHours = []int{8, 9, 10, 10, 11, 11, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 20, 20, 21, 21, 22, 23}

// seedHistory stores `days` days of traffic before today for the account.
func (e *env) seedHistory(a *account.Account, days int) {
	e.t.Helper()
	loc := a.Location()
	now := time.Now().In(loc)
	var fans []string
	seq := 0
	at := func(day time.Time) time.Time {
		seq++
		return day.Add(time.Duration(busyHours[(seq*7)%len(busyHours)])*time.Hour + time.Duration((seq*13)%60)*time.Minute)
	}
	for d := days; d >= 1; d-- {
		day := time.Date(now.Year(), now.Month(), now.Day()-d, 0, 0, 0, 0, loc)
		weekend := day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
		var batch []inbox.Inbound
		follows := 3 + (d*7)%6
		if weekend {
			follows += 4
		}
		for range follows {
			fan := openID(1000 + seq)
			scene := []string{"store_001", "gate_east", "", ""}[seq%4]
			batch = append(batch, e.historic(a, simulator.Subscribe(fan, scene), at(day), &welcomeV1, 1))
			fans = append(fans, fan)
		}
		if d%4 == 0 && len(fans) > 8 { // a few leave, and write no more
			i := (seq * 3) % len(fans)
			batch = append(batch, e.historic(a, simulator.Unsubscribe(fans[i]), at(day), nil, 0))
			fans = append(fans[:i], fans[i+1:]...)
		}
		for i := range 2 * follows {
			fan := fans[(seq*5)%len(fans)]
			if i%3 == 0 {
				batch = append(batch, e.historic(a, simulator.Click(fan, "MENU_TICKETS"), at(day), nil, 0))
				continue
			}
			q := ticketQuestions[seq%len(ticketQuestions)]
			batch = append(batch, e.historic(a, simulator.TextMessage(fan, q, e.Sim.NextMsgID()), at(day), &priceV1, 2))
		}
		if _, err := e.M.Store.CommitInbound(context.Background(), batch); err != nil {
			e.t.Fatalf("store the history of %s: %v", day.Format("01-02"), err)
		}
	}
}

// The replies of rule-set version 1 (testRules).
var (
	welcomeV1 = wechat.Reply{Type: wechat.ReplyText, Content: "欢迎关注！回复「门票」查看票价。"}
	priceV1   = wechat.Reply{Type: wechat.ReplyText, Content: wrongPrice}
)

// historic is what the gateway would have stored for push m at time at,
// answered by reply from rule ruleID of version 1 (nil: no answer).
func (e *env) historic(a *account.Account, m *wechat.Message, at time.Time, reply *wechat.Reply, ruleID int64) inbox.Inbound {
	e.t.Helper()
	m.ToUserName, m.CreateTime = a.OriginalID, at.Unix()
	kind := inbox.KindMessage
	if m.IsEvent() {
		kind = inbox.KindEvent
	}
	in := inbox.Inbound{
		Message: inbox.Message{
			AccountID: a.ID, OpenID: m.FromUserName, Kind: kind, MsgType: m.MsgType, Event: m.Event, EventKey: m.EventKey,
			MsgID: m.MsgID, DedupeKey: wechat.DedupeKey(m), Content: m.Text(), Raw: rawXML(m),
			CreateTime: at.UTC(), ReceivedAt: at.UTC(),
		},
		Follower: audience.ChangeFromPush(m, at.UTC()),
	}
	if reply == nil {
		return in
	}
	body, err := reply.XML(m.FromUserName, m.ToUserName, m.CreateTime)
	if err != nil {
		e.t.Fatalf("render a historic reply: %v", err)
	}
	in.Reply = &inbox.Reply{
		AccountID: a.ID, OpenID: m.FromUserName, Channel: inbox.ChannelPassive, MsgType: reply.Type, Content: reply.Content,
		Body: body, Source: inbox.Source{RuleID: ruleID, RuleVersion: 1}, Status: "sent", CreatedAt: at.UTC(),
	}
	return in
}

// rawXML renders the plaintext push XML of m (the fields the store keeps).
func rawXML(m *wechat.Message) []byte {
	s := fmt.Sprintf("<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>"+
		"<CreateTime>%d</CreateTime><MsgType><![CDATA[%s]]></MsgType>", m.ToUserName, m.FromUserName, m.CreateTime, m.MsgType)
	if m.IsEvent() {
		s += fmt.Sprintf("<Event><![CDATA[%s]]></Event><EventKey><![CDATA[%s]]></EventKey>", m.Event, html.EscapeString(m.EventKey))
	} else {
		s += fmt.Sprintf("<Content><![CDATA[%s]]></Content><MsgId>%d</MsgId>", m.Content, m.MsgID)
	}
	return []byte(s + "</xml>")
}

// seedEarlierToday stores questions asked earlier today that waited for an
// agent; each follower then clicks the 人工客服 menu (so the simulator
// knows them and their window is open) and an agent answers, giving the
// performance page real first-response times.
func (e *env) seedEarlierToday(s *seeded) {
	e.t.Helper()
	asks := []struct {
		q     string
		ago   time.Duration
		agent int // 0: 小李, 1: 小张
		close bool
	}{
		{"你们几月份有夜场？", 2*time.Hour + 40*time.Minute, 0, true},
		{"请问轮椅可以借吗", 110 * time.Minute, 1, true},
		{"团体票怎么订？20 人左右", 65 * time.Minute, 0, false},
		{"昨天在园区丢了一个蓝色背包", 25 * time.Minute, 1, false},
		{"会员积分怎么兑换", 8 * time.Minute, 0, false},
	}
	for i, a := range asks {
		fan := openID(200 + i)
		e.storeOldMessage(e.Acct, fan, a.q, a.ago)
		e.push(e.Acct, simulator.Click(fan, "MENU_AGENT"))
		who := []*user.User{s.Li, s.Zhang}[a.agent]
		id := e.claim(fan, who)
		e.reply(fan, who, earlierAnswers[i])
		if a.close {
			if _, err := e.M.Desk.Close(context.Background(), e.Acct.ID, id, who.ID); err != nil {
				e.t.Fatalf("close conversation %d: %v", id, err)
			}
		}
	}
}

var earlierAnswers = []string{
	"夜场每年 7–8 月开放，18:00–22:00，届时会在公众号通知。",
	"可以的，东门游客中心免费借用，押金 200 元，离园时退还。",
	"20 人以上可享团体 8 折，请留下联系电话，团队专员会联系您。",
	"已登记，失物招领处会帮您查找，找到后第一时间通知您。",
	"积分可在「会员中心」兑换门票折扣券，100 积分抵 10 元。",
}
