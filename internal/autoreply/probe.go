package autoreply

import (
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

// Probe kinds: what a dry run pretends the follower did.
const (
	ProbeText      = "text"
	ProbeSubscribe = "subscribe"
	ProbeScan      = "scan"
	ProbeClick     = "click"
	ProbeLocation  = "location"
)

// ProbeKinds lists the probe kinds in the order forms offer them.
var ProbeKinds = []string{ProbeText, ProbeSubscribe, ProbeScan, ProbeClick, ProbeLocation}

// Probe is a push made up to dry-run the rules (`fanbase rules test`, the
// rules page): a text, or a follow, scan, menu click or location.
type Probe struct {
	Kind   string // one of ProbeKinds; "" means text
	Text   string // the text, or a location's label
	Key    string // QR scene (subscribe, scan) or menu key (click)
	OpenID string // the follower; decides the canary side
}

// Message builds the push the probe describes, as WeChat would send it at now.
func (p Probe) Message(now time.Time) (*wechat.Message, error) {
	openid := strings.TrimSpace(p.OpenID)
	if openid == "" {
		openid = "o_rules_test"
	}
	m := &wechat.Message{FromUserName: openid, CreateTime: now.Unix(), MsgType: wechat.MsgEvent}
	key := strings.TrimSpace(p.Key)
	switch p.Kind {
	case "", ProbeText:
		if strings.TrimSpace(p.Text) == "" {
			return nil, errs.Errorf(errs.Invalid, "enter the text to test (请输入要测试的文字)")
		}
		m.MsgType, m.Content, m.MsgID = wechat.MsgText, p.Text, now.UnixNano()
	case ProbeSubscribe:
		m.Event = wechat.EventSubscribe
		if key != "" {
			m.EventKey = wechat.QRScenePrefix + strings.TrimPrefix(key, wechat.QRScenePrefix)
		}
	case ProbeScan:
		m.Event, m.EventKey = wechat.EventScan, key
	case ProbeClick:
		if key == "" {
			return nil, errs.Errorf(errs.Invalid, "a menu click needs its key (菜单点击需要填写菜单 key)")
		}
		m.Event, m.EventKey = wechat.EventClick, key
	case ProbeLocation:
		m.MsgType, m.Label, m.MsgID = wechat.MsgLocation, p.Text, now.UnixNano()
	default:
		return nil, errs.Errorf(errs.Invalid, "test kind must be text, subscribe, scan, click or location, got %q (测试类型无效)", p.Kind)
	}
	return m, nil
}
