package broadcast

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/errs"
)

// Mass-send quotas by account type (protocol.md §5.3), counted in China time.
const (
	SubscriptionPerDay = 1
	ServicePerMonth    = 4
	PeriodDay          = "day"
	PeriodMonth        = "month"
	peakDays           = 30
	peakHoursShown     = 3
	audiencePage       = 1000
)

var chinaOnce = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
})

// quotaPeriod returns the account type's limit, period name and the
// instant the current period began.
func quotaPeriod(t account.Type, now time.Time) (int, string, time.Time) {
	cn := now.In(chinaOnce())
	if t == account.Service {
		return ServicePerMonth, PeriodMonth, time.Date(cn.Year(), cn.Month(), 1, 0, 0, 0, 0, chinaOnce())
	}
	return SubscriptionPerDay, PeriodDay, time.Date(cn.Year(), cn.Month(), cn.Day(), 0, 0, 0, 0, chinaOnce())
}

// periodStart is when the quota period holding t began.
func periodStart(typ account.Type, t time.Time) time.Time {
	_, _, start := quotaPeriod(typ, t)
	return start
}

// Check tells what sending d now would do, and whether it is blocked.
func (s *Service) Check(ctx context.Context, accountID int64, d Draft) (Check, error) {
	acct, err := s.d.Store.AccountByID(ctx, accountID)
	if err != nil {
		return Check{}, err
	}
	c, err := s.check(ctx, acct, d, nil)
	if err != nil {
		return Check{}, err
	}
	c.PeakHours = s.peakHours(ctx, acct, s.now())
	return c, nil
}

// check is Check without the peak hours. keep, when not nil, is given
// each audience member and whether the daily cap skips them: starting a
// broadcast snapshots the audience in the same pass that counts it.
func (s *Service) check(ctx context.Context, acct *account.Account, d Draft, keep func(openID string, overCap bool)) (Check, error) {
	d = normalize(d)
	st, err := s.Settings(ctx, acct.ID)
	if err != nil {
		return Check{}, err
	}
	now := s.now()
	c := Check{RecentHours: st.RecentHours}
	if err := s.checkAudience(ctx, acct, d.Audience, st, now, &c, keep); err != nil {
		return Check{}, err
	}
	if d.Kind != KindTemplate {
		c.QuotaLimit, c.QuotaPeriod, _ = quotaPeriod(acct.Type, now)
		if c.QuotaUsed, err = s.quotaUsed(ctx, acct, now); err != nil {
			return Check{}, err
		}
	}
	c.Reason = blockReason(acct, d, c)
	if c.Blocked = c.Reason != nil; c.Blocked {
		c.ReasonText = c.Reason.Error()
	}
	return c, nil
}

func (s *Service) quotaUsed(ctx context.Context, acct *account.Account, now time.Time) (int, error) {
	_, _, since := quotaPeriod(acct.Type, now)
	return s.d.Store.MassSendsSince(ctx, acct.ID, since)
}

// blockReason is why d cannot be sent now, or nil.
func blockReason(acct *account.Account, d Draft, c Check) error {
	switch {
	case d.Kind == KindTemplate && acct.Type != account.Service:
		return errs.Errorf(errs.Invalid, "template messages need a service account (模板消息仅限服务号)")
	case c.QuotaLimit > 0 && c.QuotaUsed >= c.QuotaLimit:
		return quotaError(acct.Type)
	case c.AudienceSize == 0:
		return errs.Errorf(errs.Invalid, "no subscribed follower is in this audience (该受众中没有已关注的粉丝)")
	case c.AudienceSize-c.OverCap == 0:
		return errs.Errorf(errs.Invalid, "every follower in this audience already reached the daily cap (该受众中的粉丝都已达到每日上限)")
	case d.Kind != KindTemplate && acct.Type == account.Service && c.AudienceSize-c.OverCap == 1:
		return errs.Errorf(errs.Invalid, "a service account's mass send needs at least 2 recipients; use a preview for one follower (服务号群发至少需要 2 位粉丝，单个粉丝请用预览)")
	}
	return nil
}

