package wxclient

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
)

const massAppID = "wx_mass_client"

// massAccount is a service account with followers o0…o(n-1) on a
// simulator whose clock the test moves.
func massAccount(t *testing.T, n int) (*simulator.Platform, *simtest.Clock, *Account) {
	t.Helper()
	clock := simtest.NewClock(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC))
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	p, srv := simtest.NewServer(t, simulator.Options{Logger: quiet, Now: clock.Now})
	p.SetJobDelay(0)
	t.Cleanup(p.WaitJobs)
	sa := simtest.Account(massAppID, simulator.ModePlain, "")
	simtest.MustAdd(t, p, sa)
	for i := range n {
		if err := p.AddFollower(massAppID, simulator.Follower{OpenID: fmt.Sprintf("o%d", i), Subscribed: true}); err != nil {
			t.Fatal(err)
		}
	}
	c := New(testOptions(Options{BaseURL: srv.URL}))
	return p, clock, c.Account(Credentials{AppID: sa.AppID, Secret: sa.Secret, BaseURL: srv.URL})
}

var hello = MassContent{MsgType: "text", Text: "春季上新 & 8 折"}

// TestMassSendDuplicate: an openid-list send repeated with its clientmsgid
// is refused as too fast within a minute, then reported as a duplicate
// carrying the first send's msg_id; nobody receives it twice.
func TestMassSendDuplicate(t *testing.T) {
	p, clock, a := massAccount(t, 3)
	ctx := context.Background()
	first, err := a.SendMass(ctx, []string{"o0", "o1"}, hello, "fb-1-1")
	if err != nil || first.MsgID == 0 || first.Duplicate {
		t.Fatalf("SendMass = %+v, %v", first, err)
	}
	_, err = a.SendMass(ctx, []string{"o0", "o1"}, hello, "fb-1-1")
	if !IsCode(err, CodeMassRetryTooFast) {
		t.Errorf("resend within a minute = %v, want 45066", err)
	}
	clock.Advance(2 * time.Minute)
	again, err := a.SendMass(ctx, []string{"o0", "o1"}, hello, "fb-1-1")
	if err != nil || !again.Duplicate || again.MsgID != first.MsgID {
		t.Errorf("resend after a minute = %+v, %v; want a duplicate of msg_id %d", again, err, first.MsgID)
	}
	if got := p.Broadcasts(massAppID, "o0"); len(got) != 1 || got[0].ClientMsgID != "fb-1-1" {
		t.Errorf("o0 received %+v, want the message once", got)
	}
	if got := p.Broadcasts(massAppID, "o2"); len(got) != 0 {
		t.Errorf("o2, not in the list, received %+v", got)
	}
}

func TestSendAllPreviewAndStatus(t *testing.T) {
	p, _, a := massAccount(t, 3)
	ctx := context.Background()
	tag, err := a.CreateTag(ctx, "VIP")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.TagFollowers(ctx, tag, []string{"o1"}); err != nil {
		t.Fatal(err)
	}
	res, err := a.SendAll(ctx, tag, MassContent{MsgType: "mpnews", MediaID: "DRAFT_1"}, "fb-2-1")
	if err != nil || res.MsgID == 0 || res.MsgDataID == 0 {
		t.Fatalf("SendAll to a tag = %+v, %v; want msg_id and msg_data_id", res, err)
	}
	if got := p.Broadcasts(massAppID, "o1"); len(got) != 1 || got[0].Target != fmt.Sprintf("tag:%d", tag) {
		t.Errorf("o1 received %+v", got)
	}
	p.WaitJobs()
	if st, err := a.MassStatus(ctx, res.MsgID); err != nil || st != simulator.MassSuccess {
		t.Errorf("MassStatus = %q, %v", st, err)
	}
	if err := a.DeleteMass(ctx, res.MsgID, 0); err != nil {
		t.Errorf("DeleteMass = %v", err)
	}
	if st, err := a.MassStatus(ctx, res.MsgID); err != nil || st != simulator.MassDeleted {
		t.Errorf("MassStatus after DeleteMass = %q, %v; want %s", st, err, simulator.MassDeleted)
	}
	if _, err := a.Preview(ctx, "o2", "", hello); err != nil {
		t.Fatal(err)
	}
	if got := p.Broadcasts(massAppID, "o2"); len(got) != 1 || got[0].Kind != simulator.KindPreview {
		t.Errorf("o2 received %+v, want a preview", got)
	}
	if _, err := a.Preview(ctx, "", "", hello); !errs.Is(err, errs.Invalid) {
		t.Errorf("Preview to nobody = %v, want Invalid", err)
	}
}

// TestMassRefusals: requests WeChat would refuse are refused locally with
// its errcode or an Invalid error, before any call.
func TestMassRefusals(t *testing.T) {
	_, _, a := massAccount(t, 2)
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
		code int
	}{
		{"one openid", func() error { _, err := a.SendMass(ctx, []string{"o0"}, hello, "x"); return err }, CodeInvalidOpenIDList},
		{"long clientmsgid", func() error {
			_, err := a.SendMass(ctx, []string{"o0", "o1"}, hello, strings.Repeat("长", 65))
			return err
		}, CodeMassClientMsgIDLength},
		{"empty text", func() error { _, err := a.SendAll(ctx, 0, MassContent{MsgType: "text"}, "y"); return err }, 0},
		{"image without media", func() error { _, err := a.SendAll(ctx, 0, MassContent{MsgType: "image"}, "z"); return err }, 0},
		{"unknown type", func() error { _, err := a.SendAll(ctx, 0, MassContent{MsgType: "music"}, "w"); return err }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if tt.code != 0 && !IsCode(err, tt.code) {
				t.Errorf("err = %v, want errcode %d", err, tt.code)
			}
			if tt.code == 0 && !errs.Is(err, errs.Invalid) {
				t.Errorf("err = %v, want Invalid", err)
			}
		})
	}
}

func TestSendTemplate(t *testing.T) {
	p, _, a := massAccount(t, 2)
	ctx := context.Background()
	id, err := a.SendTemplate(ctx, TemplateMessage{ToUser: "o1", TemplateID: "TPL", URL: "https://example.com/o?a=1&b=2",
		ClientMsgID: "fb-3-o1", Data: map[string]string{"keyword1": "已发货 <3>"}})
	if err != nil || id == 0 {
		t.Fatalf("SendTemplate = %d, %v", id, err)
	}
	got := p.Broadcasts(massAppID, "o1")
	if len(got) != 1 || got[0].Kind != simulator.KindTemplate || !strings.Contains(string(got[0].Body), `"keyword1":{"value":"已发货 <3>"}`) ||
		!strings.Contains(string(got[0].Body), "a=1&b=2") {
		t.Errorf("o1 received %+v", got)
	}
	if _, err := a.SendTemplate(ctx, TemplateMessage{ToUser: "nobody", TemplateID: "TPL", Data: map[string]string{"k": "v"}}); !IsCode(err, CodeInvalidOpenID) {
		t.Errorf("template to a stranger = %v, want 40003", err)
	}
	if _, err := a.SendTemplate(ctx, TemplateMessage{ToUser: "o1"}); !errs.Is(err, errs.Invalid) {
		t.Errorf("template without template_id = %v, want Invalid", err)
	}
}
