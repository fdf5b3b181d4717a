package autoreply

import (
	"slices"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// Limits on a canary's list of test followers.
const (
	maxCanaryOpenIDs = 1000
	maxOpenIDBytes   = 128
)

// Canary is a rule set version on trial: it answers its test followers and
// a stable share of the others, while the active version keeps answering
// everyone else. An account has at most one; activating any version (save,
// rollback, promote) ends it.
type Canary struct {
	AccountID int64
	Version   int64
	// Percent (0–100) of followers, chosen by a hash of the openid, so that
	// the same follower always gets the same side and raising the share
	// keeps everyone already on the canary there.
	Percent int
	// OpenIDs are test followers that always get the canary.
	OpenIDs   []string
	Author    string
	StartedAt time.Time
}

// CanaryStatus is a running canary and how many automatic replies each
// side has sent since it started.
type CanaryStatus struct {
	Canary
	ActiveVersion int64
	ActiveReplies int64
	CanaryReplies int64
}

// Normalize trims, de-duplicates and checks the canary's settings; a canary
// must reach somebody: a percentage, test followers or both.
func (c *Canary) Normalize() error {
	if c.Percent < 0 || c.Percent > 100 {
		return errs.Errorf(errs.Invalid, "canary percent must be 0 to 100, got %d (灰度比例应为 0 到 100，当前 %d)", c.Percent, c.Percent)
	}
	ids := make([]string, 0, len(c.OpenIDs))
	for _, id := range c.OpenIDs {
		id = strings.TrimSpace(id)
		if id == "" || slices.Contains(ids, id) {
			continue
		}
		if len(id) > maxOpenIDBytes || strings.ContainsAny(id, " \t\r\n,") {
			return errs.Errorf(errs.Invalid, "test follower %.40q is not an openid (测试粉丝 %.40q 不是有效的 openid)", id, id)
		}
		ids = append(ids, id)
	}
	if len(ids) > maxCanaryOpenIDs {
		return errs.Errorf(errs.Invalid, "at most %d test followers, got %d (测试粉丝最多 %d 个，当前 %d 个)", maxCanaryOpenIDs, len(ids), maxCanaryOpenIDs, len(ids))
	}
	if c.Percent == 0 && len(ids) == 0 {
		return errs.Errorf(errs.Invalid, "a canary needs a percentage of followers or test followers (灰度发布需要设置粉丝比例或测试粉丝)")
	}
	c.OpenIDs = ids
	return nil
}

// Includes reports whether the follower gets the canary version.
func (c *Canary) Includes(openid string) bool {
	return slices.Contains(c.OpenIDs, openid) || CanaryBucket(openid) < c.Percent
}

// ParseOpenIDs splits a list of openids typed by an operator: commas,
// spaces, semicolons or new lines separate them.
func ParseOpenIDs(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '，' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
}

// CanaryBucket is the follower's bucket, 0 to 99: followers in buckets below
// a canary's percent get the canary. It depends on the openid alone.
func CanaryBucket(openid string) int {
	return int(mix64(fnvString(fnvOffset, openid)) % 100)
}

// split is a canary compiled for the hot path.
type split struct {
	percent int
	ids     map[string]struct{}
}

func newSplit(c *Canary) split {
	s := split{percent: c.Percent, ids: make(map[string]struct{}, len(c.OpenIDs))}
	for _, id := range c.OpenIDs {
		s.ids[id] = struct{}{}
	}
	return s
}

func (s *split) includes(openid string) bool {
	if _, ok := s.ids[openid]; ok {
		return true
	}
	return s.percent > 0 && CanaryBucket(openid) < s.percent
}
