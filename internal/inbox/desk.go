package inbox

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/user"
)

// Backend is the storage the desk works on: messages and replies (Store)
// plus conversations, presence and settings (DeskStore).
type Backend interface {
	Store
	DeskStore
}

// Directory tells the desk who works on an account; user.Store satisfies it.
type Directory interface {
	Members(ctx context.Context, accountID int64) ([]user.Membership, error)
	UserByID(ctx context.Context, id int64) (*user.User, error)
}

// Sender delivers one customer-service message body (built by
// wxclient.CustomMessageJSON) for an account. The app adapts
// wxclient.Client to it (SenderFunc); WeChat refusals come back as
// *wxclient.Error.
type Sender interface {
	SendCustomJSON(ctx context.Context, acct *account.Account, body []byte) error
}

// SenderFunc adapts a function to Sender.
type SenderFunc func(ctx context.Context, acct *account.Account, body []byte) error

// SendCustomJSON calls f.
func (f SenderFunc) SendCustomJSON(ctx context.Context, acct *account.Account, body []byte) error {
	return f(ctx, acct, body)
}

// Publisher tells live pages that something changed; *live.Hub satisfies
// it. Kinds used here: "conversation" (data: its id).
type Publisher interface {
	PublishKind(accountID int64, kind, data string)
}

// Event kinds the desk publishes.
const EventConversation = "conversation"

// Options build a Desk. Store and Directory are required.
type Options struct {
	Store     Backend
	Directory Directory
	Sender    Sender           // nil: SendReply fails with errs.Unavailable
	Publisher Publisher        // nil: no live events
	Now       func() time.Time // default time.Now
	Logger    *slog.Logger     // default slog.Default()
}

// Desk is the service desk of every account: conversations, assignment,
// presence, the reply window and sending. It is safe for concurrent use.
type Desk struct {
	store   Backend
	dir     Directory
	sender  Sender
	pub     Publisher
	now     func() time.Time
	log     *slog.Logger
	wakeups chan struct{} // asks the projector's assigner to run now
}

// NewDesk builds a Desk from opts.
func NewDesk(opts Options) *Desk {
	d := &Desk{store: opts.Store, dir: opts.Directory, sender: opts.Sender, pub: opts.Publisher,
		now: opts.Now, log: opts.Logger, wakeups: make(chan struct{}, 1)}
	if d.now == nil {
		d.now = time.Now
	}
	if d.log == nil {
		d.log = slog.Default()
	}
	return d
}

// publish announces a changed conversation to live pages.
func (d *Desk) publish(c *Conversation) {
	if d.pub != nil && c != nil {
		d.pub.PublishKind(c.AccountID, EventConversation, fmt.Sprint(c.ID))
	}
}

// wakeAssigner asks the running projector to assign conversations now (an
// agent came online, a conversation was closed or moved).
func (d *Desk) wakeAssigner() {
	select {
	case d.wakeups <- struct{}{}:
	default:
	}
}

// Conversation returns a conversation of the account; another account's is NotFound.
func (d *Desk) Conversation(ctx context.Context, accountID, id int64) (*Conversation, error) {
	c, err := d.store.Conversation(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("inbox: conversation %d: %w", id, err)
	}
	if c.AccountID != accountID {
		return nil, notFoundConversation(id)
	}
	return c, nil
}

// LiveConversation returns the follower's open or assigned conversation (NotFound when none).
func (d *Desk) LiveConversation(ctx context.Context, accountID int64, openID string) (*Conversation, error) {
	c, err := d.store.LiveConversation(ctx, accountID, openID)
	if err != nil {
		return nil, fmt.Errorf("inbox: live conversation of %s: %w", openID, err)
	}
	return c, nil
}

// Queue lists one page of a queue tab.
func (d *Desk) Queue(ctx context.Context, f QueueFilter) (QueuePage, error) {
	p, err := d.store.ListConversations(ctx, f)
	if err != nil {
		return QueuePage{}, fmt.Errorf("inbox: queue: %w", err)
	}
	return p, nil
}

// QueueCounts sizes the queue tabs for the agent userID.
func (d *Desk) QueueCounts(ctx context.Context, accountID, userID int64) (QueueCounts, error) {
	c, err := d.store.CountQueue(ctx, accountID, userID)
	if err != nil {
		return QueueCounts{}, fmt.Errorf("inbox: queue counts: %w", err)
	}
	return c, nil
}

// Settings returns the account's desk settings (defaults when never saved).
func (d *Desk) Settings(ctx context.Context, accountID int64) (Settings, error) {
	s, err := d.store.DeskSettings(ctx, accountID)
	if err != nil {
		return Settings{}, fmt.Errorf("inbox: desk settings: %w", err)
	}
	return s, nil
}

// SaveSettings validates and stores the account's desk settings.
func (d *Desk) SaveSettings(ctx context.Context, s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	s.UpdatedAt = d.now()
	if err := d.store.SaveDeskSettings(ctx, s); err != nil {
		return fmt.Errorf("inbox: save desk settings: %w", err)
	}
	d.wakeAssigner()
	return nil
}
