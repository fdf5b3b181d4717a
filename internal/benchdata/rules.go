package benchdata

import (
	"context"
	"fmt"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/wechat"
)

// ruleSpecs are the rules the replies of the data set name: 1 welcomes, 2-9
// answer keywords, 10-12 answer menu clicks.
var ruleSpecs = []struct {
	name     string
	trigger  autoreply.Trigger
	keywords []string
}{
	{"关注欢迎语", autoreply.TriggerSubscribe, nil},
	{"物流查询", autoreply.TriggerKeyword, []string{"快递", "发货", "单号"}},
	{"营业时间", autoreply.TriggerKeyword, []string{"几点", "营业时间"}},
	{"退换货", autoreply.TriggerKeyword, []string{"退货", "退款", "换货"}},
	{"优惠券", autoreply.TriggerKeyword, []string{"优惠券", "活动"}},
	{"会员卡", autoreply.TriggerKeyword, []string{"会员", "积分"}},
	{"门店地址", autoreply.TriggerKeyword, []string{"地址", "门店", "停车"}},
	{"开发票", autoreply.TriggerKeyword, []string{"发票"}},
	{"付款问题", autoreply.TriggerKeyword, []string{"付款", "支付"}},
	{"菜单·我的订单", autoreply.TriggerClick, []string{"MENU_ORDER"}},
	{"菜单·会员中心", autoreply.TriggerClick, []string{"MENU_MEMBER"}},
	{"菜单·附近门店", autoreply.TriggerClick, []string{"MENU_STORE"}},
}

// writeRules stores three versions of each account's rule set, the last
// one active: the replies of the history name versions 1 to 3.
func (g *generator) writeRules(ctx context.Context, db *sqlstore.DB) error {
	for _, acct := range g.accounts {
		for v := 1; v <= 3; v++ {
			rs := &autoreply.RuleSet{AccountID: acct, Author: "benchdata", Note: fmt.Sprintf("第 %d 版", v), Rules: rules(v)}
			if err := db.SaveRuleSet(ctx, rs); err != nil {
				return fmt.Errorf("rule set of account %d: %w", acct, err)
			}
		}
	}
	return nil
}

func rules(version int) []autoreply.Rule {
	out := make([]autoreply.Rule, 0, len(ruleSpecs))
	for i, s := range ruleSpecs {
		r := autoreply.Rule{ID: int64(i + 1), Name: s.name, Trigger: s.trigger, Priority: 10,
			Replies: []wechat.Reply{{Type: wechat.ReplyText, Content: fmt.Sprintf("%s（第 %d 版）", autoAnswers[(i+1)%len(autoAnswers)], version)}}}
		switch s.trigger {
		case autoreply.TriggerKeyword:
			for _, k := range s.keywords {
				r.Keywords = append(r.Keywords, autoreply.Keyword{Text: k, Match: autoreply.MatchContains})
			}
		case autoreply.TriggerClick:
			r.Keys = s.keywords
		}
		out = append(out, r)
	}
	return out
}
