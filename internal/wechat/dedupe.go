package wechat

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// DedupeKey is the key under which WeChat's retries of m collapse
// (architecture invariant 2): "m:<MsgId>" for messages, and
// "e:<FromUserName>:<CreateTime>:<Event>:<EventKey>" for events, which carry
// no MsgId (job-finish events append their job's MsgID). A message without MsgId (a type this package does not know) gets
// "u:<FromUserName>:<CreateTime>:<MsgType>:<hash>", the hash taken over Raw
// (WeChat retries the same bytes) or, for a message built in code, over its
// searchable content.
func DedupeKey(m *Message) string {
	switch {
	case m.IsEvent() && m.JobMsgID != 0:
		// Job-finish events of one second differ only by their job's MsgID.
		return join("e", m.FromUserName, strconv.FormatInt(m.CreateTime, 10), m.Event, m.EventKey, strconv.FormatInt(m.JobMsgID, 10))
	case m.IsEvent():
		return join("e", m.FromUserName, strconv.FormatInt(m.CreateTime, 10), m.Event, m.EventKey)
	case m.MsgID != 0:
		return "m:" + strconv.FormatInt(m.MsgID, 10)
	}
	return join("u", m.FromUserName, strconv.FormatInt(m.CreateTime, 10), m.MsgType, contentHash(m))
}

func join(parts ...string) string { return strings.Join(parts, ":") }

// contentHash is 16 bytes of SHA-256, hex: enough to tell two pushes of the
// same sender and second apart.
func contentHash(m *Message) string {
	h := sha256.New()
	if len(m.Raw) > 0 {
		h.Write(m.Raw)
	} else {
		for _, s := range []string{m.Content, m.MediaID, m.PicURL, m.URL, m.Title, m.Label, m.EventKey} {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
