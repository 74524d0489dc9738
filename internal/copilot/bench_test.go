package copilot

import (
	"context"
	"testing"
)

// BenchmarkAsk answers the question without an LLM on the small
// demo store (goal: < 1.5 s; docs/performance.md).
func BenchmarkAsk(b *testing.B) {
	for _, q := range []string{
		"Why is the aerospace & defense sector leading the rally, and is the sector rotation sustainable?",
		"军工板块领涨的驱动因素是什么？板块轮动能否持续？",
	} {
		b.Run(map[bool]string{true: "zh", false: "en"}[q[0] > 127], func(b *testing.B) {
			cp := newCopilot(b, nil)
			b.ResetTimer()
			for range b.N {
				if _, err := cp.Ask(context.Background(), Request{Question: q}, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
