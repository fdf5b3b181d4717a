package tagging

import (
	"context"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
)

// TagFollower puts the tag called name on one follower, as the customer
// file does: the tag is created (at WeChat first) on first use.
func (s *Service) TagFollower(ctx context.Context, acct *account.Account, openID, name string) (audience.Tag, error) {
	name, err := CleanName(name)
	if err != nil {
		return audience.Tag{}, err
	}
	t, err := s.store.TagByName(ctx, acct.ID, name)
	if errs.Is(err, errs.NotFound) {
		t, err = s.Create(ctx, acct, name)
	}
	if err != nil {
		return t, err
	}
	res, err := s.Apply(ctx, acct, t.ID, []string{openID}, true)
	if err != nil {
		return t, err
	}
	return t, rejectedErr(res)
}

// UntagFollower takes a tag off one follower, at WeChat first.
func (s *Service) UntagFollower(ctx context.Context, acct *account.Account, openID string, tagID int64) error {
	res, err := s.Apply(ctx, acct, tagID, []string{openID}, false)
	if err != nil {
		return err
	}
	return rejectedErr(res)
}

// rejectedErr explains the refusal of a single follower.
func rejectedErr(res Result) error {
	if len(res.Rejected) == 0 {
		return nil
	}
	r := res.Rejected[0]
	return errs.Errorf(errs.Invalid, "WeChat refused the tag change for %s: %s, errcode %d (微信拒绝了标签修改)",
		r.OpenID, r.Reason, r.Code)
}
