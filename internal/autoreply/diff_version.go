package autoreply

import "fmt"

// VersionDiff is how two versions of a rule set differ: rule by rule and
// line by line of their exported YAML.
type VersionDiff struct {
	From, To                int64
	Rules                   []RuleChange
	Added, Removed, Changed int
	Lines                   []DiffLine
	Hunks                   []Hunk // Lines grouped with three lines of context
}

// DiffContext is how many unchanged lines Hunks keeps around a change.
const DiffContext = 3

// DiffVersions compares from with to. Either may be a draft that was never
// stored (version 0).
func DiffVersions(from, to *RuleSet) (*VersionDiff, error) {
	if from == nil || to == nil {
		return nil, fmt.Errorf("diff rule sets: a version is missing")
	}
	a, err := Export(from, "yaml")
	if err != nil {
		return nil, fmt.Errorf("diff rule sets: %w", err)
	}
	b, err := Export(to, "yaml")
	if err != nil {
		return nil, fmt.Errorf("diff rule sets: %w", err)
	}
	d := &VersionDiff{From: from.Version, To: to.Version, Rules: DiffRules(from.Rules, to.Rules)}
	for _, c := range d.Rules {
		switch c.Kind {
		case RuleAdded:
			d.Added++
		case RuleRemoved:
			d.Removed++
		case RuleChanged:
			d.Changed++
		}
	}
	d.Lines = DiffLines(string(a), string(b))
	d.Hunks = Hunks(d.Lines, DiffContext)
	return d, nil
}

// Same reports whether the two versions have the same rules.
func (d *VersionDiff) Same() bool { return len(d.Rules) == 0 }
