package wechat

// pushCase is one message of each type and event of protocol.md §3, as the
// simulator would send it; testdata/push/<name>.xml is its golden encoding.
type pushCase struct {
	name string
	m    *Message
}

const (
	tAccount = "gh_b1eb3f8bd6c6"
	tFan     = "okPEat9FRX96xG8JQvTxHLpzDV64"
	tTime    = 1458889120
)

func msg(typ string) Message {
	return Message{ToUserName: tAccount, FromUserName: tFan, CreateTime: tTime, MsgType: typ}
}

func event(name, key string) Message {
	m := msg(MsgEvent)
	m.Event, m.EventKey = name, key
	return m
}

func with(m Message, set func(*Message)) *Message {
	set(&m)
	return &m
}

func pushCases() []pushCase {
	return append(messageCases(), eventCases()...)
}

func messageCases() []pushCase {
	return []pushCase{
		// The same values as vector V2, whose plaintext is a real push.
		{"text", with(msg(MsgText), func(m *Message) { m.Content, m.MsgID = "test text message", 6265881059295447969 })},
		{"text_from_article", with(msg(MsgText), func(m *Message) {
			m.Content, m.MsgID, m.MsgDataID, m.Idx = "门票多少钱？", 6265881059295447970, 2247483650, 1
		})},
		{"text_menu_answer", with(msg(MsgText), func(m *Message) { m.Content, m.MsgID, m.BizMsgMenuID = "满意", 1001, "101" })},
		{"text_cdata_edge", with(msg(MsgText), func(m *Message) { m.Content, m.MsgID = "a]]>b\r\nc]]]>d<e>&f;", 1002 })},
		{"image", with(msg(MsgImage), func(m *Message) {
			m.PicURL, m.MediaID, m.MsgID = "http://mmbiz.qpic.cn/mmbiz/abc/0", "media_image_1", 1003
		})},
		{"voice", with(msg(MsgVoice), func(m *Message) {
			m.MediaID, m.Format, m.Recognition, m.MsgID = "media_voice_1", "amr", "腾讯微信团队", 1004
		})},
		{"video", with(msg(MsgVideo), func(m *Message) { m.MediaID, m.ThumbMediaID, m.MsgID = "media_video_1", "thumb_1", 1005 })},
		{"shortvideo", with(msg(MsgShortVideo), func(m *Message) { m.MediaID, m.ThumbMediaID, m.MsgID = "media_sv_1", "thumb_2", 1006 })},
		{"location", with(msg(MsgLocation), func(m *Message) {
			m.LocationX, m.LocationY, m.Scale, m.Label, m.MsgID = 23.134521, 113.358803, 20, "广州市天河区", 1007
		})},
		{"link", with(msg(MsgLink), func(m *Message) {
			m.Title, m.Description, m.URL, m.MsgID = "公众号平台官网链接", "公众号平台官网链接", "https://mp.weixin.qq.com", 1008
		})},
		{"unknown_type", with(msg("miniprogrampage"), func(m *Message) { m.Title, m.ThumbMediaID, m.MsgID = "小程序", "thumb_3", 1009 })},
	}
}

func eventCases() []pushCase {
	return []pushCase{
		{"subscribe", with(event(EventSubscribe, ""), func(*Message) {})},
		{"subscribe_qrscene", with(event(EventSubscribe, "qrscene_1000000"), func(m *Message) { m.Ticket = "gQHr8ToAAAAAAAAAASxodHRw" })},
		{"unsubscribe", with(event(EventUnsubscribe, ""), func(*Message) {})},
		{"scan", with(event(EventScan, "1000000"), func(m *Message) { m.Ticket = "gQHr8ToAAAAAAAAAASxodHRw" })},
		{"location_event", with(event(EventLocation, ""), func(m *Message) { m.Latitude, m.Longitude, m.Precision = 23.137466, 113.352425, 119.385 })},
		{"click", with(event(EventClick, "MENU_PRICE"), func(*Message) {})},
		{"view", with(event(EventView, "https://example.com/shop"), func(m *Message) { m.MenuID = "208396938" })},
		{"scancode_push", with(event(EventScancodePush, "SCAN_1"), func(m *Message) {
			m.ScanCodeInfo = &ScanCodeInfo{ScanType: "qrcode", ScanResult: "https://example.com/t/42"}
		})},
		{"scancode_waitmsg", with(event(EventScancodeWaitMsg, "SCAN_2"), func(m *Message) {
			m.ScanCodeInfo = &ScanCodeInfo{ScanType: "barcode", ScanResult: "EAN_13,6901234567892"}
		})},
		{"pic_sysphoto", with(event(EventPicSysPhoto, "PHOTO"), func(m *Message) {
			m.SendPicsInfo = &SendPicsInfo{Count: 2, PicList: []PicItem{{"1b5f7c23b5bf75682a53e7b6d163e185"}, {"2c5f7c23b5bf75682a53e7b6d163e186"}}}
		})},
		{"location_select", with(event(EventLocationSelect, "WHERE"), func(m *Message) {
			m.SendLocationInfo = &SendLocationInfo{LocationX: 23, LocationY: 113.5, Scale: 15, Label: "广州市海珠区客村艺苑路 106号", Poiname: "湘菜馆"}
		})},
		{"masssendjobfinish", with(event(EventMassSendJobFinish, ""), func(m *Message) {
			m.EventKey, m.JobMsgID, m.Status = "", 1988, "send success"
			m.TotalCount, m.FilterCount, m.SentCount, m.ErrorCount = 100, 80, 75, 5
		})},
		{"templatesendjobfinish", with(event(EventTemplateSendJob, ""), func(m *Message) { m.JobMsgID, m.Status = 200163836, "success" })},
		{"kf_create_session", with(event(EventKfCreateSession, ""), func(m *Message) { m.KfAccount = "test1@test" })},
		{"kf_close_session", with(event(EventKfCloseSession, ""), func(m *Message) { m.KfAccount = "test1@test" })},
		{"kf_switch_session", with(event(EventKfSwitchSession, ""), func(m *Message) {
			m.FromKfAccount, m.ToKfAccount = "test1@test", "test2@test"
		})},
		{"user_get_card", with(event(EventUserGetCard, ""), func(m *Message) {
			m.CardID, m.IsGiveByFriend, m.UserCardCode, m.OuterStr = "pFS7Fjg8kV1IdDz01r4SQwMkuCKc", 0, "12312312", "13"
		})},
		{"unknown_event", with(event("subscribe_msg_popup_event", ""), func(m *Message) { m.Status = "accept" })},
	}
}
