// Package wechat holds the Official Account push protocol as plain Go values:
// inbound messages and events, passive replies, and their XML encodings.
// It does no I/O, so the gateway, the simulator and the tests share it.
package wechat

import "encoding/xml"

// Message types (MsgType) of inbound pushes.
const (
	MsgText       = "text"
	MsgImage      = "image"
	MsgVoice      = "voice"
	MsgVideo      = "video"
	MsgShortVideo = "shortvideo"
	MsgLocation   = "location"
	MsgLink       = "link"
	MsgEvent      = "event"
)

// Event names (Event) of inbound event pushes.
const (
	EventSubscribe         = "subscribe"
	EventUnsubscribe       = "unsubscribe"
	EventScan              = "SCAN"
	EventLocation          = "LOCATION"
	EventClick             = "CLICK"
	EventView              = "VIEW"
	EventScancodePush      = "scancode_push"
	EventScancodeWaitMsg   = "scancode_waitmsg"
	EventPicSysPhoto       = "pic_sysphoto"
	EventPicPhotoOrAlbum   = "pic_photo_or_album"
	EventPicWeixin         = "pic_weixin"
	EventLocationSelect    = "location_select"
	EventViewMiniprogram   = "view_miniprogram"
	EventMassSendJobFinish = "MASSSENDJOBFINISH"
	EventTemplateSendJob   = "TEMPLATESENDJOBFINISH"
	EventPublishJobFinish  = "PUBLISHJOBFINISH"
	EventKfCreateSession   = "kf_create_session"
	EventKfCloseSession    = "kf_close_session"
	EventKfSwitchSession   = "kf_switch_session"
)

// QRScenePrefix starts the EventKey of a subscribe that came through a parametric QR code.
const QRScenePrefix = "qrscene_"

// Message is one inbound push, an ordinary message or an event, flattened the
// way WeChat's XML is flat. Fields that a type does not use stay zero.
// Raw keeps the exact plaintext XML so unknown types and fields are never lost.
type Message struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   string   `xml:"ToUserName"`
	FromUserName string   `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      string   `xml:"MsgType"`

	// Ordinary messages.
	MsgID        int64   `xml:"MsgId"`
	MsgDataID    int64   `xml:"MsgDataId"`
	Idx          int     `xml:"Idx"`
	BizMsgMenuID string  `xml:"bizmsgmenuid"`
	Content      string  `xml:"Content"`
	PicURL       string  `xml:"PicUrl"`
	MediaID      string  `xml:"MediaId"`
	MediaID16K   string  `xml:"MediaId16K"`
	Format       string  `xml:"Format"`
	Recognition  string  `xml:"Recognition"`
	ThumbMediaID string  `xml:"ThumbMediaId"`
	LocationX    float64 `xml:"Location_X"`
	LocationY    float64 `xml:"Location_Y"`
	Scale        int     `xml:"Scale"`
	Label        string  `xml:"Label"`
	Title        string  `xml:"Title"`
	Description  string  `xml:"Description"`
	URL          string  `xml:"Url"`

	// Events.
	Event            string            `xml:"Event"`
	EventKey         string            `xml:"EventKey"`
	Ticket           string            `xml:"Ticket"`
	Latitude         float64           `xml:"Latitude"`
	Longitude        float64           `xml:"Longitude"`
	Precision        float64           `xml:"Precision"`
	MenuID           string            `xml:"MenuId"`
	ScanCodeInfo     *ScanCodeInfo     `xml:"ScanCodeInfo"`
	SendPicsInfo     *SendPicsInfo     `xml:"SendPicsInfo"`
	SendLocationInfo *SendLocationInfo `xml:"SendLocationInfo"`

	// Mass-send and template job results: note the capital D of MsgID.
	JobMsgID    int64  `xml:"MsgID"`
	Status      string `xml:"Status"`
	TotalCount  int    `xml:"TotalCount"`
	FilterCount int    `xml:"FilterCount"`
	SentCount   int    `xml:"SentCount"`
	ErrorCount  int    `xml:"ErrorCount"`

	// Customer-service session events.
	KfAccount     string `xml:"KfAccount"`
	FromKfAccount string `xml:"FromKfAccount"`
	ToKfAccount   string `xml:"ToKfAccount"`

	// Card events.
	CardID         string `xml:"CardId"`
	UserCardCode   string `xml:"UserCardCode"`
	IsGiveByFriend int    `xml:"IsGiveByFriend"`
	FriendUserName string `xml:"FriendUserName"`
	OuterStr       string `xml:"OuterStr"`
	ConsumeSource  string `xml:"ConsumeSource"`

	// Encrypt carries the ciphertext in compatible and safe modes.
	Encrypt string `xml:"Encrypt"`

	// Raw is the plaintext XML the message was parsed from.
	Raw []byte `xml:"-"`
}

// ScanCodeInfo is the result of a scancode_push / scancode_waitmsg menu.
type ScanCodeInfo struct {
	ScanType   string `xml:"ScanType"`
	ScanResult string `xml:"ScanResult"`
}

// SendPicsInfo lists the pictures of a pic_* menu event.
type SendPicsInfo struct {
	Count   int       `xml:"Count"`
	PicList []PicItem `xml:"PicList>item"`
}

// PicItem is one picture of SendPicsInfo.
type PicItem struct {
	PicMd5Sum string `xml:"PicMd5Sum"`
}

// SendLocationInfo is the place chosen in a location_select menu.
type SendLocationInfo struct {
	LocationX float64 `xml:"Location_X"`
	LocationY float64 `xml:"Location_Y"`
	Scale     int     `xml:"Scale"`
	Label     string  `xml:"Label"`
	Poiname   string  `xml:"Poiname"`
}

// IsEvent reports whether the push is an event rather than a user message.
func (m *Message) IsEvent() bool { return m.MsgType == MsgEvent }
