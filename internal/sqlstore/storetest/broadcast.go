package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

func newBroadcast(t *testing.T, s Store, acct int64, title string) *broadcast.Record {
	t.Helper()
	r := &broadcast.Record{AccountID: acct, Broadcast: broadcast.Broadcast{Status: broadcast.StatusDraft, CreatedBy: 7,
		CreatedAt: base, Draft: broadcast.Draft{Title: title, Kind: broadcast.KindText, Text: "新品上市 & 优惠",
			Audience: broadcast.Audience{Kind: broadcast.AudienceAll}}}}
	if err := s.CreateBroadcast(ctx(t), r); err != nil || r.ID == 0 {
		t.Fatalf("CreateBroadcast = %v (id %d)", err, r.ID)
	}
	return r
}

// testBroadcasts walks a broadcast through its statuses and checks that a
// change only happens from the statuses that allow it.
func testBroadcasts(t *testing.T, s Store) {
	acct, other := mustAccount(t, s, "wx_bc").ID, mustAccount(t, s, "wx_bc_other").ID
	r := newBroadcast(t, s, acct, "五月上新")
	got, err := s.Broadcast(ctx(t), acct, r.ID)
	if err != nil || got.Title != "五月上新" || got.Text != "新品上市 & 优惠" || got.Status != broadcast.StatusDraft ||
		!got.CreatedAt.Equal(base) || got.CreatedBy != 7 || got.ScheduledAt != nil || got.Unfollows24h != nil {
		t.Fatalf("Broadcast = %+v, %v", got, err)
	}
	_, err = s.Broadcast(ctx(t), other, r.ID)
	wantCode(t, "another account's broadcast", err, errs.NotFound)
	d := got.Draft
	d.Title, d.Audience = "五月上新（改）", broadcast.Audience{Kind: broadcast.AudienceTag, TagID: 3}
	if err := s.UpdateBroadcastDraft(ctx(t), acct, r.ID, d, base.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	at := base.Add(time.Hour)
	if err := s.SetBroadcastStatus(ctx(t), acct, r.ID, []string{"draft", "scheduled"}, "scheduled", at, base); err != nil {
		t.Fatal(err)
	}
	due, err := s.DueBroadcasts(ctx(t), base.Add(30*time.Minute), 10)
	if err != nil || len(due) != 0 {
		t.Errorf("due before its time = %v, %v", due, err)
	}
	due, err = s.DueBroadcasts(ctx(t), at, 10)
	if err != nil || len(due) != 1 || due[0].ID != r.ID || due[0].Audience.TagID != 3 || !due[0].ScheduledAt.Equal(at) {
		t.Errorf("due at its time = %+v, %v", due, err)
	}
	err = s.SetBroadcastStatus(ctx(t), acct, r.ID, []string{"sending"}, "sent", time.Time{}, base)
	wantCode(t, "finish a scheduled broadcast", err, errs.Conflict)
	err = s.SetBroadcastStatus(ctx(t), other, r.ID, []string{"scheduled"}, "cancelled", time.Time{}, base)
	wantCode(t, "cancel another account's broadcast", err, errs.NotFound)
	if err := s.SetBroadcastStatus(ctx(t), acct, r.ID, []string{"scheduled"}, "cancelled", time.Time{}, base); err != nil {
		t.Fatal(err)
	}
	err = s.UpdateBroadcastDraft(ctx(t), acct, r.ID, d, base)
	wantCode(t, "edit a cancelled broadcast", err, errs.Conflict)
	checkBroadcastList(t, s, acct, r.ID)
	checkBroadcastSettings(t, s, acct)
}

func checkBroadcastList(t *testing.T, s Store, acct, firstID int64) {
	t.Helper()
	ids := []int64{firstID}
	for i := range 3 {
		ids = append(ids, newBroadcast(t, s, acct, fmt.Sprint("第", i)).ID)
	}
	page, err := s.Broadcasts(ctx(t), acct, 0, 2)
	if err != nil || len(page) != 2 || page[0].ID != ids[3] || page[1].ID != ids[2] {
		t.Fatalf("first page = %v, %v", page, err)
	}
	page, err = s.Broadcasts(ctx(t), acct, page[1].ID, 10)
	if err != nil || len(page) != 2 || page[0].ID != ids[1] || page[1].ID != ids[0] {
		t.Errorf("second page = %v, %v", page, err)
	}
}

func checkBroadcastSettings(t *testing.T, s Store, acct int64) {
	t.Helper()
	st, err := s.BroadcastSettings(ctx(t), acct)
	if err != nil || st != nil {
		t.Fatalf("settings never saved = %+v, %v; want nil", st, err)
	}
	want := broadcast.Settings{DailyCap: 2, RecentHours: 48, PreviewOpenIDs: []string{"o_test1", "o_test2"}}
	for range 2 { // the second save overwrites
		if err := s.SaveBroadcastSettings(ctx(t), acct, want, base); err != nil {
			t.Fatal(err)
		}
	}
	st, err = s.BroadcastSettings(ctx(t), acct)
	if err != nil || st.DailyCap != 2 || st.RecentHours != 48 || !slices.Equal(st.PreviewOpenIDs, want.PreviewOpenIDs) {
		t.Errorf("settings = %+v, %v", st, err)
	}
	wantCode(t, "settings of no account", s.SaveBroadcastSettings(ctx(t), 99999, want, base), errs.NotFound)
}

// startedBroadcast is a broadcast started with two batches of openids and
// one follower skipped by the cap.
func startedBroadcast(t *testing.T, s Store, acct int64, now time.Time) *broadcast.Record {
	t.Helper()
	r := newBroadcast(t, s, acct, "批次")
	if err := s.SetBroadcastStatus(ctx(t), acct, r.ID, []string{"draft"}, "scheduled", now, now); err != nil {
		t.Fatal(err)
	}
	r.Plan = broadcast.PlanOpenIDs
	recips := []broadcast.Recipient{{OpenID: "o_a", Batch: 1, State: "pending"}, {OpenID: "o_b", Batch: 1, State: "pending"},
		{OpenID: "o_c", Batch: 2, State: "pending"}, {OpenID: "o_d", Batch: 2, State: "pending"}, {OpenID: "o_e", State: "skipped_cap"}}
	batches := []broadcast.Batch{{BroadcastID: r.ID, Batch: 1, ClientMsgID: broadcast.ClientMsgID(r.ID, 1), Size: 2, State: "pending"},
		{BroadcastID: r.ID, Batch: 2, ClientMsgID: broadcast.ClientMsgID(r.ID, 2), Size: 2, State: "pending"}}
	if err := s.StartBroadcast(ctx(t), r, recips, batches, now); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "start twice", s.StartBroadcast(ctx(t), r, recips, batches, now), errs.Conflict)
	return r
}

