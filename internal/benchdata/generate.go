package benchdata

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// generator builds the whole data set in memory, compactly; write turns it
// into rows.
type generator struct {
	opt       Options
	rng       *rand.Rand
	loc       *time.Location // Asia/Shanghai, whose hours shape traffic
	accounts  []int64
	followers []follower // every account's, account by account
	pushes    []push     // every account's, by time
	convs     []conversation
}

type follower struct {
	acct            int // index into accounts
	n               int // number within the account
	subAt, unsubAt  time.Time
	qrScene         string
	lastMsg, lastIn time.Time
	interactions    int64
}

// pushKind is what a follower sent.
type pushKind uint8

const (
	kindText pushKind = iota
	kindImage
	kindVoice
	kindLocation
	kindSubscribe
	kindUnsubscribe
	kindClick
	kindScan
	kindView
	kindLocationEvent
)

type push struct {
	at       time.Time
	follower int32 // index into followers
	kind     pushKind
	text     int16 // index into questions
	num      int32 // fills {n}
	rule     int16 // the rule that answered it; 0: none
	handoff  bool
}

// Shares of the pushes that are not follows or unfollows, per kind.
var kindWeights = []struct {
	kind   pushKind
	weight int
}{
	{kindText, 78}, {kindImage, 4}, {kindVoice, 2}, {kindLocation, 1},
	{kindClick, 9}, {kindScan, 3}, {kindView, 2}, {kindLocationEvent, 1},
}

// hourWeights shape traffic over the day in Shanghai: quiet at night,
// busy late morning and in the evening.
var hourWeights = [24]float64{1, .6, .3, .2, .2, .3, .8, 2, 4, 6, 6, 5, 5, 4.5, 4, 4, 4.5, 5, 5.5, 7, 8, 7, 4, 2}

func (g *generator) generate() {
	for k := range g.accounts {
		first := len(g.followers)
		g.addFollowers(k)
		g.addPushes(k, first)
	}
	slices.SortStableFunc(g.pushes, func(a, b push) int { return a.at.Compare(b.at) })
	g.addConversations()
}

func (g *generator) start() time.Time { return g.opt.Now.AddDate(0, 0, -g.opt.Days) }

// when picks a moment in the history: days grow busier toward now, hours
// follow hourWeights.
func (g *generator) when() time.Time {
	loc := g.loc
	first := g.start().In(loc)
	for {
		// Recent days are busier; today (day Days) runs up to now.
		day := int(float64(g.opt.Days+1) * math.Sqrt(g.rng.Float64()))
		hour := g.pickHour()
		t := time.Date(first.Year(), first.Month(), first.Day()+day, hour, 0, 0, 0, loc).
			Add(time.Duration(g.rng.Int64N(int64(time.Hour))))
		if t.After(g.start()) && t.Before(g.opt.Now) {
			return t.UTC().Truncate(time.Millisecond)
		}
	}
}

func (g *generator) pickHour() int {
	var total float64
	for _, w := range hourWeights {
		total += w
	}
	x := g.rng.Float64() * total
	for h, w := range hourWeights {
		if x -= w; x < 0 {
			return h
		}
	}
	return 23
}

func (g *generator) addFollowers(k int) {
	n := share(g.opt.Followers, len(g.accounts), k)
	for i := range n {
		f := follower{acct: k, n: i}
		if g.rng.IntN(10) < 6 {
			f.subAt = g.when()
		} else {
			f.subAt = g.start().Add(-time.Duration(g.rng.Int64N(int64(700 * 24 * time.Hour)))).Truncate(time.Millisecond)
		}
		if g.rng.IntN(100) < 30 {
			f.qrScene = []string{"store_01", "poster_spring", "event_expo", "staff_card"}[g.rng.IntN(4)]
		}
		if g.rng.IntN(100) < 12 {
			unsub := f.subAt.Add(time.Hour + time.Duration(g.rng.Int64N(int64(60*24*time.Hour))))
			if unsub.Before(g.opt.Now) {
				f.unsubAt = unsub.Truncate(time.Millisecond)
			}
		}
		f.lastIn = f.subAt
		f.interactions = 1
		g.followers = append(g.followers, f)
	}
}

// addPushes adds account k's pushes: its followers' follows and unfollows
// within the history, then messages and events from random followers,
// some far chattier than others.
func (g *generator) addPushes(k, first int) {
	budget := share(g.opt.Messages, len(g.accounts), k)
	fs := g.followers[first:]
	for i := range fs {
		for _, ev := range []struct {
			at   time.Time
			kind pushKind
		}{{fs[i].subAt, kindSubscribe}, {fs[i].unsubAt, kindUnsubscribe}} {
			if budget > 0 && ev.at.After(g.start()) {
				g.pushes = append(g.pushes, push{at: ev.at, follower: int32(first + i), kind: ev.kind, rule: welcomeRule(ev.kind)})
				budget--
			}
		}
	}
	for ; budget > 0 && len(fs) > 0; budget-- {
		i := int(float64(len(fs)) * math.Pow(g.rng.Float64(), 2.5))
		p := g.randomPush(int32(first + i))
		g.pushes = append(g.pushes, p)
		g.touch(&g.followers[first+i], p)
	}
}

func welcomeRule(k pushKind) int16 {
	if k == kindSubscribe {
		return 1
	}
	return 0
}

func (g *generator) randomPush(f int32) push {
	p := push{at: g.when(), follower: f, kind: g.pickKind(), text: int16(g.rng.IntN(len(questions))),
		num: int32(g.rng.IntN(90000) + 10000)}
	switch {
	case p.kind == kindClick:
		p.rule = int16(10 + g.rng.IntN(3)) // menu rules 10-12
	case p.kind != kindText && p.kind != kindImage && p.kind != kindVoice && p.kind != kindLocation:
	case g.rng.IntN(100) < 72:
		p.rule = int16(2 + int(8*math.Pow(g.rng.Float64(), 1.7))) // keyword rules 2-9, some far busier
	default:
		p.handoff = true // no rule answered: the desk should
	}
	return p
}

func (g *generator) pickKind() pushKind {
	x := g.rng.IntN(100)
	for _, kw := range kindWeights {
		if x -= kw.weight; x < 0 {
			return kw.kind
		}
	}
	return kindText
}

// touch updates the follower's activity for a push.
func (g *generator) touch(f *follower, p push) {
	f.interactions++
	if p.at.After(f.lastIn) {
		f.lastIn = p.at
	}
	if p.kind <= kindLocation && p.at.After(f.lastMsg) {
		f.lastMsg = p.at
	}
}

func shanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}
