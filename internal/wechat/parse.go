package wechat

import (
	"bytes"
	"math"
	"strconv"
)

// Parse decodes a plaintext push body. It refuses anything WeChat would not
// send (see walk) and pushes without the common header; unknown message
// types, events and elements are accepted, and Raw keeps the exact bytes so
// nothing is lost. Every error matches ErrMalformed.
func Parse(body []byte) (*Message, error) {
	p := pushParser{m: &Message{}}
	if err := walk(body, &p); err != nil {
		return nil, err
	}
	if err := p.checkHeader(); err != nil {
		return nil, err
	}
	p.m.Raw = bytes.Clone(body)
	return p.m, nil
}

// Header elements every push must carry, as bits of pushParser.seen.
const (
	seenTo = 1 << iota
	seenFrom
	seenType
	seenTime
)

type pushParser struct {
	m    *Message
	seen int
}

func (p *pushParser) checkHeader() error {
	for _, h := range []struct {
		bit  int
		name string
	}{{seenTo, "ToUserName"}, {seenFrom, "FromUserName"}, {seenTime, "CreateTime"}, {seenType, "MsgType"}} {
		if p.seen&h.bit == 0 {
			return refuse(ErrMissing, "<%s> is missing or empty", h.name)
		}
	}
	return nil
}

func (p *pushParser) open(path []string) error {
	m := p.m
	switch {
	case len(path) == 1 && path[0] == "ScanCodeInfo" && m.ScanCodeInfo == nil:
		m.ScanCodeInfo = &ScanCodeInfo{}
	case len(path) == 1 && path[0] == "SendPicsInfo" && m.SendPicsInfo == nil:
		m.SendPicsInfo = &SendPicsInfo{}
	case len(path) == 1 && path[0] == "SendLocationInfo" && m.SendLocationInfo == nil:
		m.SendLocationInfo = &SendLocationInfo{}
	case len(path) == 3 && path[0] == "SendPicsInfo" && path[1] == "PicList" && path[2] == "item":
		m.SendPicsInfo.PicList = append(m.SendPicsInfo.PicList, PicItem{})
	}
	return nil
}

func (p *pushParser) leaf(path []string, text []byte) error {
	switch {
	case len(path) == 1:
		return p.top(path[0], text)
	case path[0] == "ScanCodeInfo" && len(path) == 2:
		return setScanCode(p.m.ScanCodeInfo, path[1], text)
	case path[0] == "SendLocationInfo" && len(path) == 2:
		return setSendLocation(p.m.SendLocationInfo, path[1], text)
	case path[0] == "SendPicsInfo":
		return setSendPics(p.m.SendPicsInfo, path[1:], text)
	}
	return nil
}

// top sets a field directly below <xml>. It is one switch on purpose: the
// element names are the wire format, and a table here is easy to check
// against protocol.md §3.
func (p *pushParser) top(name string, text []byte) error {
	m := p.m
	switch name {
	case "ToUserName", "FromUserName", "MsgType":
		return p.header(name, text)
	case "CreateTime":
		p.seen |= seenTime
		return setInt64(&m.CreateTime, name, text)
	case "MsgId":
		return setInt64(&m.MsgID, name, text)
	case "MsgDataId":
		return setInt64(&m.MsgDataID, name, text)
	case "Idx":
		return setInt(&m.Idx, name, text)
	case "Location_X":
		return setFloat(&m.LocationX, name, text)
	case "Location_Y":
		return setFloat(&m.LocationY, name, text)
	case "Scale":
		return setInt(&m.Scale, name, text)
	case "Latitude":
		return setFloat(&m.Latitude, name, text)
	case "Longitude":
		return setFloat(&m.Longitude, name, text)
	case "Precision":
		return setFloat(&m.Precision, name, text)
	case "MsgID":
		return setInt64(&m.JobMsgID, name, text)
	case "TotalCount":
		return setInt(&m.TotalCount, name, text)
	case "FilterCount":
		return setInt(&m.FilterCount, name, text)
	case "SentCount":
		return setInt(&m.SentCount, name, text)
	case "ErrorCount":
		return setInt(&m.ErrorCount, name, text)
	case "IsGiveByFriend":
		return setInt(&m.IsGiveByFriend, name, text)
	}
	if f := m.stringField(name); f != nil {
		*f = string(text)
	}
	return nil
}

