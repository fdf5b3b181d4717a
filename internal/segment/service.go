// Package segment keeps saved audience segments: named filters over an
// account's followers (tags, source channel, follow date, last interaction,
// number of interactions, follow status). It counts them live, lists their
// members page by page for broadcasts, and exports them as CSV.
package segment

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
)

// MaxNameRunes bounds a segment's name, which lists and pickers show whole.
const MaxNameRunes = 32

// Paging limits of OpenIDs and of the samples Preview reads.
const (
	DefaultPage = 100
	MaxPage     = 1000
)

// Segment is a saved, named filter of one account.
type Segment struct {
	ID        int64     `json:"id"`
	AccountID int64     `json:"-"`
	Name      string    `json:"name"`
	Filter    Filter    `json:"filter"`
	CreatedBy int64     `json:"created_by,omitempty"` // user id; 0 for the system or an API token without one
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Member is a follower matching a segment, with the names of its tags.
type Member struct {
	audience.Follower
	Tags []string
}

// Tag is a local tag an operator can pick in a filter.
type Tag struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Count int    `json:"count"` // followers carrying it
}

// SceneValue is one source channel value present in an account's followers.
type SceneValue struct {
	Value string `json:"value"`
	Count int    `json:"count"` // followers with it, following or not
}

// Options are the values a filter builder offers: the account's tags and
// the scene values its followers actually have.
type Options struct {
	Tags            []Tag        `json:"tags"`
	QRScenes        []SceneValue `json:"qr_scenes"`
	SubscribeScenes []SceneValue `json:"subscribe_scenes"`
}

// Store keeps segments and evaluates criteria. Another account's segment
// is errs.NotFound; a duplicate name within an account is errs.Conflict.
type Store interface {
	CreateSegment(ctx context.Context, s *Segment) error
	// UpdateSegment rewrites the name and filter of s.ID and its UpdatedAt.
	UpdateSegment(ctx context.Context, s *Segment) error
	DeleteSegment(ctx context.Context, accountID, id int64) error
	Segment(ctx context.Context, accountID, id int64) (*Segment, error)
	ListSegments(ctx context.Context, accountID int64) ([]Segment, error)

	CountSegment(ctx context.Context, c Criteria) (int, error)
	// SegmentOpenIDs returns matching openids above afterOpenID, in openid order.
	SegmentOpenIDs(ctx context.Context, c Criteria, afterOpenID string, limit int) ([]string, error)
	// SegmentMembers is SegmentOpenIDs with each follower's row and tag names.
	SegmentMembers(ctx context.Context, c Criteria, afterOpenID string, limit int) ([]Member, error)
	// SegmentSample returns up to limit matching followers in any order,
	// reading only as far as it must.
	SegmentSample(ctx context.Context, c Criteria, limit int) ([]Member, error)
	SegmentOptions(ctx context.Context, accountID int64) (Options, error)
	// SegmentTagIDs returns the ids of the account's tags, cheaply.
	SegmentTagIDs(ctx context.Context, accountID int64) ([]int64, error)
	AccountByID(ctx context.Context, id int64) (*account.Account, error)
}

// Service validates filters, resolves them in the account's time zone and
// runs them through the store.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService builds a Service; now may be nil (time.Now).
func NewService(store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now}
}

// Create validates and saves a new segment, setting its ID and times.
func (s *Service) Create(ctx context.Context, seg *Segment) error {
	if err := s.check(ctx, seg); err != nil {
		return err
	}
	seg.CreatedAt = s.now()
	seg.UpdatedAt = seg.CreatedAt
	if err := s.store.CreateSegment(ctx, seg); err != nil {
		return fmt.Errorf("segment: create %q: %w", seg.Name, err)
	}
	return nil
}

