package app

import (
	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience/tagging"
)

// openTags builds the tag service the web app, the API and the follower
// sync share: tags change at WeChat first, through the account's API
// client; an account without an AppSecret keeps local tags until it has one.
func (m *Main) openTags() *tagging.Service {
	return tagging.New(m.Store, func(a *account.Account) tagging.API {
		if a.Secret == "" {
			return nil
		}
		return m.WeChat.Account(m.Credentials(a))
	}, m.Logger)
}
