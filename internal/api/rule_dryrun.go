package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

// dryRunRequest is a push to try the rules on: a text message, or an event
// with its key. Version picks a stored version (0: the active one); At
// sets the clock for office hours (default: now).
type dryRunRequest struct {
	Text    string `json:"text"`
	Event   string `json:"event"` // subscribe, scan, click or location
	Key     string `json:"key"`   // menu key or QR scene
	OpenID  string `json:"openid"`
	Version int64  `json:"version"`
	At      string `json:"at"`
}

// dryRunJSON is the outcome: the rule that would answer, its reply, and
// every candidate with the reason it matched.
type dryRunJSON struct {
	Version     int64           `json:"version"`
	Input       string          `json:"input"`
	Matched     bool            `json:"matched"`
	Rule        *autoreply.Rule `json:"rule"`
	Reply       *wechat.Reply   `json:"reply"`
	Handoff     bool            `json:"handoff"`
	Candidates  []candidateJSON `json:"candidates"`
	Explanation string          `json:"explanation"`
}

type candidateJSON struct {
	RuleID   int64  `json:"rule_id"`
	RuleName string `json:"rule_name"`
	Priority int    `json:"priority"`
	Why      string `json:"why"`
	Active   bool   `json:"active"`
	Won      bool   `json:"won"`
}

// handleRulesTest runs the rules on a made-up push without sending or
// storing anything, and explains the decision.
func (a *API) handleRulesTest(w http.ResponseWriter, r *http.Request, c *call) error {
	var req dryRunRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	now, err := req.clock(a.Now())
	if err != nil {
		return err
	}
	m, err := req.message(c.Account.OriginalID, now)
	if err != nil {
		return err
	}
	engine, err := a.dryRunEngine(r, c.Account.ID, req.Version)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toDryRunJSON(engine.Explain(m, now, c.Account.Location())))
	return nil
}

// dryRunEngine is the live engine, or a stored version compiled on the side.
func (a *API) dryRunEngine(r *http.Request, accountID, version int64) (*autoreply.Engine, error) {
	if version == 0 {
		return a.Rules.Engine(r.Context(), accountID)
	}
	rs, err := a.Rules.RuleSet(r.Context(), accountID, version)
	if err != nil {
		return nil, err
	}
	return autoreply.Compile(rs)
}

func (req *dryRunRequest) clock(now time.Time) (time.Time, error) {
	if req.At == "" {
		return now, nil
	}
	t, err := time.Parse(time.RFC3339, req.At)
	if err != nil {
		return now, errs.Errorf(errs.Invalid, "at must be an RFC 3339 time (at 须为 RFC 3339 时间)")
	}
	return t, nil
}

// message builds the push the rules will see, like `fanbase rules test`.
func (req *dryRunRequest) message(to string, now time.Time) (*wechat.Message, error) {
	openID := req.OpenID
	if openID == "" {
		openID = "dry-run"
	}
	m := &wechat.Message{FromUserName: openID, ToUserName: to, CreateTime: now.Unix(), MsgType: wechat.MsgEvent}
	switch req.Event {
	case "":
		if strings.TrimSpace(req.Text) == "" {
			return nil, errs.Errorf(errs.Invalid, `give "text", or "event" and "key" (请提供 text，或 event 与 key)`)
		}
		m.MsgType, m.Content, m.MsgID = wechat.MsgText, req.Text, now.UnixNano()
	case "subscribe":
		m.Event = wechat.EventSubscribe
		if req.Key != "" {
			m.EventKey = wechat.QRScenePrefix + req.Key
		}
	case "scan":
		m.Event, m.EventKey = wechat.EventScan, req.Key
	case "click":
		m.Event, m.EventKey = wechat.EventClick, req.Key
	case "location":
		m.MsgType, m.Label, m.MsgID = wechat.MsgLocation, req.Text, now.UnixNano()
	default:
		return nil, errs.Errorf(errs.Invalid, "event must be subscribe, scan, click or location, got %q (事件类型无效)", req.Event)
	}
	return m, nil
}

func toDryRunJSON(x autoreply.Explanation) dryRunJSON {
	d := x.Decision
	out := dryRunJSON{Version: d.Version, Input: x.Input, Matched: d.Matched, Handoff: d.Handoff,
		Candidates: []candidateJSON{}, Explanation: x.String()}
	if d.Matched {
		out.Rule, out.Reply = d.Rule, &d.Reply
	}
	for _, cd := range x.Candidates {
		out.Candidates = append(out.Candidates, candidateJSON{cd.Rule.ID, cd.Rule.Name, cd.Rule.Priority, cd.Why(), cd.Active, cd.Won})
	}
	return out
}