func (p *pushParser) header(name string, text []byte) error {
	if len(text) == 0 {
		return refuse(ErrMissing, "<%s> is missing or empty", name)
	}
	switch name {
	case "ToUserName":
		p.seen |= seenTo
		p.m.ToUserName = string(text)
	case "FromUserName":
		p.seen |= seenFrom
		p.m.FromUserName = string(text)
	default:
		p.seen |= seenType
		p.m.MsgType = string(text)
	}
	return nil
}

// stringField maps an element name below <xml> to the string field it fills.
func (m *Message) stringField(name string) *string {
	switch name {
	case "bizmsgmenuid":
		return &m.BizMsgMenuID
	case "Content":
		return &m.Content
	case "PicUrl":
		return &m.PicURL
	case "MediaId":
		return &m.MediaID
	case "MediaId16K":
		return &m.MediaID16K
	case "Format":
		return &m.Format
	case "Recognition":
		return &m.Recognition
	case "ThumbMediaId":
		return &m.ThumbMediaID
	case "Label":
		return &m.Label
	case "Title":
		return &m.Title
	case "Description":
		return &m.Description
	case "Url":
		return &m.URL
	}
	return m.eventStringField(name)
}

func (m *Message) eventStringField(name string) *string {
	switch name {
	case "Event":
		return &m.Event
	case "EventKey":
		return &m.EventKey
	case "Ticket":
		return &m.Ticket
	case "MenuId":
		return &m.MenuID
	case "Status":
		return &m.Status
	case "KfAccount":
		return &m.KfAccount
	case "FromKfAccount":
		return &m.FromKfAccount
	case "ToKfAccount":
		return &m.ToKfAccount
	case "CardId":
		return &m.CardID
	case "UserCardCode":
		return &m.UserCardCode
	case "FriendUserName":
		return &m.FriendUserName
	case "OuterStr":
		return &m.OuterStr
	case "ConsumeSource":
		return &m.ConsumeSource
	case "Encrypt":
		return &m.Encrypt
	}
	return nil
}

func setScanCode(s *ScanCodeInfo, name string, text []byte) error {
	switch name {
	case "ScanType":
		s.ScanType = string(text)
	case "ScanResult":
		s.ScanResult = string(text)
	}
	return nil
}

func setSendLocation(s *SendLocationInfo, name string, text []byte) error {
	switch name {
	case "Location_X":
		return setFloat(&s.LocationX, name, text)
	case "Location_Y":
		return setFloat(&s.LocationY, name, text)
	case "Scale":
		return setInt(&s.Scale, name, text)
	case "Label":
		s.Label = string(text)
	case "Poiname":
		s.Poiname = string(text)
	}
	return nil
}

func setSendPics(s *SendPicsInfo, path []string, text []byte) error {
	switch {
	case len(path) == 1 && path[0] == "Count":
		return setInt(&s.Count, "Count", text)
	case len(path) == 3 && path[0] == "PicList" && path[1] == "item" && path[2] == "PicMd5Sum":
		s.PicList[len(s.PicList)-1].PicMd5Sum = string(text)
	}
	return nil
}

// Numbers: WeChat writes them bare, but surrounding whitespace is tolerated
// and an empty element means zero, as encoding/xml does.

func setInt64(dst *int64, name string, text []byte) error {
	s := string(bytes.TrimSpace(text))
	if s == "" {
		*dst = 0
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return refuse(ErrValue, "<%s> %.40q is not an integer", name, s)
	}
	*dst = v
	return nil
}

func setInt(dst *int, name string, text []byte) error {
	var v int64
	if err := setInt64(&v, name, text); err != nil {
		return err
	}
	if v < math.MinInt32 || v > math.MaxInt32 {
		return refuse(ErrValue, "<%s> %d is out of range", name, v)
	}
	*dst = int(v)
	return nil
}

func setFloat(dst *float64, name string, text []byte) error {
	s := string(bytes.TrimSpace(text))
	if s == "" {
		*dst = 0
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return refuse(ErrValue, "<%s> %.40q is not a finite number", name, s)
	}
	*dst = v
	return nil
}
