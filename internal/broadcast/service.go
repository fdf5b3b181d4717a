// Package broadcast composes, checks, schedules and sends mass messages
// (broadcasts) and template messages to an account's followers, and reports
// their results. Sending is crash-safe and idempotent: every WeChat call is
// committed as "sending" before it is made and carries a deterministic
// clientmsgid, so a restarted process neither repeats nor skips a follower.
package broadcast

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// Message kinds a broadcast can carry.
const (
	KindText     = "text"
	KindImage    = "image"
	KindNews     = "news"
	KindTemplate = "template"
)

// Audience kinds: every subscribed follower, those with a tag, or those a
// saved segment matches.
const (
	AudienceAll     = "all"
	AudienceTag     = "tag"
	AudienceSegment = "segment"
)

// Broadcast statuses, in the order a broadcast normally moves through them.
const (
	StatusDraft     = "draft"
	StatusScheduled = "scheduled"
	StatusSending   = "sending"
	StatusSent      = "sent"
	StatusFailed    = "failed"
	StatusCancelled = "cancelled"
)

// Audience says who receives a broadcast.
type Audience struct {
	Kind      string `json:"kind"`
	TagID     int64  `json:"tag_id,omitempty"`
	SegmentID int64  `json:"segment_id,omitempty"`
}

// Template is a template message's content (service accounts only).
type Template struct {
	ID   string            `json:"template_id"`
	URL  string            `json:"url,omitempty"`
	Data map[string]string `json:"data"`
}

// Draft is what an operator composes: the content and the audience.
type Draft struct {
	Title      string    `json:"title"`
	Kind       string    `json:"kind"`
	Text       string    `json:"text,omitempty"`
	MediaID    string    `json:"media_id,omitempty"`
	ArticleIDs []int64   `json:"article_ids,omitempty"`
	Template   *Template `json:"template,omitempty"`
	Audience   Audience  `json:"audience"`
}

