package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/errs"
)

// rulesCanary starts a version as the canary, or shows the running one.
func rulesCanary(ctx context.Context, e *env, rc *rulesCmd) error {
	if rc.version == 0 {
		return printCanary(ctx, e.stdout, rc)
	}
	if rc.version < 0 {
		return errs.Errorf(errs.Invalid, "--version must be a stored version (请指定有效的 --version)")
	}
	c, err := rc.registry.StartCanary(ctx, autoreply.Canary{AccountID: rc.acct.ID, Version: rc.version,
		Percent: rc.percent, OpenIDs: autoreply.ParseOpenIDs(rc.openIDs), Author: "cli"})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "version %d of %s is the canary for %d%% of followers and %d test followers (已开始灰度版本 %d)\n",
		c.Version, rc.appID, c.Percent, len(c.OpenIDs), c.Version)
	return err
}

func printCanary(ctx context.Context, w io.Writer, rc *rulesCmd) error {
	st, err := rc.registry.CanaryStatus(ctx, rc.acct.ID)
	if errs.Is(err, errs.NotFound) {
		_, err = fmt.Fprintf(w, "no canary running for %s (没有进行中的灰度)\n", rc.appID)
		return err
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "canary 灰度: version %d, %d%% of followers, since %s by %s\n", st.Version, st.Percent,
		st.StartedAt.In(rc.acct.Location()).Format("2006-01-02 15:04"), st.Author)
	if len(st.OpenIDs) > 0 {
		fmt.Fprintf(w, "test followers 测试粉丝: %s\n", strings.Join(st.OpenIDs, ", "))
	}
	_, err = fmt.Fprintf(w, "replies since 回复数: canary v%d %d, active v%d %d\n",
		st.Version, st.CanaryReplies, st.ActiveVersion, st.ActiveReplies)
	return err
}

func rulesPromote(ctx context.Context, e *env, rc *rulesCmd) error {
	v, err := rc.registry.PromoteCanary(ctx, rc.acct.ID)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "version %d of %s is active for everyone (已全量发布版本 %d)\n", v, rc.appID, v)
	return err
}

func rulesCanaryStop(ctx context.Context, e *env, rc *rulesCmd) error {
	if err := rc.registry.StopCanary(ctx, rc.acct.ID); err != nil {
		return err
	}
	_, err := fmt.Fprintf(e.stdout, "canary of %s stopped; everyone gets the active version (已停止灰度)\n", rc.appID)
	return err
}

// rulesDiff prints how two versions differ: rule by rule, then the YAML.
func rulesDiff(ctx context.Context, e *env, rc *rulesCmd) error {
	if rc.from <= 0 || rc.to < 0 {
		return errs.Errorf(errs.Invalid, "usage: fanbase rules diff --account APPID --from N [--to M] (请指定 --from 版本)")
	}
	from, err := rc.registry.RuleSet(ctx, rc.acct.ID, rc.from)
	if err != nil {
		return err
	}
	to, err := rc.registry.RuleSet(ctx, rc.acct.ID, rc.to)
	if err != nil {
		return err
	}
	d, err := autoreply.DiffVersions(from, to)
	if err != nil {
		return err
	}
	return printDiff(e.stdout, d)
}

func printDiff(w io.Writer, d *autoreply.VersionDiff) error {
	fmt.Fprintf(w, "version %d → %d: %d added, %d removed, %d changed (新增 %d，删除 %d，修改 %d)\n",
		d.From, d.To, d.Added, d.Removed, d.Changed, d.Added, d.Removed, d.Changed)
	marks := map[autoreply.ChangeKind]string{autoreply.RuleAdded: "+", autoreply.RuleRemoved: "-", autoreply.RuleChanged: "~"}
	for _, c := range d.Rules {
		fmt.Fprintf(w, "%s rule %d %q\n", marks[c.Kind], c.ID, c.Name)
		for _, f := range c.Fields {
			fmt.Fprintf(w, "    %s: %q → %q\n", f.Field, f.Old, f.New)
		}
	}
	if len(d.Hunks) == 0 {
		_, err := fmt.Fprintln(w, "no difference (没有差异)")
		return err
	}
	fmt.Fprintf(w, "\n--- version %d\n+++ version %d\n", d.From, d.To)
	_, err := io.WriteString(w, autoreply.Unified(d.Hunks))
	return err
}
