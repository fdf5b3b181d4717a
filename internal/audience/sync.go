package audience

import (
	"context"
	"fmt"
	"time"
)

// Follower sync pulls an account's whole follower list and every follower's
// profile through WeChat's API into the followers table, in three phases:
//
//   - list: user/get pages of up to 10,000 openids; each page is stored
//     (followers.synced_at = when it was fetched) together with the
//     next_openid to ask for, so a restarted sync asks for the next page.
//   - profile: user/info/batchget for 100 openids at a time, in openid order
//     over the followers this sync listed; each stored chunk moves a cursor,
//     so a restart continues after the last stored profile.
//   - done: followers the list did not show are marked unsubscribed (see the
//     rule below), and the state records when the sync finished.
//
// The rule between the API and pushes is "the latest word wins": an API
// answer speaks for the moment it was fetched, a subscribe or unsubscribe
// push for the moment it was received. So a sync never marks a follower as
// following when an unsubscribe push arrived after the page or profile that
// listed them was fetched, nor as gone when a subscribe push arrived after
// it. Profile fields pushes do not carry (nickname, remark, language,
// union_id, subscribe scene) come from the API; the API's subscribe_time
// only moves subscribed_at forward. Counters and message times that pushes
// keep are never touched.
//
// Tags: every run first pushes tags made locally to WeChat (PushTags) and
// imports WeChat's tag list (tags/get), so that WeChat's tag ids map to
// local tags; each subscribed follower's tagid_list then replaces their
// synced tags (local-only tags stay). A follower who left keeps their tags.

// SyncPhase is where a follower sync stands.
type SyncPhase string

// The phases of a follower sync, in order.
const (
	PhaseList    SyncPhase = "list"
	PhaseProfile SyncPhase = "profile"
	PhaseDone    SyncPhase = "done"
)

// Page sizes of WeChat's follower APIs.
const (
	ListPageSize     = 10000 // openids per user/get page
	ProfileBatchSize = 100   // openids per user/info/batchget call
)

// SyncState is the stored progress of an account's follower sync: enough to
// resume after a crash and to show progress to people.
type SyncState struct {
	AccountID     int64
	Phase         SyncPhase
	NextOpenID    string // list: the next_openid to ask for ("" = first page)
	ProfileCursor string // profile: the last openid whose profile is stored
	Total         int64  // followers WeChat says the account has
	Listed        int64  // openids stored from the list
	Profiled      int64  // profiles stored
	Unlisted      int64  // followers marked gone because the list did not show them
	Calls         int64  // API calls this sync made (including retried ones)
	StartedAt     time.Time
	UpdatedAt     time.Time
	FinishedAt    time.Time // zero until done
	Error         string    // the last error, "" when the last step went well
}

// Running reports whether the sync has work left (a fresh one or one that
// stopped midway).
func (s *SyncState) Running() bool { return s.Phase != PhaseDone }

// ListPage is one page of the follower list.
type ListPage struct {
	Total      int
	OpenIDs    []string
	NextOpenID string
}

// SyncProfile is what user/info tells about one follower. A follower who
// left comes back with Subscribed false and nothing else.
type SyncProfile struct {
	OpenID         string
	Subscribed     bool
	Nickname       string
	Remark         string
	Language       string
	UnionID        string
	SubscribedAt   time.Time // subscribe_time: the last subscribe
	SubscribeScene string    // ADD_SCENE_…
	QRScene        string    // qr_scene_str, or qr_scene as decimal
	TagIDs         []int     // WeChat tag ids (tagid_list)
}

// SyncAPI is the part of WeChat's API a sync uses, one account's worth;
// the wxclient adapter satisfies it. Quota errors come back as *QuotaError.
type SyncAPI interface {
	UserList(ctx context.Context, nextOpenID string) (*ListPage, error)
	UserProfiles(ctx context.Context, openIDs []string) ([]SyncProfile, error)
	// Tags lists the account's tags (tags/get).
	Tags(ctx context.Context) ([]RemoteTag, error)
}

// SyncStore keeps followers and the sync's progress. Every method that
// stores followers stores the state in the same transaction, so a crash
// never leaves the two apart.
type SyncStore interface {
	// FollowerSync returns the account's sync state; errs.NotFound when the
	// account was never synced.
	FollowerSync(ctx context.Context, accountID int64) (*SyncState, error)
	// SaveFollowerSync stores the state alone (start, errors, finish).
	SaveFollowerSync(ctx context.Context, s *SyncState) error
	// SaveListedFollowers upserts one list page's followers, listed at at,
	// and the state.
	SaveListedFollowers(ctx context.Context, s *SyncState, openIDs []string, at time.Time) error
	// FollowersToProfile returns up to limit openids listed at or after
	// since, greater than after, in openid order.
	FollowersToProfile(ctx context.Context, accountID int64, since time.Time, after string, limit int) ([]string, error)
	// SaveFollowerProfiles upserts profiles fetched at at, the subscribed
	// followers' synced tags (replaced by TagIDs), and the state.
	SaveFollowerProfiles(ctx context.Context, s *SyncState, profiles []SyncProfile, at time.Time) error
	// UnsubscribeUnlisted marks followers not listed since listedSince as
	// unsubscribed, unless a push since then says they follow; it returns
	// how many it marked.
	UnsubscribeUnlisted(ctx context.Context, accountID int64, listedSince time.Time) (int64, error)
	// ImportTags makes the local tags equal WeChat's list (TagStore's).
	ImportTags(ctx context.Context, accountID int64, tags []RemoteTag) (TagImport, error)
}

// QuotaError is WeChat refusing a call for its quota: the daily quota
// (45009) stops the sync until tomorrow, the minute quota (45011) is waited
// out.
type QuotaError struct {
	Daily bool
	Err   error
}

// Error says what happened and what to do, Chinese first for the UI.
func (e *QuotaError) Error() string {
	if e.Daily {
		return fmt.Sprintf("已达微信接口每日调用上限，明天再次同步会从中断处继续 "+
			"(WeChat daily API quota reached; run the sync again tomorrow to resume): %v", e.Err)
	}
	return fmt.Sprintf("微信接口调用过于频繁，稍后自动重试 (WeChat minute quota reached, retrying later): %v", e.Err)
}

// Unwrap exposes the API's error.
func (e *QuotaError) Unwrap() error { return e.Err }
