package broadcast_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/wechat"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// A service account's broadcast goes out as openid lists of at most
// MaxBatch (10,000 in production), one job per batch, each follower
// exactly once.
func TestServiceBatches(t *testing.T) {
	const n = 2*testBatch + 5
	e := newEnv(t, account.Service, n)
	id := e.create(textDraft("上新", all))
	b := e.run(id, broadcast.StatusSent)
	if b.Recipients != n {
		t.Errorf("recipients = %d, want %d", b.Recipients, n)
	}
	jobs := e.p.MassJobs(e.acct.AppID)
	if len(jobs) != 3 || jobs[0].ClientMsgID != broadcast.ClientMsgID(id, 1) || jobs[2].SentCount != 5 || jobs[0].SentCount != testBatch {
		t.Fatalf("jobs = %d: %+v; want 3, the first fb-%d-1, of %d, %d and 5", len(jobs), jobs, id, testBatch, testBatch)
	}
	if hist := e.received(id, n); hist[1] != n {
		t.Errorf("deliveries per follower = %v, want all %d exactly once", hist, n)
	}
	res, err := e.svc.Results(t.Context(), e.acct.ID, id)
	if err != nil || res.Accepted != n || res.Jobs != 3 || res.JobsFinished != 0 || res.Failed != 0 {
		t.Errorf("results = %+v, %v", res, err)
	}
	// WeChat's job reports are matched to the batches by msg_id.
	for _, j := range jobs {
		e.commitEvent(&wechat.Message{FromUserName: broadcast.MassHelper, Event: wechat.EventMassSendJobFinish,
			JobMsgID: j.MsgID, Status: "send success", TotalCount: j.TotalCount, FilterCount: j.FilterCount, SentCount: j.SentCount}, start)
	}
	if read, err := e.svc.Reconcile(t.Context()); read != 3 || err != nil {
		t.Fatalf("Reconcile = %d, %v", read, err)
	}
	if read, _ := e.svc.Reconcile(t.Context()); read != 0 {
		t.Errorf("second Reconcile read %d events again", read)
	}
	res, _ = e.svc.Results(t.Context(), e.acct.ID, id)
	if res.JobsFinished != 3 || res.SentCount != n || res.TotalCount != n {
		t.Errorf("results after the job reports = %+v", res)
	}
	if got := e.live.count(fmt.Sprintf("%d/broadcast/%d", e.acct.ID, id)); got < 6 {
		t.Errorf("live events for the broadcast = %d, want one per change (≥ 6)", got)
	}
	checkUnfollows(t, e, id)
}

// checkUnfollows: unfollows within 24 h and 72 h of the send are
// attributed to it, counted on read and stored once the window is over.
func checkUnfollows(t *testing.T, e *env, id int64) {
	t.Helper()
	for i, after := range []time.Duration{time.Hour, 30 * time.Hour, 80 * time.Hour} {
		e.commitEvent(&wechat.Message{FromUserName: openID(i), Event: wechat.EventUnsubscribe}, start.Add(after))
	}
	res, _ := e.svc.Results(t.Context(), e.acct.ID, id)
	if res.Unfollows24h != 1 || res.Unfollows72h != 2 {
		t.Errorf("unfollows = %d in 24 h, %d in 72 h; want 1 and 2", res.Unfollows24h, res.Unfollows72h)
	}
	e.clock.Advance(73 * time.Hour)
	if _, err := e.svc.Results(t.Context(), e.acct.ID, id); err != nil {
		t.Fatal(err)
	}
	r, _ := e.db.Broadcast(t.Context(), e.acct.ID, id)
	if r.Unfollows24h == nil || *r.Unfollows24h != 1 || *r.Unfollows72h != 2 {
		t.Errorf("stored unfollows = %v, %v", r.Unfollows24h, r.Unfollows72h)
	}
}

