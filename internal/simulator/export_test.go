package simulator

import (
	"github.com/fanbase/fanbase/internal/wechat"
)

// Observe applies a push to the follower state without sending it, so the
// API tests do not depend on the XML codec.
func (p *Platform) Observe(appid string, m *wechat.Message) error {
	a, err := p.lookup(appid)
	if err != nil {
		return err
	}
	cfg, _ := a.config()
	now := p.opts.Now()
	p.fill(m, cfg, now)
	a.observe(m, now)
	return nil
}

// SetPageSize shrinks user/get pages so paging is testable.
func (p *Platform) SetPageSize(n int) { p.pageSize = n }
