package audience

import (
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/wechat"
)

// ChangeFromPush derives what an inbound push says about its sender.
func ChangeFromPush(m *wechat.Message, at time.Time) Change {
	c := Change{OpenID: m.FromUserName, At: at}
	if !m.IsEvent() {
		c.Message = true
		return c
	}
	switch m.Event {
	case wechat.EventSubscribe:
		c.Subscribe = true
		c.QRScene = strings.TrimPrefix(m.EventKey, wechat.QRScenePrefix)
		if !strings.HasPrefix(m.EventKey, wechat.QRScenePrefix) {
			c.QRScene = ""
		}
	case wechat.EventUnsubscribe:
		c.Unsubscribe = true
	case wechat.EventScan:
		c.QRScene = m.EventKey
	}
	return c
}
