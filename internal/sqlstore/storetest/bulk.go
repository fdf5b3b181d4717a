package storetest

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/inbox/burst"
)

// testBulkJobs walks a job's recipients through every status the runner
// uses, and checks that a move only happens from the expected status.
func testBulkJobs(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_bulk").ID
	j := &burst.Job{AccountID: acct, Kind: burst.KindCluster, Text: "优惠券在结算页使用", Note: "优惠券怎么用",
		CreatedBy: 42, CreatedAt: base}
	recipients := []burst.Recipient{{OpenID: "o_1", ConversationID: 11}, {OpenID: "o_2"}, {OpenID: "o_2"}, {OpenID: "o_3"}}
	if err := s.CreateBulkJob(ctx(t), j, recipients); err != nil || j.ID == 0 || j.Status != burst.JobRunning {
		t.Fatalf("CreateBulkJob = %v, job %+v", err, j)
	}
	wantCounts(t, s, j.ID, burst.Counts{Total: 3, Pending: 3})
	first := nextRecipient(t, s, j.ID, "o_1")
	if first.ConversationID != 11 || first.Status != burst.StatusPending {
		t.Errorf("first recipient = %+v", first)
	}
	mustMove(t, s, first.ID, burst.StatusPending, burst.StatusSending, true)
	mustMove(t, s, first.ID, burst.StatusPending, burst.StatusSending, false) // already taken
	if ok, err := s.MoveBulkRecipient(ctx(t), first.ID, burst.StatusSending, burst.StatusSent, "", 777, base); !ok || err != nil {
		t.Fatalf("move to sent = %v, %v", ok, err)
	}
	second := nextRecipient(t, s, j.ID, "o_2")
	if ok, err := s.MoveBulkRecipient(ctx(t), second.ID, burst.StatusPending, burst.StatusSkippedWindow,
		"window.closed.expired", 0, base); !ok || err != nil {
		t.Fatalf("move to skipped = %v, %v", ok, err)
	}
	third := nextRecipient(t, s, j.ID, "o_3")
	mustMove(t, s, third.ID, burst.StatusPending, burst.StatusSending, true)
	if n, err := s.MarkBulkUnknown(ctx(t), j.ID, base); n != 1 || err != nil {
		t.Errorf("MarkBulkUnknown = %d, %v; want 1", n, err)
	}
	_, err := s.NextBulkRecipient(ctx(t), j.ID)
	wantCode(t, "next of a job with nobody pending", err, errs.NotFound)
	wantCounts(t, s, j.ID, burst.Counts{Total: 3, Sent: 1, Skipped: 1, Unknown: 1})
	checkRecipients(t, s, j.ID)
	checkJobLists(t, s, j)
}

func wantCounts(t *testing.T, s Store, jobID int64, want burst.Counts) {
	t.Helper()
	got, err := s.BulkJob(ctx(t), jobID)
	if err != nil || got.Counts != want {
		t.Errorf("BulkJob counts = %+v, %v; want %+v", got, err, want)
	}
}

func nextRecipient(t *testing.T, s Store, jobID int64, openID string) *burst.Recipient {
	t.Helper()
	rc, err := s.NextBulkRecipient(ctx(t), jobID)
	if err != nil || rc.OpenID != openID {
		t.Fatalf("NextBulkRecipient = %+v, %v; want %s", rc, err, openID)
	}
	return rc
}

func mustMove(t *testing.T, s Store, id int64, from, to burst.Status, want bool) {
	t.Helper()
	if ok, err := s.MoveBulkRecipient(ctx(t), id, from, to, "", 0, base); ok != want || err != nil {
		t.Fatalf("MoveBulkRecipient(%s → %s) = %v, %v; want %v", from, to, ok, err, want)
	}
}

func checkRecipients(t *testing.T, s Store, jobID int64) {
	all, err := s.BulkRecipients(ctx(t), jobID, "", 0, 0)
	if err != nil || len(all) != 3 {
		t.Fatalf("BulkRecipients = %d, %v; want 3", len(all), err)
	}
	if all[0].Status != burst.StatusSent || all[0].ReplyID != 777 || all[1].Error != "window.closed.expired" ||
		all[2].Status != burst.StatusUnknown {
		t.Errorf("recipients = %+v", all)
	}
	unknown, err := s.BulkRecipients(ctx(t), jobID, burst.StatusUnknown, 0, 10)
	if err != nil || len(unknown) != 1 || unknown[0].OpenID != "o_3" {
		t.Errorf("unknown recipients = %+v, %v", unknown, err)
	}
	after, err := s.BulkRecipients(ctx(t), jobID, "", all[0].ID, 1)
	if err != nil || len(after) != 1 || after[0].ID != all[1].ID {
		t.Errorf("page after the first = %+v, %v", after, err)
	}
}

