package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/inbox/burst"
	"github.com/fanbase/fanbase/internal/live"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/user"
)

// testBurstTools builds the burst tools on the test store: a desk whose
// customer-service API accepts everything except messages to "o_fail".
func testBurstTools(db *sqlstore.DB, hub *live.Hub, logger *slog.Logger) *burst.Tools {
	send := inbox.SenderFunc(func(_ context.Context, _ *account.Account, body []byte) error {
		if bytes.Contains(body, []byte(`"o_fail"`)) {
			return errors.New("errcode 45015: response out of time limit")
		}
		return nil
	})
	desk := inbox.NewDesk(inbox.Options{Store: db, Directory: db, Sender: send, Publisher: hub, Logger: logger})
	adapter := burst.DeskAdapter{Desk: desk}
	runner := burst.NewRunner(burst.RunnerOptions{Store: db, Accounts: db, Replier: adapter, Windower: adapter,
		Publisher: hub, Leaser: db, Logger: logger})
	return &burst.Tools{Store: db, Queue: db, Remedy: db, Windower: adapter, Runner: runner}
}

// pushes stores follower text messages at the given ages; a text starting
// with "!" got the automatic reply "re: <text>" from rule 7 of version 3.
func (a *testApp) pushes(acct *account.Account, msgs ...testPush) []int64 {
	a.t.Helper()
	var batch []inbox.Inbound
	for i := range msgs {
		msgs[i].at = time.Now().Add(-msgs[i].age).UTC().Truncate(time.Millisecond)
		m, at := msgs[i], msgs[i].at
		text, answered := strings.CutPrefix(m.text, "!")
		in := inbox.Inbound{
			Message: inbox.Message{AccountID: acct.ID, OpenID: m.openid, Kind: inbox.KindMessage, MsgType: "text",
				DedupeKey: fmt.Sprintf("%s-%d-%d", m.openid, at.UnixNano(), i), Content: text, Raw: []byte("<xml/>"),
				CreateTime: at, ReceivedAt: at},
			Follower: audience.Change{OpenID: m.openid, At: at, Message: true},
		}
		if answered {
			in.Reply = &inbox.Reply{Channel: inbox.ChannelPassive, MsgType: "text", Content: "re: " + text,
				Body: []byte("<xml/>"), Source: inbox.Source{RuleID: 7, RuleVersion: 3}, Status: "sent"}
		}
		batch = append(batch, in)
	}
	out, err := a.DB.CommitInbound(context.Background(), batch)
	if err != nil {
		a.t.Fatalf("CommitInbound: %v", err)
	}
	ids := make([]int64, len(out))
	for i, c := range out {
		ids[i] = c.MessageID
	}
	return ids
}

type testPush struct {
	openid, text string
	age          time.Duration
	at           time.Time // when it was received, set by pushes
}

// openConversations opens a waiting conversation for each message.
func (a *testApp) openConversations(acct *account.Account, ids []int64, msgs []testPush) map[string]int64 {
	a.t.Helper()
	convs := map[string]int64{}
	for i, id := range ids {
		obs := inbox.Observation{MessageID: id, AccountID: acct.ID, OpenID: msgs[i].openid,
			At: msgs[i].at, Text: msgs[i].text, Opens: true}
		touched, err := a.DB.ApplyObservations(context.Background(), "web.test", id, []inbox.Observation{obs})
		if err != nil || len(touched) != 1 {
			a.t.Fatalf("ApplyObservations = %v, %v", touched, err)
		}
		convs[msgs[i].openid] = touched[0].ConversationID
	}
	return convs
}

// waitJob waits for a bulk job to finish and returns it.
func (a *testApp) waitJob(id int64) *burst.Job {
	a.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		j, err := a.DB.BulkJob(context.Background(), id)
		if err == nil && j.Status == burst.JobDone {
			return j
		}
		time.Sleep(20 * time.Millisecond)
	}
	a.t.Fatalf("bulk job %d did not finish", id)
	return nil
}

var bulkURLPattern = regexp.MustCompile(`/bulk/(\d+)$`)

