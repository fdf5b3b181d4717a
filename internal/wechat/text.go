package wechat

import "strings"

// Text returns the searchable text of m: what a person would search the
// inbox for, and what keyword rules match against. Pushes that carry no
// words (an image, an unsubscribe) have none.
func (m *Message) Text() string {
	switch m.MsgType {
	case MsgText:
		return m.Content
	case MsgVoice:
		return m.Recognition
	case MsgLocation:
		return m.Label
	case MsgLink:
		return joinText(m.Title, m.Description, m.URL)
	case MsgEvent:
		return m.eventText()
	case MsgImage, MsgVideo, MsgShortVideo:
		return ""
	}
	return m.Content
}

// eventText is the EventKey (menu key, QR scene, URL) plus what the event
// adds: the scanned code, the chosen place.
func (m *Message) eventText() string {
	parts := []string{m.EventKey}
	if s := m.ScanCodeInfo; s != nil {
		parts = append(parts, s.ScanResult)
	}
	if s := m.SendLocationInfo; s != nil {
		parts = append(parts, s.Label, s.Poiname)
	}
	return joinText(parts...)
}

// joinText joins the non-empty parts with a line feed.
func joinText(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "\n")
}
