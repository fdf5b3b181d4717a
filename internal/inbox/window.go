package inbox

import (
	"context"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
)

// WeChat's customer-service allowances (protocol.md §5.2): a user message
// allows 5 messages within 48 hours; a follow, QR scan or menu click allows
// 3 within one minute. The two add up; each send uses the allowance that
// expires first, as WeChat (and the simulator) count them.
const (
	MessageWindow = 48 * time.Hour
	MessageQuota  = 5
	EventWindow   = time.Minute
	EventQuota    = 3
)

// Window kinds: what opened the allowance.
const (
	WindowMessage = "message"
	WindowEvent   = "event"
)

// Reasons a window is closed, as message keys the web layer translates.
const (
	ReasonNone         = "window.closed.none"         // the follower never interacted
	ReasonExpired      = "window.closed.expired"      // the last interaction is too old
	ReasonQuota        = "window.closed.quota"        // the allowance is used up
	ReasonUnsubscribed = "window.closed.unsubscribed" // the follower left
)

// WindowTriggerEvents are the events that open the 3-per-minute allowance.
var WindowTriggerEvents = []string{"subscribe", "SCAN", "CLICK", "scancode_push", "scancode_waitmsg"}

// Allowance is one open allowance of a window.
type Allowance struct {
	Kind      string
	Limit     int
	Used      int
	ExpiresAt time.Time
}

// Window tells whether customer-service messages can reach a follower now,
// how many and until when.
type Window struct {
	Open      bool
	Kind      string    // the longest-lasting open allowance: "message" or "event"
	Remaining int       // messages that can still be sent, all allowances together
	ExpiresAt time.Time // when that allowance ends
	Reason    string    // message key when closed
	Parts     []Allowance
}

// Err is the error a send outside the window gets: errs.Forbidden with an
// English and Chinese explanation; nil when the window is open.
func (w Window) Err() error {
	if w.Open {
		return nil
	}
	return errs.Errorf(errs.Forbidden, "%s", w.Error())
}

// Error explains a closed window in English and Chinese.
func (w Window) Error() string {
	switch w.Reason {
	case "":
		return fmt.Sprintf("reply window open: %d messages left until %s (还可发送 %d 条)",
			w.Remaining, w.ExpiresAt.UTC().Format(time.RFC3339), w.Remaining)
	case ReasonUnsubscribed:
		return "the follower has unsubscribed: WeChat delivers no customer-service message (粉丝已取消关注，无法发送客服消息)"
	case ReasonQuota:
		return "the reply quota is used up until the follower writes again (回复条数已用完，需等待粉丝再次发消息)"
	case ReasonNone:
		return "the follower has not interacted, so no reply window is open (粉丝尚未互动，没有可回复的时间窗口)"
	}
	return "the 48-hour reply window has expired (距粉丝最后一次互动已超过 48 小时，无法回复)"
}

// ComputeWindow works out the window at now from the stored facts.
func ComputeWindow(f WindowFacts, now time.Time) Window {
	if f.Known && !f.Subscribed {
		return Window{Reason: ReasonUnsubscribed}
	}
	parts := allowances(f)
	if len(parts) == 0 {
		return Window{Reason: ReasonNone}
	}
	spend(parts, f.Sends)
	w := Window{Reason: ReasonExpired}
	live := false
	for _, p := range parts {
		if !now.Before(p.ExpiresAt) {
			continue
		}
		live = true
		if left := p.Limit - p.Used; left > 0 {
			w.Open, w.Remaining, w.Reason = true, w.Remaining+left, ""
			w.Parts = append(w.Parts, p)
			if p.ExpiresAt.After(w.ExpiresAt) {
				w.Kind, w.ExpiresAt = p.Kind, p.ExpiresAt
			}
		}
	}
	if live && !w.Open {
		w.Reason = ReasonQuota
	}
	return w
}

func windowTTL(kind string) time.Duration {
	if kind == WindowEvent {
		return EventWindow
	}
	return MessageWindow
}

// allowances lists the allowances the triggers opened (expired ones too).
func allowances(f WindowFacts) []Allowance {
	var out []Allowance
	if !f.LastMessageAt.IsZero() {
		out = append(out, Allowance{Kind: WindowMessage, Limit: MessageQuota, ExpiresAt: f.LastMessageAt.Add(MessageWindow)})
	}
	if !f.LastEventAt.IsZero() {
		out = append(out, Allowance{Kind: WindowEvent, Limit: EventQuota, ExpiresAt: f.LastEventAt.Add(EventWindow)})
	}
	return out
}

// spend charges each send to the allowance, live at its time and with room,
// that expires first.
func spend(parts []Allowance, sends []time.Time) {
	for _, s := range sends {
		best := -1
		for i, p := range parts {
			opened := p.ExpiresAt.Add(-windowTTL(p.Kind))
			if s.Before(opened) || !s.Before(p.ExpiresAt) || p.Used >= p.Limit {
				continue
			}
			if best < 0 || p.ExpiresAt.Before(parts[best].ExpiresAt) {
				best = i
			}
		}
		if best >= 0 {
			parts[best].Used++
		}
	}
}

// Window loads and computes the reply window of a follower at now.
func (d *Desk) Window(ctx context.Context, acct *account.Account, openID string, now time.Time) (Window, error) {
	since := now.Add(-MessageWindow - EventWindow)
	f, err := d.store.WindowFacts(ctx, acct.ID, openID, since)
	if err != nil {
		return Window{}, fmt.Errorf("inbox: window of %s: %w", openID, err)
	}
	return ComputeWindow(f, now), nil
}
