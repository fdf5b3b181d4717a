package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// apiSeed is the audience the simulated API starts with, for follower-sync
// benchmarks: followers user/get lists, with profiles, and tags on them.
type apiSeed struct {
	followers int
	tags      int
}

func (s *apiSeed) bind(fs *flag.FlagSet) {
	fs.IntVar(&s.followers, "api-followers", 0,
		"followers the simulated API lists from the start (user/get, user/info), e.g. 1000000 (预置粉丝数)")
	fs.IntVar(&s.tags, "api-tags", 0,
		"tags created at the simulated API (at most 100); every other follower carries one, every tenth a second (预置标签数)")
}

// seedOpenID is the openid of seeded follower i: sorted like i.
func seedOpenID(i int) string { return fmt.Sprintf("oSeed%08d", i) }

// seed adds the followers to p, then creates and applies the tags through
// the API at base, as a developer would (50 openids a call).
func (s *apiSeed) seed(ctx context.Context, out io.Writer, p *simulator.Platform, acct simulator.Account, base string) error {
	if s.followers <= 0 {
		return nil
	}
	began := time.Now()
	start := began.Add(-time.Duration(s.followers) * time.Second)
	for i := range s.followers {
		f := simulator.Follower{OpenID: seedOpenID(i), Subscribed: true, SubscribeTime: start.Add(time.Duration(i) * time.Second),
			Scene: simulator.SceneSearch, Remark: fmt.Sprintf("备注%d", i)}
		if i%10 == 0 {
			f.Scene, f.QRSceneStr = simulator.SceneQRCode, "store_001"
		}
		if err := p.AddFollower(acct.AppID, f); err != nil {
			return err
		}
	}
	if err := s.seedTags(ctx, acct, base); err != nil {
		return err
	}
	fmt.Fprintf(out, "seeded 预置 %d followers, %d tags in %s\n", s.followers, s.tags, time.Since(began).Round(time.Millisecond))
	return nil
}

// seedTags creates the tags and puts them on the followers.
func (s *apiSeed) seedTags(ctx context.Context, acct simulator.Account, base string) error {
	if s.tags <= 0 {
		return nil
	}
	wx := wxclient.New(wxclient.Options{BaseURL: base, RatePerSecond: -1, Logger: discardLogger()}).
		Account(wxclient.Credentials{AppID: acct.AppID, Secret: acct.Secret, BaseURL: base})
	ids := make([]int64, min(s.tags, 100))
	for k := range ids {
		id, err := wx.CreateTag(ctx, fmt.Sprintf("标签%02d", k))
		if err != nil {
			return fmt.Errorf("seed tags: %w", err)
		}
		ids[k] = id
	}
	members := make([][]string, len(ids))
	for i := 0; i < s.followers; i += 2 {
		members[(i/2)%len(ids)] = append(members[(i/2)%len(ids)], seedOpenID(i))
		if i%10 == 0 && len(ids) > 1 {
			k := (i/10 + 1) % len(ids)
			members[k] = append(members[k], seedOpenID(i))
		}
	}
	for k, list := range members {
		for start := 0; start < len(list); start += wxclient.MaxTagBatch {
			if err := wx.TagFollowers(ctx, ids[k], list[start:min(start+wxclient.MaxTagBatch, len(list))]); err != nil {
				return fmt.Errorf("seed tags: %w", err)
			}
		}
	}
	return nil
}