// Update validates and rewrites the name and filter of seg.ID.
func (s *Service) Update(ctx context.Context, seg *Segment) error {
	if err := s.check(ctx, seg); err != nil {
		return err
	}
	seg.UpdatedAt = s.now()
	if err := s.store.UpdateSegment(ctx, seg); err != nil {
		return fmt.Errorf("segment: update %d: %w", seg.ID, err)
	}
	return nil
}

// Delete removes a segment of the account.
func (s *Service) Delete(ctx context.Context, accountID, id int64) error {
	if err := s.store.DeleteSegment(ctx, accountID, id); err != nil {
		return fmt.Errorf("segment: delete %d: %w", id, err)
	}
	return nil
}

// Get returns one saved segment of the account.
func (s *Service) Get(ctx context.Context, accountID, id int64) (Segment, error) {
	seg, err := s.store.Segment(ctx, accountID, id)
	if err != nil {
		return Segment{}, fmt.Errorf("segment: get %d: %w", id, err)
	}
	return *seg, nil
}

// List returns the account's saved segments by name.
func (s *Service) List(ctx context.Context, accountID int64) ([]Segment, error) {
	segs, err := s.store.ListSegments(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("segment: list of %d: %w", accountID, err)
	}
	return segs, nil
}

// Options lists the tags and scene values a filter builder offers.
func (s *Service) Options(ctx context.Context, accountID int64) (Options, error) {
	o, err := s.store.SegmentOptions(ctx, accountID)
	if err != nil {
		return Options{}, fmt.Errorf("segment: options of %d: %w", accountID, err)
	}
	return o, nil
}

// check normalizes the name and filter and refuses tags the account lacks.
func (s *Service) check(ctx context.Context, seg *Segment) error {
	seg.Name = strings.TrimSpace(seg.Name)
	switch {
	case seg.Name == "":
		return errs.Errorf(errs.Invalid, "the segment name is empty (分组名称不能为空)")
	case utf8.RuneCountInString(seg.Name) > MaxNameRunes:
		return errs.Errorf(errs.Invalid, "the segment name is longer than %d characters (分组名称不能超过 %d 个字)", MaxNameRunes, MaxNameRunes)
	case !utf8.ValidString(seg.Name) || strings.ContainsFunc(seg.Name, unicode.IsControl):
		return errs.Errorf(errs.Invalid, "the segment name contains control characters (分组名称不能包含控制字符)")
	}
	_, err := s.criteria(ctx, seg.AccountID, &seg.Filter)
	return err
}

// scope is what resolving filters reads of their account: its time zone
// and, once a filter names tags, the ids of its tags.
type scope struct {
	accountID int64
	loc       *time.Location
	tags      map[int64]bool // nil until a filter names tags
}

// scope reads the account that filters are resolved for.
func (s *Service) scope(ctx context.Context, accountID int64) (*scope, error) {
	acct, err := s.store.AccountByID(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("segment: account %d: %w", accountID, err)
	}
	return &scope{accountID: accountID, loc: acct.Location()}, nil
}

// criteria validates f (in place) and resolves it for the account.
func (s *Service) criteria(ctx context.Context, accountID int64, f *Filter) (Criteria, error) {
	sc, err := s.scope(ctx, accountID)
	if err != nil {
		return Criteria{}, err
	}
	return s.resolve(ctx, sc, f)
}

// resolve validates f (in place) and resolves it in sc.
func (s *Service) resolve(ctx context.Context, sc *scope, f *Filter) (Criteria, error) {
	if err := f.Normalize(); err != nil {
		return Criteria{}, err
	}
	if err := s.checkTags(ctx, sc, f); err != nil {
		return Criteria{}, err
	}
	return f.Resolve(sc.accountID, s.now(), sc.loc), nil
}

