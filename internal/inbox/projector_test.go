package inbox_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

func TestProjectorOpensPerSetting(t *testing.T) {
	tests := []struct {
		openOn  inbox.OpenOn
		handoff bool
		opens   bool
	}{
		{inbox.OpenOnHandoff, true, true},
		{inbox.OpenOnHandoff, false, false},
		{inbox.OpenOnAll, false, true},
		{inbox.OpenOnNever, true, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/handoff=%v", tt.openOn, tt.handoff), func(t *testing.T) {
			f := newFixture(t)
			s := inbox.DefaultSettings(f.acct.ID)
			s.OpenOn = tt.openOn
			if err := f.desk.SaveSettings(t.Context(), s); err != nil {
				t.Fatalf("SaveSettings: %v", err)
			}
			f.say(t, "o_fan", "有人吗", tt.handoff)
			f.project(t)
			_, err := f.desk.LiveConversation(t.Context(), f.acct.ID, "o_fan")
			if opened := err == nil; opened != tt.opens {
				t.Errorf("conversation opened = %v (%v), want %v", opened, err, tt.opens)
			}
		})
	}
}

func TestProjectorFollowsTheLiveConversation(t *testing.T) {
	f := newFixture(t)
	f.say(t, "o_fan", "在吗", false) // answered by the rules: nothing opens
	f.event(t, "o_fan", "CLICK")   // events never open
	f.project(t)
	if _, err := f.desk.LiveConversation(t.Context(), f.acct.ID, "o_fan"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("opened by a rule-answered message or an event: %v", err)
	}
	opener := f.say(t, "o_fan", "我要退票", true)
	f.clock.Advance(time.Minute)
	last := f.say(t, "o_fan", "[图片]", false) // a follow-up the rules answered still counts
	f.event(t, "o_fan", "VIEW")
	f.project(t)
	c := f.live(t, "o_fan")
	if c.OpenedByMessage != opener || c.LastMessageID != last || c.Messages != 2 || !c.WaitingSince.Equal(t0) ||
		c.Status != inbox.StatusOpen || c.LastText != "[图片]" {
		t.Errorf("conversation %+v", c)
	}
	if !f.pub.has(fmt.Sprintf("%d/conversation/%d", f.acct.ID, c.ID)) {
		t.Errorf("no live event for the conversation; events %v", f.pub.events)
	}
}

// A new projector (a restart) starts where the last one committed: nothing
// is applied twice.
func TestProjectorRestartAppliesNothingTwice(t *testing.T) {
	f := newFixture(t)
	for i := range 7 {
		f.say(t, fmt.Sprintf("o_%d", i%3), "人工", true)
	}
	small := inbox.NewProjector(f.desk, inbox.ProjectorOptions{Batch: 2})
	if n, _, err := small.Step(t.Context()); err != nil || n != 2 {
		t.Fatalf("Step = %d, %v; want a batch of 2", n, err)
	}
	restarted := inbox.NewProjector(f.desk, inbox.ProjectorOptions{Batch: 2})
	if _, err := restarted.CatchUp(t.Context()); err != nil {
		t.Fatalf("CatchUp: %v", err)
	}
	f.project(t) // yet another: finds nothing new
	total := int64(0)
	for i := range 3 {
		total += f.live(t, fmt.Sprintf("o_%d", i)).Messages
	}
	if total != 7 {
		t.Errorf("conversations count %d messages, want 7", total)
	}
}

// Run wakes on Notify and assigns new conversations to online agents.
func TestProjectorRunNotifyAndAutoAssign(t *testing.T) {
	f := newFixture(t)
	agent := f.agent(t, "客服小王", "agent", 0)
	if err := f.desk.SetPresence(t.Context(), agent, f.acct.ID, inbox.Online); err != nil {
		t.Fatalf("SetPresence: %v", err)
	}
	proj := inbox.NewProjector(f.desk, inbox.ProjectorOptions{Poll: time.Hour, Sweep: time.Hour})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { defer close(done); proj.Run(ctx) }()
	defer func() { cancel(); <-done }()
	f.say(t, "o_fan", "人工客服", true)
	proj.Notify()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := f.desk.LiveConversation(t.Context(), f.acct.ID, "o_fan"); err == nil && c.AssigneeID == agent {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the conversation was not opened and assigned after Notify")
}

// lateStore hides one message from MessagesAfter, as PostgreSQL does while
// the transaction that drew a lower id has not committed yet.
type lateStore struct {
	inbox.Backend
	hide int64
}

func (s *lateStore) MessagesAfter(ctx context.Context, afterID int64, limit int) ([]inbox.Message, error) {
	msgs, err := s.Backend.MessagesAfter(ctx, afterID, limit)
	out := msgs[:0]
	for _, m := range msgs {
		if m.ID != s.hide {
			out = append(out, m)
		}
	}
	return out, err
}

// A message that commits after a higher id was projected is still applied,
// exactly once.
func TestProjectorAppliesLateCommits(t *testing.T) {
	f := newFixture(t)
	f.say(t, "o_a", "人工", true)
	late := f.say(t, "o_b", "人工", true)
	f.say(t, "o_c", "人工", true)
	store := &lateStore{Backend: f.db, hide: late}
	desk := inbox.NewDesk(inbox.Options{Store: store, Directory: f.db, Now: f.clock.Now})
	proj := inbox.NewProjector(desk, inbox.ProjectorOptions{})
	if _, err := proj.CatchUp(t.Context()); err != nil {
		t.Fatalf("CatchUp: %v", err)
	}
	if _, err := f.desk.LiveConversation(t.Context(), f.acct.ID, "o_b"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("the hidden message opened a conversation: %v", err)
	}
	f.live(t, "o_c")
	store.hide = 0 // it commits now
	for range 2 {
		if _, err := proj.CatchUp(t.Context()); err != nil {
			t.Fatalf("CatchUp: %v", err)
		}
	}
	if c := f.live(t, "o_b"); c.OpenedByMessage != late || c.Messages != 1 {
		t.Errorf("late message: conversation %+v, want opened by %d with 1 message", c, late)
	}
}
