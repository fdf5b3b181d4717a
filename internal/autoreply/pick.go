package autoreply

import "github.com/fanbase/fanbase/internal/wechat"

// pickReply chooses the reply of r for m. A random pick hashes the push's
// identity, never a clock or a random source, so that WeChat's retries of
// one message — perhaps on another node — get byte-identical replies.
func pickReply(r *Rule, m *wechat.Message) wechat.Reply {
	if r.Pick != PickRandom || len(r.Replies) == 1 {
		return r.Replies[0]
	}
	return r.Replies[pickSeed(m, r.ID)%uint64(len(r.Replies))]
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// pickSeed hashes the message id, or for events (which have none) the
// follower, the time and the event, together with the rule id.
func pickSeed(m *wechat.Message, ruleID int64) uint64 {
	h := uint64(fnvOffset)
	if m.MsgID != 0 {
		h = fnvInt(h, m.MsgID)
	} else {
		h = fnvString(h, m.FromUserName)
		h = fnvInt(h, m.CreateTime)
		h = fnvString(h, m.Event)
	}
	return mix64(fnvInt(h, ruleID))
}

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return (h ^ 0xff) * fnvPrime // separator, so "ab"+"c" differs from "a"+"bc"
}

func fnvInt(h uint64, v int64) uint64 {
	for i := 0; i < 64; i += 8 {
		h = (h ^ uint64(v>>i)&0xff) * fnvPrime
	}
	return h
}

// mix64 is the splitmix64 finaliser: it spreads FNV's weak low bits before
// the modulo.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}
