package broadcast

import (
	"context"
	"time"

	"github.com/fanbase/fanbase/internal/account"
)

// Plans: how a broadcast reaches its recipients, decided when sending starts.
const (
	PlanOpenIDs  = "openids"  // service account: mass/send in batches of ≤ 10,000 openids
	PlanAll      = "all"      // subscription account: sendall is_to_all
	PlanTag      = "tag"      // subscription account: sendall to a synced tag
	PlanTempTag  = "temp_tag" // subscription account: a temporary tag, then sendall by it
	PlanTemplate = "template" // service account: one template message per recipient
)

// Batch and recipient states.
const (
	StatePending    = "pending"
	StateSending    = "sending"
	StateAccepted   = "accepted"
	StateDelivered  = "delivered" // template: TEMPLATESENDJOBFINISH said success
	StateFailed     = "failed"
	StateSkippedCap = "skipped_cap"
	StateUnknown    = "unknown" // template: crashed mid-call, no push found; never resent
)

// MassHelper is the FromUserName of MASSSENDJOBFINISH pushes (WeChat's
// mass-send helper); the gateway records it like a follower, but it is
// never part of an audience.
const MassHelper = "mphelper"

// Temporary tag states of a PlanTempTag broadcast.
const (
	TempTagCreated = "created"
	TempTagDeleted = "deleted"
)

// Record is a stored broadcast with the engine's bookkeeping.
type Record struct {
	Broadcast
	AccountID  int64
	Plan       string
	SkippedCap int
	WxTagID    int64  // the WeChat tag a sendall goes to (temporary or the audience's)
	TempTag    string // "" | created | deleted
	TaggedUpto string // recipients up to this openid carry the temporary tag
	// Unfollows are rolled up once the 72 h window is over; nil before.
	Unfollows24h, Unfollows72h *int
}

// Recipient is one follower of a broadcast's snapshot.
type Recipient struct {
	OpenID string
	Batch  int
	State  string
	Error  string
	MsgID  int64
	SentAt time.Time
}

// Batch is one mass-send call: its clientmsgid, state and WeChat's results.
type Batch struct {
	BroadcastID int64
	Batch       int
	ClientMsgID string
	Size        int
	State       string
	MsgID       int64
	MsgDataID   int64
	Error       string
	SentAt      time.Time
	JobStatus   string // MASSSENDJOBFINISH Status, once finished
	TotalCount  int
	FilterCount int
	SentCount   int
	ErrorCount  int
	FinishedAt  time.Time
}

// JobEvent is a stored MASSSENDJOBFINISH or TEMPLATESENDJOBFINISH push.
type JobEvent struct {
	ID         int64
	AccountID  int64
	OpenID     string
	Event      string
	Raw        []byte
	ReceivedAt time.Time
}

// Contact counts the messages we initiated to one follower in two windows:
// the "contacted recently" one and the daily cap's 24 hours.
type Contact struct {
	Recent, Day int
}

// Tally is what a broadcast's recipient rows and batches add up to.
type Tally struct {
	ByState                                                            map[string]int
	Jobs, JobsFinished, TotalCount, FilterCount, SentCount, ErrorCount int
}

