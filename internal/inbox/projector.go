package inbox

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// CursorConversations names the projector's row in the cursors table.
const CursorConversations = "inbox.conversations"

// Leaser grants a named lease to one holder at a time across nodes; the
// store's TryLease satisfies it.
type Leaser interface {
	TryLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
}

// ProjectorOptions tune a Projector; zero values get the defaults.
type ProjectorOptions struct {
	Batch int           // messages per transaction; default 500
	Poll  time.Duration // how often it looks without being notified; default 500 ms
	Sweep time.Duration // how often it auto-assigns for every online account; default 5 s
	// Grace is how long a missing message id is awaited: on PostgreSQL a
	// transaction may commit after one holding a higher id. Default 10 s.
	Grace    time.Duration
	Lease    Leaser // nil: this node always projects (single node)
	Holder   string // lease holder; default host:pid
	LeaseTTL time.Duration
	// SettingsTTL is how long account settings are cached; default 5 s.
	SettingsTTL time.Duration
}

// Projector follows the messages table and keeps conversations up to date:
// a user message the rules did not fully answer opens one (per the
// account's settings), any user message updates the follower's live one.
// Its position is moved in the same transaction as the conversations, so a
// crash neither skips nor repeats a message. One node projects at a time.
type Projector struct {
	d          *Desk
	o          ProjectorOptions
	wake       chan struct{}
	gaps       map[int64]time.Time // ids missing below the cursor, first noticed at
	settings   map[int64]cachedSettings
	leaseUntil time.Time
	lastSweep  time.Time
}

type cachedSettings struct {
	s  Settings
	at time.Time
}

const (
	maxGaps     = 10000 // missing ids tracked at once
	maxGapRun   = 1000  // a longer run of missing ids is a sequence jump, not commits in flight
	lastTextMax = 200   // runes of a message kept as the conversation's last text
)

