package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/user"
)

// rulesV2 corrects version 1's ticket price and adds opening hours: the
// rules diff has something to show and remediation has a version to fix.
const rulesV2 = `
note: 更正票价，新增营业时间
rules:
  - id: 1
    name: 关注欢迎语
    trigger: subscribe
    replies:
      - type: text
        content: "欢迎关注！回复「门票」查看票价，回复「营业时间」查看开放时间。"
  - id: 2
    name: 门票价格
    trigger: keyword
    keywords:
      - {text: 门票, match: contains}
      - {text: 票价, match: contains}
    replies:
      - type: text
        content: "门票：成人 ¥128，儿童 ¥64，65 岁以上免费。"
  - id: 3
    name: 营业时间
    trigger: keyword
    keywords:
      - {text: 营业时间, match: contains}
      - {text: 几点开门, match: contains}
    replies:
      - type: text
        content: "营业时间：每天 9:00–21:00，节假日延长至 22:00。"
`

// Questions of a busy campaign day, by kind.
var (
	ticketQuestions = []string{"门票多少钱？", "儿童票价是多少", "请问门票可以改日期吗", "学生票价有优惠吗"}
	couponQuestions = []string{"优惠券怎么用", "优惠券怎么使用？", "怎么用优惠券", "优惠券怎么用啊，结账时没看到", "请问优惠券怎么用"}
	openQuestions   = []string{
		"可以带宠物入园吗？", "请问停车场在哪里？停车收费吗", "我昨天的订单退款还没到账，订单号 202611180032",
		"年卡怎么办理？需要带什么证件", "园区里有寄存柜吗", "下雨天还开放吗？", "能开发票吗？公司报销用",
		"Do you have guided tours in English?", "停车场在哪里", "停车场在哪",
	}
)

// seeded is what seedDay created.
type seeded struct {
	Owner, Li, Zhang, Chen *user.User
	Ticket, Coupon, Open   []string // openids by what they asked
	History                string   // the follower with a back-and-forth conversation
	HistoryConv            int64
}

// seedDay fills the first account with a realistic day through the
// simulator: follows from QR codes, questions the rules answer (under
// rule-set version 1, then version 2 goes live), a burst of similar coupon
// questions, open questions, and agents answering some of them.
func seedDay(e *env) *seeded {
	e.t.Helper()
	e.seedHistory(e.Acct, 21)
	s := &seeded{
		Owner: e.addUser("wang", "王经理", user.Owner, user.AllAccounts),
		Li:    e.addUser("xiaoli", "小李", user.Agent, e.Acct.ID),
		Zhang: e.addUser("xiaozhang", "小张", user.Agent, e.Acct.ID),
		Chen:  e.addUser("chen", "陈主管", user.Operator, e.Acct.ID),
	}
	scenes := []string{"store_001", "gate_east", "", "store_001", ""}
	n := 100
	next := func() string { n++; return openID(n) }
	for i := range 6 {
		e.push(e.Acct, simulator.Subscribe(next(), scenes[i%len(scenes)]))
	}
	for _, q := range ticketQuestions {
		fan := next()
		e.follow(fan)
		e.say(fan, q)
		s.Ticket = append(s.Ticket, fan)
	}
	for i, q := range []string{"门票多少钱", "请问门票价格"} { // answered three days ago, now outside the window
		e.storeOldAnswered(e.Acct, next(), q, wrongPrice, 2, 1, time.Duration(70+i)*time.Hour)
	}
	e.saveRules(e.Acct, rulesV2)
	for i, q := range couponQuestions {
		fan := next()
		e.push(e.Acct, simulator.Subscribe(fan, scenes[i%len(scenes)]))
		e.say(fan, q)
		s.Coupon = append(s.Coupon, fan)
	}
	for i, q := range openQuestions {
		fan := next()
		e.push(e.Acct, simulator.Subscribe(fan, scenes[(i+1)%len(scenes)]))
		e.say(fan, q)
		s.Open = append(s.Open, fan)
	}
	e.converse(s)
	e.seedEarlierToday(s)
	e.seedSecondAccount()
	return s
}

