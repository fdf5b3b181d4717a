package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"

	"github.com/fanbase/fanbase/internal/config"
	"github.com/fanbase/fanbase/internal/inbox"
)

func runStats(ctx context.Context, e *env, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	cfg.StoreFlags(fs)
	appID := fs.String("account", "", "account appid (公众号 AppID)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	db, acct, err := openAccount(ctx, cfg, *appID)
	if err != nil {
		return err
	}
	defer db.Close()
	counts, err := db.Counts(ctx, acct.ID)
	if err != nil {
		return fmt.Errorf("count: %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Account string `json:"account"`
			Name    string `json:"name"`
			inbox.Counts
		}{acct.AppID, acct.Name, counts})
	}
	_, err = fmt.Fprintf(e.stdout, "account 账号    %s (%s)\nmessages 消息   %d\nevents 事件     %d\nreplies 回复    %d\nfollowers 粉丝  %d (subscribed 关注中 %d)\n",
		acct.AppID, acct.Name, counts.Messages, counts.Events, counts.Replies, counts.Followers, counts.Subscribed)
	return err
}
