package benchdata

import (
	"math"
	"time"
)

// conversation is one desk conversation, opened by a handoff push.
type conversation struct {
	push      int // index into pushes
	status    string
	assignee  int64
	waiting   time.Time
	responded time.Time
	closed    time.Time
}

// addConversations opens conversations on handoff pushes, spread over the
// history: old ones closed, recent ones open, assigned or answered, at most
// one live conversation per follower (as the database requires).
func (g *generator) addConversations() {
	var handoffs []int
	for i, p := range g.pushes {
		if p.handoff {
			handoffs = append(handoffs, i)
		}
	}
	want := min(g.opt.Conversations, len(handoffs))
	if want == 0 {
		return
	}
	live := map[int32]bool{}
	// Walk from the newest, so the live queue is full however many there are.
	step := float64(len(handoffs)) / float64(want)
	for j := range want {
		i := handoffs[len(handoffs)-1-int(float64(j)*step)]
		c := g.conversation(i)
		if c.status != "closed" {
			if live[g.pushes[i].follower] {
				continue
			}
			live[g.pushes[i].follower] = true
		}
		g.convs = append(g.convs, c)
	}
}

// conversation decides the state of the conversation opened by push i.
func (g *generator) conversation(i int) conversation {
	p := g.pushes[i]
	c := conversation{push: i, assignee: g.opt.AgentIDs[g.rng.IntN(len(g.opt.AgentIDs))]}
	age := g.opt.Now.Sub(p.at)
	x := g.rng.IntN(100)
	switch {
	case age < 2*time.Hour && x < 45:
		c.status, c.assignee, c.waiting = "open", 0, p.at
		return c
	case age < 2*time.Hour && x < 80:
		c.status, c.waiting = "assigned", p.at
		return c
	}
	c.responded = p.at.Add(g.firstResponse())
	c.closed = c.responded.Add(2*time.Minute + time.Duration(g.rng.Int64N(int64(2*time.Hour))))
	keepOpen := age < 2*time.Hour || (age < 24*time.Hour && x < 10) || x < 2
	if keepOpen || !c.closed.Before(g.opt.Now) {
		c.status, c.closed = "assigned", time.Time{}
		if !c.responded.Before(g.opt.Now) {
			c.responded, c.waiting = time.Time{}, p.at
		}
		return c
	}
	c.status = "closed"
	return c
}

// firstResponse draws a first-response time: log-normal around 4 minutes,
// at most 8 hours.
func (g *generator) firstResponse() time.Duration {
	sec := math.Exp(math.Log(240) + g.rng.NormFloat64())
	return min(time.Duration(sec*float64(time.Second)), 8*time.Hour).Truncate(time.Millisecond)
}