// Store keeps broadcasts, their snapshots and batches. Another account's
// broadcast is errs.NotFound; a change not allowed in the current status is
// errs.Conflict.
type Store interface {
	CreateBroadcast(ctx context.Context, r *Record) error
	// UpdateBroadcastDraft replaces the draft of a draft or scheduled broadcast.
	UpdateBroadcastDraft(ctx context.Context, accountID, id int64, d Draft, now time.Time) error
	Broadcast(ctx context.Context, accountID, id int64) (*Record, error)
	// Broadcasts lists an account's broadcasts newest first, below beforeID (0 = all).
	Broadcasts(ctx context.Context, accountID, beforeID int64, limit int) ([]Record, error)
	// SetBroadcastStatus moves a broadcast from one of from to status,
	// setting scheduled_at when at is not zero; errs.Conflict otherwise.
	SetBroadcastStatus(ctx context.Context, accountID, id int64, from []string, status string, at, now time.Time) error
	// FinishBroadcast ends a sending broadcast as sent or failed.
	FinishBroadcast(ctx context.Context, id int64, status, errText string, now time.Time) error
	// DueBroadcasts lists broadcasts scheduled at or before now, and sending ones.
	DueBroadcasts(ctx context.Context, now time.Time, limit int) ([]Record, error)
	// TempTagsToDelete lists sent broadcasts whose temporary tag still exists.
	TempTagsToDelete(ctx context.Context, limit int) ([]Record, error)

	// StartBroadcast snapshots the recipients and batches and moves a
	// scheduled broadcast to sending, in one transaction.
	StartBroadcast(ctx context.Context, r *Record, recipients []Recipient, batches []Batch, now time.Time) error
	Batches(ctx context.Context, broadcastID int64) ([]Batch, error)
	// MarkBatch sets a batch's state and answer, and its recipients' state
	// (and sent_at when the batch starts sending).
	MarkBatch(ctx context.Context, b Batch, now time.Time) error
	// Recipients pages a broadcast's recipients in openid order (batch -1 = any, state "" = any).
	Recipients(ctx context.Context, broadcastID int64, batch int, state, after string, limit int) ([]Recipient, error)
	// MarkRecipients sets the state of some recipients (sent_at too when sentAt is not zero).
	MarkRecipients(ctx context.Context, broadcastID int64, openIDs []string, state, errText string, msgID int64, sentAt time.Time) error
	// SetTempTag records the temporary tag's progress.
	SetTempTag(ctx context.Context, broadcastID, wxTagID int64, state, taggedUpto string) error
	// TemplateFinish finds the first TEMPLATESENDJOBFINISH push from openID received at or after since.
	TemplateFinish(ctx context.Context, accountID int64, openID string, since time.Time) (*JobEvent, error)

	// AudienceOpenIDs pages the openids of subscribed followers, all of
	// them (tagID 0) or those with a local tag, in openid order.
	AudienceOpenIDs(ctx context.Context, accountID, tagID int64, after string, limit int) ([]string, error)
	// Contacted counts, per follower, the messages we initiated since
	// recent and since day; followers with neither are left out.
	Contacted(ctx context.Context, accountID int64, recent, day time.Time) (map[string]Contact, error)
	// MassSendsSince counts the broadcasts that spent mass quota since.
	MassSendsSince(ctx context.Context, accountID int64, since time.Time) (int, error)

	BroadcastSettings(ctx context.Context, accountID int64) (*Settings, error) // nil when never saved
	SaveBroadcastSettings(ctx context.Context, accountID int64, st Settings, now time.Time) error

	// BroadcastTally sums a broadcast's recipient states and batch results.
	BroadcastTally(ctx context.Context, broadcastID int64) (Tally, error)
	// Unfollows counts the recipients who unfollowed in (from, to24] and (from, to72].
	Unfollows(ctx context.Context, accountID, broadcastID int64, from, to24, to72 time.Time) (n24, n72 int, err error)
	SaveUnfollows(ctx context.Context, broadcastID int64, n24, n72 int) error

	// JobEvents lists job-finish pushes with id > afterID, oldest first,
	// leaving out (until a later call) any a lower id still being committed
	// could precede, so a cursor moved past them skips nothing.
	JobEvents(ctx context.Context, afterID int64, limit int) ([]JobEvent, error)
	// JobEventByMsgID finds the job-finish push of a job (nil when none yet).
	JobEventByMsgID(ctx context.Context, accountID, msgID int64) (*JobEvent, error)
	// FinishMassJob stores a MASSSENDJOBFINISH's counts on the batch with
	// that msg_id; it returns the broadcast's id (0 when none matched).
	FinishMassJob(ctx context.Context, accountID, msgID int64, b Batch) (int64, error)
	// FinishTemplate sets the state of the template recipient with that
	// msg_id; it returns the broadcast's id (0 when none matched).
	FinishTemplate(ctx context.Context, accountID, msgID int64, state, errText string) (int64, error)
	Cursor(ctx context.Context, name string) (int64, error)
	AdvanceCursor(ctx context.Context, name string, pos int64) error

	AccountByID(ctx context.Context, id int64) (*account.Account, error)
}
