package wechat

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xmlWriter renders WeChat-style XML: strings in CDATA, numbers bare, each
// element followed by sep. The first string that XML cannot carry is kept in
// err, so callers check once at the end.
type xmlWriter struct {
	b   bytes.Buffer
	sep string
	err error
}

func (w *xmlWriter) open(name string) {
	w.b.WriteByte('<')
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

func (w *xmlWriter) close(name string) {
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteByte('>')
	w.b.WriteString(w.sep)
}

func (w *xmlWriter) str(name, v string) {
	if w.err == nil {
		if err := checkXMLText(v); err != nil {
			w.err = fmt.Errorf("<%s>: %w", name, err)
		}
	}
	w.open(name)
	writeCDATA(&w.b, v)
	w.close(name)
}

// optStr writes v only when it is set.
func (w *xmlWriter) optStr(name, v string) {
	if v != "" {
		w.str(name, v)
	}
}

func (w *xmlWriter) int(name string, v int64) {
	w.open(name)
	w.b.WriteString(strconv.FormatInt(v, 10))
	w.close(name)
}

// optInt writes v only when it is not zero.
func (w *xmlWriter) optInt(name string, v int64) {
	if v != 0 {
		w.int(name, v)
	}
}

// float writes the shortest decimal that reads back as v.
func (w *xmlWriter) float(name string, v float64) {
	w.open(name)
	w.b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
	w.close(name)
}

// optFloat writes v only when it is not zero.
func (w *xmlWriter) optFloat(name string, v float64) {
	if v != 0 {
		w.float(name, v)
	}
}

// writeCDATA writes v as CDATA sections. "]]>" cannot appear inside one, so
// it is split across two; a carriage return goes out as &#13; between
// sections, because XML readers turn a literal one into a line feed.
func writeCDATA(b *bytes.Buffer, v string) {
	b.WriteString("<![CDATA[")
	for {
		i := strings.IndexAny(v, "]\r")
		if i < 0 {
			break
		}
		switch {
		case v[i] == '\r':
			b.WriteString(v[:i])
			b.WriteString("]]>&#13;<![CDATA[")
			v = v[i+1:]
		case strings.HasPrefix(v[i:], "]]>"):
			b.WriteString(v[:i])
			b.WriteString("]]]]><![CDATA[>")
			v = v[i+3:]
		default:
			b.WriteString(v[:i+1])
			v = v[i+1:]
		}
	}
	b.WriteString(v)
	b.WriteString("]]>")
}

// checkXMLText refuses strings that no XML document can carry: invalid
// UTF-8 and the control characters XML 1.0 forbids.
func checkXMLText(s string) error {
	for i, r := range s {
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			return fmt.Errorf("invalid UTF-8 at byte %d (第 %d 字节不是有效的 UTF-8)", i, i)
		}
		if !isXMLChar(r) {
			return fmt.Errorf("character %U at byte %d cannot be sent in XML (第 %d 字节的字符 %U 无法用 XML 发送)", r, i, i, r)
		}
	}
	return nil
}

// isXMLChar is XML 1.0's Char production, as encoding/xml checks it.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