// jobOf reads the job id from a redirect to its page.
func jobOf(t *testing.T, c *client, path string, form url.Values) int64 {
	t.Helper()
	status, body, hdr := c.htmx("POST", path, form)
	m := bulkURLPattern.FindStringSubmatch(hdr.Get("HX-Redirect"))
	if status != http.StatusNoContent || m == nil {
		t.Fatalf("POST %s = %d %q, body %.300s; want a redirect to the job", path, status, hdr.Get("HX-Redirect"), body)
	}
	var id int64
	fmt.Sscan(m[1], &id)
	return id
}

func TestClusterPageAndAnswer(t *testing.T) {
	app := newTestApp(t)
	msgs := []testPush{{openid: "o_a", text: "优惠券怎么用", age: 3 * time.Minute},
		{openid: "o_b", text: "优惠券怎么使用啊？", age: 2 * time.Minute},
		{openid: "o_fail", text: "怎么用优惠券", age: time.Minute}, {openid: "o_c", text: "什么时候发货", age: time.Minute}}
	convs := app.openConversations(app.Account, app.pushes(app.Account, msgs...), msgs)
	app.addUser("agent", user.Agent, app.Account.ID)
	app.addUser("viewer", user.Viewer, app.Account.ID)
	c := app.login("agent")
	base := "/a/" + app.Account.AppID

	status, body := c.get(base + "/inbox/clusters")
	wantPage(t, "clusters", status, body, http.StatusOK, `class="card cluster"`, "cluster-answer-btn", "优惠券怎么用",
		fmt.Sprintf(`name="conv" value="%d"`, convs["o_fail"]))
	if strings.Count(body, `class="card cluster"`) != 1 || strings.Contains(body, fmt.Sprintf(`name="conv" value="%d"`, convs["o_c"])) {
		t.Errorf("want one cluster of the three coupon questions, the shipping question apart")
	}
	form := url.Values{"text": {"在结算页「优惠」一栏选择优惠券即可"}, "note": {"优惠券怎么用"}}
	for _, o := range []string{"o_a", "o_b", "o_fail"} {
		form.Add("conv", fmt.Sprint(convs[o]))
	}
	id := jobOf(t, c, base+"/inbox/clusters/answer", form)
	j := app.waitJob(id)
	if j.Counts != (burst.Counts{Total: 3, Sent: 2, Failed: 1}) || j.CreatedBy == 0 {
		t.Errorf("job = %+v; want 2 sent and o_fail failed", j)
	}
	status, body = c.get(fmt.Sprintf("%s/bulk/%d", base, id))
	wantPage(t, "bulk page", status, body, http.StatusOK, `id="bulk-progress"`, `class="bulk-recipient"`, "errcode 45015",
		`data-status="sent"`, `data-status="failed"`, "100%", `hx-trigger="sse:bulk"`)
	status, body = c.get(fmt.Sprintf("%s/bulk/%d?part=live&status=failed", base, id))
	wantPage(t, "live part", status, body, http.StatusOK, `id="bulk-progress"`, `data-openid="o_fail"`)
	if strings.Contains(body, "<html") || strings.Contains(body, `data-openid="o_a"`) {
		t.Errorf("the live part is a fragment of the failed recipients only; got %.300s", body)
	}
	status, body = c.get(base + "/inbox/clusters")
	wantPage(t, "clusters after the answer", status, body, http.StatusOK, "bulk-jobs")
	if strings.Contains(body, fmt.Sprintf(`name="conv" value="%d"`, convs["o_a"])) {
		t.Errorf("answered conversations still listed in a cluster")
	}

	t.Run("refusals", func(t *testing.T) {
		status, body := c.do("POST", base+"/inbox/clusters/answer", form, nil) // no csrf field
		wantPage(t, "answer without csrf", status, body, http.StatusForbidden)
		v := app.login("viewer")
		status, _ = v.get(base + "/inbox/clusters")
		wantPage(t, "viewer clusters", status, "", http.StatusForbidden)
		status, _ = app.anonymous().get(base + "/inbox/clusters")
		wantPage(t, "anonymous clusters", status, "", http.StatusSeeOther)
		other := app.addAccount("wxother0000000002", "别的号")
		status, _ = c.get(fmt.Sprintf("/a/%s/bulk/%d", other.AppID, id))
		wantPage(t, "job of an account the agent lacks", status, "", http.StatusForbidden)
		status, _ = c.post(base+"/inbox/clusters/answer", url.Values{"text": {"x"}, "conv": {"abc"}})
		wantPage(t, "bad conversation id", status, "", http.StatusBadRequest)
	})
}