// NewProjector builds a projector for the desk.
func NewProjector(d *Desk, o ProjectorOptions) *Projector {
	o.Batch = orInt(o.Batch, 500)
	o.Poll = orDur(o.Poll, 500*time.Millisecond)
	o.Sweep = orDur(o.Sweep, 5*time.Second)
	o.Grace = orDur(o.Grace, 10*time.Second)
	o.LeaseTTL = orDur(o.LeaseTTL, 15*time.Second)
	o.SettingsTTL = orDur(o.SettingsTTL, 5*time.Second)
	if o.Holder == "" {
		host, _ := os.Hostname()
		o.Holder = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	return &Projector{d: d, o: o, wake: make(chan struct{}, 1), gaps: map[int64]time.Time{}, settings: map[int64]cachedSettings{}}
}

func orInt(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

func orDur(v, def time.Duration) time.Duration {
	if v <= 0 {
		return def
	}
	return v
}

// Notify wakes the projector: new messages were committed. It never blocks.
func (p *Projector) Notify() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run projects until ctx ends: whenever notified, every Poll, and it
// auto-assigns after new conversations open and every Sweep.
func (p *Projector) Run(ctx context.Context) {
	poll := time.NewTicker(p.o.Poll)
	defer poll.Stop()
	sweep := true
	for {
		if p.leading(ctx) {
			p.round(ctx, sweep)
		}
		sweep = false
		select {
		case <-ctx.Done():
			return
		case <-p.wake:
		case <-p.d.wakeups:
			sweep = true
		case <-poll.C:
			sweep = time.Since(p.lastSweep) >= p.o.Sweep
		}
	}
}

// round catches up with the messages table, then assigns.
func (p *Projector) round(ctx context.Context, sweep bool) {
	opened, err := p.CatchUp(ctx)
	if err != nil && ctx.Err() == nil {
		p.d.log.Error("inbox: projector", "error", err.Error())
	}
	accounts := opened
	if sweep {
		p.lastSweep = time.Now()
		online, err := p.d.store.OnlineAccounts(ctx, p.d.now().Add(-PresenceTimeout))
		if err != nil && ctx.Err() == nil {
			p.d.log.Error("inbox: online accounts", "error", err.Error())
		}
		accounts = append(accounts, online...)
	}
	slices.Sort(accounts)
	for _, a := range slices.Compact(accounts) {
		if _, err := p.d.AutoAssign(ctx, a); err != nil && ctx.Err() == nil {
			p.d.log.Error("inbox: auto-assign", "account_id", a, "error", err.Error())
		}
	}
}

// leading reports whether this node holds (or just took) the projector lease.
func (p *Projector) leading(ctx context.Context) bool {
	if p.o.Lease == nil {
		return true
	}
	now := time.Now()
	if now.Before(p.leaseUntil.Add(-p.o.LeaseTTL / 2)) {
		return true
	}
	ok, err := p.o.Lease.TryLease(ctx, "projector:"+CursorConversations, p.o.Holder, p.o.LeaseTTL)
	if err != nil {
		p.d.log.Error("inbox: projector lease", "error", err.Error())
		return false
	}
	if !ok {
		p.gaps = map[int64]time.Time{} // the leader tracks them now
		return false
	}
	p.leaseUntil = now.Add(p.o.LeaseTTL)
	return true
}

// CatchUp applies every message committed so far, batch by batch, and
// returns the accounts in which conversations opened.
func (p *Projector) CatchUp(ctx context.Context) ([]int64, error) {
	var opened []int64
	for {
		n, acc, err := p.Step(ctx)
		opened = append(opened, acc...)
		if err != nil || n < p.o.Batch {
			return opened, err
		}
	}
}

// Step applies one batch: the messages after the cursor, plus any that
// filled an earlier gap. It returns how many messages it read after the
// cursor and the accounts in which conversations opened.
func (p *Projector) Step(ctx context.Context) (int, []int64, error) {
	pos, err := p.d.store.Cursor(ctx, CursorConversations)
	if err != nil {
		return 0, nil, fmt.Errorf("read cursor: %w", err)
	}
	msgs, err := p.d.store.MessagesAfter(ctx, pos, p.o.Batch)
	if err != nil {
		return 0, nil, fmt.Errorf("read messages after %d: %w", pos, err)
	}
	late, err := p.filledGaps(ctx)
	if err != nil {
		return 0, nil, err
	}
	newPos := pos
	if len(msgs) > 0 {
		p.noteGaps(pos, msgs)
		newPos = msgs[len(msgs)-1].ID
	}
	if newPos == pos && len(late) == 0 {
		return 0, nil, nil
	}
	opened, err := p.apply(ctx, newPos, append(late, msgs...))
	if err != nil {
		return 0, nil, err
	}
	p.forget(late)
	return len(msgs), opened, nil
}

// apply turns user messages into observations and stores them with the cursor.
func (p *Projector) apply(ctx context.Context, pos int64, msgs []Message) ([]int64, error) {
	var obs []Observation
	for i := range msgs {
		m := &msgs[i]
		if m.Kind != KindMessage {
			continue // events never open or update conversations
		}
		s, err := p.settingsOf(ctx, m.AccountID)
		if err != nil {
			return nil, err
		}
		opens := s.OpenOn == OpenOnAll || s.OpenOn == OpenOnHandoff && m.Handoff
		obs = append(obs, Observation{MessageID: m.ID, AccountID: m.AccountID, OpenID: m.OpenID,
			At: m.ReceivedAt, Text: LastText(m), Opens: opens})
	}
	touched, err := p.d.store.ApplyObservations(ctx, CursorConversations, pos, obs)
	if err != nil {
		return nil, fmt.Errorf("apply %d messages up to %d: %w", len(obs), pos, err)
	}
	var opened []int64
	for _, t := range touched {
		p.d.publish(&Conversation{ID: t.ConversationID, AccountID: t.AccountID})
		if t.Opened {
			opened = append(opened, t.AccountID)
		}
	}
	return opened, nil
}

func (p *Projector) settingsOf(ctx context.Context, accountID int64) (Settings, error) {
	if c, ok := p.settings[accountID]; ok && time.Since(c.at) < p.o.SettingsTTL {
		return c.s, nil
	}
	s, err := p.d.Settings(ctx, accountID)
	if err != nil {
		return Settings{}, err
	}
	p.settings[accountID] = cachedSettings{s: s, at: time.Now()}
	return s, nil
}

// LastText is what the queue shows of a message: its text, or "[type]"
// (e.g. "[image]") for messages without text.
func LastText(m *Message) string {
	s := strings.TrimSpace(m.Content)
	if s == "" {
		return "[" + m.MsgType + "]"
	}
	if utf8.RuneCountInString(s) > lastTextMax {
		r := []rune(s)
		s = string(r[:lastTextMax]) + "…"
	}
	return s
}
