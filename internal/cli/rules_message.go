package cli

import (
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

// testMessage builds the push that `rules test` feeds to the engine.
func testMessage(rc *rulesCmd, now time.Time) (*wechat.Message, error) {
	m := &wechat.Message{FromUserName: rc.openID, ToUserName: rc.acct.OriginalID, CreateTime: now.Unix(), MsgType: wechat.MsgEvent}
	text := strings.Join(rc.args, " ")
	switch rc.event {
	case "":
		if strings.TrimSpace(text) == "" {
			return nil, errs.Errorf(errs.Invalid, `usage: fanbase rules test --account APPID "text" (请输入要测试的文字)`)
		}
		m.MsgType, m.Content, m.MsgID = wechat.MsgText, text, now.UnixNano()
	case "subscribe":
		m.Event = wechat.EventSubscribe
		if rc.key != "" {
			m.EventKey = wechat.QRScenePrefix + rc.key
		}
	case "scan":
		m.Event, m.EventKey = wechat.EventScan, rc.key
	case "click":
		m.Event, m.EventKey = wechat.EventClick, rc.key
	case "location":
		m.MsgType, m.Label, m.MsgID = wechat.MsgLocation, text, now.UnixNano()
	default:
		return nil, errs.Errorf(errs.Invalid, "--event must be subscribe, scan, click or location, got %q (事件类型无效)", rc.event)
	}
	return m, nil
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
