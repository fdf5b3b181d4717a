package inbox

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"
)

// gapChunk bounds the ids looked up in one query.
const gapChunk = 500

// noteGaps remembers the ids missing between the cursor and the messages
// read after it. On PostgreSQL several transactions insert at once, so a
// lower id may become visible after a higher one; the projector looks for
// such ids again until Grace has passed (most gaps are ids that a rolled
// back or conflicting insert used up, and never appear).
func (p *Projector) noteGaps(pos int64, msgs []Message) {
	now := time.Now()
	expected := pos + 1
	for _, m := range msgs {
		if run := m.ID - expected; run > 0 && run <= maxGapRun {
			for id := expected; id < m.ID && len(p.gaps) < maxGaps; id++ {
				if _, ok := p.gaps[id]; !ok {
					p.gaps[id] = now
				}
			}
		}
		expected = max(expected, m.ID+1)
	}
}

// filledGaps returns the messages that appeared in remembered gaps (the
// caller forgets them once applied) and forgets gaps older than Grace.
func (p *Projector) filledGaps(ctx context.Context) ([]Message, error) {
	cutoff := time.Now().Add(-p.o.Grace)
	maps.DeleteFunc(p.gaps, func(_ int64, at time.Time) bool { return at.Before(cutoff) })
	if len(p.gaps) == 0 {
		return nil, nil
	}
	ids := slices.Sorted(maps.Keys(p.gaps))
	var found []Message
	for len(ids) > 0 {
		chunk := ids[:min(gapChunk, len(ids))]
		ids = ids[len(chunk):]
		msgs, err := p.d.store.MessagesByID(ctx, chunk)
		if err != nil {
			return nil, fmt.Errorf("look for late messages: %w", err)
		}
		found = append(found, msgs...)
	}
	return found, nil
}

// forget drops the gaps that msgs filled.
func (p *Projector) forget(msgs []Message) {
	for _, m := range msgs {
		delete(p.gaps, m.ID)
	}
}
