package simulator

import (
	"crypto/sha1"
	"encoding/base64"

	"github.com/fanbase/fanbase/internal/wechat"
)

// The builders below make the pushes virtual followers send. ToUserName and
// CreateTime are left for Push to fill; a msgID of 0 is assigned by Push
// from the platform's generator (NextMsgID).

// TextMessage is a follower typing content.
func TextMessage(openid, content string, msgID int64) *wechat.Message {
	return &wechat.Message{FromUserName: openid, MsgType: wechat.MsgText, Content: content, MsgID: msgID}
}

// ImageMessage is a follower sending a picture.
func ImageMessage(openid, picURL, mediaID string, msgID int64) *wechat.Message {
	return &wechat.Message{FromUserName: openid, MsgType: wechat.MsgImage, PicURL: picURL, MediaID: mediaID, MsgID: msgID}
}

// VoiceMessage is a voice note; recognition is WeChat's speech-to-text
// (empty when the account has not enabled it).
func VoiceMessage(openid, mediaID, recognition string, msgID int64) *wechat.Message {
	return &wechat.Message{FromUserName: openid, MsgType: wechat.MsgVoice, MediaID: mediaID,
		Format: "amr", Recognition: recognition, MsgID: msgID}
}

// VideoMessage is a follower sending a video.
func VideoMessage(openid, mediaID, thumbMediaID string, msgID int64) *wechat.Message {
	return &wechat.Message{FromUserName: openid, MsgType: wechat.MsgVideo, MediaID: mediaID,
		ThumbMediaID: thumbMediaID, MsgID: msgID}
}

// LinkMessage is a follower sharing a link.
func LinkMessage(openid, title, description, url string, msgID int64) *wechat.Message {
	return &wechat.Message{FromUserName: openid, MsgType: wechat.MsgLink, Title: title,
		Description: description, URL: url, MsgID: msgID}
}

// Location is a follower sending a place (an ordinary message; MsgId is
// assigned by Push).
func Location(openid string, lat, lng float64, label string) *wechat.Message {
	return &wechat.Message{FromUserName: openid, MsgType: wechat.MsgLocation,
		LocationX: lat, LocationY: lng, Scale: 15, Label: label}
}

// Subscribe is a follow; with a scene it came through a parametric QR code
// (EventKey qrscene_<scene> and a Ticket).
func Subscribe(openid, scene string) *wechat.Message {
	m := event(openid, wechat.EventSubscribe, "")
	if scene != "" {
		m.EventKey, m.Ticket = wechat.QRScenePrefix+scene, Ticket(scene)
	}
	return m
}

// Unsubscribe is an unfollow.
func Unsubscribe(openid string) *wechat.Message {
	return event(openid, wechat.EventUnsubscribe, "")
}

// Click is a click on a menu button with this key.
func Click(openid, key string) *wechat.Message {
	return event(openid, wechat.EventClick, key)
}

// View is a click on a menu link.
func View(openid, url string) *wechat.Message {
	return event(openid, wechat.EventView, url)
}

// Scan is an existing follower scanning a parametric QR code.
func Scan(openid, scene string) *wechat.Message {
	m := event(openid, wechat.EventScan, scene)
	m.Ticket = Ticket(scene)
	return m
}

// LocationReport is the periodic LOCATION event of accounts that ask for it.
func LocationReport(openid string, lat, lng, precision float64) *wechat.Message {
	m := event(openid, wechat.EventLocation, "")
	m.Latitude, m.Longitude, m.Precision = lat, lng, precision
	return m
}

func event(openid, name, key string) *wechat.Message {
	return &wechat.Message{FromUserName: openid, MsgType: wechat.MsgEvent, Event: name, EventKey: key}
}

// Ticket returns a stable, real-looking QR ticket for a scene.
func Ticket(scene string) string {
	sum := sha1.Sum([]byte("qr:" + scene))
	raw := append([]byte("\x81\x01\xeb\xf1:\x00\x00\x00\x00\x00\x00\x00\x00\x01,http://weixin.qq.com/q/"),
		base64.RawURLEncoding.EncodeToString(sum[:])...)
	return base64.StdEncoding.EncodeToString(raw)
}
