package inbox_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/user"
)

// open makes a live conversation for each follower and returns their ids.
func (f *fixture) open(t *testing.T, openIDs ...string) []int64 {
	t.Helper()
	for _, o := range openIDs {
		f.say(t, o, "人工客服", true)
		f.clock.Advance(time.Second)
	}
	f.project(t)
	var ids []int64
	for _, o := range openIDs {
		ids = append(ids, f.live(t, o).ID)
	}
	return ids
}

func TestClaimTransferCloseReopen(t *testing.T) {
	f := newFixture(t)
	wang := f.agent(t, "客服小王", user.Agent, 0)
	li := f.agent(t, "客服小李", user.Agent, 0)
	viewer := f.agent(t, "只读", user.Viewer, 0)
	id := f.open(t, "o_fan")[0]
	ctx, acct := t.Context(), f.acct.ID

	c, err := f.desk.Claim(ctx, acct, id, wang)
	if err != nil || c.Status != inbox.StatusAssigned || c.AssigneeID != wang {
		t.Fatalf("Claim = %+v, %v", c, err)
	}
	if _, err := f.desk.Claim(ctx, acct, id, wang); err != nil {
		t.Errorf("claiming one's own again: %v", err)
	}
	_, err = f.desk.Claim(ctx, acct, id, li)
	if !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "客服小王") {
		t.Errorf("second claim = %v, want Conflict naming 客服小王", err)
	}
	_, err = f.desk.Transfer(ctx, acct, id, viewer, wang)
	wantCode(t, "transfer to a viewer", err, errs.Invalid)
	if c, err = f.desk.Transfer(ctx, acct, id, li, wang); err != nil || c.AssigneeID != li {
		t.Errorf("Transfer = %+v, %v", c, err)
	}
	if c, err = f.desk.Transfer(ctx, acct, id, 0, li); err != nil || c.Status != inbox.StatusOpen || c.AssigneeID != 0 {
		t.Errorf("Transfer back to the queue = %+v, %v", c, err)
	}
	if c, err = f.desk.Close(ctx, acct, id, li); err != nil || c.Status != inbox.StatusClosed || c.ClosedBy != li {
		t.Fatalf("Close = %+v, %v", c, err)
	}
	_, err = f.desk.Close(ctx, acct, id, li)
	wantCode(t, "close twice", err, errs.Conflict)
	_, err = f.desk.Claim(ctx, acct, id, li)
	wantCode(t, "claim a closed conversation", err, errs.Conflict)
	if c, err = f.desk.Reopen(ctx, acct, id, wang); err != nil || c.Status != inbox.StatusAssigned || c.AssigneeID != wang || !c.ClosedAt.IsZero() {
		t.Errorf("Reopen = %+v, %v", c, err)
	}
	_, err = f.desk.Reopen(ctx, acct, id, wang)
	wantCode(t, "reopen a live conversation", err, errs.Conflict)
	_, err = f.desk.Claim(ctx, acct+1, id, wang)
	wantCode(t, "claim through another account", err, errs.NotFound)
	if !f.pub.has(fmt.Sprintf("%d/conversation/%d", acct, id)) {
		t.Error("no live event for the changes")
	}
}

func TestReopenWhileAnotherIsLive(t *testing.T) {
	f := newFixture(t)
	wang := f.agent(t, "客服小王", user.Agent, 0)
	old := f.open(t, "o_fan")[0]
	if _, err := f.desk.Close(t.Context(), f.acct.ID, old, wang); err != nil {
		t.Fatalf("Close: %v", err)
	}
	f.open(t, "o_fan")
	_, err := f.desk.Reopen(t.Context(), f.acct.ID, old, wang)
	wantCode(t, "reopen while the follower has a live conversation", err, errs.Conflict)
}

