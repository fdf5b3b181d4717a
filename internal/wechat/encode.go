package wechat

import (
	"errors"
	"fmt"
)

// EncodePush renders m as WeChat pushes it: the common header, then only the
// fields m's type (or event) uses, strings in CDATA, numbers bare, one
// element per line. The simulator sends what this returns, and Parse reads
// it back to the same Message. A message of a type this package does not
// know is rendered with every field that is set.
func EncodePush(m *Message) ([]byte, error) {
	if err := checkPushHeader(m); err != nil {
		return nil, err
	}
	w := &xmlWriter{sep: "\n"}
	w.b.Grow(256 + len(m.Content))
	w.open("xml")
	w.str("ToUserName", m.ToUserName)
	w.str("FromUserName", m.FromUserName)
	w.int("CreateTime", m.CreateTime)
	w.str("MsgType", m.MsgType)
	if enc, ok := messageEncoders[m.MsgType]; ok {
		enc(w, m)
	} else if m.IsEvent() {
		encodeEvent(w, m)
	} else {
		encodeEverything(w, m)
	}
	w.optStr("Encrypt", m.Encrypt)
	w.b.WriteString("</xml>")
	if w.err != nil {
		return nil, fmt.Errorf("wechat: encode %s push: %w", m.MsgType, w.err)
	}
	return w.b.Bytes(), nil
}

func checkPushHeader(m *Message) error {
	switch {
	case m == nil:
		return errors.New("wechat: encode push: nil message")
	case m.ToUserName == "" || m.FromUserName == "" || m.MsgType == "":
		return fmt.Errorf("wechat: encode push: ToUserName, FromUserName and MsgType are required (got %q, %q, %q)",
			m.ToUserName, m.FromUserName, m.MsgType)
	}
	return nil
}

// messageEncoders write the body of each ordinary message type (§3.1).
var messageEncoders = map[string]func(*xmlWriter, *Message){
	MsgText: func(w *xmlWriter, m *Message) {
		w.str("Content", m.Content)
		w.int("MsgId", m.MsgID)
		w.optInt("MsgDataId", m.MsgDataID)
		w.optInt("Idx", int64(m.Idx))
		w.optStr("bizmsgmenuid", m.BizMsgMenuID)
	},
	MsgImage: func(w *xmlWriter, m *Message) {
		w.str("PicUrl", m.PicURL)
		w.str("MediaId", m.MediaID)
		w.int("MsgId", m.MsgID)
	},
	MsgVoice: func(w *xmlWriter, m *Message) {
		w.str("MediaId", m.MediaID)
		w.optStr("MediaId16K", m.MediaID16K)
		w.str("Format", m.Format)
		w.optStr("Recognition", m.Recognition)
		w.int("MsgId", m.MsgID)
	},
	MsgVideo:      encodeVideo,
	MsgShortVideo: encodeVideo,
	MsgLocation: func(w *xmlWriter, m *Message) {
		w.float("Location_X", m.LocationX)
		w.float("Location_Y", m.LocationY)
		w.int("Scale", int64(m.Scale))
		w.str("Label", m.Label)
		w.int("MsgId", m.MsgID)
	},
	MsgLink: func(w *xmlWriter, m *Message) {
		w.str("Title", m.Title)
		w.str("Description", m.Description)
		w.str("Url", m.URL)
		w.int("MsgId", m.MsgID)
	},
}

func encodeVideo(w *xmlWriter, m *Message) {
	w.str("MediaId", m.MediaID)
	w.str("ThumbMediaId", m.ThumbMediaID)
	w.int("MsgId", m.MsgID)
}

// encodeEverything renders every set field, for message types this package
// does not know; Parse reads each of them back.
func encodeEverything(w *xmlWriter, m *Message) {
	for _, f := range []struct {
		name string
		v    string
	}{
		{"Content", m.Content}, {"PicUrl", m.PicURL}, {"MediaId", m.MediaID}, {"MediaId16K", m.MediaID16K},
		{"Format", m.Format}, {"Recognition", m.Recognition}, {"ThumbMediaId", m.ThumbMediaID},
		{"Label", m.Label}, {"Title", m.Title}, {"Description", m.Description}, {"Url", m.URL},
		{"bizmsgmenuid", m.BizMsgMenuID},
	} {
		w.optStr(f.name, f.v)
	}
	w.optFloat("Location_X", m.LocationX)
	w.optFloat("Location_Y", m.LocationY)
	w.optInt("Scale", int64(m.Scale))
	w.optInt("MsgId", m.MsgID)
	w.optInt("MsgDataId", m.MsgDataID)
	w.optInt("Idx", int64(m.Idx))
	w.optStr("Event", m.Event)
	encodeEventFields(w, m)
}
