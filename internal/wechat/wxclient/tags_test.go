package wxclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
)

const tagAppID = "wx_tag_client"

// simAccount is an API client account pointed at a fresh simulator with
// followers o0…o(n-1) and one unsubscribed follower "gone".
func simAccount(t *testing.T, n int) (*simulator.Platform, *Account) {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	p, srv := simtest.NewServer(t, simulator.Options{Logger: quiet})
	sa := simtest.Account(tagAppID, simulator.ModePlain, "")
	simtest.MustAdd(t, p, sa)
	for i := range n {
		if err := p.AddFollower(tagAppID, simulator.Follower{OpenID: fmt.Sprintf("o%d", i), Subscribed: true}); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.AddFollower(tagAppID, simulator.Follower{OpenID: "gone"}); err != nil {
		t.Fatal(err)
	}
	c := New(testOptions(Options{BaseURL: srv.URL}))
	return p, c.Account(Credentials{AppID: sa.AppID, Secret: sa.Secret, BaseURL: srv.URL})
}

func openIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("o%d", i)
	}
	return out
}

func TestTagLifecycle(t *testing.T) {
	p, a := simAccount(t, 3)
	ctx := context.Background()
	id, err := a.CreateTag(ctx, "老客户")
	if err != nil || id < 100 {
		t.Fatalf("CreateTag = %d, %v", id, err)
	}
	if err := a.TagFollowers(ctx, id, []string{"o0", "o2"}); err != nil {
		t.Fatal(err)
	}
	if err := a.UpdateTag(ctx, id, "VIP 客户"); err != nil {
		t.Fatal(err)
	}
	tags, err := a.ListTags(ctx)
	if want := []WxTag{{ID: id, Name: "VIP 客户", Count: 2}}; err != nil || !reflect.DeepEqual(tags, want) {
		t.Fatalf("ListTags = %+v, %v; want %+v", tags, err, want)
	}
	if got, err := a.FollowerTagIDs(ctx, "o2"); err != nil || !reflect.DeepEqual(got, []int64{id}) {
		t.Fatalf("FollowerTagIDs(o2) = %v, %v", got, err)
	}
	if err := a.UntagFollowers(ctx, id, []string{"o2"}); err != nil {
		t.Fatal(err)
	}
	if got, err := a.FollowerTagIDs(ctx, "o2"); err != nil || len(got) != 0 || got == nil {
		t.Fatalf("FollowerTagIDs(o2) after untag = %#v, %v; want an empty slice", got, err)
	}
	if err := a.DeleteTag(ctx, id); err != nil {
		t.Fatal(err)
	}
	if tags := p.Tags(tagAppID); len(tags) != 0 {
		t.Fatalf("tags left after delete: %+v", tags)
	}
	if got := p.FollowerTags(tagAppID, "o0"); len(got) != 0 {
		t.Fatalf("o0 still holds %v after the tag was deleted", got)
	}
}

func TestListTagsEmpty(t *testing.T) {
	_, a := simAccount(t, 0)
	tags, err := a.ListTags(context.Background())
	if err != nil || tags == nil || len(tags) != 0 {
		t.Fatalf("ListTags = %#v, %v; want an empty slice", tags, err)
	}
}

// TestTagErrors checks that WeChat's refusals come back as *Error with the
// errcode and the app error class the service layer shows operators.
func TestTagErrors(t *testing.T) {
	p, a := simAccount(t, 60)
	ctx := context.Background()
	vip, err := a.CreateTag(ctx, "VIP")
	if err != nil {
		t.Fatal(err)
	}
	other, err := a.CreateTag(ctx, "其他")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		call  func() error
		code  int
		class errs.Code
		local bool
	}{
		{"duplicate name", func() error { _, err := a.CreateTag(ctx, "VIP"); return err }, CodeDuplicateTagName, errs.Conflict, false},
		{"name too long", func() error { _, err := a.CreateTag(ctx, strings.Repeat("长", 11)); return err }, CodeTagNameTooLong, errs.Invalid, false},
		{"rename onto another tag", func() error { return a.UpdateTag(ctx, other, "VIP") }, CodeDuplicateTagName, errs.Conflict, false},
		{"rename reserved", func() error { return a.UpdateTag(ctx, 2, "星标") }, CodeReservedTag, errs.Invalid, false},
		{"delete reserved", func() error { return a.DeleteTag(ctx, 1) }, CodeReservedTag, errs.Invalid, false},
		{"delete unknown", func() error { return a.DeleteTag(ctx, 9999) }, CodeInvalidTag, errs.NotFound, false},
		{"tag unknown follower", func() error { return a.TagFollowers(ctx, vip, []string{"o1", "nobody"}) }, CodeInvalidOpenID, errs.NotFound, false},
		{"tag unsubscribed", func() error { return a.TagFollowers(ctx, vip, []string{"gone"}) }, CodeRequireSubscribe, errs.Forbidden, false},
		{"tag 51 followers", func() error { return a.TagFollowers(ctx, vip, openIDs(51)) }, CodeInvalidOpenIDList, errs.Invalid, true},
		{"untag nobody", func() error { return a.UntagFollowers(ctx, vip, nil) }, CodeInvalidOpenIDList, errs.Invalid, true},
		{"tag ids of unknown follower", func() error { _, err := a.FollowerTagIDs(ctx, "nobody"); return err }, CodeInvalidOpenID, errs.NotFound, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var e *Error
			if !IsCode(err, tc.code) || !errs.Is(err, tc.class) {
				t.Fatalf("err = %v, want errcode %d (%v)", err, tc.code, tc.class)
			}
			if errors.As(err, &e); e.Local != tc.local {
				t.Fatalf("Local = %v, want %v", e.Local, tc.local)
			}
		})
	}
	if got := p.FollowerTags(tagAppID, "o1"); len(got) != 0 {
		t.Fatalf("a refused batch tagged o1: %v", got)
	}
}

func TestTagFollowerLimit(t *testing.T) {
	_, a := simAccount(t, 1)
	ctx := context.Background()
	for i := range 21 {
		id, err := a.CreateTag(ctx, fmt.Sprintf("t%d", i))
		if err != nil {
			t.Fatal(err)
		}
		err = a.TagFollowers(ctx, id, []string{"o0"})
		if i < 20 && err != nil {
			t.Fatalf("tag %d: %v", i, err)
		}
		if i == 20 && !IsCode(err, CodeFollowerTagLimit) {
			t.Fatalf("21st tag: err = %v, want 45059", err)
		}
	}
}

func TestLocalTagRefusals(t *testing.T) {
	_, a := simAccount(t, 0)
	ctx := context.Background()
	if _, err := a.CreateTag(ctx, ""); !errs.Is(err, errs.Invalid) {
		t.Fatalf("CreateTag(\"\") = %v", err)
	}
	if err := a.UpdateTag(ctx, 100, ""); !errs.Is(err, errs.Invalid) {
		t.Fatalf("UpdateTag(\"\") = %v", err)
	}
	if _, err := a.FollowerTagIDs(ctx, ""); !errs.Is(err, errs.Invalid) {
		t.Fatalf("FollowerTagIDs(\"\") = %v", err)
	}
}
