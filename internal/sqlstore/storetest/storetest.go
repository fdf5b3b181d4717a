// Package storetest is the one contract suite every store backend must pass:
// SQLite always, PostgreSQL when a server is at hand. Backends call Run from
// their own tests with a function that opens a fresh, empty store.
package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/inbox/burst"
	"github.com/fanbase/fanbase/internal/inbox/canned"
	"github.com/fanbase/fanbase/internal/menu"
	"github.com/fanbase/fanbase/internal/search"
	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/user"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// Store is everything a fanbase store backend implements.
type Store interface {
	account.Store
	inbox.Store
	inbox.ReplyLister
	inbox.DeskStore
	audience.Store
	audience.NoteStore
	audience.ProfileStore
	audience.SyncStore
	audience.TagStore
	canned.Store
	content.Store
	autoreply.Store
	wxclient.TokenStore
	user.Store
	analytics.Store
	search.Store
	search.IndexStore
	burst.Store
	burst.QueueStore
	burst.RemedyStore
	menu.Store
	segment.Store
	broadcast.Store
}

// Run runs the whole contract suite, its tests in parallel. open must return
// a fresh, empty store for each call, be safe to call concurrently, and
// arrange the store's cleanup with t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s Store)
	}{
		{"Accounts", testAccounts},
		{"CommitInbound", testCommitInbound},
		{"CommitInboundRollback", testCommitRollback},
		{"CommitInboundConcurrent", testCommitConcurrent},
		{"Followers", testFollowers},
		{"Notes", testNotes},
		{"FollowerProfile", testFollowerProfile},
		{"FollowerList", testFollowerList},
		{"FollowerSync", testFollowerSync},
		{"Tags", testTags},
		{"TagBulk", testTagBulk},
		{"TagImport", testTagImport},
		{"Canned", testCanned},
		{"Articles", testArticles},
		{"Replies", testReplies},
		{"ListReplies", testListReplies},
		{"RuleSets", testRuleSets},
		{"RuleCanary", testRuleCanary},
		{"RuleVersionReplies", testRuleVersionReplies},
		{"Tokens", testTokens},
		{"Leases", testLeases},
		{"LeaseRace", testLeaseRace},
		{"Purge", testPurge},
		{"ConversationProjection", testConversationProjection},
		{"ConversationModify", testConversationModify},
		{"ConversationQueue", testConversationQueue},
		{"DeskSettings", testDeskSettings},
		{"Presence", testPresence},
		{"WindowFacts", testWindowFacts},
		{"TimelinePage", testTimelinePage},
		{"Users", testUsers},
		{"Memberships", testMemberships},
		{"Sessions", testSessions},
		{"APITokens", testAPITokens},
		{"Audit", testAudit},
		{"AnalyticsProjection", testAnalyticsProjection},
		{"AnalyticsDashboard", testAnalyticsDashboard},
		{"AnalyticsZones", testAnalyticsZones},
		{"AnalyticsConcurrent", testAnalyticsConcurrent},
		{"AnalyticsQueue", testAnalyticsQueue},
		{"AnalyticsAgents", testAnalyticsAgents},
		{"Search", testSearch},
		{"SearchIndexFollowsDeletes", testSearchIndexFollowsDeletes},
		{"BulkJobs", testBulkJobs},
		{"BulkWaiting", testBulkWaiting},
		{"RemedyRecipients", testRemedyRecipients},
		{"Segments", testSegments},
		{"SegmentCriteria", testSegmentCriteria},
		{"SegmentMembers", testSegmentMembers},
		{"SegmentTagStatus", testSegmentTagStatus},
		{"SegmentTagBits", testSegmentTagBits},
		{"Menus", testMenus},
		{"MenuClicks", testMenuClicks},
		{"Broadcasts", testBroadcasts},
		{"BroadcastSending", testBroadcastSending},
		{"BroadcastResults", testBroadcastResults},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each test has its own store; waits on fsync overlap
			tc.fn(t, open(t))
		})
	}
}

// base is a fixed instant (UTC, whole milliseconds) the tests build times from.
var base = time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)

func ctx(t *testing.T) context.Context { return t.Context() }

// mustAccount creates a valid account with the given appid.
func mustAccount(t *testing.T, s Store, appID string) *account.Account {
	t.Helper()
	a := &account.Account{
		AppID: appID, Name: "测试号 " + appID, Token: "tok123", Type: account.Service,
		Mode: account.ModeSafe, AESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
		Secret: "secret-" + appID, TimeZone: account.DefaultTimeZone,
	}
	if err := s.CreateAccount(ctx(t), a); err != nil {
		t.Fatalf("CreateAccount(%s): %v", appID, err)
	}
	return a
}

// text builds the Inbound of a text message with a passive reply.
func text(acct int64, openID string, msgID int64, content string, at time.Time) inbox.Inbound {
	key := fmt.Sprint(msgID)
	return inbox.Inbound{
		Message: inbox.Message{
			AccountID: acct, OpenID: openID, Kind: inbox.KindMessage, MsgType: "text", MsgID: msgID,
			DedupeKey: key, Content: content, CreateTime: at, ReceivedAt: at,
			Raw: []byte("<xml><Content><![CDATA[" + content + "]]></Content></xml>"),
		},
		Reply: &inbox.Reply{
			Channel: inbox.ChannelPassive, MsgType: "text", Content: "re: " + content,
			Body:   []byte("<xml><Content><![CDATA[re: " + content + "]]></Content></xml>"),
			Source: inbox.Source{RuleID: 7, RuleVersion: 3}, Status: "sent",
		},
		Follower: audience.Change{OpenID: openID, At: at, Message: true},
	}
}

// event builds the Inbound of an event push without a reply.
func event(acct int64, openID, name, key string, at time.Time) inbox.Inbound {
	in := inbox.Inbound{
		Message: inbox.Message{
			AccountID: acct, OpenID: openID, Kind: inbox.KindEvent, MsgType: "event", Event: name,
			EventKey: key, DedupeKey: fmt.Sprintf("%s|%d|%s|%s", openID, at.Unix(), name, key),
			CreateTime: at, ReceivedAt: at, Raw: []byte("<xml><Event>" + name + "</Event></xml>"),
		},
		Follower: audience.Change{OpenID: openID, At: at},
	}
	switch name {
	case "subscribe":
		in.Follower.Subscribe = true
		if len(key) > len("qrscene_") {
			in.Follower.QRScene = key[len("qrscene_"):]
		}
	case "unsubscribe":
		in.Follower.Unsubscribe = true
	case "SCAN":
		in.Follower.QRScene = key
	}
	return in
}

func mustCommit(t *testing.T, s Store, batch ...inbox.Inbound) []inbox.Committed {
	t.Helper()
	out, err := s.CommitInbound(ctx(t), batch)
	if err != nil {
		t.Fatalf("CommitInbound: %v", err)
	}
	if len(out) != len(batch) {
		t.Fatalf("CommitInbound returned %d results for %d items", len(out), len(batch))
	}
	return out
}

func wantCode(t *testing.T, what string, err error, code errs.Code) {
	t.Helper()
	if errs.CodeOf(err) != code {
		t.Errorf("%s: error %v (code %q), want code %q", what, err, errs.CodeOf(err), code)
	}
}

func mustCounts(t *testing.T, s Store, acct int64, want inbox.Counts) {
	t.Helper()
	got, err := s.Counts(ctx(t), acct)
	if err != nil {
		t.Fatalf("Counts: %v", err)
	}
	if got != want {
		t.Errorf("Counts = %+v, want %+v", got, want)
	}
}
