package menu

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// WeChat is the menu API of one account (*wxclient.Account implements it).
type WeChat interface {
	CreateMenu(ctx context.Context, buttons []wxclient.MenuButton) error
	GetMenu(ctx context.Context) (*wxclient.MenuConfig, error)
	DeleteMenu(ctx context.Context) error
	AddConditionalMenu(ctx context.Context, buttons []wxclient.MenuButton, rule wxclient.MatchRule) (string, error)
	DelConditionalMenu(ctx context.Context, menuID string) error
}

// Options are what a Service works with. Store, Rules and WeChat are
// required; without Articles, menus cannot name library articles; without
// Projector, click counts are as fresh as the background projector keeps them.
type Options struct {
	Store     Store
	Rules     *autoreply.Registry
	Articles  *content.Service
	WeChat    func(a *account.Account) WeChat
	Projector *analytics.Projector
	Logger    *slog.Logger
	Now       func() time.Time
}

// Service edits, publishes and reports on custom menus.
type Service struct{ o Options }

// NewService builds a Service over o.
func NewService(o Options) *Service {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Service{o: o}
}

// Draft returns the newest saved version; a Version 0 with an empty
// document when the account never saved a menu.
func (s *Service) Draft(ctx context.Context, accountID int64) (*Version, error) {
	v, err := s.o.Store.LatestMenuVersion(ctx, accountID)
	if errs.Is(err, errs.NotFound) {
		return &Version{AccountID: accountID}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("menu: draft of account %d: %w", accountID, err)
	}
	return v, nil
}

// Version returns one saved version, to look at or to start a new draft from.
func (s *Service) Version(ctx context.Context, accountID, version int64) (*Version, error) {
	return s.o.Store.MenuVersion(ctx, accountID, version)
}

// Versions lists the newest saved versions first.
func (s *Service) Versions(ctx context.Context, accountID int64, limit int) ([]Version, error) {
	return s.o.Store.MenuVersions(ctx, accountID, limit)
}

// Published says which version WeChat shows (Version 0: none).
func (s *Service) Published(ctx context.Context, accountID int64) (Published, error) {
	return s.o.Store.PublishedMenu(ctx, accountID)
}

// Tags lists the tags a conditional menu may match.
func (s *Service) Tags(ctx context.Context, accountID int64) ([]Tag, error) {
	return s.o.Store.MenuTags(ctx, accountID)
}

// Save checks d and stores it as the next version (the new draft). base is
// the version the editor started from: when someone saved another version
// meanwhile it is errs.Conflict, so no change is lost silently; 0 skips
// the check.
func (s *Service) Save(ctx context.Context, accountID, userID, base int64, d Document, note string) (*Version, error) {
	Normalize(&d)
	if err := Validate(&d); err != nil {
		return nil, err
	}
	if _, err := s.references(ctx, accountID, &d, false); err != nil {
		return nil, err
	}
	if base > 0 {
		cur, err := s.Draft(ctx, accountID)
		if err != nil {
			return nil, err
		}
		if cur.Version != base {
			return nil, errs.Errorf(errs.Conflict, "菜单已被他人保存为版本 %d，请刷新后再改 / the menu was saved meanwhile as version %d; reload before changing it",
				cur.Version, cur.Version)
		}
	}
	v := &Version{AccountID: accountID, Doc: d, Note: note, CreatedBy: userID, CreatedAt: s.o.Now()}
	if err := s.o.Store.SaveMenuVersion(ctx, v); err != nil {
		return nil, fmt.Errorf("menu: save: %w", err)
	}
	return v, nil
}

// Stats counts the account's menu clicks (by key) and link opens (by URL)
// over the last days local days, today included.
func (s *Service) Stats(ctx context.Context, a *account.Account, days int) ([]Clicks, error) {
	out, err := s.StatsOver(ctx, a, days)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// StatsOver counts the clicks over each window of local days, bringing
// the rollups up to date once for all of them.
func (s *Service) StatsOver(ctx context.Context, a *account.Account, windows ...int) ([][]Clicks, error) {
	if s.o.Projector != nil {
		if err := s.o.Projector.Refresh(ctx, 20000); err != nil {
			s.o.Logger.Warn("menu: refresh click rollups", "account_id", a.ID, "error", err.Error())
		}
	}
	to := analytics.DateOf(s.o.Now(), a.Location())
	out := make([][]Clicks, len(windows))
	for i, days := range windows {
		days = min(max(days, 1), 366)
		clicks, err := s.o.Store.MenuClicks(ctx, a.ID, to-analytics.Date(days-1), to)
		if err != nil {
			return nil, fmt.Errorf("menu: clicks of account %d: %w", a.ID, err)
		}
		out[i] = clicks
	}
	return out, nil
}

// Remote returns what WeChat shows now; an empty config when there is no menu.
func (s *Service) Remote(ctx context.Context, a *account.Account) (*wxclient.MenuConfig, error) {
	cfg, err := s.o.WeChat(a).GetMenu(ctx)
	if wxclient.IsCode(err, wxclient.CodeNoMenu) {
		return &wxclient.MenuConfig{}, nil
	}
	if err != nil {
		return nil, wxFailure("read the menu", "读取菜单", err)
	}
	return cfg, nil
}
