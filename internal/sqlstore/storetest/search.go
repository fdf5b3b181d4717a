package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/search"
)

// question builds the Inbound of a text message nobody answered.
func question(acct int64, openID string, msgID int64, content string, at time.Time) inbox.Inbound {
	in := text(acct, openID, msgID, content, at)
	in.Reply = nil
	return in
}

// indexAll runs the search indexer until it has nothing left to do.
func indexAll(t *testing.T, s Store) {
	t.Helper()
	for range 1000 {
		n, err := s.IndexSearch(ctx(t), 3) // small batches: several rounds
		if err != nil {
			t.Fatalf("IndexSearch: %v", err)
		}
		if n == 0 {
			return
		}
	}
	t.Fatal("IndexSearch never caught up")
}

// searchCase is one search and the hits it must return, newest first, as
// "m:<text>" for follower messages and "r:<text>" for replies.
type searchCase struct {
	name   string
	query  string
	filter search.Filter
	want   []string
}

// searchFixture stores the conversations the search tests look through and
// returns the ids of the two accounts.
func searchFixture(t *testing.T, s Store) (a, b int64) {
	a, b = mustAccount(t, s, "wx_search").ID, mustAccount(t, s, "wx_search_b").ID
	at := func(min int) time.Time { return base.Add(time.Duration(min) * time.Minute) }
	mustCommit(t, s,
		question(a, "o_1", 1, "优惠券怎么用？", at(1)),
		text(a, "o_2", 2, "我要退款", at(2)),
		question(a, "o_3", 3, "什么时候发货", at(3)),
		question(a, "o_4", 4, "OK thanks", at(4)),
		text(a, "o_5", 5, "好的", at(5)),
		question(a, "o_1", 6, "退款 100% 到账了吗", at(6)),
		text(b, "o_9", 7, "我要退款", at(7)),
		question(a, "o_6", 8, "发货了吗😊", at(8)))
	agent := &inbox.Reply{AccountID: a, OpenID: "o_3", MsgType: "text", Content: "您好，退款已处理",
		Body: []byte(`{}`), Source: inbox.Source{AgentID: 42}, Status: "sent", CreatedAt: at(10)}
	if err := s.AddReply(ctx(t), agent); err != nil {
		t.Fatalf("AddReply: %v", err)
	}
	if _, err := s.TagFollower(ctx(t), a, "o_2", "vip"); err != nil {
		t.Fatalf("TagFollower: %v", err)
	}
	assignConversation(t, s, a, "o_1", base, 42)
	indexAll(t, s)
	return a, b
}

// assignConversation opens a conversation for the follower at and gives it
// to the agent.
func assignConversation(t *testing.T, s Store, acct int64, openID string, at time.Time, agent int64) *inbox.Conversation {
	t.Helper()
	touched, err := s.ApplyObservations(ctx(t), "storetest.search", 1,
		[]inbox.Observation{{AccountID: acct, OpenID: openID, At: at, Text: "x", Opens: true}})
	if err != nil || len(touched) != 1 {
		t.Fatalf("ApplyObservations = %v, %v", touched, err)
	}
	c, err := s.ModifyConversation(ctx(t), touched[0].ConversationID, func(c *inbox.Conversation) error {
		c.Status, c.AssigneeID, c.AssignedAt = inbox.StatusAssigned, agent, at
		return nil
	})
	if err != nil {
		t.Fatalf("ModifyConversation: %v", err)
	}
	return c
}

// testSearch covers the text matching (long, short, Chinese, case), the
// filters, the interleaving of messages and replies and keyset paging.
func testSearch(t *testing.T, s Store) {
	a, b := searchFixture(t, s)
	all := search.Filter{AccountIDs: []int64{a}}
	with := func(change func(f *search.Filter)) search.Filter {
		f := search.Filter{AccountIDs: []int64{a}}
		change(&f)
		return f
	}
	refunds := []string{"r:您好，退款已处理", "m:退款 100% 到账了吗", "m:我要退款", "r:re: 我要退款"}
	tests := []searchCase{
		{"trigram chinese", "优惠券", all, []string{"m:优惠券怎么用？"}},
		{"two chinese characters", "退款", all, refunds},
		{"one chinese character", "好", all, []string{"r:您好，退款已处理", "m:好的", "r:re: 好的"}},
		{"two latin letters, any case", "ok", all, []string{"m:OK thanks"}},
		{"trigram ignores case", "THANKS", all, []string{"m:OK thanks"}},
		{"wildcards are literal", "100%", all, []string{"m:退款 100% 到账了吗"}},
		{"underscore is literal", "退款 0_", all, nil},
		{"every term must occur", "退款 到账", all, []string{"m:退款 100% 到账了吗"}},
		{"unindexable term narrows", "发货 😊", all, []string{"m:发货了吗😊"}},
		{"phrase", `"100% 到账"`, all, []string{"m:退款 100% 到账了吗"}},
		{"nothing", "量子力学", all, nil},
		{"other account", "退款", search.Filter{AccountIDs: []int64{b}}, []string{"m:我要退款", "r:re: 我要退款"}},
		{"both accounts", "我要退款", search.Filter{AccountIDs: []int64{a, b}},
			[]string{"m:我要退款", "r:re: 我要退款", "m:我要退款", "r:re: 我要退款"}},
		{"dates", "退款", with(func(f *search.Filter) { f.From, f.To = base.Add(3*time.Minute), base.Add(7*time.Minute) }),
			[]string{"m:退款 100% 到账了吗"}},
		{"unanswered", "退款", with(func(f *search.Filter) { f.Answered = search.AnsweredNo }), []string{"m:退款 100% 到账了吗"}},
		{"answered", "退款", with(func(f *search.Filter) { f.Answered = search.AnsweredYes }), []string{"m:我要退款"}},
		{"answered later by an agent", "发货", with(func(f *search.Filter) { f.Answered = search.AnsweredYes }),
			[]string{"m:什么时候发货"}},
		{"agent", "退款", with(func(f *search.Filter) { f.AgentID = 42 }), []string{"r:您好，退款已处理", "m:退款 100% 到账了吗"}},
		{"tag", "退款", with(func(f *search.Filter) { f.Tag = "vip" }), []string{"m:我要退款", "r:re: 我要退款"}},
		{"no accounts", "退款", search.Filter{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := searchAll(t, s, tc.query, tc.filter, 0); !slices.Equal(got, tc.want) {
				t.Errorf("search %q = %q, want %q", tc.query, got, tc.want)
			}
		})
	}
	t.Run("pages of one", func(t *testing.T) {
		if got := searchAll(t, s, "退款", all, 1); !slices.Equal(got, refunds) {
			t.Errorf("paged search = %q, want %q", got, refunds)
		}
	})
	t.Run("hit details", func(t *testing.T) { checkHitDetails(t, s, a) })
	t.Run("tag names", func(t *testing.T) {
		if got, err := s.TagNames(ctx(t), []int64{a, b}); err != nil || !slices.Equal(got, []string{"vip"}) {
			t.Errorf("TagNames = %q, %v; want [vip]", got, err)
		}
	})
}

