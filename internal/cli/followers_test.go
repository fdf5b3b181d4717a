package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
)

func TestFollowersSync(t *testing.T) {
	t.Parallel()
	const appID = "wx_cli_followers"
	sim, srv := simtest.NewServer(t, simulator.Options{})
	simAcct := simtest.Account(appID, "plain", "")
	simtest.MustAdd(t, sim, simAcct)
	for i := range 12345 {
		if err := sim.AddFollower(appID, simulator.Follower{OpenID: fmt.Sprintf("oCli_%05d", i), Subscribed: true,
			Remark: "r"}); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	mustRun(t, "account", "add", "--data", dir, "--appid", appID, "--name", "同步", "--secret", simAcct.Secret,
		"--token", simAcct.Token, "--mode", "plain", "--api-base", srv.URL)
	out := mustRun(t, "followers", "sync", "--data", dir, "--account", appID)
	for _, want := range []string{"listed 已拉取列表 10000 / 12345", "profiled 已获取资料 10000 / 12345",
		"follower sync done 完成", "listed 列表 12345, profiled 资料 12345, unlisted 已取关 0, API calls 接口调用 127"} {
		if !strings.Contains(out, want) {
			t.Errorf("output misses %q:\n%s", want, out)
		}
	}
	stats := mustRun(t, "stats", "--data", dir, "--account", appID)
	if !strings.Contains(stats, "12345") {
		t.Errorf("stats after sync:\n%s", stats)
	}
	wantError(t, errs.Invalid, "followers", "sync", "--data", dir)
	wantError(t, errs.NotFound, "followers", "sync", "--data", dir, "--account", "wx_nobody")
	wantError(t, errs.Invalid, "followers", "list")
}
