package simulator

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/wechat"
)

// Subscribe scenes (subscribe_scene of user/info) the simulator produces;
// WeChat has more, and they are an open set.
const (
	SceneSearch = "ADD_SCENE_SEARCH"
	SceneQRCode = "ADD_SCENE_QR_CODE"
	SceneOthers = "ADD_SCENE_OTHERS"
)

// Follower is a virtual follower as the platform knows it.
type Follower struct {
	OpenID        string
	Subscribed    bool
	SubscribeTime time.Time
	Scene         string // subscribe_scene
	QRScene       int64  // numeric QR scene, when followed through one
	QRSceneStr    string // string QR scene, when followed through one
	Language      string // default zh_CN
	Remark        string
}

// follower is the platform's state for one openid; guarded by account.mu.
type follower struct {
	Follower
	seq     int // position in account.order
	windows [windowKinds]window
	lastKey string // dedupe key of the last push applied, so retries open no new window
	tags    []int  // tag ids, in the order they were applied
}

// AddFollower seeds a follower (for user/get and user/info tests) without
// pushing anything; it replaces a follower with the same openid.
func (p *Platform) AddFollower(appid string, f Follower) error {
	a, err := p.lookup(appid)
	if err != nil {
		return err
	}
	if f.OpenID == "" {
		return fmt.Errorf("simulator: follower needs an openid (粉丝缺少 OpenID)")
	}
	if f.Language == "" {
		f.Language = "zh_CN"
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	fl, _ := a.followerLocked(f.OpenID)
	fl.Follower = f
	return nil
}

// Follower returns what the platform knows about one follower.
func (p *Platform) Follower(appid, openid string) (Follower, bool) {
	a, err := p.lookup(appid)
	if err != nil {
		return Follower{}, false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	f, ok := a.followers[openid]
	if !ok {
		return Follower{}, false
	}
	return f.Follower, true
}

// followerLocked returns the follower with this openid, creating it on first
// sight. The caller holds a.mu.
func (a *account) followerLocked(openid string) (*follower, bool) {
	if f, ok := a.followers[openid]; ok {
		return f, false
	}
	f := &follower{Follower: Follower{OpenID: openid, Language: "zh_CN"}, seq: len(a.order)}
	a.followers[openid] = f
	a.order = append(a.order, openid)
	return f, true
}

// observeLocked updates the follower from a push WeChat is delivering: who
// follows, and which customer-service windows the action opens. A retry of
// the same push changes nothing. The caller holds a.mu.
func (a *account) observeLocked(m *wechat.Message, now time.Time) {
	f, created := a.followerLocked(m.FromUserName)
	key := pushKey(m)
	if key == f.lastKey {
		return
	}
	f.lastKey = key
	if created && m.Event != wechat.EventSubscribe && m.Event != wechat.EventUnsubscribe {
		f.Subscribed, f.SubscribeTime, f.Scene = true, now, SceneOthers
	}
	switch {
	case !m.IsEvent():
		f.open(msgWindow, now)
	case m.Event == wechat.EventSubscribe:
		f.subscribe(m.EventKey, now)
		f.open(eventWindow, now)
	case m.Event == wechat.EventUnsubscribe:
		f.Subscribed = false
		f.windows = [windowKinds]window{}
	case opensEventWindow(m.Event):
		f.open(eventWindow, now)
	}
}

func opensEventWindow(event string) bool {
	switch event {
	case wechat.EventScan, wechat.EventClick, wechat.EventScancodePush, wechat.EventScancodeWaitMsg:
		return true
	}
	return false
}

// subscribe records a follow, through a parametric QR code when eventKey
// carries qrscene_<scene>.
func (f *follower) subscribe(eventKey string, now time.Time) {
	f.Subscribed, f.SubscribeTime = true, now
	f.Scene, f.QRScene, f.QRSceneStr = SceneSearch, 0, ""
	scene, ok := strings.CutPrefix(eventKey, wechat.QRScenePrefix)
	if !ok || scene == "" {
		return
	}
	f.Scene = SceneQRCode
	if n, err := strconv.ParseInt(scene, 10, 64); err == nil {
		f.QRScene = n
		return
	}
	f.QRSceneStr = scene
}

// pushKey identifies a push the way WeChat's retries repeat it.
func pushKey(m *wechat.Message) string {
	if m.MsgID != 0 {
		return "msg:" + strconv.FormatInt(m.MsgID, 10)
	}
	return fmt.Sprintf("ev:%s|%d|%s|%s", m.FromUserName, m.CreateTime, m.Event, m.EventKey)
}
