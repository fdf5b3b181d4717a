package cli

import (
	"math"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/simulator"
)

func TestParseMix(t *testing.T) {
	tests := []struct {
		in   string
		want simulator.Mix
		ok   bool
	}{
		{"text=70,subscribe=8,unsubscribe=2,click=10,scan=5,location=5",
			simulator.Mix{Text: 70, Subscribe: 8, Unsubscribe: 2, Click: 10, Scan: 5, Location: 5}, true},
		{" text = 1 , , click=0.5 ", simulator.Mix{Text: 1, Click: 0.5}, true},
		{"", simulator.Mix{}, true},
		{"text", simulator.Mix{}, false},
		{"text=", simulator.Mix{}, false},
		{"voice=3", simulator.Mix{}, false},
		{"text=-1", simulator.Mix{}, false},
		{"text=ten", simulator.Mix{}, false},
		{"text=NaN", simulator.Mix{}, false},
		{"text=+Inf,click=1", simulator.Mix{}, false},
	}
	for _, tt := range tests {
		got, err := parseMix(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("parseMix(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if err != nil && (!errs.Is(err, errs.Invalid) || !hasHan(err.Error())) {
			t.Errorf("parseMix(%q) error %v is not a bilingual invalid error", tt.in, err)
		}
		if tt.ok && got != tt.want {
			t.Errorf("parseMix(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestLoopbackURL(t *testing.T) {
	tests := map[string]string{
		"http://[::]:8080":       "http://127.0.0.1:8080",
		"http://0.0.0.0:9":       "http://127.0.0.1:9",
		"http://:8080":           "http://127.0.0.1:8080",
		"http://127.0.0.1:43210": "http://127.0.0.1:43210",
		"http://[::1]:80":        "http://[::1]:80",
	}
	for in, want := range tests {
		if got, err := loopbackURL(in); err != nil || got != want {
			t.Errorf("loopbackURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := loopbackURL("http://no-port"); err == nil {
		t.Error("loopbackURL without a port: want an error")
	}
}

// FuzzParseMix feeds --mix values: never a panic, errors are bilingual
// usage errors, and accepted weights are finite and not negative.
func FuzzParseMix(f *testing.F) {
	for _, s := range []string{"text=70,click=10", "scan=1e308,location=0", "text=NaN", "=,=", "text=+Inf", "click=1=2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := parseMix(s)
		if err != nil {
			if !errs.Is(err, errs.Invalid) || !hasHan(err.Error()) {
				t.Fatalf("parseMix(%q): %v is not a bilingual invalid error", s, err)
			}
			return
		}
		for _, w := range []float64{m.Text, m.Subscribe, m.Unsubscribe, m.Click, m.Scan, m.Location} {
			if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
				t.Fatalf("parseMix(%q) accepted weight %v", s, w)
			}
		}
	})
}