// seedSecondAccount adds a smaller sister account, so that the pages
// across accounts have more than one to show.
func (e *env) seedSecondAccount() {
	e.t.Helper()
	water := e.addAccount("wxe2e0000000000002", "国色天香水世界", e.Acct.APIBase)
	for i := range 5 {
		fan := openID(300 + i)
		e.push(water, simulator.Subscribe(fan, "gate_east"))
		e.push(water, simulator.TextMessage(fan, []string{"门票多少钱", "水世界几月开放？", "要自带泳衣吗", "门票", "有储物柜吗"}[i], 0))
	}
}

// converse has agents work a few conversations: a back-and-forth with the
// pet owner, an answered refund question, a closed invoice question.
func (e *env) converse(s *seeded) {
	e.t.Helper()
	pets, refund, invoice := s.Open[0], s.Open[2], s.Open[6]
	s.History = pets
	s.HistoryConv = e.claim(pets, s.Li)
	e.reply(pets, s.Li, "您好，可以的！小型宠物牵绳即可入园，大型犬暂不接待。")
	e.say(pets, "好的，那需要带疫苗证明吗？")
	e.reply(pets, s.Li, "需要出示近一年的狂犬疫苗证明，入口处查验。祝您游玩愉快！")
	e.say(pets, "谢谢！")

	e.claim(refund, s.Zhang)
	e.reply(refund, s.Zhang, "您好，已为您查询：退款已于今天上午原路退回，1–3 个工作日到账，请留意。")

	id := e.claim(invoice, s.Zhang)
	e.reply(invoice, s.Zhang, "可以开具电子发票：在订单详情页点击「申请发票」，填写抬头和税号即可。")
	if _, err := e.M.Desk.Close(context.Background(), e.Acct.ID, id, s.Zhang.ID); err != nil {
		e.t.Fatalf("close conversation %d: %v", id, err)
	}
}

// liveConversation waits for the projector to open the follower's
// conversation and returns its id.
func (e *env) liveConversation(openid string) int64 {
	e.t.Helper()
	var id int64
	eventually(e.t, "a conversation for "+openid, func() bool {
		c, err := e.M.Desk.LiveConversation(context.Background(), e.Acct.ID, openid)
		if err == nil {
			id = c.ID
		}
		return err == nil
	})
	return id
}

// claim assigns the follower's conversation to an agent.
func (e *env) claim(openid string, agent *user.User) int64 {
	e.t.Helper()
	id := e.liveConversation(openid)
	if _, err := e.M.Desk.Claim(context.Background(), e.Acct.ID, id, agent.ID); err != nil {
		e.t.Fatalf("claim conversation %d for %s: %v", id, agent.Login, err)
	}
	return id
}

// reply sends an agent's text to the follower through the desk.
func (e *env) reply(openid string, agent *user.User, text string) {
	e.t.Helper()
	_, err := e.M.Desk.SendReply(context.Background(), e.Acct, openid, inbox.Outgoing{Type: inbox.OutText, Text: text}, agent.ID)
	if err != nil {
		e.t.Fatalf("reply to %s: %v", openid, err)
	}
}

// TestSeedDay checks the seeding the browser tests rely on (it needs no
// browser): the agents' replies reached the followers, and the coupon
// askers are still waiting.
func TestSeedDay(t *testing.T) {
	e := newEnv(t)
	s := seedDay(e)
	if got := e.received(e.Acct, s.History); len(got) != 2 {
		t.Errorf("the pet owner received %d agent replies %q, want 2", len(got), got)
	}
	for _, fan := range s.Coupon {
		if got := e.received(e.Acct, fan); len(got) != 0 {
			t.Errorf("coupon asker %s received %q before anyone answered", fan, got)
		}
	}
}
