package understand

import "testing"

// BenchmarkUnderstand is one question against the demo catalog (about
// 1,600 instruments), the dictionary built from scratch as in Understand.
func BenchmarkUnderstand(b *testing.B) {
	cat := demoCatalog(b)
	for b.Loop() {
		Understand("Why is the aerospace & defense sector leading the rally, and is the sector rotation sustainable?", cat)
	}
}
