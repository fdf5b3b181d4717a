package broadcast

import (
	"fmt"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// choosePlan decides how a broadcast reaches its recipients. Service
// accounts send openid lists (or template messages); subscription accounts
// can only send to all or to a tag, so a segment, or an audience the daily
// cap trimmed, goes through a temporary tag.
func choosePlan(t account.Type, d Draft, trimmed bool) string {
	switch {
	case d.Kind == KindTemplate:
		return PlanTemplate
	case t == account.Service:
		return PlanOpenIDs
	case trimmed || d.Audience.Kind == AudienceSegment:
		return PlanTempTag
	case d.Audience.Kind == AudienceTag:
		return PlanTag
	}
	return PlanAll
}

// batchSizes splits n recipients into batches of at most max, none of one
// recipient when n ≥ 2 (an openid-list send takes at least 2).
func batchSizes(n, max int) []int {
	if n <= 0 {
		return nil
	}
	var out []int
	for left := n; left > 0; left -= max {
		out = append(out, min(left, max))
	}
	if k := len(out); k > 1 && out[k-1] == 1 {
		out[k-2]--
		out[k-1]++
	}
	return out
}

// ClientMsgID is the deterministic clientmsgid of a broadcast's batch: a
// resend after a crash carries the same one, and WeChat refuses it as a
// duplicate (45065) instead of sending twice.
func ClientMsgID(broadcastID int64, batch int) string {
	return fmt.Sprintf("fb-%d-%d", broadcastID, batch)
}

// TempTagName is the name of a broadcast's temporary tag.
func TempTagName(broadcastID int64) string { return fmt.Sprintf("fanbase-%d", broadcastID) }

// assign numbers the eligible recipients into batches (1-based) for a plan
// and returns the batches; the skipped ones get batch 0.
func assign(id int64, plan string, eligible, skipped []string, maxBatch int) ([]Recipient, []Batch) {
	recips := make([]Recipient, 0, len(eligible)+len(skipped))
	var batches []Batch
	switch plan {
	case PlanTemplate:
		for _, o := range eligible {
			recips = append(recips, Recipient{OpenID: o, State: StatePending})
		}
	case PlanOpenIDs:
		i := 0
		for b, size := range batchSizes(len(eligible), maxBatch) {
			batches = append(batches, Batch{BroadcastID: id, Batch: b + 1, ClientMsgID: ClientMsgID(id, b+1), Size: size, State: StatePending})
			for _, o := range eligible[i : i+size] {
				recips = append(recips, Recipient{OpenID: o, Batch: b + 1, State: StatePending})
			}
			i += size
		}
	default: // one sendall
		batches = append(batches, Batch{BroadcastID: id, Batch: 1, ClientMsgID: ClientMsgID(id, 1), Size: len(eligible), State: StatePending})
		for _, o := range eligible {
			recips = append(recips, Recipient{OpenID: o, Batch: 1, State: StatePending})
		}
	}
	for _, o := range skipped {
		recips = append(recips, Recipient{OpenID: o, State: StateSkippedCap})
	}
	return recips, batches
}

// content is the mass message of a draft.
func content(d Draft) wxclient.MassContent {
	switch d.Kind {
	case KindImage:
		return wxclient.MassContent{MsgType: "image", MediaID: d.MediaID}
	case KindNews:
		return wxclient.MassContent{MsgType: "mpnews", MediaID: d.MediaID}
	}
	return wxclient.MassContent{MsgType: "text", Text: d.Text}
}
