package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/search"
	"github.com/fanbase/fanbase/internal/user"
)

// searchData is the search page: the form as filled in, its choices, and
// one page of hits.
type searchData struct {
	Action   string // the form's URL
	Form     searchForm
	Accounts []*account.Account // the account filter's choices; empty on an account's page
	Agents   []agentChoice
	Tags     []string
	Searched bool
	Problem  string // why the query cannot run, in words
	Hits     []searchHitView
	NextURL  string
}

// searchForm is what the user typed, to fill the form in again.
type searchForm struct {
	Q        string
	Account  int64
	From, To string // yyyy-mm-dd
	Tag      string
	Agent    int64
	Answered string
}

type agentChoice struct {
	ID   int64
	Name string
}

// searchHitView is one hit as the page shows it.
type searchHitView struct {
	Reply                    bool
	Source                   string // who sent a reply: an agent or a rule
	Fragments                []search.Fragment
	Follower, OpenID         string
	Time, Account            string
	ConversationURL, FileURL string
}

// handleSearchShow searches messages and replies in the account of the
// path, or (at /search) in every account the user works on, with filters,
// newest first; ?after= pages on.
func (h *Handler) handleSearchShow(w http.ResponseWriter, r *http.Request, p *Page) error {
	accounts := searchAccounts(p)
	d := &searchData{Action: p.URL("/search"), Form: searchFormOf(r)}
	if p.Account == nil {
		d.Accounts = accounts
	}
	f, err := searchFilterOf(p, d.Form, accounts)
	if err != nil {
		return err
	}
	if err := h.searchChoices(r, p, d, f.AccountIDs); err != nil {
		return err
	}
	p.Title, p.Nav = p.T("search.title"), "search"
	if strings.TrimSpace(d.Form.Q) == "" {
		return h.render(w, r, p, "search_show", d)
	}
	if err := h.runSearch(r, p, d, f, accounts); err != nil {
		return err
	}
	return h.render(w, r, p, "search_show", d)
}

// runSearch fills the hits, or the problem with the query.
func (h *Handler) runSearch(r *http.Request, p *Page, d *searchData, f search.Filter, accounts []*account.Account) error {
	d.Searched = true
	q, err := search.Parse(d.Form.Q)
	if errs.Is(err, errs.Invalid) {
		d.Problem = p.T("search.too_short")
		if utf8.RuneCountInString(d.Form.Q) > search.MaxQueryRunes || len(strings.Fields(d.Form.Q)) > search.MaxTerms {
			d.Problem = p.T("search.too_long", search.MaxQueryRunes, search.MaxTerms)
		}
		return nil
	}
	if err != nil {
		return err
	}
	page, err := search.Search(r.Context(), h.Search, search.Request{Query: q, Filter: f, Cursor: r.URL.Query().Get("after")})
	if err != nil {
		return err
	}
	byID := map[int64]*account.Account{}
	for _, a := range accounts {
		byID[a.ID] = a
	}
	names, err := h.agentNamesOf(r, f.AccountIDs)
	if err != nil {
		return err
	}
	for _, hit := range page.Hits {
		d.Hits = append(d.Hits, searchHitOf(p, hit, byID[hit.AccountID], names))
	}
	if page.Next != "" {
		v := r.URL.Query()
		v.Set("after", page.Next)
		d.NextURL = d.Action + "?" + v.Encode()
	}
	return nil
}

// searchAccounts are the accounts the user may search: the page's, or
// every one they hold at least the agent role on.
func searchAccounts(p *Page) []*account.Account {
	if p.Account != nil {
		return []*account.Account{p.Account}
	}
	var out []*account.Account
	for _, a := range p.Accounts {
		if user.RoleOn(p.memberships, a.ID).AtLeast(user.Agent) {
			out = append(out, a)
		}
	}
	return out
}

func searchFormOf(r *http.Request) searchForm {
	q := r.URL.Query()
	id := func(name string) int64 {
		n, _ := strconv.ParseInt(q.Get(name), 10, 64)
		return n
	}
	return searchForm{Q: q.Get("q"), Account: id("account"), From: q.Get("from"), To: q.Get("to"),
		Tag: strings.TrimSpace(q.Get("tag")), Agent: id("agent"), Answered: q.Get("answered")}
}

// searchFilterOf turns the form into a filter over the allowed accounts.
// Dates are whole days in the page's time zone; "to" includes its day.
func searchFilterOf(p *Page, form searchForm, accounts []*account.Account) (search.Filter, error) {
	f := search.Filter{Tag: form.Tag, AgentID: form.Agent, Answered: search.Answered(form.Answered)}
	for _, a := range accounts {
		if form.Account == 0 || form.Account == a.ID {
			f.AccountIDs = append(f.AccountIDs, a.ID)
		}
	}
	var err error
	if f.From, err = dayIn(p, form.From, 0); err != nil {
		return f, err
	}
	if f.To, err = dayIn(p, form.To, 1); err != nil {
		return f, err
	}
	return f, f.Validate()
}

// dayIn is the start of the day named yyyy-mm-dd (plus days) in the
// page's time zone; "" is the zero time.
func dayIn(p *Page, s string, days int) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, p.Location())
	if err != nil {
		return time.Time{}, errs.Errorf(errs.Invalid, "%s", p.T("search.bad_date", s))
	}
	return t.AddDate(0, 0, days), nil
}

// searchChoices fills the agent and tag filters' choices.
func (h *Handler) searchChoices(r *http.Request, p *Page, d *searchData, accountIDs []int64) error {
	names, err := h.agentNamesOf(r, accountIDs)
	if err != nil {
		return err
	}
	for id, name := range names {
		d.Agents = append(d.Agents, agentChoice{ID: id, Name: name})
	}
	sortAgents(d.Agents)
	d.Tags, err = h.Search.TagNames(r.Context(), accountIDs)
	return err
}

// agentNamesOf maps the members of the accounts to their names.
func (h *Handler) agentNamesOf(r *http.Request, accountIDs []int64) (map[int64]string, error) {
	names := map[int64]string{}
	if h.Desk == nil {
		return names, nil
	}
	for _, id := range accountIDs {
		agents, err := h.Desk.Agents(r.Context(), id)
		if err != nil {
			return nil, err
		}
		for _, a := range agents {
			names[a.UserID] = a.Name
		}
	}
	return names, nil
}

func searchHitOf(p *Page, hit search.Hit, acct *account.Account, agents map[int64]string) searchHitView {
	v := searchHitView{Reply: hit.Kind == search.KindReply, Fragments: hit.Snippet, OpenID: hit.OpenID,
		Follower: followerName(hit.Nickname, hit.Remark, hit.OpenID)}
	if acct == nil {
		return v
	}
	v.Time, v.Account = hit.At.In(acct.Location()).Format("2006-01-02 15:04"), acct.Name
	base := "/a/" + acct.AppID
	v.FileURL = base + "/followers/" + url.PathEscape(hit.OpenID)
	if hit.ConversationID != 0 {
		v.ConversationURL = base + "/inbox/" + strconv.FormatInt(hit.ConversationID, 10)
	}
	switch {
	case !v.Reply:
	case hit.AgentID != 0:
		v.Source = p.T("search.by_agent", nameOr(agents, hit.AgentID))
	case hit.RuleID != 0:
		v.Source = p.T("search.by_rule", hit.RuleID, hit.RuleVersion)
	default:
		v.Source = p.T("search.by_system")
	}
	return v
}

func sortAgents(as []agentChoice) {
	slices.SortFunc(as, func(a, b agentChoice) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
}
