package wxcrypto

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// maxDepth bounds element nesting in an envelope, root included.
const maxDepth = 6

// readEnvelope reads the elements directly below <xml> in one pass of the
// raw tokenizer, refusing what WeChat never sends. It mirrors the guard of
// package wechat in small, because wxcrypto must stay a leaf.
func readEnvelope(body []byte) (*Envelope, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errors.New("empty body")
	}
	if !utf8.Valid(body) {
		return nil, errors.New("body is not valid UTF-8")
	}
	r := envReader{env: &Envelope{XMLName: xml.Name{Local: "xml"}}}
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := r.token(tok); err != nil {
			return nil, err
		}
	}
	if !r.done {
		return nil, errors.New("no complete <xml> root element")
	}
	return r.env, nil
}

type envReader struct {
	env   *Envelope
	stack []string
	text  []byte
	done  bool
}

func (r *envReader) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		name := rawName(t.Name)
		switch {
		case r.done:
			return fmt.Errorf("element <%s> after </xml>", name)
		case len(r.stack) == 0 && name != "xml":
			return fmt.Errorf("root element is <%s>, not <xml>", name)
		case len(r.stack) == maxDepth:
			return fmt.Errorf("elements nested deeper than %d levels", maxDepth)
		}
		r.stack, r.text = append(r.stack, name), r.text[:0]
	case xml.EndElement:
		return r.end(rawName(t.Name))
	case xml.CharData:
		if len(r.stack) == 0 && len(bytes.TrimSpace(t)) != 0 {
			return errors.New("text outside the <xml> element")
		}
		if len(r.stack) == 2 {
			r.text = append(r.text, t...)
		}
	case xml.Directive:
		return errors.New("DOCTYPE or ENTITY declarations are not allowed")
	}
	return nil
}

func (r *envReader) end(name string) error {
	if len(r.stack) == 0 || r.stack[len(r.stack)-1] != name {
		return fmt.Errorf("unexpected </%s>", name)
	}
	if len(r.stack) == 2 {
		r.set(name, string(r.text))
	}
	r.stack = r.stack[:len(r.stack)-1]
	r.done = len(r.stack) == 0
	return nil
}

func (r *envReader) set(name, v string) {
	switch name {
	case "ToUserName":
		r.env.ToUserName = v
	case "Encrypt":
		r.env.Encrypt = v
	case "MsgSignature":
		r.env.MsgSignature = v
	case "TimeStamp":
		r.env.TimeStamp = v
	case "Nonce":
		r.env.Nonce = v
	}
}

// rawName spells a raw element name with its prefix, so <x:Encrypt> is not <Encrypt>.
func rawName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}
