package simulator

import (
	"crypto/sha1"
	"encoding/base64"
	"math/rand/v2"
	"strconv"

	"github.com/fanbase/fanbase/internal/wechat"
)

// Mix weighs what followers do; only the ratios matter. All zero means
// DefaultMix.
type Mix struct {
	Text, Subscribe, Unsubscribe, Click, Scan, Location float64
}

// DefaultMix is a day on a busy account: mostly questions, some menu
// clicks, follows and QR scans, few unfollows.
var DefaultMix = Mix{Text: 70, Subscribe: 8, Unsubscribe: 2, Click: 10, Scan: 5, Location: 5}

// action is one thing a follower does.
type action int

const (
	actText action = iota
	actSubscribe
	actUnsubscribe
	actClick
	actScan
	actLocation
	actions
)

func (m Mix) weights() [actions]float64 {
	w := [actions]float64{m.Text, m.Subscribe, m.Unsubscribe, m.Click, m.Scan, m.Location}
	for _, v := range w {
		if v > 0 {
			return w
		}
	}
	return DefaultMix.weights()
}

// crowd is a pool of virtual followers and who among them follows now. It
// is used from one goroutine (the dispatcher).
type crowd struct {
	sc         Scenario
	rng        *rand.Rand
	weights    [actions]float64
	total      float64
	openids    []string
	subs, outs indexSet // subscribed / not subscribed pool members
}

// newCrowd builds the pool; followers the platform already knows keep
// their subscription state, so consecutive runs continue one story.
func newCrowd(p *Platform, appid string, sc Scenario) *crowd {
	c := &crowd{sc: sc, rng: rand.New(rand.NewPCG(uint64(sc.Seed), 0x5eed)), weights: sc.Mix.weights()}
	for _, w := range c.weights {
		c.total += max(w, 0)
	}
	c.subs, c.outs = newIndexSet(sc.Followers), newIndexSet(sc.Followers)
	for i := range sc.Followers {
		openid := CrowdOpenID(appid, i)
		c.openids = append(c.openids, openid)
		if f, ok := p.Follower(appid, openid); ok && f.Subscribed {
			c.subs.add(i)
		} else {
			c.outs.add(i)
		}
	}
	return c
}

// CrowdOpenID is the openid of pool member i, shaped like a real openid
// (28 characters starting with "o") and stable for an appid, so that runs
// with the same pool size meet the same followers again.
func CrowdOpenID(appid string, i int) string {
	sum := sha1.Sum([]byte(appid + "|" + strconv.Itoa(i)))
	return "o" + base64.RawURLEncoding.EncodeToString(sum[:])[:27]
}

// next returns the next push. New followers subscribe before anything
// else; unfollowed ones only come back by subscribing.
func (c *crowd) next() *wechat.Message {
	act := c.pick()
	switch {
	case act == actSubscribe && c.outs.len() == 0:
		act = actText
	case act != actSubscribe && c.subs.len() == 0:
		act = actSubscribe
	}
	if act == actSubscribe {
		i := c.outs.take(c.rng)
		c.subs.add(i)
		return Subscribe(c.openids[i], c.scene())
	}
	i := c.subs.random(c.rng)
	if act == actUnsubscribe {
		c.subs.remove(i)
		c.outs.add(i)
		return Unsubscribe(c.openids[i])
	}
	return c.message(act, c.openids[i])
}

func (c *crowd) pick() action {
	x := c.rng.Float64() * c.total
	for a, w := range c.weights {
		if w <= 0 {
			continue
		}
		if x < w {
			return action(a)
		}
		x -= w
	}
	return actText
}

func (c *crowd) message(act action, openid string) *wechat.Message {
	switch act {
	case actClick:
		return Click(openid, c.choose(c.sc.MenuKeys, defaultMenuKeys))
	case actScan:
		return Scan(openid, c.choose(c.sc.Scenes, defaultScenes))
	case actLocation:
		pl := Places[c.rng.IntN(len(Places))]
		return Location(openid, pl.Lat, pl.Lng, pl.Label)
	}
	return TextMessage(openid, Utterances[c.rng.IntN(len(Utterances))], 0)
}

// scene is the QR scene of a follow: one of the scenario's, or a plain
// follow (search) when it names none.
func (c *crowd) scene() string {
	if len(c.sc.Scenes) == 0 {
		return ""
	}
	return c.sc.Scenes[c.rng.IntN(len(c.sc.Scenes))]
}

func (c *crowd) choose(list, fallback []string) string {
	if len(list) == 0 {
		list = fallback
	}
	return list[c.rng.IntN(len(list))]
}

var (
	defaultMenuKeys = []string{"MENU_TICKETS", "MENU_HOURS", "MENU_MAP", "MENU_COUPON"}
	defaultScenes   = []string{"1000", "store_001"}
)

// indexSet is a set of small ints with O(1) add, remove and random pick.
type indexSet struct {
	items []int
	pos   []int // pos[i] = index of i in items, -1 when absent
}

func newIndexSet(n int) indexSet {
	s := indexSet{pos: make([]int, n)}
	for i := range s.pos {
		s.pos[i] = -1
	}
	return s
}

func (s *indexSet) len() int { return len(s.items) }

func (s *indexSet) add(i int) {
	if s.pos[i] >= 0 {
		return
	}
	s.pos[i] = len(s.items)
	s.items = append(s.items, i)
}

func (s *indexSet) remove(i int) {
	at := s.pos[i]
	if at < 0 {
		return
	}
	last := s.items[len(s.items)-1]
	s.items[at], s.pos[last] = last, at
	s.items = s.items[:len(s.items)-1]
	s.pos[i] = -1
}

func (s *indexSet) random(rng *rand.Rand) int { return s.items[rng.IntN(len(s.items))] }

func (s *indexSet) take(rng *rand.Rand) int {
	i := s.random(rng)
	s.remove(i)
	return i
}
