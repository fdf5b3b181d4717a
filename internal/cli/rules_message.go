package cli

import (
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

// testMessage builds the push that `rules test` feeds to the engine.
func testMessage(rc *rulesCmd, now time.Time) (*wechat.Message, error) {
	text := strings.Join(rc.args, " ")
	if rc.event == "" && strings.TrimSpace(text) == "" {
		return nil, errs.Errorf(errs.Invalid, `usage: fanbase rules test --account APPID "text" (请输入要测试的文字)`)
	}
	switch rc.event {
	case "", autoreply.ProbeSubscribe, autoreply.ProbeScan, autoreply.ProbeClick, autoreply.ProbeLocation:
	default:
		return nil, errs.Errorf(errs.Invalid, "--event must be subscribe, scan, click or location, got %q (事件类型无效)", rc.event)
	}
	m, err := autoreply.Probe{Kind: rc.event, Text: text, Key: rc.key, OpenID: rc.openID}.Message(now)
	if err != nil {
		return nil, err
	}
	m.ToUserName = rc.acct.OriginalID
	return m, nil
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
