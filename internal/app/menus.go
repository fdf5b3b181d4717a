package app

import (
	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/menu"
)

// openMenus builds the custom menu service: drafts in the store, WeChat's
// menu API through the shared client, click replies in the rule registry.
func (m *Main) openMenus(articles *content.Service) *menu.Service {
	return menu.NewService(menu.Options{
		Store: m.Store, Rules: m.Rules, Articles: articles, Logger: m.Logger,
		Projector: analytics.NewProjector(m.Store, m.Logger),
		WeChat:    func(a *account.Account) menu.WeChat { return m.WeChat.Account(m.Credentials(a)) },
	})
}
