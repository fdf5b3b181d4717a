package burst

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)

// waiting builds one waiting message per text, each in its own conversation.
func waiting(texts ...string) []Waiting {
	out := make([]Waiting, len(texts))
	for i, t := range texts {
		out[i] = Waiting{ConversationID: int64(i + 1), OpenID: fmt.Sprintf("o_%d", i+1), MessageID: int64(100 + i),
			Text: t, At: t0.Add(time.Duration(i) * time.Second)}
	}
	return out
}

// groupsOf renders clusters as their member texts, cluster by cluster.
func groupsOf(cs []Cluster) [][]string {
	var out [][]string
	for _, c := range cs {
		var texts []string
		for _, m := range c.Members {
			texts = append(texts, m.Text)
		}
		slices.Sort(texts)
		out = append(out, texts)
	}
	return out
}

func TestClusters(t *testing.T) {
	tests := []struct {
		name  string
		texts []string
		want  [][]string // each cluster's texts, sorted; clusters biggest first
	}{
		{"coupon wordings together, shipping apart",
			[]string{"优惠券怎么用", "优惠券怎么使用啊", "怎么用优惠券", "什么时候发货"},
			[][]string{{"优惠券怎么使用啊", "优惠券怎么用", "怎么用优惠券"}, {"什么时候发货"}}},
		{"greetings and punctuation do not matter",
			[]string{"你好，请问优惠券怎么用？", "优惠券怎么用!!", "优惠券 怎么用😊", "ＯＫ"},
			[][]string{{"优惠券 怎么用😊", "优惠券怎么用!!", "你好，请问优惠券怎么用？"}, {"ＯＫ"}}},
		{"shipping is not returns",
			[]string{"什么时候发货", "什么时候发货呢", "我的订单什么时候发货", "什么时候退货", "退货怎么退"},
			[][]string{{"什么时候发货", "什么时候发货呢", "我的订单什么时候发货"}, {"什么时候退货"}, {"退货怎么退"}}},
		{"order numbers do not split a question",
			[]string{"订单12345什么时候发货", "订单67890什么时候发货", "订单 555 什么时候发货？"},
			[][]string{{"订单 555 什么时候发货？", "订单12345什么时候发货", "订单67890什么时候发货"}}},
		{"latin words",
			[]string{"How do I use my coupon?", "how do i use my coupon", "refund please", "Refund!"},
			[][]string{{"Refund!", "refund please"}, {"How do I use my coupon?", "how do i use my coupon"}}},
		{"a campaign burst",
			[]string{"门票多少钱", "门票多少钱？", "请问门票多少钱", "儿童票多少钱", "儿童票怎么买", "门票多少钱啊",
				"停车场在哪里", "停车场在哪", "在吗", "在吗？", "人工客服", "转人工"},
			[][]string{{"请问门票多少钱", "门票多少钱", "门票多少钱啊", "门票多少钱？"}, {"停车场在哪", "停车场在哪里"},
				{"在吗", "在吗？"}, {"人工客服"}, {"儿童票多少钱"}, {"儿童票怎么买"}, {"转人工"}}},
		{"nothing to compare is left out", []string{"😊", "？？", "!!!"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := groupsOf(Clusters(waiting(tc.texts...), 0)); !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Errorf("Clusters = %q\nwant       %q", got, tc.want)
			}
		})
	}
}

func TestClusterMembersAndRepresentative(t *testing.T) {
	msgs := waiting("优惠券怎么用", "优惠券怎么用？", "优惠券怎么用", "怎么用优惠券")
	msgs = append(msgs, Waiting{ConversationID: 1, OpenID: "o_1", MessageID: 200, Text: "优惠券怎么用啊",
		At: t0.Add(time.Minute)}) // the first conversation asks again
	cs := Clusters(msgs, 0)
	if len(cs) != 1 {
		t.Fatalf("got %d clusters, want 1", len(cs))
	}
	c := cs[0]
	if c.Representative != "优惠券怎么用" || c.Size != 4 || c.Messages != 5 {
		t.Errorf("cluster = %q size %d messages %d; want 优惠券怎么用, 4, 5", c.Representative, c.Size, c.Messages)
	}
	var convs []int64
	for _, m := range c.Members {
		convs = append(convs, m.ConversationID)
	}
	if !slices.Equal(convs, []int64{2, 3, 4, 1}) || c.Members[3].MessageID != 200 {
		t.Errorf("members = %v (last %+v); want conversations 2, 3, 4, 1 with 1's latest message", convs, c.Members[3])
	}
}

