package sqlstore_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

// benchBatches are the group-commit sizes the gateway's writer produces:
// a lone message on a quiet account up to a burst.
var benchBatches = []int{1, 64, 256}

// BenchmarkCommitInbound measures the hot path: batches of text messages,
// each with a passive reply and a follower upsert, committed durably.
func BenchmarkCommitInbound(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		for _, n := range benchBatches {
			b.Run(fmt.Sprintf("batch=%d", n), func(b *testing.B) { benchCommit(b, openSQLite(b), n) })
		}
	})
	b.Run("postgres", func(b *testing.B) {
		skipWithoutPostgres(b)
		for _, n := range benchBatches {
			b.Run(fmt.Sprintf("batch=%d", n), func(b *testing.B) { benchCommit(b, mustOpen(b, freshPostgres(b)), n) })
		}
	})
}

func benchCommit(b *testing.B, db *sqlstore.DB, n int) {
	a := &account.Account{AppID: "wx_bench", Name: "bench", Type: account.Service, Mode: account.ModePlain}
	if err := db.CreateAccount(b.Context(), a); err != nil {
		b.Fatalf("CreateAccount: %v", err)
	}
	raw := []byte(`<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[o_follower]]></FromUserName>` +
		`<CreateTime>1714550400</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[` +
		strings.Repeat("你好", 20) + `]]></Content><MsgId>1234567890123456</MsgId></xml>`)
	body := []byte(`<xml><ToUserName><![CDATA[o_follower]]></ToUserName><FromUserName><![CDATA[gh_bench]]></FromUserName>` +
		`<CreateTime>1714550400</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[` +
		strings.Repeat("欢迎", 30) + `]]></Content></xml>`)
	seq := int64(0)
	batch := make([]inbox.Inbound, n)
	next := func() []inbox.Inbound {
		now := time.Now()
		for i := range batch {
			seq++
			openID := fmt.Sprintf("o_%06d", seq%5000)
			batch[i] = inbox.Inbound{
				Message: inbox.Message{AccountID: a.ID, OpenID: openID, Kind: inbox.KindMessage, MsgType: "text",
					MsgID: seq, DedupeKey: fmt.Sprint(seq), Content: "你好", Raw: raw, CreateTime: now, ReceivedAt: now},
				Reply: &inbox.Reply{MsgType: "text", Content: "欢迎", Body: body, Status: "sent",
					Source: inbox.Source{RuleID: 1, RuleVersion: 1}},
				Follower: audience.Change{OpenID: openID, At: now, Message: true},
			}
		}
		return batch
	}
	// Warm up (first statements on a fresh database load its catalog), untimed.
	if _, err := db.CommitInbound(b.Context(), next()); err != nil {
		b.Fatalf("CommitInbound: %v", err)
	}
	rows := 0
	var lat []time.Duration
	for b.Loop() {
		in := next()
		start := time.Now()
		if _, err := db.CommitInbound(b.Context(), in); err != nil {
			b.Fatalf("CommitInbound: %v", err)
		}
		lat = append(lat, time.Since(start))
		rows += n
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	// Durable commits wait for fsync, whose stalls on a shared disk swamp
	// the mean: the median batch tells the steady state.
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
