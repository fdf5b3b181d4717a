package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/errs"
)

// Dry-run targets: which rule set answers the made-up push.
const (
	targetActive = "active"
	targetCanary = "canary"
	targetDraft  = "draft"
)

// dryrunData is the dry-run page: the form and, after a run, the result.
type dryrunData struct {
	Target     string
	Probe      autoreply.Probe
	At         string // "2006-01-02T15:04" in the account's zone; "" = now
	YAML       string // the draft
	ProbeKinds []string
	Canary     *canaryView
	Result     *dryrunResult
}

// dryrunResult is what the rules answered, and why.
type dryrunResult struct {
	Target     string
	Version    int64
	Input      string
	Candidates []candRow
	Matched    bool
	RuleID     int64
	RuleName   string
	ReplyType  string
	Reply      string
	Handoff    bool
	Problems   []autoreply.FileProblem // the draft does not compile
	Side       string                  // with a canary running: "canary" or "active" for this follower
	Bucket     int
}

// candRow is one rule that matched, for the result table.
type candRow struct {
	ID       int64
	Name     string
	Priority int
	Why      string
	Active   bool
	Won      bool
}

// handleRulesDryrunShow shows the dry-run form, the draft starting as the
// active version.
func (h *Handler) handleRulesDryrunShow(w http.ResponseWriter, r *http.Request, p *Page) error {
	d, err := h.dryrunForm(r.Context(), p)
	if err != nil {
		return err
	}
	p.Title, p.Nav = p.T("rules.dryrun_title"), "rules"
	return h.render(w, r, p, "rules_dryrun", d)
}

func (h *Handler) dryrunForm(ctx context.Context, p *Page) (*dryrunData, error) {
	active, err := h.Rules.RuleSet(ctx, p.Account.ID, 0)
	if err != nil {
		return nil, err
	}
	text, err := autoreply.Export(&autoreply.RuleSet{Rules: active.Rules}, "yaml")
	if err != nil {
		return nil, err
	}
	canary, err := h.loadCanary(ctx, p)
	if err != nil {
		return nil, err
	}
	return &dryrunData{Target: targetActive, YAML: string(text), ProbeKinds: autoreply.ProbeKinds, Canary: canary}, nil
}

// handleRulesDryrun runs a made-up push against the active, canary or
// draft rules; htmx gets the result fragment, a plain form the whole page.
func (h *Handler) handleRulesDryrun(w http.ResponseWriter, r *http.Request, p *Page) error {
	d, err := h.dryrunForm(r.Context(), p)
	if err != nil {
		return err
	}
	d.Target, d.At = r.PostFormValue("target"), r.PostFormValue("at")
	d.Probe = autoreply.Probe{Kind: r.PostFormValue("kind"), Text: r.PostFormValue("text"),
		Key: r.PostFormValue("key"), OpenID: r.PostFormValue("openid")}
	if y := r.PostFormValue("yaml"); y != "" {
		d.YAML = y
	}
	if d.Result, err = h.dryrun(r.Context(), p, d); err != nil {
		return err
	}
	if r.Header.Get("HX-Request") != "" {
		return h.partial(w, r, p, "rules_dryrun", "dryrun_result", d)
	}
	p.Title, p.Nav = p.T("rules.dryrun_title"), "rules"
	return h.render(w, r, p, "rules_dryrun", d)
}

// dryrun picks the engine and explains the probe with it.
func (h *Handler) dryrun(ctx context.Context, p *Page, d *dryrunData) (*dryrunResult, error) {
	now, err := probeTime(d.At, p)
	if err != nil {
		return nil, err
	}
	m, err := d.Probe.Message(now)
	if err != nil {
		return nil, err
	}
	m.ToUserName = p.Account.OriginalID
	live, err := h.Rules.Live(ctx, p.Account.ID)
	if err != nil {
		return nil, err
	}
	res := &dryrunResult{Target: d.Target}
	if live.Trial != nil {
		res.Bucket, res.Side = autoreply.CanaryBucket(m.FromUserName), targetActive
		if live.Trial.Includes(m.FromUserName) {
			res.Side = targetCanary
		}
	}
	e, problems, err := pickEngine(live, d)
	if err != nil || problems != nil {
		res.Problems = problems
		return res, err
	}
	fillResult(p, res, e.Explain(m, now, p.Location()))
	return res, nil
}

// pickEngine returns the engine of the dry run's target; a draft that does
// not compile gives its problems instead.
func pickEngine(live autoreply.Live, d *dryrunData) (*autoreply.Engine, []autoreply.FileProblem, error) {
	switch d.Target {
	case targetCanary:
		if live.Canary == nil {
			return nil, nil, errs.Errorf(errs.Invalid, "no canary is running (当前没有进行中的灰度)")
		}
		return live.Canary, nil, nil
	case targetDraft:
		rs, problems := autoreply.CheckRuleYAML([]byte(d.YAML))
		if problems != nil {
			return nil, problems, nil
		}
		floor := live.Active.MaxID()
		if live.Canary != nil {
			floor = max(floor, live.Canary.MaxID())
		}
		autoreply.AssignIDs(rs, floor)
		e, err := autoreply.Compile(rs)
		return e, nil, err
	}
	d.Target = targetActive
	return live.Active, nil, nil
}

func fillResult(p *Page, res *dryrunResult, x autoreply.Explanation) {
	dec := x.Decision
	res.Version, res.Input, res.Matched, res.Handoff = dec.Version, x.Input, dec.Matched, dec.Handoff
	if dec.Matched {
		res.RuleID, res.RuleName, res.ReplyType = dec.Rule.ID, dec.Rule.Name, dec.Reply.Type
		res.Reply = autoreply.ReplySummary(dec.Reply)
	}
	for _, c := range x.Candidates {
		res.Candidates = append(res.Candidates, candRow{ID: c.Rule.ID, Name: c.Rule.Name, Priority: c.Rule.Priority,
			Why: whyText(p, c), Active: c.Active, Won: c.Won})
	}
}

// whyText says in the page's language what made a rule a candidate.
func whyText(p *Page, c autoreply.Candidate) string {
	switch r := c.Rule; {
	case c.Match != "":
		return p.T("rules.why.keyword", p.T("rules.match."+string(c.Match)), c.Keyword)
	case r.Trigger == autoreply.TriggerClick:
		return p.T("rules.why.click", c.Key)
	case c.Key != "":
		return p.T("rules.why.scene", p.T("rules.trigger."+string(r.Trigger)), c.Key)
	default:
		return p.T("rules.why.any." + string(r.Trigger))
	}
}

// probeTime reads the dry run's clock, a datetime-local value in the
// account's zone; empty means now.
func probeTime(s string, p *Page) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return p.Now, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, p.Location()); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errs.Errorf(errs.Invalid, "time %q is not like 2026-11-23T20:30 (时间格式应为 2026-11-23T20:30)", s)
}
