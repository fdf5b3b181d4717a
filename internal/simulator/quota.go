package simulator

import (
	"maps"
	"time"
)

// DefaultDailyQuota is WeChat's default daily call quota of a new account
// for the paths the simulator serves (protocol.md §6). Exceeding it gives 45009.
var DefaultDailyQuota = map[string]int{
	"/cgi-bin/token":               2000,
	"/cgi-bin/message/custom/send": 500000,
	"/cgi-bin/user/info":           5000000,
	"/cgi-bin/user/info/batchget":  5000000,
	"/cgi-bin/user/get":            500,
}

// chinaTime is where WeChat's quota day starts and ends.
var chinaTime = time.FixedZone("CST", 8*3600)

func mergeQuotas(override map[string]int) map[string]int {
	q := maps.Clone(DefaultDailyQuota)
	maps.Copy(q, override)
	return q
}

// useQuotaLocked counts one call of path for today and reports whether it
// was within quota. The caller holds a.mu.
func (p *Platform) useQuotaLocked(a *account, path string, now time.Time) bool {
	day := now.In(chinaTime).Format(time.DateOnly)
	if day != a.quotaDay {
		a.quotaDay = day
		clear(a.quotaUsed)
	}
	limit := p.quotas[path]
	if limit > 0 && a.quotaUsed[path] >= limit {
		return false
	}
	a.quotaUsed[path]++
	return true
}
