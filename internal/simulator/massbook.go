package simulator

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"
)

// Kinds of messages an account initiates, as recorded per follower.
const (
	KindMass     = "mass"     // mass/sendall or mass/send
	KindPreview  = "preview"  // mass/preview
	KindTemplate = "template" // message/template/send
)

// Mass-send job statuses of mass/get (protocol.md §5.3).
const (
	MassSending = "SENDING"
	MassSuccess = "SEND_SUCCESS"
	MassDeleted = "DELETE"
)

// defaultJobDelay is how long a job runs before its finish event is pushed.
const defaultJobDelay = 200 * time.Millisecond

// Broadcast is one message an account initiated that a follower received:
// a mass send, a preview or a template message. Body is the API request
// exactly as sent.
type Broadcast struct {
	Kind        string          `json:"kind"`
	MsgID       int64           `json:"msg_id"`
	MsgDataID   int64           `json:"msg_data_id,omitempty"`
	ClientMsgID string          `json:"clientmsgid,omitempty"`
	MsgType     string          `json:"msgtype"`
	Target      string          `json:"target"` // all, tag:<id>, openids, openid, towxname:<name>
	Body        json.RawMessage `json:"body"`
	At          time.Time       `json:"at"`
}

// MassJob is one mass send as WeChat tracks it, with the counts its
// MASSSENDJOBFINISH event carries.
type MassJob struct {
	Broadcast
	Status      string `json:"status"`
	TotalCount  int    `json:"total_count"`
	FilterCount int    `json:"filter_count"`
	SentCount   int    `json:"sent_count"`
	ErrorCount  int    `json:"error_count"`
}

// broadcastBook is a platform's broadcast state. It lives beside Platform,
// keyed by it in books, so the broadcast feature stays in its own files.
type broadcastBook struct {
	delay   atomic.Int64           // time.Duration before finish events
	hook    atomic.Pointer[func()] // called before each mass or template send is recorded (a test hook)
	nextID  atomic.Int64
	pending sync.WaitGroup // scheduled finish events

	mu       sync.Mutex
	accounts map[string]*massAccount // by appid
}

// massAccount is one account's broadcast state. Lock order: massAccount.mu
// before account.mu, never the reverse.
type massAccount struct {
	mu        sync.Mutex
	period    string // quota period (day or month in China time) of used
	used      int    // mass sends counted against the quota in period
	templates int    // template messages accepted, all time
	jobs      map[int64]*MassJob
	order     []int64 // mass msg_ids, oldest first
	byClient  map[string]*MassJob
	inbox     map[string][]*Broadcast // openid (or towxname:<name>) → received
}

// book is the platform's record of broadcasts, made on first use.
func (p *Platform) book() *broadcastBook {
	p.bookOnce.Do(func() {
		nb := &broadcastBook{accounts: map[string]*massAccount{}}
		nb.delay.Store(int64(defaultJobDelay))
		nb.nextID.Store(massIDSeed())
		p.broadcasts = nb
	})
	return p.broadcasts
}

// massIDSeed starts msg_ids near real mass msg_ids (about 3.1e9), far below
// 2^53 so JSON clients that decode numbers as floats keep them exact.
func massIDSeed() int64 {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return 3_000_000_000 + int64(binary.BigEndian.Uint32(b[:])%100_000_000)
}

func (b *broadcastBook) newID() int64 { return b.nextID.Add(1) }

// mass returns the broadcast state of the account with this appid.
func (b *broadcastBook) mass(appid string) *massAccount {
	b.mu.Lock()
	defer b.mu.Unlock()
	m, ok := b.accounts[appid]
	if !ok {
		m = &massAccount{jobs: map[int64]*MassJob{}, byClient: map[string]*MassJob{}, inbox: map[string][]*Broadcast{}}
		b.accounts[appid] = m
	}
	return m
}

// SetJobDelay sets how long mass and template jobs run before WeChat pushes
// their finish events (default 200 ms); tests set 0.
func (p *Platform) SetJobDelay(d time.Duration) { p.book().delay.Store(int64(max(d, 0))) }

// SetSendHook makes every mass send and template send call f before it
// is recorded and answered (nil: none). f may block, so that a test can
// stop a client mid-call; the send is still recorded afterwards, as WeChat
// would record a call whose client went away.
func (p *Platform) SetSendHook(f func()) {
	if f == nil {
		p.book().hook.Store(nil)
		return
	}
	p.book().hook.Store(&f)
}

// sendDelay runs the test hook, if any.
func (p *Platform) sendDelay() {
	if f := p.book().hook.Load(); f != nil {
		(*f)()
	}
}

// WaitJobs blocks until every finish event scheduled so far was pushed.
func (p *Platform) WaitJobs() { p.book().pending.Wait() }

// Broadcasts returns what one follower received from the account (mass
// sends, previews, template messages), oldest first. For previews sent by
// WeChat ID the key is "towxname:<name>".
func (p *Platform) Broadcasts(appid, openid string) []Broadcast {
	if _, err := p.lookup(appid); err != nil {
		return nil
	}
	m := p.book().mass(appid)
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Broadcast, 0, len(m.inbox[openid]))
	for _, b := range m.inbox[openid] {
		out = append(out, *b)
	}
	return out
}

// MassJobs returns the account's mass sends, oldest first.
func (p *Platform) MassJobs(appid string) []MassJob {
	if _, err := p.lookup(appid); err != nil {
		return nil
	}
	m := p.book().mass(appid)
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]MassJob, 0, len(m.order))
	for _, id := range m.order {
		out = append(out, *m.jobs[id])
	}
	return out
}

// receiveLocked records b for every openid. The caller holds m.mu.
func (m *massAccount) receiveLocked(b *Broadcast, openids []string) {
	for _, o := range openids {
		m.inbox[o] = append(m.inbox[o], b)
	}
}

// receivedLocked lists, per follower, the ids of what they received. The
// caller holds m.mu.
func (m *massAccount) receivedLocked() map[string][]ReceivedRef {
	out := make(map[string][]ReceivedRef, len(m.inbox))
	for o, list := range m.inbox {
		refs := make([]ReceivedRef, 0, len(list))
		for _, b := range list {
			refs = append(refs, ReceivedRef{Kind: b.Kind, MsgID: b.MsgID, ClientMsgID: b.ClientMsgID})
		}
		out[o] = refs
	}
	return out
}

// ReceivedRef names one broadcast a follower received.
type ReceivedRef struct {
	Kind        string `json:"kind"`
	MsgID       int64  `json:"msg_id"`
	ClientMsgID string `json:"clientmsgid,omitempty"`
}
