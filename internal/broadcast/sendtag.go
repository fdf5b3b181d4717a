package broadcast

import (
	"context"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// tagPage is how many recipients are tagged between two saves of progress.
const tagPage = 1000

// sendTag sends to a local tag by its WeChat id, pushing the tag and its
// followers to WeChat first when WeChat does not know it yet.
func (s *Service) sendTag(ctx context.Context, api WeChat, r *Record) error {
	if r.WxTagID == 0 {
		wx, err := s.pushTag(ctx, api, r)
		if err != nil {
			return err
		}
		if err := s.d.Store.SetTempTag(ctx, r.ID, wx, "", ""); err != nil {
			return err
		}
		r.WxTagID = wx
	}
	return s.sendAllBatch(ctx, api, r, r.WxTagID)
}

// pushTag gives a local tag a WeChat id and tags its followers there
// (re-tagging is harmless, so a crash midway just repeats some calls).
func (s *Service) pushTag(ctx context.Context, api WeChat, r *Record) (int64, error) {
	if s.d.Tags == nil {
		return 0, errs.Errorf(errs.Unavailable, "tags are not available (标签功能不可用)")
	}
	tag, err := s.d.Tags.Tag(ctx, r.AccountID, r.Audience.TagID)
	if err != nil {
		return 0, err
	}
	if tag.WxTagID != 0 {
		return tag.WxTagID, nil
	}
	wx, err := createTag(ctx, api, tag.Name)
	if err != nil {
		return 0, err
	}
	for after := ""; ; {
		page, err := s.d.Tags.TagFollowerIDs(ctx, r.AccountID, tag.ID, after, tagPage)
		if err != nil || len(page) == 0 {
			return wx, s.saveTagID(ctx, r.AccountID, tag.ID, wx, err)
		}
		if _, err := tagChunks(ctx, api, wx, page); err != nil {
			return 0, err
		}
		after = page[len(page)-1]
	}
}

func (s *Service) saveTagID(ctx context.Context, accountID, tagID, wx int64, err error) error {
	if err != nil {
		return err
	}
	return s.d.Tags.SetTagWxID(ctx, accountID, tagID, wx)
}

// createTag creates a WeChat tag, or finds it when a crash left it created
// (45157: the name is taken).
func createTag(ctx context.Context, api WeChat, name string) (int64, error) {
	id, err := api.CreateTag(ctx, name)
	if !wxclient.IsCode(err, wxclient.CodeDuplicateTagName) {
		return id, err
	}
	tags, lerr := api.ListTags(ctx)
	if lerr != nil {
		return 0, lerr
	}
	for _, t := range tags {
		if t.Name == name {
			return t.ID, nil
		}
	}
	return 0, err
}

// tagChunks tags openIDs 50 per call. A chunk refused because a follower
// already holds 20 tags (45059) is retried one by one; it returns the
// followers who could not be tagged, with WeChat's reason.
func tagChunks(ctx context.Context, api WeChat, wxTag int64, openIDs []string) (map[string]error, error) {
	failed := map[string]error{}
	for i := 0; i < len(openIDs); i += wxclient.MaxTagBatch {
		chunk := openIDs[i:min(i+wxclient.MaxTagBatch, len(openIDs))]
		err := api.TagFollowers(ctx, wxTag, chunk)
		if err == nil {
			continue
		}
		if !permanent(err) {
			return nil, err
		}
		for _, o := range chunk {
			if err := api.TagFollowers(ctx, wxTag, []string{o}); err != nil {
				if !permanent(err) {
					return nil, err
				}
				failed[o] = err
			}
		}
	}
	return failed, nil
}

// sendTempTag creates the broadcast's temporary tag, tags the recipients
// (resuming from the stored progress), then sends to the tag. Recipients
// WeChat refuses to tag (20 tags already, unfollowed) fail with the reason.
func (s *Service) sendTempTag(ctx context.Context, api WeChat, r *Record) error {
	batches, err := s.d.Store.Batches(ctx, r.ID)
	if err != nil {
		return err
	}
	if len(batches) == 1 && batches[0].State == StatePending {
		if err := s.ensureTempTag(ctx, api, r); err != nil {
			return err
		}
		if err := s.tagRecipients(ctx, api, r); err != nil {
			return err
		}
	}
	return s.sendAllBatch(ctx, api, r, r.WxTagID)
}

func (s *Service) ensureTempTag(ctx context.Context, api WeChat, r *Record) error {
	if r.TempTag != "" {
		return nil
	}
	wx, err := createTag(ctx, api, TempTagName(r.ID))
	if err != nil {
		return fmt.Errorf("broadcast %d: create temporary tag: %w", r.ID, err)
	}
	if err := s.d.Store.SetTempTag(ctx, r.ID, wx, TempTagCreated, ""); err != nil {
		return err
	}
	r.WxTagID, r.TempTag = wx, TempTagCreated
	return nil
}

// tagRecipients puts the temporary tag on the pending recipients after
// the stored progress, saving progress page by page.
func (s *Service) tagRecipients(ctx context.Context, api WeChat, r *Record) error {
	for {
		page, err := s.d.Store.Recipients(ctx, r.ID, 1, StatePending, r.TaggedUpto, tagPage)
		if err != nil || len(page) == 0 {
			return err
		}
		openIDs := make([]string, len(page))
		for i, rc := range page {
			openIDs[i] = rc.OpenID
		}
		failed, err := tagChunks(ctx, api, r.WxTagID, openIDs)
		if err != nil {
			return err
		}
		if err := s.failUntagged(ctx, r.ID, failed); err != nil {
			return err
		}
		r.TaggedUpto = openIDs[len(openIDs)-1]
		if err := s.d.Store.SetTempTag(ctx, r.ID, r.WxTagID, TempTagCreated, r.TaggedUpto); err != nil {
			return err
		}
	}
}

func (s *Service) failUntagged(ctx context.Context, id int64, failed map[string]error) error {
	for o, err := range failed {
		reason := err.Error()
		if wxclient.IsCode(err, wxclient.CodeFollowerTagLimit) {
			reason = "the follower already carries 20 tags, the most WeChat allows, so the temporary tag could not be added (该粉丝已有 20 个标签，无法加上临时标签)"
		}
		if err := s.d.Store.MarkRecipients(ctx, id, []string{o}, StateFailed, reason, 0, time.Time{}); err != nil {
			return err
		}
	}
	return nil
}

// CleanTempTags deletes the temporary tags of finished broadcasts whose
// job WeChat reported finished (or that ended an hour ago without a
// report). It returns how many it deleted.
func (s *Service) CleanTempTags(ctx context.Context) (int, error) {
	recs, err := s.d.Store.TempTagsToDelete(ctx, 50)
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range recs {
		ok, err := s.cleanTempTag(ctx, &recs[i])
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

func (s *Service) cleanTempTag(ctx context.Context, r *Record) (bool, error) {
	batches, err := s.d.Store.Batches(ctx, r.ID)
	if err != nil {
		return false, err
	}
	for _, b := range batches {
		waiting := b.State == StateAccepted && b.FinishedAt.IsZero()
		if waiting && r.FinishedAt != nil && s.now().Sub(*r.FinishedAt) < time.Hour {
			return false, nil
		}
	}
	acct, err := s.d.Store.AccountByID(ctx, r.AccountID)
	if err != nil {
		return false, err
	}
	err = s.d.API(acct).DeleteTag(ctx, r.WxTagID)
	if err != nil && !wxclient.IsCode(err, wxclient.CodeInvalidTag) {
		return false, err
	}
	return true, s.d.Store.SetTempTag(ctx, r.ID, r.WxTagID, TempTagDeleted, r.TaggedUpto)
}
