package autoreply

import (
	"slices"
)

// acMatcher is an Aho-Corasick automaton over bytes: it finds every
// occurrence of every pattern in one pass over the text, so the cost of a
// match grows with the text and the number of hits, never with the number of
// patterns. Patterns are matched byte for byte; for valid UTF-8 that is the
// same as matching characters. Empty patterns never match.
//
// Layout: the root and every state with many children (the lead bytes of
// CJK characters fan out to dozens) get a dense 256-entry table; the other
// states keep their few edges sorted in one shared array. State 0 is the
// root; since it is never anybody's child, 0 also means "no edge".
type acMatcher struct {
	states   []acState
	dense    []int32 // 256-entry child tables, indexed by acState.dense + byte
	edgeByte []byte
	edgeNext []int32
	outPat   []int32 // patterns ending at a state: outPat[out:outEnd]
}

type acState struct {
	lo, hi  int32 // sparse edges: edgeByte/edgeNext[lo:hi]
	dense   int32 // offset of the dense table in acMatcher.dense, -1 none
	fail    int32 // longest proper suffix that is also a state
	term    int32 // this state if a pattern ends here, else the nearest such state on the fail chain; 0 none
	out     int32
	outEnd  int32
	padding int32
}

// denseMin is how many children make a state dense.
const denseMin = 12

type acEdge struct {
	b    byte
	next int32
}

// acBuilder is the trie under construction.
type acBuilder struct {
	child map[uint64]int32 // state<<8 | byte → state
	edges [][]acEdge
	out   [][]int32
}

// newACMatcher builds the automaton; pattern i is reported as i.
func newACMatcher(patterns []string) *acMatcher {
	size := 0
	for _, p := range patterns {
		size += len(p)
	}
	b := &acBuilder{child: make(map[uint64]int32, size), edges: make([][]acEdge, 1, size+1), out: make([][]int32, 1, size+1)}
	for i, p := range patterns {
		b.insert(p, int32(i))
	}
	a := b.compact()
	a.link(b)
	return a
}

func (b *acBuilder) insert(p string, id int32) {
	if p == "" {
		return
	}
	s := int32(0)
	for i := 0; i < len(p); i++ {
		key := uint64(s)<<8 | uint64(p[i])
		t, ok := b.child[key]
		if !ok {
			t = int32(len(b.edges))
			b.child[key] = t
			b.edges = append(b.edges, nil)
			b.out = append(b.out, nil)
			b.edges[s] = append(b.edges[s], acEdge{p[i], t})
		}
		s = t
	}
	b.out[s] = append(b.out[s], id)
}

// compact moves the trie into the flat arrays the matcher reads.
func (b *acBuilder) compact() *acMatcher {
	a := &acMatcher{states: make([]acState, len(b.edges))}
	for s, es := range b.edges {
		st := &a.states[s]
		st.dense = -1
		if s == 0 || len(es) >= denseMin {
			st.dense = int32(len(a.dense))
			a.dense = append(a.dense, make([]int32, 256)...)
			for _, e := range es {
				a.dense[st.dense+int32(e.b)] = e.next
			}
		} else {
			slices.SortFunc(es, func(x, y acEdge) int { return int(x.b) - int(y.b) })
			st.lo = int32(len(a.edgeByte))
			for _, e := range es {
				a.edgeByte = append(a.edgeByte, e.b)
				a.edgeNext = append(a.edgeNext, e.next)
			}
			st.hi = int32(len(a.edgeByte))
		}
		st.out = int32(len(a.outPat))
		a.outPat = append(a.outPat, b.out[s]...)
		st.outEnd = int32(len(a.outPat))
	}
	return a
}

// link computes fail and terminal links breadth first, so every state's
// links point to shallower states that already have theirs.
func (a *acMatcher) link(b *acBuilder) {
	queue := make([]int32, 0, len(b.edges))
	for _, e := range b.edges[0] {
		a.setLinks(e.next, 0)
		queue = append(queue, e.next)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, e := range b.edges[s] {
			a.setLinks(e.next, a.step(a.states[s].fail, e.b))
			queue = append(queue, e.next)
		}
	}
}

func (a *acMatcher) setLinks(s, fail int32) {
	st := &a.states[s]
	st.fail, st.term = fail, a.states[fail].term
	if st.out < st.outEnd {
		st.term = s
	}
}

// step is the automaton's transition: follow fail links until c extends the
// current match.
func (a *acMatcher) step(s int32, c byte) int32 {
	for {
		st := &a.states[s]
		if st.dense >= 0 {
			if t := a.dense[st.dense+int32(c)]; t != 0 || s == 0 {
				return t
			}
		} else {
			for i := st.lo; i < st.hi; i++ {
				if a.edgeByte[i] == c {
					return a.edgeNext[i]
				}
			}
		}
		s = st.fail
	}
}

// Match calls fn(pattern, end) for every occurrence of every pattern in text,
// end being the offset just past the occurrence, in order of end and, for one
// end, longest pattern first. It stops when fn returns false.
func (a *acMatcher) Match(text []byte, fn func(pattern, end int) bool) {
	s := int32(0)
	for i, c := range text {
		s = a.step(s, c)
		for o := a.states[s].term; o > 0; o = a.states[a.states[o].fail].term {
			st := &a.states[o]
			for _, p := range a.outPat[st.out:st.outEnd] {
				if !fn(int(p), i+1) {
					return
				}
			}
		}
	}
}

// States reports the size of the automaton, for tests and metrics.
func (a *acMatcher) States() int { return len(a.states) }