// quotaError is the bilingual message of a used-up mass quota.
func quotaError(t account.Type) error {
	if t == account.Service {
		return errs.Errorf(errs.Conflict, "this service account already used its %d mass sends this month; try again next month (服务号本月 %d 次群发已用完，请下月再发)", ServicePerMonth, ServicePerMonth)
	}
	return errs.Errorf(errs.Conflict, "this subscription account already made its 1 mass send today; try again tomorrow (订阅号今天的 1 次群发已用完，请明天再发)")
}

// checkAudience counts the audience, who the cap would skip and who was
// contacted recently, and hands each member to keep (when not nil).
func (s *Service) checkAudience(ctx context.Context, acct *account.Account, a Audience, st Settings, now time.Time, c *Check,
	keep func(openID string, overCap bool)) error {
	contacted, err := s.d.Store.Contacted(ctx, acct.ID, now.Add(-time.Duration(st.RecentHours)*time.Hour), now.Add(-24*time.Hour))
	if err != nil {
		return err
	}
	return s.eachAudience(ctx, acct.ID, a, func(page []string) error {
		for _, o := range page {
			c.AudienceSize++
			k := contacted[o]
			overCap := st.DailyCap > 0 && k.Day >= st.DailyCap
			if overCap {
				c.OverCap++
			}
			if k.Recent > 0 {
				c.RecentlyContacted++
			}
			if keep != nil {
				keep(o, overCap)
			}
		}
		return nil
	})
}

// eachAudience calls fn with the audience's subscribed followers, page by
// page in openid order.
func (s *Service) eachAudience(ctx context.Context, accountID int64, a Audience, fn func([]string) error) error {
	after := ""
	for {
		page, err := s.audiencePage(ctx, accountID, a, after)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		after = page[len(page)-1]
		if err := fn(slices.DeleteFunc(page, func(o string) bool { return o == MassHelper })); err != nil {
			return err
		}
	}
}

func (s *Service) audiencePage(ctx context.Context, accountID int64, a Audience, after string) ([]string, error) {
	switch a.Kind {
	case AudienceAll:
		return s.d.Store.AudienceOpenIDs(ctx, accountID, 0, after, audiencePage)
	case AudienceTag:
		return s.d.Store.AudienceOpenIDs(ctx, accountID, a.TagID, after, audiencePage)
	case AudienceSegment:
		if s.d.Segments == nil {
			return nil, errs.Errorf(errs.Unavailable, "segments are not available (分组功能不可用)")
		}
		return s.d.Segments.OpenIDs(ctx, accountID, a.SegmentID, after, audiencePage)
	}
	return nil, errs.Errorf(errs.Invalid, "unknown audience %q (未知受众)", a.Kind)
}

// peakHours are the account's busiest local hours over the last 30 days,
// best first; none without traffic.
func (s *Service) peakHours(ctx context.Context, acct *account.Account, now time.Time) []int {
	out := []int{}
	if s.d.Hours == nil {
		return out
	}
	loc := acct.Location()
	hours, err := s.d.Hours(ctx, []int64{acct.ID}, analytics.DateOf(now.AddDate(0, 0, -peakDays), loc), analytics.DateOf(now, loc))
	if err != nil {
		s.d.Logger.Warn("broadcast: peak hours", "account_id", acct.ID, "error", err.Error())
		return out
	}
	return topHours(hours, peakHoursShown)
}

// topHours returns up to n hours with traffic, busiest first (earlier on ties).
func topHours(hours [24]int64, n int) []int {
	out := []int{}
	for h, v := range hours {
		if v > 0 {
			out = append(out, h)
		}
	}
	slices.SortStableFunc(out, func(a, b int) int {
		switch {
		case hours[a] > hours[b]:
			return -1
		case hours[a] < hours[b]:
			return 1
		}
		return 0
	})
	return out[:min(n, len(out))]
}
