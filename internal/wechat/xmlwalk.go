package wechat

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"unicode/utf8"
)

// maxDepth bounds element nesting, root included. WeChat's deepest push
// (SendPicsInfo > PicList > item > PicMd5Sum) is 5 levels.
const maxDepth = 6

// visitor receives what walk finds below the root element. Paths are element
// names from the child of the root down; they are only valid during the call.
type visitor interface {
	// open is called when an element starts (containers create list items here).
	open(path []string) error
	// leaf is called when an element that held only text ends.
	leaf(path []string, text []byte) error
}

// walk reads an XML document whose root must be <xml> and hands its
// elements to v, refusing what WeChat never sends and an attacker might:
// DTDs and entity declarations, deep nesting, a foreign root, trailing data.
// One pass with the raw tokenizer keeps it cheap; start and end tags are
// matched here because RawToken does not.
func walk(body []byte, v visitor) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return refuse(ErrEmpty, "")
	}
	if !utf8.Valid(body) {
		return refuse(ErrEncoding, "")
	}
	w := walker{d: xml.NewDecoder(bytes.NewReader(body)), v: v}
	w.stack = w.buf[:0]
	for {
		tok, err := w.d.RawToken()
		if errors.Is(err, io.EOF) {
			return w.finish()
		}
		if err != nil {
			return refuseCause(ErrMalformed, err, "")
		}
		if err := w.token(tok); err != nil {
			return err
		}
	}
}

type walker struct {
	d        *xml.Decoder
	v        visitor
	buf      [maxDepth]string
	stack    []string
	text     []byte
	leaf     bool // the innermost open element has no child so far
	rootDone bool
}

func (w *walker) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		return w.start(t.Name)
	case xml.EndElement:
		return w.end(t.Name)
	case xml.CharData:
		return w.chars(t)
	case xml.Directive:
		return refuse(ErrDoctype, "found <!%.40s", t)
	}
	return nil // comments and processing instructions carry nothing
}

func (w *walker) start(name xml.Name) error {
	switch {
	case w.rootDone:
		return refuse(ErrTrailing, "element <%s> after </xml>", name.Local)
	case len(w.stack) == 0 && (name.Local != "xml" || name.Space != ""):
		return refuse(ErrRoot, "found <%s>", qualified(name))
	case len(w.stack) == maxDepth:
		return refuse(ErrTooDeep, "at <%s>", name.Local)
	}
	w.stack = append(w.stack, qualified(name))
	w.text, w.leaf = w.text[:0], true
	if len(w.stack) == 1 {
		return nil
	}
	return w.v.open(w.stack[1:])
}

func (w *walker) end(name xml.Name) error {
	if len(w.stack) == 0 || w.stack[len(w.stack)-1] != qualified(name) {
		return refuse(ErrMalformed, "unexpected </%s>", qualified(name))
	}
	var err error
	if w.leaf && len(w.stack) > 1 {
		err = w.v.leaf(w.stack[1:], w.text)
	}
	w.leaf = false
	w.stack = w.stack[:len(w.stack)-1]
	w.rootDone = len(w.stack) == 0
	return err
}

func (w *walker) chars(t xml.CharData) error {
	if len(w.stack) == 0 {
		if len(bytes.TrimSpace(t)) != 0 {
			if w.rootDone {
				return refuse(ErrTrailing, "text after </xml>")
			}
			return refuse(ErrRoot, "text before the root element")
		}
		return nil
	}
	if w.leaf {
		w.text = append(w.text, t...)
	}
	return nil
}

func (w *walker) finish() error {
	if !w.rootDone {
		if len(w.stack) > 0 {
			return refuse(ErrMalformed, "unexpected end of document inside <%s>", w.stack[len(w.stack)-1])
		}
		return refuse(ErrRoot, "no root element")
	}
	return nil
}

// qualified names a raw element the way it was written, so that a prefixed
// <x:Content> never passes for <Content>.
func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}
