package benchdata

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/sqlstore"
)

// chunk rows go in per transaction.
const chunk = 20000

// loader buffers one table's rows and bulk loads them chunk by chunk.
type loader struct {
	ctx   context.Context
	db    *sqlstore.DB
	table string
	cols  []string
	rows  [][]any
	n     int
}

func (l *loader) add(row ...any) error {
	l.rows = append(l.rows, row)
	l.n++
	if len(l.rows) >= chunk {
		return l.flush()
	}
	return nil
}

func (l *loader) flush() error {
	if len(l.rows) == 0 {
		return nil
	}
	err := l.db.BulkLoad(l.ctx, l.table, l.cols, l.rows)
	l.rows = l.rows[:0]
	return err
}

func (g *generator) write(ctx context.Context, db *sqlstore.DB, res *Result) error {
	if err := g.writeRules(ctx, db); err != nil {
		return err
	}
	firstID, err := db.NextID(ctx, "messages")
	if err != nil {
		return err
	}
	steps := []struct {
		name string
		fn   func(context.Context, *sqlstore.DB, int64) (int, error)
		dst  *int
	}{
		{"followers", g.writeFollowers, &res.Followers},
		{"messages", g.writeMessages, &res.Messages},
		{"replies", g.writeReplies, &res.Replies},
		{"conversations", g.writeConversations, &res.Conversations},
	}
	for _, st := range steps {
		n, err := st.fn(ctx, db, firstID)
		if err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
		*st.dst = n
	}
	return nil
}

func (g *generator) openID(f int32) string {
	fo := g.followers[f]
	return followerOpenID(fo.acct, fo.n)
}

// followerOpenID is the openid of follower n of account k (an index into
// the seeded accounts): spread over the key space like real openids.
func followerOpenID(k, n int) string {
	return fmt.Sprintf("o%02d_%024x", k+1, uint64(n)*0x9E3779B97F4A7C15)
}

func (g *generator) writeFollowers(ctx context.Context, db *sqlstore.DB, _ int64) (int, error) {
	l := &loader{ctx: ctx, db: db, table: "followers", cols: []string{"account_id", "openid", "subscribed",
		"subscribe_scene", "qr_scene", "nickname", "first_seen_at", "subscribed_at", "unsubscribed_at",
		"last_message_at", "last_interaction", "interactions"}}
	for i, f := range g.followers {
		scene := ""
		if f.qrScene != "" {
			scene = "qr"
		}
		err := l.add(g.accounts[f.acct], g.openID(int32(i)), f.unsubAt.IsZero(), scene, f.qrScene,
			nicknames[i%len(nicknames)], f.subAt, f.subAt, f.unsubAt, f.lastMsg, f.lastIn, f.interactions)
		if err != nil {
			return 0, err
		}
	}
	return l.n, l.flush()
}

func (g *generator) writeMessages(ctx context.Context, db *sqlstore.DB, firstID int64) (int, error) {
	l := &loader{ctx: ctx, db: db, table: "messages", cols: []string{"id", "account_id", "openid", "kind",
		"msg_type", "event", "event_key", "msg_id", "dedupe_key", "content", "raw", "create_time",
		"received_at", "handoff"}}
	for i, p := range g.pushes {
		m := g.message(i, p)
		err := l.add(firstID+int64(i), g.accounts[g.followers[p.follower].acct], m.openID, m.kind, m.msgType,
			m.event, m.eventKey, m.msgID, m.dedupeKey, m.content, m.raw(), p.at.Truncate(time.Second), p.at, p.handoff)
		if err != nil {
			return 0, err
		}
	}
	return l.n, l.flush()
}

// wire is a push as stored: the columns that differ by kind.
type wire struct {
	openID, kind, msgType, event, eventKey, dedupeKey, content string
	msgID                                                      int64
	at                                                         time.Time
}

func (g *generator) message(i int, p push) wire {
	w := wire{openID: g.openID(p.follower), kind: "event", msgType: "event", at: p.at}
	switch p.kind {
	case kindText, kindVoice:
		w.kind, w.msgType, w.content = "message", "text", strings.ReplaceAll(questions[p.text], "{n}", fmt.Sprint(p.num))
		if p.kind == kindVoice {
			w.msgType = "voice"
		}
	case kindImage:
		w.kind, w.msgType = "message", "image"
	case kindLocation:
		w.kind, w.msgType, w.content = "message", "location", "上海市徐汇区漕溪北路"
	case kindSubscribe:
		w.event = "subscribe"
		if q := g.followers[p.follower].qrScene; q != "" {
			w.eventKey = "qrscene_" + q
		}
	case kindUnsubscribe:
		w.event = "unsubscribe"
	case kindClick:
		w.event, w.eventKey = "CLICK", []string{"MENU_ORDER", "MENU_MEMBER", "MENU_STORE"}[p.rule%3]
	case kindScan:
		w.event, w.eventKey = "SCAN", "store_01"
	case kindView:
		w.event, w.eventKey = "VIEW", "https://shop.example.com/"
	case kindLocationEvent:
		w.event = "LOCATION"
	}
	if w.kind == "message" {
		w.msgID = 24000000000000000 + int64(i)
		w.dedupeKey = fmt.Sprint(w.msgID)
	} else {
		// The gateway's event key, made unique: random pushes may repeat a
		// follower's event within a second.
		w.dedupeKey = fmt.Sprintf("%s|%d|%s|%s|b%d", w.openID, p.at.Unix(), w.event, w.eventKey, i)
	}
	return w
}

// raw is the plaintext XML WeChat would have pushed.
func (w wire) raw() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>"+
		"<CreateTime>%d</CreateTime><MsgType><![CDATA[%s]]></MsgType>", w.openID, w.at.Unix(), w.msgType)
	if w.kind == "event" {
		fmt.Fprintf(&b, "<Event><![CDATA[%s]]></Event><EventKey><![CDATA[%s]]></EventKey>", w.event, w.eventKey)
	} else {
		fmt.Fprintf(&b, "<Content><![CDATA[%s]]></Content><MsgId>%d</MsgId>", w.content, w.msgID)
	}
	b.WriteString("</xml>")
	return []byte(b.String())
}