func checkJobLists(t *testing.T, s Store, j *burst.Job) {
	later := &burst.Job{AccountID: j.AccountID, Kind: burst.KindRemedy, Text: "更正", CreatedAt: base.Add(time.Hour)}
	if err := s.CreateBulkJob(ctx(t), later, []burst.Recipient{{OpenID: "o_9"}}); err != nil {
		t.Fatalf("CreateBulkJob: %v", err)
	}
	if err := s.FinishBulkJob(ctx(t), j.ID, base.Add(time.Minute)); err != nil {
		t.Fatalf("FinishBulkJob: %v", err)
	}
	got, err := s.BulkJob(ctx(t), j.ID)
	if err != nil || got.Status != burst.JobDone || !got.FinishedAt.Equal(base.Add(time.Minute)) ||
		got.Text != j.Text || got.Note != j.Note || got.CreatedBy != 42 || got.Kind != burst.KindCluster {
		t.Errorf("finished job = %+v, %v", got, err)
	}
	running, err := s.RunningBulkJobs(ctx(t))
	if err != nil || len(running) != 1 || running[0].ID != later.ID || running[0].Counts.Pending != 1 {
		t.Errorf("RunningBulkJobs = %+v, %v; want the later job only", running, err)
	}
	jobs, err := s.BulkJobs(ctx(t), j.AccountID, 10)
	if err != nil || len(jobs) != 2 || jobs[0].ID != later.ID || jobs[1].ID != j.ID {
		t.Errorf("BulkJobs = %+v, %v; want newest first", jobs, err)
	}
	if len(jobs) == 2 && (jobs[0].Counts != (burst.Counts{Total: 1, Pending: 1}) ||
		jobs[1].Counts != (burst.Counts{Total: 3, Sent: 1, Skipped: 1, Unknown: 1})) {
		t.Errorf("BulkJobs counts = %+v, %+v; want each job's own", jobs[0].Counts, jobs[1].Counts)
	}
	_, err = s.BulkJob(ctx(t), later.ID+100)
	wantCode(t, "unknown job", err, errs.NotFound)
	wantCode(t, "finish unknown job", s.FinishBulkJob(ctx(t), later.ID+100, base), errs.NotFound)
	wantCode(t, "job of an unknown account", s.CreateBulkJob(ctx(t), &burst.Job{AccountID: j.AccountID + 100,
		Kind: burst.KindCluster, Text: "x"}, nil), errs.NotFound)
}

// testBulkWaiting checks which messages the clusters see: user messages
// of live conversations since they began to wait.
func testBulkWaiting(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_waiting").ID
	at := func(min int) time.Time { return base.Add(time.Duration(min) * time.Minute) }
	out := mustCommit(t, s,
		question(acct, "o_1", 1, "优惠券怎么用", at(1)),
		question(acct, "o_2", 2, "什么时候发货", at(2)),
		question(acct, "o_3", 3, "退款", at(3)),
		question(acct, "o_1", 4, "在吗？", at(4)),
		event(acct, "o_1", "CLICK", "menu", at(5)))
	waitingConversation(t, s, acct, "o_1", out[0].MessageID, at(1), nil)
	waitingConversation(t, s, acct, "o_2", out[1].MessageID, at(2), func(c *inbox.Conversation) { c.WaitingSince = time.Time{} })
	waitingConversation(t, s, acct, "o_3", out[2].MessageID, at(3), func(c *inbox.Conversation) {
		c.Status, c.ClosedAt = inbox.StatusClosed, at(6)
	})
	got, err := s.WaitingMessages(ctx(t), acct, 0)
	if err != nil {
		t.Fatalf("WaitingMessages: %v", err)
	}
	var texts []string
	for _, w := range got {
		texts = append(texts, w.OpenID+":"+w.Text)
		if w.ConversationID == 0 || w.At.IsZero() {
			t.Errorf("waiting message %+v lacks its conversation or time", w)
		}
	}
	if want := []string{"o_1:优惠券怎么用", "o_1:在吗？"}; !slices.Equal(texts, want) {
		t.Errorf("WaitingMessages = %q, want %q", texts, want)
	}
	if got, err := s.WaitingMessages(ctx(t), acct, 1); err != nil || len(got) != 1 || got[0].Text != "在吗？" {
		t.Errorf("WaitingMessages(limit 1) = %+v, %v; want the newest", got, err)
	}
}

