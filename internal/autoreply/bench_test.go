package autoreply

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/wechat"
)

var (
	benchZH = strings.Fields(`门票 价格 营业 时间 地址 停车 餐厅 酒店 年卡 儿童 优惠 活动 会员 积分 退款 发票
		预约 排队 天气 交通 地铁 公交 导航 入口 出口 寄存 轮椅 婴儿 宠物 烟花 表演 花车 过山车 摩天轮 水上
		乐园 夜场 早鸟 团购 学生 老人 军人 残疾 证件 身份 护照 二维码 核销 改签 取消 订单 支付 微信 支付宝
		客服 投诉 建议 失物 招领 医务 急救 雨伞 充电 餐饮 套餐 纪念 商品 快递 邮寄 开放 关闭 维修 暂停 限流
		排期 节目 门店 酒水 素食 清真 过敏 身高 限高`)
	benchEN = strings.Fields(`ticket price opening hours address parking restaurant hotel annual pass child
		discount event member points refund invoice booking queue weather metro bus entrance exit locker
		wheelchair stroller pet fireworks show parade coaster wheel water night early group student senior
		id passport qrcode cancel order payment wechat service complaint lost found medical umbrella charger
		food combo souvenir shop delivery open closed repair limit schedule vegan halal allergy height summer
		winter spring autumn weekend holiday vip fastpass`)
)

// benchRules builds n keyword rules: Chinese and English word pairs, a third
// exact and the rest contains, plus the rules the hit messages want.
func benchRules(n int) []Rule {
	rules := []Rule{
		keywordRule(1, 0, kw("门票价格", MatchContains)),
		keywordRule(2, 0, kw("summer pass", MatchContains)),
	}
	for i := 0; len(rules) < n; i++ {
		vocab, sep := benchZH, ""
		if i%2 == 1 {
			vocab, sep = benchEN, " "
		}
		j := i / 2
		a, b := vocab[j%len(vocab)], vocab[(j/len(vocab)+j+1)%len(vocab)]
		mode := MatchContains
		if i%3 == 0 {
			mode = MatchExact
		}
		rules = append(rules, keywordRule(int64(len(rules)+1), i%5, kw(a+sep+b+fmt.Sprint(i%7), mode)))
	}
	return rules
}

var benchMessages = []struct {
	name, text string
	hit        bool
}{
	{"zh_hit", "你好，请问今天乐园的门票价格是多少？儿童和老人有没有优惠呀，谢谢", true},
	{"zh_miss", "你好，请问今天下午三点以后还能进去玩吗？我们一家五口从外地过来的", false},
	{"en_hit", "Hi! How much is the Summer Pass for two kids this weekend, and do you sell it at the gate?", true},
	{"en_miss", "Hello there, we are visiting from out of town tomorrow; is it going to be crowded?", false},
}

func BenchmarkDecide(b *testing.B) {
	for _, n := range []int{10, 1_000, 10_000} {
		e := mustCompile(b, benchRules(n)...)
		for _, bm := range benchMessages {
			m := &wechat.Message{MsgType: wechat.MsgText, Content: bm.text, MsgID: 42, FromUserName: "o"}
			now := at(15, 10, 0)
			if d := e.Decide(m, now, cst); d.Matched != bm.hit {
				b.Fatalf("%s with %d rules: matched %t", bm.name, n, d.Matched)
			}
			b.Run(fmt.Sprintf("rules=%d/%s", n, bm.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					e.Decide(m, now, cst)
				}
			})
		}
	}
}

func BenchmarkCompile10k(b *testing.B) {
	rs := &RuleSet{Rules: benchRules(10_000)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(rs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 512)
	for b.Loop() {
		buf = appendNormalized(buf[:0], benchMessages[0].text)
	}
}