// Broadcast is a stored draft with its lifecycle.
type Broadcast struct {
	ID int64 `json:"id"`
	Draft
	// Status is draft | scheduled | sending | sent | failed | cancelled.
	Status      string     `json:"status"`
	ScheduledAt *time.Time `json:"scheduled_at,omitempty"`
	StartedAt   *time.Time `json:"started_at,omitempty"`
	FinishedAt  *time.Time `json:"finished_at,omitempty"`
	CreatedBy   int64      `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	Recipients  int        `json:"recipients"`
	Error       string     `json:"error,omitempty"`
}

// Results sums what happened to a broadcast: our own bookkeeping, WeChat's
// job-finished reports, and the unfollows attributed to it.
type Results struct {
	Recipients   int `json:"recipients"`
	Accepted     int `json:"accepted"`
	Failed       int `json:"failed"`
	SkippedByCap int `json:"skipped_by_cap"`
	// Delivered counts template messages WeChat reported delivered (part
	// of Accepted); Unknown those a crash left unresolved (never resent).
	Delivered    int `json:"delivered"`
	Unknown      int `json:"unknown"`
	Jobs         int `json:"jobs"`
	JobsFinished int `json:"jobs_finished"`
	TotalCount   int `json:"total_count"`
	FilterCount  int `json:"filter_count"`
	SentCount    int `json:"sent_count"`
	ErrorCount   int `json:"error_count"`
	Unfollows24h int `json:"unfollows_24h"`
	Unfollows72h int `json:"unfollows_72h"`
}

// Check is what the operator must know before sending: audience size,
// quota, and how many followers were contacted recently.
type Check struct {
	AudienceSize int    `json:"audience_size"`
	QuotaLimit   int    `json:"quota_limit"`
	QuotaUsed    int    `json:"quota_used"`
	QuotaPeriod  string `json:"quota_period"` // "day" | "month"
	Blocked      bool   `json:"blocked"`
	// Reason is a bilingual errs error when Blocked; ReasonText is its
	// message, for JSON.
	Reason     error  `json:"-"`
	ReasonText string `json:"reason,omitempty"`
	// RecentlyContacted counts audience members who got a message we
	// initiated in the last RecentHours.
	RecentlyContacted int `json:"recently_contacted"`
	RecentHours       int `json:"recent_hours"`
	// OverCap counts audience members the daily cap would skip.
	OverCap int `json:"over_cap"`
	// PeakHours are local hours, best first, from the account's own traffic.
	PeakHours []int `json:"peak_hours"`
}

// Settings are an account's broadcast settings.
type Settings struct {
	DailyCap       int      `json:"daily_cap"`
	RecentHours    int      `json:"recent_hours"`
	PreviewOpenIDs []string `json:"preview_openids"`
}

// Defaults of Settings.
const (
	DefaultDailyCap    = 1
	DefaultRecentHours = 72
	MaxPreviewOpenIDs  = 20
)

// Service is the broadcast engine the web pages, the API and the runner use.
type Service struct {
	d    Deps
	kick chan struct{}
}

// NewService builds the service over its dependencies.
func NewService(d Deps) *Service {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.MaxBatch <= 0 || d.MaxBatch > wxclient.MassListMax {
		d.MaxBatch = wxclient.MassListMax
	}
	return &Service{d: d, kick: make(chan struct{}, 1)}
}

// Kicks is signalled when a broadcast is scheduled, so the runner need not
// wait for its next tick.
func (s *Service) Kicks() <-chan struct{} { return s.kick }

func (s *Service) now() time.Time { return s.d.Now().UTC().Truncate(time.Millisecond) }

func (s *Service) publish(accountID, id int64) {
	if s.d.Live != nil {
		s.d.Live.PublishKind(accountID, "broadcast", strconv.FormatInt(id, 10))
	}
}

// Create stores a new draft.
func (s *Service) Create(ctx context.Context, accountID, userID int64, d Draft) (Broadcast, error) {
	d = normalize(d)
	if err := s.validate(ctx, accountID, d); err != nil {
		return Broadcast{}, err
	}
	now := s.now()
	r := &Record{AccountID: accountID, Broadcast: Broadcast{Draft: d, Status: StatusDraft, CreatedBy: userID,
		CreatedAt: now, UpdatedAt: now}}
	if err := s.d.Store.CreateBroadcast(ctx, r); err != nil {
		return Broadcast{}, err
	}
	s.publish(accountID, r.ID)
	return r.Broadcast, nil
}

// Update replaces the draft of a broadcast that is still a draft or scheduled.
func (s *Service) Update(ctx context.Context, accountID, id int64, d Draft) (Broadcast, error) {
	d = normalize(d)
	if err := s.validate(ctx, accountID, d); err != nil {
		return Broadcast{}, err
	}
	if err := s.d.Store.UpdateBroadcastDraft(ctx, accountID, id, d, s.now()); err != nil {
		return Broadcast{}, err
	}
	s.publish(accountID, id)
	return s.Get(ctx, accountID, id)
}

// Get loads one broadcast.
func (s *Service) Get(ctx context.Context, accountID, id int64) (Broadcast, error) {
	r, err := s.d.Store.Broadcast(ctx, accountID, id)
	if err != nil {
		return Broadcast{}, err
	}
	return r.Broadcast, nil
}

// List pages through broadcasts, newest first, before beforeID (0 = newest).
func (s *Service) List(ctx context.Context, accountID, beforeID int64, limit int) ([]Broadcast, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	recs, err := s.d.Store.Broadcasts(ctx, accountID, beforeID, limit)
	if err != nil {
		return nil, err
	}
	out := make([]Broadcast, len(recs))
	for i := range recs {
		out[i] = recs[i].Broadcast
	}
	return out, nil
}

// Schedule queues the broadcast for at (zero = now); refused when Check
// blocks. A scheduled broadcast may be moved to another time.
func (s *Service) Schedule(ctx context.Context, accountID, id int64, at time.Time) error {
	r, err := s.d.Store.Broadcast(ctx, accountID, id)
	if err != nil {
		return err
	}
	now := s.now()
	if at.IsZero() || at.Before(now) {
		at = now
	}
	if err := s.schedulable(ctx, accountID, r.Draft, now, at); err != nil {
		return err
	}
	err = s.d.Store.SetBroadcastStatus(ctx, accountID, id, []string{StatusDraft, StatusScheduled}, StatusScheduled, at, now)
	if err != nil {
		return err
	}
	s.publish(accountID, id)
	select {
	case s.kick <- struct{}{}:
	default:
	}
	return nil
}

// schedulable refuses what Check blocks now. For a later time it lets
// through what time will change (sending checks everything again): the
// daily cap, and a used-up quota when the time falls in a later period.
func (s *Service) schedulable(ctx context.Context, accountID int64, d Draft, now, at time.Time) error {
	acct, err := s.d.Store.AccountByID(ctx, accountID)
	if err != nil {
		return err
	}
	c, err := s.check(ctx, acct, d, nil)
	switch {
	case err != nil || !c.Blocked:
		return err
	case !at.After(now.Add(time.Minute)):
		return c.Reason
	}
	if c.QuotaLimit > 0 && c.QuotaUsed >= c.QuotaLimit && !periodStart(acct.Type, now).Before(periodStart(acct.Type, at)) {
		return c.Reason
	}
	c.QuotaLimit, c.OverCap = 0, 0
	if reason := blockReason(acct, normalize(d), c); reason != nil {
		return reason
	}
	return nil
}

// Cancel stops a broadcast before sending starts.
func (s *Service) Cancel(ctx context.Context, accountID, id int64) error {
	err := s.d.Store.SetBroadcastStatus(ctx, accountID, id, []string{StatusDraft, StatusScheduled}, StatusCancelled, time.Time{}, s.now())
	if errs.Is(err, errs.Conflict) {
		return errs.Errorf(errs.Conflict, "only a draft or scheduled broadcast can be cancelled (只能取消草稿或已排期的群发)")
	}
	if err == nil {
		s.publish(accountID, id)
	}
	return err
}

// Settings loads an account's broadcast settings (defaults when none saved).
func (s *Service) Settings(ctx context.Context, accountID int64) (Settings, error) {
	st, err := s.d.Store.BroadcastSettings(ctx, accountID)
	if err != nil {
		return Settings{}, err
	}
	if st == nil {
		return Settings{DailyCap: DefaultDailyCap, RecentHours: DefaultRecentHours, PreviewOpenIDs: []string{}}, nil
	}
	return *st, nil
}

// SaveSettings stores an account's broadcast settings.
func (s *Service) SaveSettings(ctx context.Context, accountID int64, st Settings) error {
	st, err := checkSettings(st)
	if err != nil {
		return err
	}
	return s.d.Store.SaveBroadcastSettings(ctx, accountID, st, s.now())
}
