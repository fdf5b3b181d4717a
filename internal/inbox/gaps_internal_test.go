package inbox

import (
	"maps"
	"slices"
	"testing"
)

func TestNoteGaps(t *testing.T) {
	tests := []struct {
		name string
		pos  int64
		ids  []int64
		want []int64
	}{
		{"contiguous", 10, []int64{11, 12, 13}, nil},
		{"holes before and between", 10, []int64{12, 13, 16}, []int64{11, 14, 15}},
		{"a sequence jump is not waited for", 10, []int64{10 + maxGapRun + 2}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewProjector(NewDesk(Options{}), ProjectorOptions{})
			var msgs []Message
			for _, id := range tt.ids {
				msgs = append(msgs, Message{ID: id})
			}
			p.noteGaps(tt.pos, msgs)
			if got := slices.Sorted(maps.Keys(p.gaps)); !slices.Equal(got, tt.want) {
				t.Errorf("gaps %v, want %v", got, tt.want)
			}
			p.forget([]Message{{ID: 14}})
			if _, ok := p.gaps[14]; ok {
				t.Error("a filled gap is still awaited")
			}
		})
	}
}