// checkTags refuses a tag id that is not one of the account's tags.
func (s *Service) checkTags(ctx context.Context, sc *scope, f *Filter) error {
	if len(f.TagsAny)+len(f.TagsAll)+len(f.TagsNone) == 0 {
		return nil
	}
	if sc.tags == nil {
		ids, err := s.store.SegmentTagIDs(ctx, sc.accountID)
		if err != nil {
			return fmt.Errorf("segment: tags of %d: %w", sc.accountID, err)
		}
		sc.tags = make(map[int64]bool, len(ids))
		for _, id := range ids {
			sc.tags[id] = true
		}
	}
	for _, l := range [][]int64{f.TagsAny, f.TagsAll, f.TagsNone} {
		for _, id := range l {
			if !sc.tags[id] {
				return errs.Errorf(errs.Invalid, "tag %d does not exist in this account (标签 %d 不存在)", id, id)
			}
		}
	}
	return nil
}

// CountEach counts each saved segment now, as Count does, reading the
// account and its tags once: for lists. A segment whose filter fails (a
// tag was deleted since it was saved) has its error at its index in fails.
func (s *Service) CountEach(ctx context.Context, accountID int64, segs []Segment) (counts []int, fails []error, err error) {
	sc, err := s.scope(ctx, accountID)
	if err != nil {
		return nil, nil, err
	}
	counts, fails = make([]int, len(segs)), make([]error, len(segs))
	for i, seg := range segs {
		c, err := s.resolve(ctx, sc, &seg.Filter)
		if err == nil {
			counts[i], err = s.store.CountSegment(ctx, c)
			if err != nil {
				err = fmt.Errorf("segment: count of %d: %w", seg.ID, err)
			}
		}
		fails[i] = err
	}
	return counts, fails, nil
}

// Count counts the followers f selects now.
func (s *Service) Count(ctx context.Context, accountID int64, f Filter) (int, error) {
	c, err := s.criteria(ctx, accountID, &f)
	if err != nil {
		return 0, err
	}
	n, err := s.store.CountSegment(ctx, c)
	if err != nil {
		return 0, fmt.Errorf("segment: count for %d: %w", accountID, err)
	}
	return n, nil
}

// Preview counts the followers f selects now and, when sample > 0 and some
// match, reads up to sample of them (in no particular order, with their
// tags, fast even when few match): the builder's live result, resolving f
// once.
func (s *Service) Preview(ctx context.Context, accountID int64, f Filter, sample int) (int, []Member, error) {
	c, err := s.criteria(ctx, accountID, &f)
	if err != nil {
		return 0, nil, err
	}
	n, err := s.store.CountSegment(ctx, c)
	if err != nil {
		return 0, nil, fmt.Errorf("segment: count for %d: %w", accountID, err)
	}
	if sample <= 0 || n == 0 {
		return n, nil, nil
	}
	ms, err := s.store.SegmentSample(ctx, c, pageSize(sample))
	if err != nil {
		return 0, nil, fmt.Errorf("segment: sample for %d: %w", accountID, err)
	}
	return n, ms, nil
}

// OpenIDs returns one page of the subscribed followers matching the saved
// segment, ordered by openid after afterOpenID: what a broadcast sends to.
// Whatever status the segment names, only current followers are returned.
func (s *Service) OpenIDs(ctx context.Context, accountID, segmentID int64, afterOpenID string, limit int) ([]string, error) {
	seg, err := s.Get(ctx, accountID, segmentID)
	if err != nil {
		return nil, err
	}
	if seg.Filter.Status == StatusUnsubscribed {
		return nil, nil
	}
	seg.Filter.Status = StatusSubscribed
	c, err := s.criteria(ctx, accountID, &seg.Filter)
	if err != nil {
		return nil, err
	}
	ids, err := s.store.SegmentOpenIDs(ctx, c, afterOpenID, pageSize(limit))
	if err != nil {
		return nil, fmt.Errorf("segment: openids of %d: %w", segmentID, err)
	}
	return ids, nil
}

func pageSize(limit int) int {
	if limit <= 0 {
		return DefaultPage
	}
	return min(limit, MaxPage)
}
