package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

// TestSeededSyncStoresTags seeds the simulated API the way the sync
// benchmark does, syncs it, and finds the tags in the store.
func TestSeededSyncStoresTags(t *testing.T) {
	t.Parallel()
	const appID = "wx_cli_seed"
	sim, srv := simtest.NewServer(t, simulator.Options{Logger: discardLogger()})
	simAcct := simtest.Account(appID, "plain", "")
	simtest.MustAdd(t, sim, simAcct)
	var out bytes.Buffer
	seed := apiSeed{followers: 1000, tags: 5}
	if err := seed.seed(context.Background(), &out, sim, simAcct, srv.URL); err != nil {
		t.Fatal(err)
	}
	if tags := sim.Tags(appID); len(tags) != 5 || tags[0].Count != 100 || tags[1].Count != 120 {
		t.Fatalf("seeded tags = %+v", tags)
	}
	dir := t.TempDir()
	mustRun(t, "account", "add", "--data", dir, "--appid", appID, "--name", "预置", "--secret", simAcct.Secret,
		"--token", simAcct.Token, "--mode", "plain", "--api-base", srv.URL)
	res := mustRun(t, "followers", "sync", "--data", dir, "--account", appID)
	if !strings.Contains(res, "listed 列表 1000, profiled 资料 1000") || !strings.Contains(out.String(), "seeded") {
		t.Fatalf("sync output:\n%s\nseed output: %s", res, out.String())
	}
	db, err := sqlstore.Open(context.Background(), filepath.Join(dir, "fanbase.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	acct, err := db.AccountByAppID(context.Background(), appID)
	if err != nil {
		t.Fatal(err)
	}
	tags, err := db.Tags(context.Background(), acct.ID)
	if err != nil || len(tags) != 5 {
		t.Fatalf("stored tags = %+v, %v", tags, err)
	}
	for i, tg := range sim.Tags(appID) {
		if tags[i].WxTagID != int64(tg.ID) || tags[i].Known != int64(tg.Count) || tags[i].WxCount != int64(tg.Count) {
			t.Errorf("stored %+v, WeChat has %+v", tags[i], tg)
		}
	}
}
