package tagging

import (
	"context"
	"errors"
	"slices"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// Result says what tagging (or untagging) a list of followers did.
type Result struct {
	Requested int         // distinct openids asked for
	Accepted  int         // changed at WeChat (and so locally)
	Rejected  []Rejection // refused one by one by WeChat
	Calls     int         // WeChat calls made
}

// Rejection is one follower WeChat would not (un)tag.
type Rejection struct {
	OpenID string
	Code   int    // WeChat errcode
	Reason string // its meaning, Chinese then English
}

// perFollower are the refusals that concern a follower of the batch, not
// the batch as a whole: the batch is then retried one follower at a time.
var perFollower = []int{wxclient.CodeInvalidOpenID, wxclient.CodeRequireSubscribe, wxclient.CodeFollowerTagLimit}

// Apply puts the tag on (add) or takes it off the followers, in WeChat's
// batches of 50; each accepted batch is stored before the next call, so the
// local follower_tags always equal what WeChat accepted. A refusal of the
// whole batch (quota, network) stops the run: Result counts what was done
// and the error says why the rest was not.
func (s *Service) Apply(ctx context.Context, acct *account.Account, tagID int64, openIDs []string, add bool) (Result, error) {
	ids := distinct(openIDs)
	res := Result{Requested: len(ids)}
	if len(ids) > MaxApply {
		return res, errs.Errorf(errs.Invalid, "at most %d openids per request, got %d (每次最多 %d 个粉丝，实际 %d 个)",
			MaxApply, len(ids), MaxApply, len(ids))
	}
	t, err := s.store.Tag(ctx, acct.ID, tagID)
	if err != nil || len(ids) == 0 {
		return res, err
	}
	api := s.api(acct)
	switch {
	case api == nil || (!add && !t.Synced()):
		return s.applyLocal(ctx, acct.ID, t, ids, add, res)
	case !t.Synced():
		n, err := s.push(ctx, acct.ID, api, t)
		if err != nil {
			return res, err
		}
		s.log.Info("tag pushed on first use", "account_id", acct.ID, "tag_id", t.ID, "followers", n)
		if t, err = s.store.Tag(ctx, acct.ID, tagID); err != nil {
			return res, err
		}
	}
	return s.applyRemote(ctx, acct.ID, api, t, ids, add, res)
}

// applyLocal changes a local-only tag, or any tag of an account without an
// AppSecret.
func (s *Service) applyLocal(ctx context.Context, accountID int64, t audience.Tag, ids []string, add bool, res Result) (Result, error) {
	if t.Synced() {
		return res, noAPI()
	}
	if err := s.storeIDs(ctx, accountID, t.ID, ids, add); err != nil {
		return res, err
	}
	res.Accepted = len(ids)
	return res, nil
}

func (s *Service) applyRemote(ctx context.Context, accountID int64, api API, t audience.Tag, ids []string, add bool, res Result) (Result, error) {
	for start := 0; start < len(ids); start += wxclient.MaxTagBatch {
		batch := ids[start:min(start+wxclient.MaxTagBatch, len(ids))]
		ok, rejected, calls, err := s.sendBatch(ctx, api, t.WxTagID, batch, add)
		res.Calls += calls
		res.Rejected = append(res.Rejected, rejected...)
		if serr := s.storeIDs(ctx, accountID, t.ID, ok, add); serr != nil {
			return res, serr
		}
		res.Accepted += len(ok)
		if err != nil {
			return res, refusal(verb(add), err)
		}
	}
	return res, nil
}

// sendBatch (un)tags one batch; when WeChat refuses it for one of its
// followers, each follower is tried alone to find who is accepted.
func (s *Service) sendBatch(ctx context.Context, api API, wxID int64, batch []string, add bool) (ok []string, rejected []Rejection, calls int, err error) {
	call := api.UntagFollowers
	if add {
		call = api.TagFollowers
	}
	calls = 1
	err = call(ctx, wxID, batch)
	if err == nil {
		return batch, nil, calls, nil
	}
	if !wxclient.IsCode(err, perFollower...) {
		return nil, nil, calls, err
	}
	for _, id := range batch {
		calls++
		err := call(ctx, wxID, []string{id})
		switch {
		case err == nil:
			ok = append(ok, id)
		case wxclient.IsCode(err, perFollower...):
			rejected = append(rejected, reject(id, err))
		default:
			return ok, rejected, calls, err
		}
	}
	return ok, rejected, calls, nil
}

func reject(openID string, err error) Rejection {
	var e *wxclient.Error
	code := 0
	if errors.As(err, &e) {
		code = e.Code
	}
	zh, en := wxclient.Describe(code)
	return Rejection{OpenID: openID, Code: code, Reason: zh + " (" + en + ")"}
}

// storeIDs records an accepted change locally.
func (s *Service) storeIDs(ctx context.Context, accountID, tagID int64, ids []string, add bool) error {
	if len(ids) == 0 {
		return nil
	}
	var err error
	if add {
		_, err = s.store.AddTagFollowers(ctx, accountID, tagID, ids)
	} else {
		_, err = s.store.RemoveTagFollowers(ctx, accountID, tagID, ids)
	}
	return err
}

// push creates a local-only tag at WeChat (adopting WeChat's tag of the
// same name if there is one) and tags its followers there; followers
// WeChat refuses lose the tag locally. It returns how many were accepted.
func (s *Service) push(ctx context.Context, accountID int64, api API, t audience.Tag) (int, error) {
	wx, err := api.CreateTag(ctx, t.Name)
	if wxclient.IsCode(err, wxclient.CodeDuplicateTagName) {
		wx, err = findRemote(ctx, api, t.Name)
	}
	if err != nil {
		return 0, refusal("create the tag", err)
	}
	if err := s.store.SetTagWxID(ctx, accountID, t.ID, wx); err != nil {
		return 0, err
	}
	s.log.Info("local tag pushed to WeChat", "account_id", accountID, "tag_id", t.ID, "wx_tag_id", wx)
	accepted, after := 0, ""
	for {
		ids, err := s.store.TagFollowerIDs(ctx, accountID, t.ID, after, 1000)
		if err != nil || len(ids) == 0 {
			return accepted, err
		}
		after = ids[len(ids)-1]
		t.WxTagID = wx
		res, err := s.applyRemote(ctx, accountID, api, t, ids, true, Result{})
		accepted += res.Accepted
		if err != nil {
			return accepted, err
		}
		if err := s.dropRejected(ctx, accountID, t.ID, res.Rejected); err != nil {
			return accepted, err
		}
	}
}

func (s *Service) dropRejected(ctx context.Context, accountID, tagID int64, rejected []Rejection) error {
	if len(rejected) == 0 {
		return nil
	}
	ids := make([]string, len(rejected))
	for i, r := range rejected {
		ids[i] = r.OpenID
	}
	return s.storeIDs(ctx, accountID, tagID, ids, false)
}

// findRemote finds WeChat's id of the tag called name.
func findRemote(ctx context.Context, api API, name string) (int64, error) {
	tags, err := api.ListTags(ctx)
	if err != nil {
		return 0, err
	}
	i := slices.IndexFunc(tags, func(t wxclient.WxTag) bool { return t.Name == name })
	if i < 0 {
		return 0, errs.Errorf(errs.Conflict, "WeChat says a tag called %q exists but does not list it (微信提示标签“%s”已存在，但标签列表中没有)", name, name)
	}
	return tags[i].ID, nil
}

func verb(add bool) string {
	if add {
		return "tag followers"
	}
	return "untag followers"
}

// distinct drops empty and repeated openids, keeping the first order.
func distinct(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
