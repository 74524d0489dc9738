package rss

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// Namespaces of the elements the feeds use.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsRSS1    = "http://purl.org/rss/1.0/"
	nsRDF     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsXML     = "http://www.w3.org/XML/1998/namespace"
)

// maxDepth bounds element nesting.
const maxDepth = 64

// node is an element of a parsed feed.
type node struct {
	name     xml.Name
	attrs    []xml.Attr
	text     strings.Builder // character data directly inside, CDATA included
	children []*node
	content  []any // text (string) and children (*node) in document order
}

// parseTree reads an XML document into a tree. Errors carry the line.
func parseTree(r io.Reader) (*node, error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charset.NewReaderLabel
	var root *node
	var stack []*node
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := d.InputPos()
			return nil, fmt.Errorf("line %d: bad XML: %v", line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth {
				line, _ := d.InputPos()
				return nil, fmt.Errorf("line %d: elements nested more than %d deep", line, maxDepth)
			}
			n := &node{name: t.Name, attrs: t.Attr}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
				p.content = append(p.content, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 {
				n := stack[len(stack)-1]
				n.text.Write(t)
				n.content = append(n.content, string(t))
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no XML element")
	}
	return root, nil
}

// is reports whether n is the element space:local; an empty space matches
// elements in no namespace only.
func (n *node) is(space, local string) bool {
	return n != nil && n.name.Local == local && n.name.Space == space
}

// child returns the first child space:local, or nil.
func (n *node) child(space, local string) *node {
	if n == nil {
		return nil
	}
	for _, c := range n.children {
		if c.is(space, local) {
			return c
		}
	}
	return nil
}

// all returns the children space:local.
func (n *node) all(space, local string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, c := range n.children {
		if c.is(space, local) {
			out = append(out, c)
		}
	}
	return out
}

// value is the trimmed text of the child space:local, or "".
func (n *node) value(space, local string) string {
	if c := n.child(space, local); c != nil {
		return strings.TrimSpace(c.text.String())
	}
	return ""
}

// attr returns an attribute by local name (and namespace, when given).
func (n *node) attr(space, local string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == local && (space == "" || a.Name.Space == space) {
			return a.Value
		}
	}
	return ""
}

// markup renders the children of n back into HTML, for Atom's inline
// XHTML content.
func (n *node) markup() string {
	var b strings.Builder
	var inner func(n *node)
	inner = func(n *node) {
		for _, c := range n.content {
			switch c := c.(type) {
			case string:
				b.WriteString(xmlEscape(c))
			case *node:
				b.WriteString("<" + c.name.Local + ">")
				inner(c)
				b.WriteString("</" + c.name.Local + ">")
			}
		}
	}
	inner(n)
	return b.String()
}

func xmlEscape(s string) string {
	var b strings.Builder
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		return ""
	}
	return b.String()
}
