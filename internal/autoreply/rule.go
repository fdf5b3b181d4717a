// Package autoreply decides the automatic answer to each inbound push from an
// account's versioned rule set: welcome, keywords, menu clicks, QR scans,
// default replies and office hours.
package autoreply

import (
	"context"
	"time"

	"github.com/fanbase/fanbase/internal/wechat"
)

// Trigger is what kind of push a rule answers.
type Trigger string

// Rule triggers.
const (
	TriggerSubscribe Trigger = "subscribe" // welcome; Keys optionally restrict to QR scenes
	TriggerKeyword   Trigger = "keyword"   // text (and voice recognition) messages
	TriggerClick     Trigger = "click"     // menu CLICK, Keys are menu keys
	TriggerScan      Trigger = "scan"      // SCAN by a follower, Keys are scenes
	TriggerLocation  Trigger = "location"  // location messages
	TriggerDefault   Trigger = "default"   // any user message no other rule answered
)

// MatchMode says how a keyword is compared with the text.
type MatchMode string

// Keyword match modes.
const (
	MatchExact    MatchMode = "exact"
	MatchContains MatchMode = "contains"
	MatchRegex    MatchMode = "regex"
)

// Keyword is one keyword of a keyword rule.
type Keyword struct {
	Text  string    `json:"text" yaml:"text"`
	Match MatchMode `json:"match" yaml:"match"`
}

// Hours restricts a rule to (or, with Outside, away from) office hours in
// the account's time zone. Days are 1 (Monday) to 7 (Sunday); empty = every day.
type Hours struct {
	Days    []int  `json:"days,omitempty" yaml:"days,omitempty"`
	From    string `json:"from" yaml:"from"` // "09:00"
	To      string `json:"to" yaml:"to"`     // "18:00"; To < From spans midnight
	Outside bool   `json:"outside,omitempty" yaml:"outside,omitempty"`
}

// Pick says which reply a rule with several sends.
type Pick string

// Reply picks.
const (
	PickFirst  Pick = "first"
	PickRandom Pick = "random" // stable per message, so WeChat's retries get the same one
)

// Rule is one automatic reply rule. ID is stable across versions of the set.
type Rule struct {
	ID       int64          `json:"id" yaml:"id"`
	Name     string         `json:"name" yaml:"name"`
	Trigger  Trigger        `json:"trigger" yaml:"trigger"`
	Keywords []Keyword      `json:"keywords,omitempty" yaml:"keywords,omitempty"`
	Keys     []string       `json:"keys,omitempty" yaml:"keys,omitempty"`
	Priority int            `json:"priority,omitempty" yaml:"priority,omitempty"`
	Disabled bool           `json:"disabled,omitempty" yaml:"disabled,omitempty"`
	Hours    *Hours         `json:"hours,omitempty" yaml:"hours,omitempty"`
	Replies  []wechat.Reply `json:"replies" yaml:"replies"`
	Pick     Pick           `json:"pick,omitempty" yaml:"pick,omitempty"`
	// Handoff marks the push as not fully answered, so a conversation opens
	// for the agents even though the follower got an automatic reply.
	Handoff bool `json:"handoff,omitempty" yaml:"handoff,omitempty"`
}

// RuleSet is one version of an account's rules. Versions are immutable;
// any change stores a new version.
type RuleSet struct {
	AccountID int64     `json:"-" yaml:"-"`
	Version   int64     `json:"version" yaml:"version,omitempty"`
	Rules     []Rule    `json:"rules" yaml:"rules"`
	Note      string    `json:"note,omitempty" yaml:"note,omitempty"`
	Author    string    `json:"author,omitempty" yaml:"author,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero" yaml:"created_at,omitempty"`
}

// VersionInfo summarises one stored version.
type VersionInfo struct {
	Version   int64
	Rules     int
	Note      string
	Author    string
	Active    bool
	Canary    bool // the version is on trial as the account's canary
	CreatedAt time.Time
}

// Store persists rule set versions and the account's canary.
type Store interface {
	// SaveRuleSet stores rs as the next version (it sets rs.Version and
	// rs.CreatedAt) and makes it the active one, ending any canary.
	SaveRuleSet(ctx context.Context, rs *RuleSet) error
	// ActivateRuleSet makes an existing version active again (rollback),
	// ending any canary.
	ActivateRuleSet(ctx context.Context, accountID, version int64) error
	// ActiveRuleSet returns the active version; errs.NotFound when none.
	ActiveRuleSet(ctx context.Context, accountID int64) (*RuleSet, error)
	RuleSetVersion(ctx context.Context, accountID, version int64) (*RuleSet, error)
	ListRuleSets(ctx context.Context, accountID int64) ([]VersionInfo, error)
	CanaryStore
}

// CanaryStore persists the one canary an account may have.
type CanaryStore interface {
	// SaveCanaryRuleSet stores rs as the next version without activating it
	// and makes it the canary with c's split, replacing any running canary.
	// It sets rs.Version, rs.CreatedAt, c.Version and c.StartedAt.
	SaveCanaryRuleSet(ctx context.Context, rs *RuleSet, c *Canary) error
	// StartRuleCanary makes the existing version c.Version the canary,
	// replacing any running one (it sets c.StartedAt); errs.NotFound for an
	// unknown version, errs.Conflict for the active one.
	StartRuleCanary(ctx context.Context, c *Canary) error
	// RuleCanary returns the running canary; errs.NotFound when none.
	RuleCanary(ctx context.Context, accountID int64) (*Canary, error)
	// StopRuleCanary ends the canary; errs.NotFound when none runs.
	StopRuleCanary(ctx context.Context, accountID int64) error
	// PromoteRuleCanary makes the canary's version the active one and ends
	// the canary, returning that version; errs.NotFound when none runs.
	PromoteRuleCanary(ctx context.Context, accountID int64) (int64, error)
	// RuleVersionReplies counts the automatic replies each rule set version
	// sent since the given time.
	RuleVersionReplies(ctx context.Context, accountID int64, since time.Time) (map[int64]int64, error)
}
