package web

import (
	"context"
	"fmt"
	"sort"

	"github.com/fanbase/fanbase/internal/broadcast"
)

// audienceOption is one tag or segment a broadcast can go to.
type audienceOption struct {
	ID    int64
	Name  string
	Count int64 // followers known to carry the tag; -1 when not counted (segments)
}

// audienceOptions lists the tags and segments the audience picker offers;
// a server without tags or segments offers none of them.
func (h *Handler) audienceOptions(ctx context.Context, accountID int64) (tags, segs []audienceOption, err error) {
	if h.Tags != nil {
		ts, err := h.Tags.List(ctx, accountID)
		if err != nil {
			return nil, nil, fmt.Errorf("list tags of account %d: %w", accountID, err)
		}
		for _, t := range ts {
			tags = append(tags, audienceOption{ID: t.ID, Name: t.Name, Count: t.Known})
		}
	}
	if h.Segments != nil {
		ss, err := h.Segments.List(ctx, accountID)
		if err != nil {
			return nil, nil, fmt.Errorf("list segments of account %d: %w", accountID, err)
		}
		for _, s := range ss {
			segs = append(segs, audienceOption{ID: s.ID, Name: s.Name, Count: -1})
		}
	}
	return tags, segs, nil
}

// audienceLabel names a broadcast's audience for people: all followers,
// or the tag or segment by name (by number when it is gone).
func audienceLabel(p *Page, a broadcast.Audience, tags, segs []audienceOption) string {
	switch a.Kind {
	case broadcast.AudienceTag:
		if n := optionName(tags, a.TagID); n != "" {
			return p.T("broadcasts.audience.tag_named", n)
		}
		return p.T("broadcasts.audience.tag_id", a.TagID)
	case broadcast.AudienceSegment:
		if n := optionName(segs, a.SegmentID); n != "" {
			return p.T("broadcasts.audience.segment_named", n)
		}
		return p.T("broadcasts.audience.segment_id", a.SegmentID)
	}
	return p.T("broadcasts.audience.all")
}

func optionName(opts []audienceOption, id int64) string {
	for _, o := range opts {
		if o.ID == id {
			return o.Name
		}
	}
	return ""
}

// sortedKeys lists a map's keys in order, for stable forms and previews.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
