package burst

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// Waiting is one message of the open queue that no agent has answered yet.
type Waiting struct {
	ConversationID int64
	OpenID         string
	Nickname       string
	AssigneeID     int64 // 0: nobody has the conversation
	MessageID      int64
	Text           string
	At             time.Time
}

// Cluster is a group of waiting messages that ask the same thing.
type Cluster struct {
	// Representative is the commonest wording of the question.
	Representative string
	// Size counts the conversations (followers) waiting with it; Messages
	// the messages.
	Size     int
	Messages int
	// Members has one entry per conversation: its latest message in the
	// cluster, oldest first.
	Members []Waiting
}

// DefaultThreshold is the Jaccard similarity of shingle sets from which two
// questions count as the same: "优惠券怎么用" and "怎么用优惠券" share 4 of 6
// shingles (0.67), "优惠券怎么使用" 4 of 7 (0.57); "门票多少钱" and
// "儿童票多少钱" only 3 of 6 (0.5), "什么时候发货" and "什么时候退货" 3 of 7.
const DefaultThreshold = 0.55

// Clusters groups waiting messages by what they ask, Chinese-aware: each
// text is normalized (Normalize), cut into shingles (Shingles), and joins
// the first cluster, in order of size, whose founding question is at
// least threshold similar; identical questions are one group from the
// start. Messages with nothing to compare (only emoji or punctuation) are
// left out. The result is deterministic: biggest cluster first, then by
// representative. threshold <= 0 means DefaultThreshold.
func Clusters(msgs []Waiting, threshold float64) []Cluster {
	if threshold <= 0 {
		threshold = DefaultThreshold
	}
	groups := groupIdentical(msgs)
	var leaders []*group
	index := map[string][]int{} // shingle → leaders having it
	for _, g := range groups {
		if best := bestLeader(g, leaders, index, threshold); best >= 0 {
			leaders[best].absorb(g)
			continue
		}
		for _, s := range g.shingles {
			index[s] = append(index[s], len(leaders))
		}
		leaders = append(leaders, g)
	}
	out := make([]Cluster, 0, len(leaders))
	for _, l := range leaders {
		out = append(out, l.cluster())
	}
	slices.SortStableFunc(out, func(a, b Cluster) int {
		return cmp.Or(b.Size-a.Size, b.Messages-a.Messages, cmp.Compare(a.Representative, b.Representative))
	})
	return out
}

// group is the messages of one normalized text, then (as a leader) of a
// cluster.
type group struct {
	norm     string
	shingles []string
	msgs     []Waiting
	founding int // messages of the founding text: the representative's
}

// groupIdentical gathers messages by normalized text, commonest first and,
// among equals, shortest first: the plainest wording founds a cluster.
func groupIdentical(msgs []Waiting) []*group {
	byNorm := map[string]*group{}
	var groups []*group
	for _, m := range msgs {
		norm := Normalize(m.Text)
		g, ok := byNorm[norm]
		if !ok {
			sh := Shingles(norm)
			if len(sh) == 0 {
				continue
			}
			g = &group{norm: norm, shingles: sh}
			byNorm[norm] = g
			groups = append(groups, g)
		}
		g.msgs = append(g.msgs, m)
	}
	for _, g := range groups {
		g.founding = len(g.msgs)
	}
	slices.SortStableFunc(groups, func(a, b *group) int {
		return cmp.Or(len(b.msgs)-len(a.msgs), len(a.shingles)-len(b.shingles), cmp.Compare(a.norm, b.norm))
	})
	return groups
}

// bestLeader returns the index of the most similar leader at or above the
// threshold (the earliest on a tie), or -1.
func bestLeader(g *group, leaders []*group, index map[string][]int, threshold float64) int {
	best, bestSim := -1, 0.0
	seen := map[int]bool{}
	for _, s := range g.shingles {
		for _, i := range index[s] {
			if seen[i] {
				continue
			}
			seen[i] = true
			sim := jaccard(g.shingles, leaders[i].shingles)
			if sim >= threshold && (sim > bestSim || sim == bestSim && i < best) {
				best, bestSim = i, sim
			}
		}
	}
	return best
}

// jaccard is |a ∩ b| / |a ∪ b| of two sorted, unique slices.
func jaccard(a, b []string) float64 {
	inter, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch c := cmp.Compare(a[i], b[j]); {
		case c == 0:
			inter++
			i++
			j++
		case c < 0:
			i++
		default:
			j++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

func (g *group) absorb(other *group) { g.msgs = append(g.msgs, other.msgs...) }

// cluster turns a leader into a Cluster: one member per conversation (its
// latest message here), oldest first.
func (g *group) cluster() Cluster {
	c := Cluster{Representative: representative(g.msgs[:g.founding]), Messages: len(g.msgs)}
	latest := map[int64]int{} // conversation → index in Members
	for _, m := range g.msgs {
		i, ok := latest[m.ConversationID]
		if !ok {
			latest[m.ConversationID] = len(c.Members)
			c.Members = append(c.Members, m)
			continue
		}
		if m.At.After(c.Members[i].At) || m.At.Equal(c.Members[i].At) && m.MessageID > c.Members[i].MessageID {
			c.Members[i] = m
		}
	}
	slices.SortFunc(c.Members, func(a, b Waiting) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ConversationID, b.ConversationID))
	})
	c.Size = len(c.Members)
	return c
}

// representative is the commonest exact wording among msgs (the shortest,
// then the first in order, on a tie).
func representative(msgs []Waiting) string {
	count := map[string]int{}
	best := ""
	for _, m := range msgs {
		count[m.Text]++
	}
	for _, m := range msgs {
		t := m.Text
		if best == "" || count[t] > count[best] || count[t] == count[best] && len(t) < len(best) {
			best = t
		}
	}
	return best
}

// MaxWaiting bounds how many waiting messages a clustering reads.
const MaxWaiting = 5000

// QueueStore reads the open queue.
type QueueStore interface {
	// WaitingMessages lists the text of user messages in live
	// conversations that wait for an answer (received since the
	// conversation's waiting_since), the newest limit, in id order.
	WaitingMessages(ctx context.Context, accountID int64, limit int) ([]Waiting, error)
}