// searchAll collects every page of a search.
func searchAll(t *testing.T, s Store, query string, f search.Filter, limit int) []string {
	t.Helper()
	q, err := search.Parse(query)
	if err != nil {
		t.Fatalf("Parse(%q): %v", query, err)
	}
	var got []string
	req := search.Request{Query: q, Filter: f, Limit: limit}
	for range 100 {
		page, err := search.Search(ctx(t), s, req)
		if err != nil {
			t.Fatalf("Search(%q): %v", query, err)
		}
		for _, h := range page.Hits {
			got = append(got, string(h.Kind[0])+":"+h.Content)
		}
		if page.Next == "" {
			return got
		}
		req.Cursor = page.Next
	}
	t.Fatalf("search %q never ended", query)
	return nil
}

func checkHitDetails(t *testing.T, s Store, acct int64) {
	q, _ := search.Parse("退款")
	page, err := search.Search(ctx(t), s, search.Request{Query: q, Filter: search.Filter{AccountIDs: []int64{acct}}})
	if err != nil || len(page.Hits) != 4 {
		t.Fatalf("Search = %d hits, %v", len(page.Hits), err)
	}
	agent, msg, passive := page.Hits[0], page.Hits[1], page.Hits[3]
	if agent.Kind != search.KindReply || agent.AgentID != 42 || agent.OpenID != "o_3" || !agent.At.Equal(base.Add(10*time.Minute)) {
		t.Errorf("agent reply hit = %+v", agent)
	}
	if msg.Kind != search.KindMessage || msg.OpenID != "o_1" || msg.ConversationID == 0 || msg.AccountID != acct {
		t.Errorf("message hit = %+v", msg)
	}
	if passive.RuleID != 7 || passive.RuleVersion != 3 || passive.MessageID == 0 {
		t.Errorf("passive reply hit = %+v", passive)
	}
	var marked []string
	for _, f := range msg.Snippet {
		if f.Hit {
			marked = append(marked, f.Text)
		}
	}
	if !slices.Equal(marked, []string{"退款"}) {
		t.Errorf("snippet %+v marks %q, want [退款]", msg.Snippet, marked)
	}
}

// testSearchIndexFollowsDeletes checks that retention takes purged rows
// out of the index and that rows stored after everything was purged (and
// ids start again) are still indexed.
func testSearchIndexFollowsDeletes(t *testing.T, s Store) {
	a := mustAccount(t, s, "wx_search_purge").ID
	mustCommit(t, s, text(a, "o_1", 1, "旧的退款问题", base), text(a, "o_1", 2, "新的退款问题", base.Add(time.Hour)))
	indexAll(t, s)
	f := search.Filter{AccountIDs: []int64{a}}
	if _, err := s.PurgeBefore(ctx(t), a, base.Add(time.Minute)); err != nil {
		t.Fatalf("PurgeBefore: %v", err)
	}
	indexAll(t, s)
	if got, want := searchAll(t, s, "退款", f, 0), []string{"m:新的退款问题", "r:re: 新的退款问题"}; !slices.Equal(got, want) {
		t.Errorf("after purge: %q, want %q", got, want)
	}
	if _, err := s.PurgeBefore(ctx(t), a, base.Add(2*time.Hour)); err != nil {
		t.Fatalf("PurgeBefore: %v", err)
	}
	mustCommit(t, s, text(a, "o_2", 3, "又来退款", base.Add(3*time.Hour)))
	indexAll(t, s)
	if got, want := searchAll(t, s, "退款", f, 0), []string{"m:又来退款", "r:re: 又来退款"}; !slices.Equal(got, want) {
		t.Errorf("after purging everything: %q, want %q", got, want)
	}
	if got := searchAll(t, s, "问题", f, 0); len(got) != 0 {
		t.Errorf("purged rows still found: %q", got)
	}
}