// A segment audience on a subscription account goes through a temporary
// tag, deleted as soon as WeChat reports the job finished.
func TestSegmentTemporaryTag(t *testing.T) {
	const n = 8
	e := newEnv(t, account.Subscription, n)
	seg := &segment.Segment{AccountID: e.acct.ID, Name: "全部"}
	if err := segment.NewService(e.db, e.clock.Now).Create(t.Context(), seg); err != nil {
		t.Fatal(err)
	}
	id := e.create(textDraft("分组", broadcast.Audience{Kind: broadcast.AudienceSegment, SegmentID: seg.ID}))
	e.run(id, broadcast.StatusSent)
	if hist := e.received(id, n); hist[1] != n {
		t.Fatalf("deliveries = %v", hist)
	}
	if got, err := e.svc.CleanTempTags(t.Context()); got != 0 || err != nil {
		t.Errorf("CleanTempTags before the job report = %d, %v; want 0", got, err)
	}
	job := e.p.MassJobs(e.acct.AppID)[0]
	if job.Target == "all" {
		t.Fatalf("segment broadcast went to all: %+v", job)
	}
	e.commitEvent(&wechat.Message{FromUserName: broadcast.MassHelper, Event: wechat.EventMassSendJobFinish,
		JobMsgID: job.MsgID, Status: "send success", TotalCount: n, FilterCount: n, SentCount: n}, start)
	if _, err := e.svc.Reconcile(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got, err := e.svc.CleanTempTags(t.Context()); got != 1 || err != nil {
		t.Errorf("CleanTempTags after the job report = %d, %v; want 1", got, err)
	}
	if hasTag(e.p.Tags(e.acct.AppID), broadcast.TempTagName(id)) {
		t.Error("temporary tag still exists")
	}
	// The job report's sender is no follower: it is in no later audience.
	c, err := e.svc.Check(t.Context(), e.acct.ID, textDraft("再发", all))
	if err != nil || c.AudienceSize != n {
		t.Errorf("audience after a job report = %+v, %v; want %d", c, err, n)
	}
}

// A batch whose answer was lost is resent with the same clientmsgid:
// WeChat answers 45065 (or 45066 within a minute) and nobody gets it twice.
func TestLostAnswerResend(t *testing.T) {
	tests := []struct {
		name    string
		wait    time.Duration
		wantMsg bool // 45065 carries the first send's msg_id; 45066 does not
	}{
		{"45065 after a minute", 2 * time.Minute, true},
		{"45066 within a minute", 10 * time.Second, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const n = testBatch + 20
			e := newEnv(t, account.Service, n)
			id := e.create(textDraft("重发", all))
			e.wrap.loseNext = true
			if err := e.svc.Run(t.Context(), e.acct.ID, id); err == nil {
				t.Fatal("Run with a lost answer succeeded")
			}
			b, _ := e.svc.Get(t.Context(), e.acct.ID, id)
			if b.Status != broadcast.StatusSending {
				t.Fatalf("status after the lost answer = %s", b.Status)
			}
			e.clock.Advance(tt.wait)
			e.run(id, broadcast.StatusSent)
			if hist := e.received(id, n); hist[1] != n {
				t.Errorf("deliveries per follower = %v, want all exactly once", hist)
			}
			jobs := e.p.MassJobs(e.acct.AppID)
			if len(jobs) != 2 {
				t.Fatalf("jobs = %d, want 2", len(jobs))
			}
			batches, _ := e.db.Batches(t.Context(), id)
			if got := batches[0].MsgID == jobs[0].MsgID; got != tt.wantMsg || batches[0].State != broadcast.StateAccepted {
				t.Errorf("batch 1 = %+v; job msg_id %d", batches[0], jobs[0].MsgID)
			}
		})
	}
}

