package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox/burst"
)

// remedyData is the remediation page: the source form, and once asked,
// the preview of everyone concerned and the correction form.
type remedyData struct {
	Form      remedyForm
	Rules     []ruleGroup
	Previewed bool
	Total     int
	Within    []remedyRow
	Outside   []remedyRow
	Truncated bool
	CSVURL    string
	Jobs      []bulkJobView
}

// remedyForm is the source as typed: "rule" is "<rule id>:<version>"
// (version 0: any), from and to are datetime-local values.
type remedyForm struct {
	Rule, Text, From, To string
}

type ruleGroup struct {
	Label   string
	Options []ruleOption
}

type ruleOption struct {
	Value, Label string
	Selected     bool
}

// remedyRow is one follower who received a wrong reply.
type remedyRow struct {
	OpenID, Name, URL, At, Content, Reason string
	Count                                  int
}

// remedyVersions is how many rule-set versions the rule picker offers.
const remedyVersions = 10

// handleRemedyShow lets an operator pick a rule version (or a reply text)
// and a time range, then previews every follower who received it, split
// by whether the reply window still lets a correction through.
func (h *Handler) handleRemedyShow(w http.ResponseWriter, r *http.Request, p *Page) error {
	d := &remedyData{Form: remedyFormOf(p, r.URL.Query())}
	var err error
	if d.Rules, err = h.ruleGroups(r, p, d.Form.Rule); err != nil {
		return err
	}
	if d.Jobs, err = h.recentJobs(r, p); err != nil {
		return err
	}
	p.Title, p.Nav = p.T("burst.remedy.title"), "remediation"
	if r.URL.Query().Get("preview") == "" {
		return h.render(w, r, p, "remedy_show", d)
	}
	src, err := remedySourceOf(p, d.Form)
	if err != nil {
		return err
	}
	preview, err := h.Burst.PreviewRemedy(r.Context(), p.Account, src)
	if err != nil {
		return err
	}
	d.fillPreview(p, preview)
	return h.render(w, r, p, "remedy_show", d)
}

func (d *remedyData) fillPreview(p *Page, pv *burst.Preview) {
	d.Previewed, d.Total, d.Truncated = true, pv.Total(), pv.Truncated
	for _, rc := range pv.Within {
		d.Within = append(d.Within, remedyRowOf(p, rc, ""))
	}
	for _, o := range pv.Outside {
		d.Outside = append(d.Outside, remedyRowOf(p, o.Received, reasonText(p, o.Reason)))
	}
	d.CSVURL = p.URL("/remediation/outside.csv") + "?" + d.Form.values().Encode()
}

func remedyRowOf(p *Page, rc burst.Received, reason string) remedyRow {
	return remedyRow{OpenID: rc.OpenID, Name: followerName(rc.Nickname, "", rc.OpenID),
		URL: p.URL("/followers/%s", url.PathEscape(rc.OpenID)), At: p.Time(rc.At), Content: rc.Content,
		Count: rc.Count, Reason: reason}
}

// remedyFormOf reads the form; the range defaults to the last 24 hours.
func remedyFormOf(p *Page, v url.Values) remedyForm {
	f := remedyForm{Rule: v.Get("rule"), Text: strings.TrimSpace(v.Get("text")), From: v.Get("from"), To: v.Get("to")}
	now := p.Now.In(p.Location())
	if f.From == "" {
		f.From = now.Add(-24 * time.Hour).Format(localMinute)
	}
	if f.To == "" {
		f.To = now.Add(time.Minute).Format(localMinute)
	}
	return f
}

func (f remedyForm) values() url.Values {
	return url.Values{"rule": {f.Rule}, "text": {f.Text}, "from": {f.From}, "to": {f.To}}
}

// localMinute is the format of <input type="datetime-local">.
const localMinute = "2006-01-02T15:04"

// remedySourceOf turns the form into a source in the account's time zone.
func remedySourceOf(p *Page, f remedyForm) (burst.RemedySource, error) {
	src := burst.RemedySource{AccountID: p.Account.ID, Text: f.Text}
	bad := errs.Errorf(errs.Invalid, "%s", p.T("burst.remedy.bad_source"))
	if f.Rule != "" {
		id, version, ok := strings.Cut(f.Rule, ":")
		var err1, err2 error
		src.RuleID, err1 = strconv.ParseInt(id, 10, 64)
		src.RuleVersion, err2 = strconv.ParseInt(version, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return src, bad
		}
	}
	var err error
	if src.From, err = time.ParseInLocation(localMinute, f.From, p.Location()); err != nil {
		return src, bad
	}
	if src.To, err = time.ParseInLocation(localMinute, f.To, p.Location()); err != nil {
		return src, bad
	}
	return src, nil
}

// ruleGroups offers "any version" of each rule of the active set, then the
// rules of the latest versions one by one.
func (h *Handler) ruleGroups(r *http.Request, p *Page, selected string) ([]ruleGroup, error) {
	if h.Rules == nil {
		return nil, nil
	}
	versions, err := h.Rules.Versions(r.Context(), p.Account.ID)
	if err != nil {
		return nil, err
	}
	var groups []ruleGroup
	for i, v := range versions {
		if i == remedyVersions {
			break
		}
		rs, err := h.Rules.RuleSet(r.Context(), p.Account.ID, v.Version)
		if err != nil {
			return nil, err
		}
		label := p.T("burst.remedy.version", v.Version)
		if v.Active {
			label = p.T("burst.remedy.version_active", v.Version)
		}
		g := ruleGroup{Label: label}
		for _, rule := range rs.Rules {
			value := fmt.Sprintf("%d:%d", rule.ID, v.Version)
			g.Options = append(g.Options, ruleOption{Value: value, Selected: value == selected,
				Label: fmt.Sprintf("%s (#%d, v%d)", rule.Name, rule.ID, v.Version)})
		}
		groups = append(groups, g)
	}
	return groups, nil
}
