package wechat

// Card events (protocol.md §7) whose fields Message carries.
const (
	EventUserGetCard     = "user_get_card"
	EventUserConsumeCard = "user_consume_card"
	EventUserDelCard     = "user_del_card"
)

// encodeEvent writes Event and the fields of that event (§3.2); an event this
// package does not know gets every event field that is set.
func encodeEvent(w *xmlWriter, m *Message) {
	w.str("Event", m.Event)
	if enc, ok := eventEncoders[m.Event]; ok {
		enc(w, m)
		return
	}
	encodeEventFields(w, m)
}

var eventEncoders = map[string]func(*xmlWriter, *Message){
	EventSubscribe: func(w *xmlWriter, m *Message) {
		w.str("EventKey", m.EventKey)
		w.optStr("Ticket", m.Ticket)
	},
	EventUnsubscribe: encodeEventKey,
	EventScan: func(w *xmlWriter, m *Message) {
		w.str("EventKey", m.EventKey)
		w.str("Ticket", m.Ticket)
	},
	EventLocation: func(w *xmlWriter, m *Message) {
		w.float("Latitude", m.Latitude)
		w.float("Longitude", m.Longitude)
		w.float("Precision", m.Precision)
	},
	EventClick:           encodeEventKey,
	EventView:            encodeMenuEvent,
	EventViewMiniprogram: encodeMenuEvent,
	EventScancodePush:    encodeScanCode,
	EventScancodeWaitMsg: encodeScanCode,
	EventPicSysPhoto:     encodeSendPics,
	EventPicPhotoOrAlbum: encodeSendPics,
	EventPicWeixin:       encodeSendPics,
	EventLocationSelect:  encodeSendLocation,
	EventMassSendJobFinish: func(w *xmlWriter, m *Message) {
		w.int("MsgID", m.JobMsgID)
		w.str("Status", m.Status)
		w.int("TotalCount", int64(m.TotalCount))
		w.int("FilterCount", int64(m.FilterCount))
		w.int("SentCount", int64(m.SentCount))
		w.int("ErrorCount", int64(m.ErrorCount))
	},
	EventTemplateSendJob: func(w *xmlWriter, m *Message) {
		w.int("MsgID", m.JobMsgID)
		w.str("Status", m.Status)
	},
	EventKfCreateSession: encodeKfAccount,
	EventKfCloseSession:  encodeKfAccount,
	EventKfSwitchSession: func(w *xmlWriter, m *Message) {
		w.str("FromKfAccount", m.FromKfAccount)
		w.str("ToKfAccount", m.ToKfAccount)
	},
	EventUserGetCard: func(w *xmlWriter, m *Message) {
		w.str("CardId", m.CardID)
		w.int("IsGiveByFriend", int64(m.IsGiveByFriend))
		w.str("UserCardCode", m.UserCardCode)
		w.optStr("FriendUserName", m.FriendUserName)
		w.optStr("OuterStr", m.OuterStr)
	},
	EventUserConsumeCard: func(w *xmlWriter, m *Message) {
		w.str("CardId", m.CardID)
		w.str("UserCardCode", m.UserCardCode)
		w.str("ConsumeSource", m.ConsumeSource)
		w.optStr("OuterStr", m.OuterStr)
	},
	EventUserDelCard: func(w *xmlWriter, m *Message) {
		w.str("CardId", m.CardID)
		w.str("UserCardCode", m.UserCardCode)
	},
}

func encodeEventKey(w *xmlWriter, m *Message) { w.str("EventKey", m.EventKey) }

func encodeKfAccount(w *xmlWriter, m *Message) { w.str("KfAccount", m.KfAccount) }

func encodeMenuEvent(w *xmlWriter, m *Message) {
	w.str("EventKey", m.EventKey)
	w.optStr("MenuId", m.MenuID)
}

func encodeScanCode(w *xmlWriter, m *Message) {
	w.str("EventKey", m.EventKey)
	writeScanCodeInfo(w, m.ScanCodeInfo)
}

func encodeSendPics(w *xmlWriter, m *Message) {
	w.str("EventKey", m.EventKey)
	writeSendPicsInfo(w, m.SendPicsInfo)
}

func encodeSendLocation(w *xmlWriter, m *Message) {
	w.str("EventKey", m.EventKey)
	writeSendLocationInfo(w, m.SendLocationInfo)
}

func writeScanCodeInfo(w *xmlWriter, s *ScanCodeInfo) {
	if s == nil {
		return
	}
	w.open("ScanCodeInfo")
	w.str("ScanType", s.ScanType)
	w.str("ScanResult", s.ScanResult)
	w.close("ScanCodeInfo")
}

func writeSendPicsInfo(w *xmlWriter, s *SendPicsInfo) {
	if s == nil {
		return
	}
	w.open("SendPicsInfo")
	w.int("Count", int64(s.Count))
	w.open("PicList")
	for _, it := range s.PicList {
		w.open("item")
		w.str("PicMd5Sum", it.PicMd5Sum)
		w.close("item")
	}
	w.close("PicList")
	w.close("SendPicsInfo")
}

func writeSendLocationInfo(w *xmlWriter, s *SendLocationInfo) {
	if s == nil {
		return
	}
	w.open("SendLocationInfo")
	w.float("Location_X", s.LocationX)
	w.float("Location_Y", s.LocationY)
	w.int("Scale", int64(s.Scale))
	w.str("Label", s.Label)
	w.str("Poiname", s.Poiname)
	w.close("SendLocationInfo")
}

// encodeEventFields writes every event field that is set, nested ones included.
func encodeEventFields(w *xmlWriter, m *Message) {
	for _, f := range []struct{ name, v string }{
		{"EventKey", m.EventKey}, {"Ticket", m.Ticket}, {"MenuId", m.MenuID}, {"Status", m.Status},
		{"KfAccount", m.KfAccount}, {"FromKfAccount", m.FromKfAccount}, {"ToKfAccount", m.ToKfAccount},
		{"CardId", m.CardID}, {"UserCardCode", m.UserCardCode}, {"FriendUserName", m.FriendUserName},
		{"OuterStr", m.OuterStr}, {"ConsumeSource", m.ConsumeSource},
	} {
		w.optStr(f.name, f.v)
	}
	w.optFloat("Latitude", m.Latitude)
	w.optFloat("Longitude", m.Longitude)
	w.optFloat("Precision", m.Precision)
	w.optInt("MsgID", m.JobMsgID)
	for _, f := range []struct {
		name string
		v    int
	}{{"TotalCount", m.TotalCount}, {"FilterCount", m.FilterCount}, {"SentCount", m.SentCount},
		{"ErrorCount", m.ErrorCount}, {"IsGiveByFriend", m.IsGiveByFriend}} {
		w.optInt(f.name, int64(f.v))
	}
	writeScanCodeInfo(w, m.ScanCodeInfo)
	writeSendPicsInfo(w, m.SendPicsInfo)
	writeSendLocationInfo(w, m.SendLocationInfo)
}
