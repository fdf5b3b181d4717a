package wxclient

import (
	"context"
	"net/http"

	"github.com/fanbase/fanbase/internal/errs"
)

const templateSendPath = "/cgi-bin/message/template/send"

// TemplateMessage is one template message (protocol.md §5.4): the
// template's keywords in Data are sent as {"keyword":{"value":…}}.
type TemplateMessage struct {
	ToUser      string
	TemplateID  string
	URL         string
	ClientMsgID string
	Data        map[string]string
}

type templateValue struct {
	Value string `json:"value"`
}

type templateBody struct {
	ToUser      string                   `json:"touser"`
	TemplateID  string                   `json:"template_id"`
	URL         string                   `json:"url,omitempty"`
	ClientMsgID string                   `json:"client_msg_id,omitempty"`
	Data        map[string]templateValue `json:"data"`
}

// SendTemplate sends one template message and returns its msgid (the
// TEMPLATESENDJOBFINISH push names it). Never retried on transport errors:
// a lost answer may hide a delivered message.
func (a *Account) SendTemplate(ctx context.Context, m TemplateMessage) (int64, error) {
	if m.ToUser == "" || m.TemplateID == "" {
		return 0, errs.Errorf(errs.Invalid, "a template message needs a recipient and a template_id (模板消息缺少接收者或模板 ID)")
	}
	b := templateBody{ToUser: m.ToUser, TemplateID: m.TemplateID, URL: m.URL, ClientMsgID: m.ClientMsgID,
		Data: make(map[string]templateValue, len(m.Data))}
	for k, v := range m.Data {
		b.Data[k] = templateValue{Value: v}
	}
	var out struct {
		MsgID int64 `json:"msgid"`
	}
	err := a.call(ctx, http.MethodPost, templateSendPath, nil, b, &out, false)
	return out.MsgID, err
}