func TestClustersDeterministic(t *testing.T) {
	msgs := campaign(rand.New(rand.NewPCG(1, 2)), 500)
	want := Clusters(msgs, 0)
	r := rand.New(rand.NewPCG(3, 4))
	for range 5 {
		shuffled := slices.Clone(msgs)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		slices.SortFunc(shuffled, func(a, b Waiting) int { return int(a.MessageID - b.MessageID) })
		got := Clusters(shuffled, 0)
		if !slices.EqualFunc(groupsOf(got), groupsOf(want), slices.Equal) {
			t.Fatal("the same messages clustered differently")
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"你好，请问优惠券怎么用啊？", "优惠券怎么用"},
		{"ＯＫ，ＴＨＡＮＫＳ！", "ok"},
		{"Hi, high speed rail?", "high speed rail"},
		{"在吗", "在吗"},
		{"哈哈哈", "哈哈哈"},
		{"订单  12345　什么时候发货", "订单12345什么时候发货"},
		{"😊", ""},
	}
	for _, tc := range tests {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestShingles(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"优惠券怎么用", []string{"么用", "优惠", "券怎", "怎么", "惠券"}},
		{"订单12345发货", []string{"#", "发货", "订单"}},
		{"how do i use", []string{"do", "how", "i", "use"}},
		{"好", []string{"好"}},
		{"", nil},
	}
	for _, tc := range tests {
		if got := Shingles(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Shingles(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// campaign makes n waiting messages the way a campaign day brings them:
// a few questions asked many ways, order numbers, chit-chat.
func campaign(r *rand.Rand, n int) []Waiting {
	subjects := []string{"优惠券", "门票", "年卡", "会员积分", "快递", "发票", "停车场", "儿童票", "退款", "活动奖品"}
	asks := []string{"怎么用", "怎么使用", "多少钱", "在哪里", "什么时候到", "怎么领", "能退吗", "怎么开", "过期了怎么办"}
	before := []string{"", "", "你好，", "请问", "亲，", "在吗？"}
	after := []string{"", "", "？", "啊", "呢", "！！", "😊", "，谢谢"}
	msgs := make([]Waiting, n)
	for i := range msgs {
		text := before[r.IntN(len(before))] + subjects[r.IntN(len(subjects))] + asks[r.IntN(len(asks))] + after[r.IntN(len(after))]
		if r.IntN(8) == 0 {
			text = fmt.Sprintf("订单%d什么时候发货", 10000+r.IntN(90000))
		}
		msgs[i] = Waiting{ConversationID: int64(1 + r.IntN(n)), OpenID: "o", MessageID: int64(i + 1), Text: text,
			At: t0.Add(time.Duration(i) * time.Second)}
	}
	return msgs
}

func BenchmarkClusters5000(b *testing.B) {
	msgs := campaign(rand.New(rand.NewPCG(1, 2)), 5000)
	var n int
	for b.Loop() {
		n = len(Clusters(msgs, 0))
	}
	b.ReportMetric(float64(n), "clusters")
}

func TestCampaignClustersAreFew(t *testing.T) {
	cs := Clusters(campaign(rand.New(rand.NewPCG(1, 2)), 5000), 0)
	// 10 subjects × 9 asks, plus the order-number question: at most 91.
	if len(cs) > 91 || cs[0].Size < 50 {
		t.Errorf("%d clusters, biggest %d (%q); want at most 91, the biggest sizeable", len(cs), cs[0].Size, cs[0].Representative)
	}
	if !strings.Contains(cs[0].Representative, "发货") {
		t.Errorf("biggest cluster %q, want the order-number question", cs[0].Representative)
	}
}
