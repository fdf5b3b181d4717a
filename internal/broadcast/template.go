package broadcast

import (
	"context"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// templatePage is how many template recipients are read at a time.
const templatePage = 200

// sendTemplates sends one template message per pending recipient, each
// committed as sending before its call. Rows a crash left sending are
// settled first from the TEMPLATESENDJOBFINISH push that followed, or
// marked unknown; they are never resent.
func (s *Service) sendTemplates(ctx context.Context, api WeChat, r *Record) error {
	if err := s.settleTemplates(ctx, r); err != nil {
		return err
	}
	for {
		page, err := s.d.Store.Recipients(ctx, r.ID, 0, StatePending, "", templatePage)
		if err != nil || len(page) == 0 {
			return err
		}
		for _, rc := range page {
			if err := s.sendTemplate(ctx, api, r, rc.OpenID); err != nil {
				return err
			}
		}
		s.publish(r.AccountID, r.ID)
	}
}

func (s *Service) sendTemplate(ctx context.Context, api WeChat, r *Record, openID string) error {
	if err := s.d.Store.MarkRecipients(ctx, r.ID, []string{openID}, StateSending, "", 0, s.now()); err != nil {
		return err
	}
	t := r.Template
	msgID, err := api.SendTemplate(ctx, wxclient.TemplateMessage{ToUser: openID, TemplateID: t.ID, URL: t.URL,
		ClientMsgID: fmt.Sprintf("fb-%d-%s", r.ID, openID), Data: t.Data})
	switch {
	case err == nil:
		if err := s.d.Store.MarkRecipients(ctx, r.ID, []string{openID}, StateAccepted, "", msgID, time.Time{}); err != nil {
			return err
		}
		return s.applyLateEvent(ctx, r.AccountID, msgID)
	case permanent(err):
		return s.d.Store.MarkRecipients(ctx, r.ID, []string{openID}, StateFailed, err.Error(), 0, time.Time{})
	}
	return fmt.Errorf("broadcast %d: template to %s: %w", r.ID, openID, err)
}

// settleTemplates resolves the rows left sending by a crash or a lost answer.
func (s *Service) settleTemplates(ctx context.Context, r *Record) error {
	for {
		page, err := s.d.Store.Recipients(ctx, r.ID, 0, StateSending, "", templatePage)
		if err != nil || len(page) == 0 {
			return err
		}
		for _, rc := range page {
			if err := s.settleTemplate(ctx, r, rc); err != nil {
				return err
			}
		}
	}
}

func (s *Service) settleTemplate(ctx context.Context, r *Record, rc Recipient) error {
	ev, err := s.d.Store.TemplateFinish(ctx, r.AccountID, rc.OpenID, rc.SentAt)
	if err != nil {
		return err
	}
	if ev == nil {
		return s.d.Store.MarkRecipients(ctx, r.ID, []string{rc.OpenID}, StateUnknown,
			"the process stopped during the call and WeChat sent no result; not resent (发送中进程中断且未收到微信结果，不再重发)", 0, time.Time{})
	}
	m, err := wechat.Parse(ev.Raw)
	if err != nil {
		return fmt.Errorf("broadcast %d: parse template result %d: %w", r.ID, ev.ID, err)
	}
	state, errText := templateState(m.Status)
	return s.d.Store.MarkRecipients(ctx, r.ID, []string{rc.OpenID}, state, errText, m.JobMsgID, time.Time{})
}

// templateState maps TEMPLATESENDJOBFINISH's Status to a recipient state.
func templateState(status string) (string, string) {
	switch status {
	case "success":
		return StateDelivered, ""
	case "failed:user block":
		return StateFailed, "the follower blocked template messages (粉丝拒收模板消息)"
	}
	return StateFailed, "WeChat reported: " + status + " (微信报告发送失败)"
}

// Preview sends the broadcast to test followers (empty = the settings'
// preview openids); it is not counted against the quota nor recorded as a
// message we initiated.
func (s *Service) Preview(ctx context.Context, accountID, id int64, openIDs []string) error {
	r, err := s.d.Store.Broadcast(ctx, accountID, id)
	if err != nil {
		return err
	}
	if len(openIDs) == 0 {
		st, err := s.Settings(ctx, accountID)
		if err != nil {
			return err
		}
		openIDs = st.PreviewOpenIDs
	}
	if len(openIDs) == 0 {
		return errs.Errorf(errs.Invalid, "no preview follower: add test followers' openids in the broadcast settings (没有预览粉丝，请先在群发设置中添加测试粉丝 openid)")
	}
	if len(openIDs) > MaxPreviewOpenIDs {
		return errs.Errorf(errs.Invalid, "at most %d preview followers (预览粉丝最多 %d 个)", MaxPreviewOpenIDs, MaxPreviewOpenIDs)
	}
	acct, err := s.d.Store.AccountByID(ctx, accountID)
	if err != nil {
		return err
	}
	if r.Draft, err = s.resolveNews(ctx, acct, r.Draft); err != nil {
		return err
	}
	api := s.d.API(acct)
	for _, o := range openIDs {
		if err := s.previewOne(ctx, api, r, o); err != nil {
			return fmt.Errorf("preview to %s (预览发送给 %s 失败): %w", o, o, err)
		}
	}
	return nil
}

func (s *Service) previewOne(ctx context.Context, api WeChat, r *Record, openID string) error {
	if r.Kind == KindTemplate {
		t := r.Template
		_, err := api.SendTemplate(ctx, wxclient.TemplateMessage{ToUser: openID, TemplateID: t.ID, URL: t.URL, Data: t.Data})
		return err
	}
	_, err := api.Preview(ctx, openID, "", content(r.Draft))
	return err
}