// A subscription account sends once a day: Check blocks a second send the
// same day with a bilingual reason, and 45028 from WeChat fails the
// broadcast with it.
func TestQuota(t *testing.T) {
	e := newEnv(t, account.Subscription, 5)
	first := e.create(textDraft("第一次", all))
	e.run(first, broadcast.StatusSent)
	if jobs := e.p.MassJobs(e.acct.AppID); len(jobs) != 1 || jobs[0].Target != "all" {
		t.Fatalf("jobs = %+v, want one to all", jobs)
	}
	d, err := e.svc.Create(t.Context(), e.acct.ID, 1, textDraft("第二次", all))
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.svc.Check(t.Context(), e.acct.ID, d.Draft)
	if err != nil || !c.Blocked || c.QuotaUsed != 1 || c.QuotaLimit != 1 || c.QuotaPeriod != broadcast.PeriodDay ||
		!strings.Contains(c.Reason.Error(), "订阅号") {
		t.Fatalf("Check = %+v, %v", c, err)
	}
	err = e.svc.Schedule(t.Context(), e.acct.ID, d.ID, time.Time{})
	if !errs.Is(err, errs.Conflict) {
		t.Errorf("Schedule over quota = %v, want Conflict", err)
	}
	// Tomorrow's quota is another: scheduling for then is fine.
	if err := e.svc.Schedule(t.Context(), e.acct.ID, d.ID, start.Add(20*time.Hour)); err != nil {
		t.Errorf("Schedule for tomorrow = %v", err)
	}
	// The next day our store allows it, but WeChat says the quota is gone
	// (spent in WeChat's own console, say).
	e.clock.Advance(10 * time.Hour)
	if err := e.svc.SaveSettings(t.Context(), e.acct.ID, broadcast.Settings{DailyCap: 0, RecentHours: 72}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.api.SendAll(t.Context(), 0, wxclient.MassContent{MsgType: "text", Text: "后台群发"}, "console"); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Schedule(t.Context(), e.acct.ID, d.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	b := e.run(d.ID, broadcast.StatusFailed)
	if !strings.Contains(b.Error, "明天") {
		t.Errorf("failed broadcast's error = %q, want the quota message", b.Error)
	}
	if res, err := e.svc.Results(t.Context(), e.acct.ID, d.ID); err != nil || res.Failed != 5 || res.Accepted != 0 {
		t.Errorf("results after 45028 = %+v, %v; want all 5 recipients failed", res, err)
	}
	if hist := e.received(d.ID, 5); hist[0] != 5 {
		t.Errorf("deliveries after 45028 = %v, want none", hist)
	}
}

// Check suggests the account's busiest hours, best first, and the
// checks before scheduling and sending need not read them.
func TestCheckPeakHours(t *testing.T) {
	e := newEnv(t, account.Subscription, 3)
	reads := 0
	svc := broadcast.NewService(broadcast.Deps{Store: e.db, Now: e.clock.Now,
		API: func(*account.Account) broadcast.WeChat { return e.wrap },
		Hours: func(context.Context, []int64, analytics.Date, analytics.Date) ([24]int64, error) {
			reads++
			var h [24]int64
			h[9], h[20], h[21] = 3, 7, 3
			return h, nil
		}})
	c, err := svc.Check(t.Context(), e.acct.ID, textDraft("高峰", all))
	if err != nil || fmt.Sprint(c.PeakHours) != "[20 9 21]" || c.AudienceSize != 3 || reads != 1 {
		t.Fatalf("Check = %+v, %v (hours read %d times); want peak hours [20 9 21]", c, err, reads)
	}
	b, err := svc.Create(t.Context(), e.acct.ID, 1, textDraft("高峰", all))
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Schedule(t.Context(), e.acct.ID, b.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Run(t.Context(), e.acct.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if hist := e.received(b.ID, 3); hist[1] != 3 || reads != 1 {
		t.Errorf("deliveries = %v, hours read %d times; want all 3 once and no further read", hist, reads)
	}
}

// The daily cap skips followers we already messaged in the last 24 h; a
// subscription account then sends through a temporary tag, which a
// follower holding 20 tags cannot get; the tag is deleted afterwards.
func TestCapAndTemporaryTag(t *testing.T) {
	const n = 130
	e := newEnv(t, account.Subscription, n)
	full := openID(15)
	for i := range 20 {
		tag, err := e.api.CreateTag(t.Context(), "满"+string(rune('A'+i)))
		if err != nil {
			t.Fatal(err)
		}
		if err := e.api.TagFollowers(t.Context(), tag, []string{full}); err != nil {
			t.Fatal(err)
		}
	}
	vip, err := e.db.CreateTag(t.Context(), e.acct.ID, "VIP", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.AddTagFollowers(t.Context(), e.acct.ID, vip.ID, []string{openID(0), openID(1), openID(2)}); err != nil {
		t.Fatal(err)
	}
	first := e.create(textDraft("VIP 专享", broadcast.Audience{Kind: broadcast.AudienceTag, TagID: vip.ID}))
	e.run(first, broadcast.StatusSent)
	if got, _ := e.db.Tag(t.Context(), e.acct.ID, vip.ID); got.WxTagID == 0 {
		t.Errorf("the local tag was not pushed to WeChat: %+v", got)
	}
	if hist := e.received(first, n); hist[1] != 3 {
		t.Fatalf("tag broadcast deliveries = %v, want 3", hist)
	}

	e.clock.Advance(10 * time.Hour) // a new quota day, within 24 h of the first send
	d := textDraft("全体", all)
	c, err := e.svc.Check(t.Context(), e.acct.ID, d)
	if err != nil || c.Blocked || c.AudienceSize != n || c.OverCap != 3 || c.RecentlyContacted != 3 {
		t.Fatalf("Check = %+v, %v", c, err)
	}
	second := e.create(d)
	e.run(second, broadcast.StatusSent)
	hist := e.received(second, n)
	if hist[1] != n-4 || hist[0] != 4 {
		t.Errorf("deliveries = %v; want %d once, 3 capped and 1 with 20 tags none", hist, n-4)
	}
	res, _ := e.svc.Results(t.Context(), e.acct.ID, second)
	if res.SkippedByCap != 3 || res.Failed != 1 || res.Accepted != n-4 {
		t.Errorf("results = %+v", res)
	}
	rs, _ := e.db.Recipients(t.Context(), second, -1, broadcast.StateFailed, "", 10)
	if len(rs) != 1 || rs[0].OpenID != full || !strings.Contains(rs[0].Error, "20") {
		t.Errorf("failed recipients = %+v", rs)
	}
	tmp := broadcast.TempTagName(second)
	if !hasTag(e.p.Tags(e.acct.AppID), tmp) {
		t.Fatalf("temporary tag %s missing before cleanup", tmp)
	}
	e.clock.Advance(2 * time.Hour) // no job report came: deleted an hour after the send
	if n, err := e.svc.CleanTempTags(t.Context()); n != 1 || err != nil {
		t.Fatalf("CleanTempTags = %d, %v", n, err)
	}
	if hasTag(e.p.Tags(e.acct.AppID), tmp) {
		t.Errorf("temporary tag %s still exists", tmp)
	}
}

func hasTag(tags []simulator.Tag, name string) bool {
	for _, t := range tags {
		if t.Name == name {
			return true
		}
	}
	return false
}

// Template messages go one per follower; a row a crash left "sending" is
// never resent: it becomes unknown, or takes the result WeChat pushed.
func TestTemplates(t *testing.T) {
	const n = 6
	e := newEnv(t, account.Service, n)
	d := broadcast.Draft{Title: "订单提醒", Kind: broadcast.KindTemplate, Audience: all,
		Template: &broadcast.Template{ID: "TPL_ORDER", URL: "https://shop.example.com/o", Data: map[string]string{"keyword1": "已发货"}}}
	id := e.create(d)
	e.wrap.loseNext = true // the first template's answer is lost
	if err := e.svc.Run(t.Context(), e.acct.ID, id); err == nil {
		t.Fatal("Run with a lost answer succeeded")
	}
	b := e.run(id, broadcast.StatusSent)
	if b.Recipients != n {
		t.Errorf("recipients = %d", b.Recipients)
	}
	if hist := e.received(id, n); hist[1] != n {
		t.Errorf("templates per follower = %v, want all exactly once", hist)
	}
	res, _ := e.svc.Results(t.Context(), e.acct.ID, id)
	if res.Unknown != 1 || res.Accepted != n-1 {
		t.Errorf("results = %+v; want 1 unknown", res)
	}
	// TEMPLATESENDJOBFINISH reports come in: a delivery and a refusal.
	got := e.p.Broadcasts(e.acct.AppID, openID(1))
	e.commitEvent(&wechat.Message{FromUserName: openID(1), Event: wechat.EventTemplateSendJob, JobMsgID: got[0].MsgID, Status: "success"}, start)
	got = e.p.Broadcasts(e.acct.AppID, openID(2))
	e.commitEvent(&wechat.Message{FromUserName: openID(2), Event: wechat.EventTemplateSendJob, JobMsgID: got[0].MsgID, Status: "failed:user block"}, start)
	if read, err := e.svc.Reconcile(t.Context()); read != 2 || err != nil {
		t.Fatalf("Reconcile = %d, %v", read, err)
	}
	res, _ = e.svc.Results(t.Context(), e.acct.ID, id)
	if res.Delivered != 1 || res.Failed != 1 || res.Accepted != n-2 {
		t.Errorf("results after reports = %+v", res)
	}
}

// Preview reaches the test followers without spending quota or counting
// as a message we initiated.
func TestPreview(t *testing.T) {
	e := newEnv(t, account.Subscription, 3)
	b, err := e.svc.Create(t.Context(), e.acct.ID, 1, textDraft("预览", all))
	if err != nil {
		t.Fatal(err)
	}
	err = e.svc.Preview(t.Context(), e.acct.ID, b.ID, nil)
	if !errs.Is(err, errs.Invalid) {
		t.Errorf("Preview without preview followers = %v, want Invalid", err)
	}
	st := broadcast.Settings{DailyCap: 1, RecentHours: 72, PreviewOpenIDs: []string{openID(2)}}
	if err := e.svc.SaveSettings(t.Context(), e.acct.ID, st); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Preview(t.Context(), e.acct.ID, b.ID, nil); err != nil {
		t.Fatal(err)
	}
	got := e.p.Broadcasts(e.acct.AppID, openID(2))
	if len(got) != 1 || got[0].Kind != simulator.KindPreview {
		t.Errorf("preview follower received %+v", got)
	}
	c, err := e.svc.Check(t.Context(), e.acct.ID, b.Draft)
	if err != nil || c.QuotaUsed != 0 || c.RecentlyContacted != 0 || c.Blocked {
		t.Errorf("Check after a preview = %+v, %v", c, err)
	}
}

// Drafts are validated with bilingual reasons, and only drafts and
// scheduled broadcasts can be edited or cancelled.
func TestDraftRules(t *testing.T) {
	e := newEnv(t, account.Subscription, 2)
	bad := []broadcast.Draft{
		{Kind: broadcast.KindText, Text: "x", Audience: all},
		{Title: "t", Kind: broadcast.KindText, Audience: all},
		{Title: "t", Kind: "video", Audience: all},
		{Title: "t", Kind: broadcast.KindNews, Audience: all},
		{Title: "t", Kind: broadcast.KindTemplate, Audience: all},
		{Title: "t", Kind: broadcast.KindText, Text: "x", Audience: broadcast.Audience{Kind: broadcast.AudienceTag}},
		{Title: "t", Kind: broadcast.KindText, Text: "x", Audience: broadcast.Audience{Kind: "vip"}},
	}
	for i, d := range bad {
		if _, err := e.svc.Create(t.Context(), e.acct.ID, 1, d); !errs.Is(err, errs.Invalid) {
			t.Errorf("draft %d: Create = %v, want Invalid", i, err)
		}
	}
	b, err := e.svc.Create(t.Context(), e.acct.ID, 1, textDraft("草稿", all))
	if err != nil {
		t.Fatal(err)
	}
	tpl := broadcast.Draft{Title: "模板", Kind: broadcast.KindTemplate, Audience: all,
		Template: &broadcast.Template{ID: "T", Data: map[string]string{"k": "v"}}}
	if c, err := e.svc.Check(t.Context(), e.acct.ID, tpl); err != nil || !c.Blocked || !strings.Contains(c.Reason.Error(), "服务号") {
		t.Errorf("template on a subscription account: %+v, %v", c, err)
	}
	if err := e.svc.Cancel(t.Context(), e.acct.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Update(t.Context(), e.acct.ID, b.ID, textDraft("改", all)); !errs.Is(err, errs.Conflict) {
		t.Errorf("Update of a cancelled broadcast = %v, want Conflict", err)
	}
	if err := e.svc.Cancel(t.Context(), e.acct.ID, b.ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("Cancel twice = %v, want Conflict", err)
	}
}
