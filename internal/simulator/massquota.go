package simulator

import (
	"maps"
	"time"
)

// Errcodes of the broadcast APIs (protocol.md §5.3, §5.4, §8).
const (
	ErrInvalidTemplate  = 40037
	ErrInvalidMsgID     = 40059
	ErrInvalidCardID    = 40073
	ErrRequireSubscribe = 43004
	ErrNoMassQuota      = 45028
	ErrClientMsgIDExist = 45065
	ErrClientMsgIDFast  = 45066
	ErrClientMsgIDLong  = 45067
)

func init() {
	maps.Copy(errmsgs, map[int]string{
		ErrInvalidTemplate:  "invalid template_id",
		ErrInvalidMsgID:     "invalid msg id",
		ErrInvalidCardID:    "invalid card id",
		ErrRequireSubscribe: "require subscribe",
		ErrNoMassQuota:      "has no masssend quota",
		ErrClientMsgIDExist: "clientmsgid exist",
		ErrClientMsgIDFast:  "same clientmsgid retry too fast",
		ErrClientMsgIDLong:  "clientmsgid size out of limit",
	})
}

// Mass-send limits (protocol.md §5.3).
const (
	subscriptionMassPerDay = 1
	serviceMassPerMonth    = 4
	clientMsgIDMax         = 64             // characters
	clientMsgIDWindow      = 24 * time.Hour // duplicates are refused this long
	clientMsgIDRetryGap    = time.Minute    // a duplicate sooner gets 45066
	openIDListMin          = 2              // mass/send touser
	openIDListMax          = 10000          // mass/send touser
)

// Message types of mass sends that need their own checks.
const (
	textMsgType    = "text"
	imageMsgType   = "image" // image{media_id} or images{media_ids}
	voiceMsgType   = "voice"
	mpnewsMsgType  = "mpnews" // the one type with a msg_data_id
	mpvideoMsgType = "mpvideo"
	wxcardMsgType  = "wxcard"
)

// Strings of WeChat's answers and job events.
const (
	massSubmitted   = "send job submission success"
	massHelper      = "mphelper"     // FromUserName of MASSSENDJOBFINISH (the 群发助手)
	sendSuccess     = "send success" // MASSSENDJOBFINISH Status
	templateSuccess = "success"      // TEMPLATESENDJOBFINISH Status
)

// MassQuota is an account's mass-send quota in the current period: a day
// (China time) for subscription accounts, a calendar month for service
// accounts.
type MassQuota struct {
	Period string `json:"period"` // 2006-01-02 or 2006-01
	Used   int    `json:"used"`
	Limit  int    `json:"limit"`
}

// massQuota returns the account type's limit and the period now is in.
func massQuota(accountType string, now time.Time) (limit int, period string) {
	cn := now.In(chinaTime)
	if accountType == TypeService {
		return serviceMassPerMonth, cn.Format("2006-01")
	}
	return subscriptionMassPerDay, cn.Format(time.DateOnly)
}

// quotaLocked returns the quota as of now, starting a fresh period when
// the last one ended. The caller holds m.mu.
func (m *massAccount) quotaLocked(accountType string, now time.Time) MassQuota {
	limit, period := massQuota(accountType, now)
	if period != m.period {
		m.period, m.used = period, 0
	}
	return MassQuota{Period: period, Used: m.used, Limit: limit}
}

// checkClientLocked applies WeChat's clientmsgid rules: a duplicate within
// 24 h is refused with 45066 inside a minute of the first send, else 45065
// with the first send's msg_id. The caller holds m.mu.
func (m *massAccount) checkClientLocked(id string, now time.Time) (*MassJob, int) {
	if id == "" {
		return nil, 0
	}
	if len([]rune(id)) > clientMsgIDMax {
		return nil, ErrClientMsgIDLong
	}
	job, ok := m.byClient[id]
	switch {
	case !ok || now.Sub(job.At) >= clientMsgIDWindow:
		return nil, 0
	case now.Sub(job.At) < clientMsgIDRetryGap:
		return job, ErrClientMsgIDFast
	}
	return job, ErrClientMsgIDExist
}
