package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox/burst"
)

// bulkShowData is a bulk job's page: what was sent, the progress, and the
// recipients (of one status, or all).
type bulkShowData struct {
	Job        bulkJobView
	CreatedBy  string
	Percent    int
	Bar        struct{ Sent, Skipped, Failed int } // widths of the progress bar's parts, in percent
	Status     burst.Status                        // the recipients shown; "" for all
	Tabs       []bulkTab
	Recipients []bulkRecipientView
	NextURL    string
	LiveURL    string
}

type bulkTab struct {
	Label, URL string
	Count      int
	Active     bool
}

type bulkRecipientView struct {
	OpenID, URL, ConversationURL string
	Status, StatusLabel, Badge   string
	Detail, Updated              string
}

// bulkPage is how many recipients the page lists at once.
const bulkPage = 200

// handleBulkShow shows a bulk job with live progress (?part=live is the
// part that refreshes on each "bulk" event) and its recipients' results.
func (h *Handler) handleBulkShow(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.Errorf(errs.NotFound, "%s", p.T("error.not_found"))
	}
	j, err := h.Burst.Store.BulkJob(r.Context(), id)
	if err != nil {
		return err
	}
	if j.AccountID != p.Account.ID {
		return errs.Errorf(errs.NotFound, "%s", p.T("error.not_found"))
	}
	d, err := h.bulkData(r, p, j)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("part") == "live" {
		return h.partial(w, r, p, "bulk_show", "bulk_live", d)
	}
	p.Title, p.Nav = p.T("burst.bulk.title", j.ID), "clusters"
	if j.Kind == burst.KindRemedy {
		p.Nav = "remediation"
	}
	return h.render(w, r, p, "bulk_show", d)
}

func (h *Handler) bulkData(r *http.Request, p *Page, j *burst.Job) (*bulkShowData, error) {
	q := r.URL.Query()
	status := burst.Status(q.Get("status"))
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	d := &bulkShowData{Job: bulkJobViewOf(p, j), Status: status, CreatedBy: p.T("burst.bulk.nobody")}
	if c := j.Counts; c.Total > 0 {
		d.Percent = c.Finished() * 100 / c.Total
		d.Bar.Sent, d.Bar.Skipped, d.Bar.Failed = c.Sent*100/c.Total, c.Skipped*100/c.Total, (c.Failed+c.Unknown)*100/c.Total
	}
	if j.CreatedBy != 0 {
		names, err := h.agentNamesOf(r, []int64{j.AccountID})
		if err != nil {
			return nil, err
		}
		d.CreatedBy = nameOr(names, j.CreatedBy)
	}
	d.Tabs = bulkTabs(p, j, status)
	rs, err := h.Burst.Store.BulkRecipients(r.Context(), j.ID, status, after, bulkPage)
	if err != nil {
		return nil, err
	}
	for _, rc := range rs {
		d.Recipients = append(d.Recipients, bulkRecipientOf(p, rc))
	}
	if len(rs) == bulkPage {
		d.NextURL = bulkURL(p, j.ID, status, rs[len(rs)-1].ID, "")
	}
	d.LiveURL = bulkURL(p, j.ID, status, after, "live")
	return d, nil
}

// bulkURL is the job page's URL with the recipients filter and paging.
func bulkURL(p *Page, id int64, status burst.Status, after int64, part string) string {
	v := url.Values{}
	if status != "" {
		v.Set("status", string(status))
	}
	if after > 0 {
		v.Set("after", strconv.FormatInt(after, 10))
	}
	if part != "" {
		v.Set("part", part)
	}
	u := p.URL("/bulk/%d", id)
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	return u
}

func bulkTabs(p *Page, j *burst.Job, cur burst.Status) []bulkTab {
	c := j.Counts
	tabs := []bulkTab{{Label: p.T("common.all"), URL: bulkURL(p, j.ID, "", 0, ""), Count: c.Total, Active: cur == ""}}
	counts := map[burst.Status]int{burst.StatusPending: c.Pending + c.Sending, burst.StatusSent: c.Sent,
		burst.StatusFailed: c.Failed, burst.StatusSkippedWindow: c.Skipped, burst.StatusUnknown: c.Unknown}
	for _, s := range []burst.Status{burst.StatusSent, burst.StatusFailed, burst.StatusSkippedWindow, burst.StatusUnknown, burst.StatusPending} {
		tabs = append(tabs, bulkTab{Label: p.T("burst.status." + string(s)), URL: bulkURL(p, j.ID, s, 0, ""),
			Count: counts[s], Active: cur == s})
	}
	return tabs
}

// recipientBadges are the badge classes of the statuses.
var recipientBadges = map[burst.Status]string{burst.StatusSent: "ok", burst.StatusFailed: "err",
	burst.StatusSkippedWindow: "warn", burst.StatusUnknown: "err", burst.StatusSending: "info", burst.StatusPending: ""}

func bulkRecipientOf(p *Page, rc burst.Recipient) bulkRecipientView {
	v := bulkRecipientView{OpenID: rc.OpenID, URL: p.URL("/followers/%s", url.PathEscape(rc.OpenID)),
		Status: string(rc.Status), StatusLabel: p.T("burst.status." + string(rc.Status)),
		Badge: recipientBadges[rc.Status], Detail: reasonText(p, rc.Error), Updated: p.Time(rc.UpdatedAt)}
	if rc.ConversationID != 0 {
		v.ConversationURL = p.URL("/inbox/%d", rc.ConversationID)
	}
	if rc.Status == burst.StatusUnknown {
		v.Detail = p.T("burst.unknown_hint")
	}
	return v
}

// reasonText translates a window reason key; other texts (WeChat's
// errors) show as they are.
func reasonText(p *Page, reason string) string {
	if strings.HasPrefix(reason, "window.") {
		return p.T(reason)
	}
	return reason
}