func TestAutoAssignRoundRobinWithinCapacity(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	a := f.agent(t, "甲", user.Agent, 2)
	b := f.agent(t, "乙", user.Operator, 0) // account default capacity
	away := f.agent(t, "丙", user.Agent, 0)
	for _, id := range []int64{a, b} {
		if err := f.desk.SetPresence(ctx, id, f.acct.ID, inbox.Online); err != nil {
			t.Fatalf("SetPresence: %v", err)
		}
	}
	if err := f.desk.SetPresence(ctx, away, f.acct.ID, inbox.Away); err != nil {
		t.Fatalf("SetPresence: %v", err)
	}
	s := inbox.DefaultSettings(f.acct.ID)
	s.DefaultCapacity = 3
	if err := f.desk.SaveSettings(ctx, s); err != nil {
		t.Fatalf("SaveSettings: %v", err)
	}
	ids := f.open(t, "o_1", "o_2", "o_3", "o_4", "o_5", "o_6", "o_7")
	n, err := f.desk.AutoAssign(ctx, f.acct.ID)
	if err != nil || n != 5 {
		t.Fatalf("AutoAssign = %d, %v; want 5 (capacity 2 + 3)", n, err)
	}
	var got []int64
	for _, id := range ids {
		c, err := f.desk.Conversation(ctx, f.acct.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c.AssigneeID)
	}
	// Longest waiting first, alternating, until 甲 is full.
	want := []int64{a, b, a, b, b, 0, 0}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("assignees %v, want %v", got, want)
	}
	t.Run("an agent whose heartbeat stopped gets nothing", func(t *testing.T) {
		if _, err := f.desk.Close(ctx, f.acct.ID, ids[0], a); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(inbox.PresenceTimeout)
		if n, err := f.desk.AutoAssign(ctx, f.acct.ID); err != nil || n != 0 {
			t.Errorf("AutoAssign after the timeout = %d, %v; want 0", n, err)
		}
		if err := f.desk.Heartbeat(ctx, a, f.acct.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := f.desk.AutoAssign(ctx, f.acct.ID); err != nil || n != 1 {
			t.Errorf("AutoAssign after a heartbeat = %d, %v; want 1", n, err)
		}
	})
	t.Run("off when the account says so", func(t *testing.T) {
		s.AutoAssign = false
		if err := f.desk.SaveSettings(ctx, s); err != nil {
			t.Fatal(err)
		}
		f.open(t, "o_8")
		if n, err := f.desk.AutoAssign(ctx, f.acct.ID); err != nil || n != 0 {
			t.Errorf("AutoAssign while off = %d, %v", n, err)
		}
	})
}

func TestPresence(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	wang := f.agent(t, "客服小王", user.Agent, 0)
	if err := f.desk.Heartbeat(ctx, wang, f.acct.ID); err != nil {
		t.Fatalf("Heartbeat before any presence: %v", err)
	}
	if p, _ := f.desk.Presence(ctx, wang, f.acct.ID); p.Status != inbox.Offline {
		t.Errorf("presence before choosing = %s, want offline", p.Status)
	}
	wantCode(t, "bad status", f.desk.SetPresence(ctx, wang, f.acct.ID, "busy"), errs.Invalid)
	if err := f.desk.SetPresence(ctx, wang, f.acct.ID, inbox.Online); err != nil {
		t.Fatal(err)
	}
	agents, err := f.desk.Agents(ctx, f.acct.ID)
	if err != nil || len(agents) != 1 || !agents[0].Online || agents[0].Name != "客服小王" {
		t.Errorf("Agents = %+v, %v", agents, err)
	}
	f.clock.Advance(inbox.PresenceTimeout + time.Second)
	if p, _ := f.desk.Presence(ctx, wang, f.acct.ID); p.Status != inbox.Away {
		t.Errorf("presence without heartbeats = %s, want away", p.Status)
	}
}

func wantCode(t *testing.T, what string, err error, code errs.Code) {
	t.Helper()
	if errs.CodeOf(err) != code {
		t.Errorf("%s: error %v (code %q), want %q", what, err, errs.CodeOf(err), code)
	}
}