func TestRemediationPreviewAndSend(t *testing.T) {
	app := newTestApp(t)
	app.pushes(app.Account, testPush{openid: "o_a", text: "!门票多少钱", age: time.Hour}, testPush{openid: "o_b", text: "!门票", age: 2 * time.Hour},
		testPush{openid: "o_old", text: "!门票", age: 60 * time.Hour}, testPush{openid: "o_d", text: "停车场在哪", age: time.Hour})
	app.addUser("op", user.Operator, app.Account.ID)
	app.addUser("agent", user.Agent, app.Account.ID)
	c := app.login("op")
	base := "/a/" + app.Account.AppID
	loc := app.Account.Location()
	src := url.Values{"preview": {"1"}, "rule": {"7:3"}, "text": {""},
		"from": {time.Now().Add(-72 * time.Hour).In(loc).Format(localMinute)},
		"to":   {time.Now().Add(time.Minute).In(loc).Format(localMinute)}}

	status, body := c.get(base + "/remediation")
	wantPage(t, "remediation form", status, body, http.StatusOK, `id="remedy-form"`, `name="rule"`)
	status, body = c.get(base + "/remediation?" + src.Encode())
	wantPage(t, "preview", status, body, http.StatusOK, `id="remedy-preview"`, `data-total="3"`, `data-within="2"`,
		`data-outside="1"`, `id="remedy-send-btn"`, `data-openid="o_old"`, "48 小时")
	status, body = c.get(base + "/remediation/outside.csv?" + src.Encode())
	wantPage(t, "csv", status, body, http.StatusOK, "\uFEFFopenid", "o_old", "re: 门票")
	if strings.Contains(body, "o_a") {
		t.Errorf("the CSV lists a follower within the window: %q", body)
	}
	form := url.Values{"rule": src["rule"], "text": {""}, "from": src["from"], "to": src["to"],
		"correction": {"抱歉，门票价格以官网为准"}}
	id := jobOf(t, c, base+"/remediation/send", form)
	j := app.waitJob(id)
	if j.Kind != burst.KindRemedy || j.Counts != (burst.Counts{Total: 2, Sent: 2}) || !strings.Contains(j.Note, "#7 v3") {
		t.Errorf("remedy job = %+v; want 2 sent", j)
	}
	status, body = c.get(fmt.Sprintf("%s/bulk/%d", base, id))
	wantPage(t, "remedy job page", status, body, http.StatusOK, "抱歉，门票价格以官网为准", `data-openid="o_a"`, `data-openid="o_b"`)

	t.Run("refusals", func(t *testing.T) {
		a := app.login("agent")
		status, _ := a.get(base + "/remediation")
		wantPage(t, "agent remediation", status, "", http.StatusForbidden)
		status, _ = a.post(base+"/remediation/send", form)
		wantPage(t, "agent remediation send", status, "", http.StatusForbidden)
		bad := url.Values{"preview": {"1"}, "rule": {"x"}, "from": src["from"], "to": src["to"]}
		status, _ = c.get(base + "/remediation?" + bad.Encode())
		wantPage(t, "bad rule", status, "", http.StatusBadRequest)
		status, _ = c.post(base+"/remediation/send", url.Values{"rule": {"7:3"}, "from": src["from"], "to": src["to"], "correction": {" "}})
		wantPage(t, "empty correction", status, "", http.StatusBadRequest)
	})
}