// testBroadcastSending snapshots a broadcast and moves its batches and
// recipients as the sender does, checking the record of messages we
// initiated that the daily cap reads.
func testBroadcastSending(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_bc_send").ID
	now := base.Add(time.Hour)
	r := startedBroadcast(t, s, acct, now)
	got, err := s.Broadcast(ctx(t), acct, r.ID)
	if err != nil || got.Status != "sending" || got.Plan != "openids" || got.Recipients != 4 || got.SkippedCap != 1 || !got.StartedAt.Equal(now) {
		t.Fatalf("started = %+v, %v", got, err)
	}
	if n, err := s.MassSendsSince(ctx(t), acct, base); n != 1 || err != nil {
		t.Errorf("MassSendsSince while sending = %d, %v; want 1", n, err)
	}
	batches, err := s.Batches(ctx(t), r.ID)
	if err != nil || len(batches) != 2 || batches[1].ClientMsgID != fmt.Sprintf("fb-%d-2", r.ID) || batches[0].State != "pending" {
		t.Fatalf("Batches = %+v, %v", batches, err)
	}
	b := batches[0]
	b.State = "sending"
	if err := s.MarkBatch(ctx(t), b, now); err != nil {
		t.Fatal(err)
	}
	wantRecipients(t, s, r.ID, 1, "", "o_a:sending o_b:sending")
	if rs, _ := s.Recipients(ctx(t), r.ID, 1, "", "", 1); len(rs) != 1 || !rs[0].SentAt.Equal(now) {
		t.Errorf("a sending batch's recipient = %+v; want sent_at %v", rs, now)
	}
	b.State, b.MsgID, b.MsgDataID = "accepted", 3000000123, 77
	if err := s.MarkBatch(ctx(t), b, now.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	wantRecipients(t, s, r.ID, 1, "", "o_a:accepted o_b:accepted")
	wantRecipients(t, s, r.ID, -1, "pending", "o_c:pending o_d:pending")
	if err := s.MarkRecipients(ctx(t), r.ID, []string{"o_c"}, "failed", "45059", 0, time.Time{}); err != nil {
		t.Fatal(err)
	}
	b2 := batches[1]
	b2.State, b2.Error = "failed", "refused"
	if err := s.MarkBatch(ctx(t), b2, now); err != nil {
		t.Fatal(err)
	}
	wantRecipients(t, s, r.ID, 2, "", "o_c:failed o_d:failed")
	if rs, _ := s.Recipients(ctx(t), r.ID, 2, "", "", 2); len(rs) != 2 || rs[0].Error != "45059" || rs[1].Error != "refused" {
		t.Errorf("failed recipients = %+v; o_c keeps its own error, o_d takes the batch's", rs)
	}
	contacted, err := s.Contacted(ctx(t), acct, now.Add(-time.Hour), now.Add(-time.Minute))
	one := broadcast.Contact{Recent: 1, Day: 1}
	if err != nil || len(contacted) != 2 || contacted["o_a"] != one || contacted["o_b"] != one {
		t.Errorf("Contacted = %v, %v; want o_a and o_b once", contacted, err)
	}
	contacted, _ = s.Contacted(ctx(t), acct, now.Add(-time.Hour), now.Add(time.Minute))
	if contacted["o_a"] != (broadcast.Contact{Recent: 1}) {
		t.Errorf("Contacted with the day window after the send = %v", contacted)
	}
	if later, _ := s.Contacted(ctx(t), acct, now.Add(time.Minute), now.Add(time.Minute)); len(later) != 0 {
		t.Errorf("Contacted after the send = %v", later)
	}
	if err := s.FinishBroadcast(ctx(t), r.ID, "sent", "", now); err != nil {
		t.Fatal(err)
	}
	if n, err := s.MassSendsSince(ctx(t), acct, base); n != 1 || err != nil {
		t.Errorf("MassSendsSince after = %d, %v; want 1", n, err)
	}
	tally, err := s.BroadcastTally(ctx(t), r.ID)
	if err != nil || tally.ByState["accepted"] != 2 || tally.ByState["failed"] != 2 || tally.ByState["skipped_cap"] != 1 || tally.Jobs != 1 || tally.JobsFinished != 0 {
		t.Errorf("tally = %+v, %v", tally, err)
	}
}

func wantRecipients(t *testing.T, s Store, id int64, batch int, state, want string) {
	t.Helper()
	rs, err := s.Recipients(ctx(t), id, batch, state, "", 100)
	var got []string
	for _, rc := range rs {
		got = append(got, rc.OpenID+":"+rc.State)
	}
	if err != nil || fmt.Sprint(got) != "["+want+"]" {
		t.Errorf("Recipients(batch %d, %q) = %v, %v; want %s", batch, state, got, err, want)
	}
}

func jobEvent(acct int64, openID, name string, msgID int64, body string, at time.Time) inbox.Inbound {
	in := event(acct, openID, name, "", at)
	in.Message.MsgID = msgID
	in.Message.DedupeKey += fmt.Sprint(msgID)
	in.Message.Raw = []byte(body)
	return in
}

// testBroadcastResults stores job-finish pushes and unfollows, and checks
// that they are found by position, msg_id and follower, and counted.
func testBroadcastResults(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_bc_res").ID
	now := base.Add(time.Hour)
	for _, o := range []string{"o_a", "o_b", "o_c", "o_d", "o_z"} {
		mustCommit(t, s, event(acct, o, "subscribe", "", base))
	}
	r := startedBroadcast(t, s, acct, now)
	b := broadcast.Batch{BroadcastID: r.ID, Batch: 1, State: "accepted", MsgID: 3000000555}
	if err := s.MarkBatch(ctx(t), b, now); err != nil {
		t.Fatal(err)
	}
	mass := `<xml><MsgType>event</MsgType><Event>MASSSENDJOBFINISH</Event><MsgID>3000000555</MsgID></xml>`
	mustCommit(t, s, jobEvent(acct, "mphelper", "MASSSENDJOBFINISH", 3000000555, mass, now.Add(time.Minute)),
		jobEvent(acct, "o_c", "TEMPLATESENDJOBFINISH", 42, "<xml/>", now.Add(2*time.Minute)),
		event(acct, "o_a", "unsubscribe", "", now.Add(2*time.Hour)),
		event(acct, "o_b", "unsubscribe", "", now.Add(48*time.Hour)),
		event(acct, "o_z", "unsubscribe", "", now.Add(3*time.Hour)))
	evs, err := s.JobEvents(ctx(t), 0, 10)
	if err != nil || len(evs) != 2 || evs[0].Event != "MASSSENDJOBFINISH" || string(evs[0].Raw) != mass || !evs[0].ReceivedAt.Equal(now.Add(time.Minute)) {
		t.Fatalf("JobEvents = %+v, %v", evs, err)
	}
	if more, _ := s.JobEvents(ctx(t), evs[1].ID, 10); len(more) != 0 {
		t.Errorf("JobEvents after the last = %v", more)
	}
	if next, err := s.JobEvents(ctx(t), evs[0].ID, 1); err != nil || len(next) != 1 || next[0].ID != evs[1].ID {
		t.Errorf("JobEvents after the first, one at most = %+v, %v; want the template push", next, err)
	}
	if ev, err := s.JobEventByMsgID(ctx(t), acct, 3000000555); err != nil || ev == nil || ev.ID != evs[0].ID {
		t.Errorf("JobEventByMsgID = %+v, %v", ev, err)
	}
	if ev, err := s.TemplateFinish(ctx(t), acct, "o_c", now); err != nil || ev == nil || ev.ID != evs[1].ID {
		t.Errorf("TemplateFinish = %+v, %v", ev, err)
	}
	if ev, err := s.TemplateFinish(ctx(t), acct, "o_c", now.Add(time.Hour)); err != nil || ev != nil {
		t.Errorf("TemplateFinish before since = %+v, %v; want none", ev, err)
	}
	checkFinishJobs(t, s, acct, r.ID)
	n24, n72, err := s.Unfollows(ctx(t), acct, r.ID, now, now.Add(24*time.Hour), now.Add(72*time.Hour))
	if err != nil || n24 != 1 || n72 != 2 {
		t.Errorf("Unfollows = %d, %d, %v; want 1 (o_a) and 2 (o_a, o_b; o_z got nothing)", n24, n72, err)
	}
	if err := s.SaveUnfollows(ctx(t), r.ID, n24, n72); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Broadcast(ctx(t), acct, r.ID); got.Unfollows24h == nil || *got.Unfollows72h != 2 {
		t.Errorf("saved unfollows = %v, %v", got.Unfollows24h, got.Unfollows72h)
	}
	checkAudience(t, s, acct)
}

func checkFinishJobs(t *testing.T, s Store, acct, id int64) {
	t.Helper()
	fin := broadcast.Batch{JobStatus: "send success", TotalCount: 2, FilterCount: 2, SentCount: 2, FinishedAt: base}
	if got, err := s.FinishMassJob(ctx(t), acct, 3000000555, fin); got != id || err != nil {
		t.Errorf("FinishMassJob = %d, %v; want %d", got, err, id)
	}
	if got, err := s.FinishMassJob(ctx(t), acct, 1, fin); got != 0 || err != nil {
		t.Errorf("FinishMassJob of an unknown job = %d, %v", got, err)
	}
	tally, _ := s.BroadcastTally(ctx(t), id)
	if tally.JobsFinished != 1 || tally.SentCount != 2 || tally.FilterCount != 2 {
		t.Errorf("tally after the job finished = %+v", tally)
	}
	if err := s.MarkRecipients(ctx(t), id, []string{"o_d"}, "accepted", "", 4242, base); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FinishTemplate(ctx(t), acct, 4242, "delivered", ""); got != id || err != nil {
		t.Errorf("FinishTemplate = %d, %v", got, err)
	}
	wantRecipients(t, s, id, 2, "delivered", "o_d:delivered")
}

func checkAudience(t *testing.T, s Store, acct int64) {
	t.Helper()
	all, err := s.AudienceOpenIDs(ctx(t), acct, 0, "", 10)
	if err != nil || fmt.Sprint(all) != "[o_c o_d]" {
		t.Errorf("subscribed audience = %v, %v; want o_c o_d (the others unfollowed)", all, err)
	}
	page, err := s.AudienceOpenIDs(ctx(t), acct, 0, "o_c", 10)
	if err != nil || fmt.Sprint(page) != "[o_d]" {
		t.Errorf("audience after o_c = %v, %v", page, err)
	}
	tag, err := s.CreateTag(ctx(t), acct, "老客户", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddTagFollowers(ctx(t), acct, tag.ID, []string{"o_a", "o_d"}); err != nil {
		t.Fatal(err)
	}
	tagged, err := s.AudienceOpenIDs(ctx(t), acct, tag.ID, "", 10)
	if err != nil || fmt.Sprint(tagged) != "[o_d]" {
		t.Errorf("tag audience = %v, %v; want o_d (o_a unfollowed)", tagged, err)
	}
}