// waitingConversation opens the follower's conversation with its message
// and applies change, if any.
func waitingConversation(t *testing.T, s Store, acct int64, openID string, msgID int64, at time.Time,
	change func(c *inbox.Conversation)) {
	t.Helper()
	touched, err := s.ApplyObservations(ctx(t), "storetest.bulk", msgID,
		[]inbox.Observation{{MessageID: msgID, AccountID: acct, OpenID: openID, At: at, Text: "x", Opens: true}})
	if err != nil || len(touched) != 1 {
		t.Fatalf("ApplyObservations = %v, %v", touched, err)
	}
	if change == nil {
		return
	}
	_, err = s.ModifyConversation(ctx(t), touched[0].ConversationID, func(c *inbox.Conversation) error {
		change(c)
		return nil
	})
	if err != nil {
		t.Fatalf("ModifyConversation: %v", err)
	}
}

// testRemedyRecipients finds who received a rule's reply or a text.
func testRemedyRecipients(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_remedy").ID
	at := func(min int) time.Time { return base.Add(time.Duration(min) * time.Minute) }
	mustCommit(t, s, text(acct, "o_1", 1, "门票", at(1)), text(acct, "o_2", 2, "门票", at(2)),
		text(acct, "o_1", 3, "门票多少钱", at(3)), text(acct, "o_3", 4, "门票", at(30)))
	failed := &inbox.Reply{AccountID: acct, OpenID: "o_4", MsgType: "text", Content: "re: 门票", Body: []byte("{}"),
		Source: inbox.Source{RuleID: 7, RuleVersion: 3}, Status: "failed", CreatedAt: at(4)}
	if err := s.AddReply(ctx(t), failed); err != nil {
		t.Fatalf("AddReply: %v", err)
	}
	src := burst.RemedySource{AccountID: acct, RuleID: 7, RuleVersion: 3, From: at(0), To: at(10)}
	tests := []struct {
		name string
		src  func(s burst.RemedySource) burst.RemedySource
		want []string // openid:count:latest content
	}{
		{"rule and version", func(s burst.RemedySource) burst.RemedySource { return s },
			[]string{"o_1:2:re: 门票多少钱", "o_2:1:re: 门票"}},
		{"other version", func(s burst.RemedySource) burst.RemedySource { s.RuleVersion = 4; return s }, nil},
		{"any version", func(s burst.RemedySource) burst.RemedySource { s.RuleVersion = 0; return s },
			[]string{"o_1:2:re: 门票多少钱", "o_2:1:re: 门票"}},
		{"text", func(s burst.RemedySource) burst.RemedySource {
			s.RuleID, s.RuleVersion, s.Text = 0, 0, "多少钱"
			return s
		},
			[]string{"o_1:1:re: 门票多少钱"}},
		{"wider range", func(s burst.RemedySource) burst.RemedySource { s.To = at(60); return s },
			[]string{"o_1:2:re: 门票多少钱", "o_2:1:re: 门票", "o_3:1:re: 门票"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.RemedyRecipients(ctx(t), tc.src(src), 100)
			if err != nil {
				t.Fatalf("RemedyRecipients: %v", err)
			}
			var lines []string
			for _, rc := range got {
				lines = append(lines, rc.OpenID+":"+strconv.Itoa(rc.Count)+":"+rc.Content)
				if rc.ReplyID == 0 || rc.At.IsZero() {
					t.Errorf("recipient %+v lacks its reply", rc)
				}
			}
			if !slices.Equal(lines, tc.want) {
				t.Errorf("RemedyRecipients = %q, want %q", lines, tc.want)
			}
		})
	}
	if got, err := s.RemedyRecipients(ctx(t), src, 1); err != nil || len(got) != 1 {
		t.Errorf("RemedyRecipients(limit 1) = %d, %v", len(got), err)
	}
}
