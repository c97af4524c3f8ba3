package document_test

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/verdict-rules/verdict/document"
)

// shapes are the inputs that cost the most per byte: values as small as
// JSON allows, containers of one value, escapes, large objects with hash
// tables, names that JavaScript reorders, repeated names, deep nesting, and
// names that share their first eight bytes and length (F7).
var shapes = []struct {
	name string
	make func(size int) []byte
}{
	{"numbers", array("1")},
	{"arrays of one number", array("[1]")},
	{"arrays of an empty array", array("[[]]")},
	{"empty arrays", array("[]")},
	{"empty objects", array("{}")},
	{"objects of one member", array(`{"a":1}`)},
	{"escaped strings", array(`"\n"`)},
	{"strings", array(`"x"`)},
	{"long numbers", array("-1.5e-300")},
	{"deep arrays", array(strings.Repeat("[", 500) + strings.Repeat("]", 500))},
	{"one large object", object(func(i int) string { return fmt.Sprintf(`"%x":0`, i) })},
	{"one large object of arrays", object(func(i int) string { return fmt.Sprintf(`"%x":[]`, i) })},
	{"index names in reverse", object(func(i int) string { return fmt.Sprintf(`"%d":[]`, 1e8-i) })},
	{"repeated names", object(func(i int) string { return fmt.Sprintf(`"%d":[]`, i%3) })},
	{"names sharing eight bytes", array("{" + strings.Join(func() []string {
		var m []string
		for i := range 1000 {
			m = append(m, fmt.Sprintf(`"aaaaaaaa%05d":0`, i))
		}
		return m
	}(), ",") + "}")},
}

// array returns a maker of arrays of unit, at least size bytes long.
func array(unit string) func(size int) []byte {
	return func(size int) []byte {
		b := make([]byte, 0, size+len(unit)+2)
		b = append(b, '[')
		for len(b)+len(unit) < size {
			if len(b) > 1 {
				b = append(b, ',')
			}
			b = append(b, unit...)
		}
		return append(b, ']')
	}
}

// object returns a maker of one object whose i-th member is member(i).
func object(member func(i int) string) func(size int) []byte {
	return func(size int) []byte {
		b := make([]byte, 0, size+64)
		b = append(b, '{')
		for i := 0; len(b) < size; i++ {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, member(i)...)
		}
		return append(b, '}')
	}
}

// allocated returns the bytes decoding data allocates, and the document.
func allocated(t *testing.T, data []byte) (int, *document.Doc) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	d, err := parse(document.Decoder{}, data)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	return int(after.TotalAlloc - before.TotalAlloc), d
}

// TestMemoryBound counts the bytes of decoded documents of every shape:
// the document holds at most 6.5 bytes per input byte, its copy of the
// input included (the bound is 8); a decode allocates at most 16, garbage
// included (a parser's first decode grows its arrays; a large input's tape
// may be copied to its exact size); and both grow linearly: at most 2.2
// times when the input doubles. Sizes below and above bigInput take the two
// ways the tape is allocated.
func TestMemoryBound(t *testing.T) {
	for _, sh := range shapes {
		for _, size := range []int{300 << 10, 3 << 20} {
			small, large := sh.make(size), sh.make(2*size)
			a1, d1 := allocated(t, small)
			a2, d2 := allocated(t, large)
			for _, c := range []struct {
				data  []byte
				doc   *document.Doc
				alloc int
			}{{small, d1, a1}, {large, d2, a2}} {
				n := len(c.data)
				if c.doc.Size() > 13*n/2+4096 {
					t.Errorf("%s, %d bytes: the document holds %d bytes, %.2f per input byte", sh.name, n, c.doc.Size(), float64(c.doc.Size())/float64(n))
				}
				if c.alloc > 16*n+64<<10 && !raceEnabled {
					t.Errorf("%s, %d bytes: decoding allocates %d bytes, %.2f per input byte", sh.name, n, c.alloc, float64(c.alloc)/float64(n))
				}
			}
			if g := float64(d2.Size()) / float64(d1.Size()); g > 2.2 {
				t.Errorf("%s: doubling the input from %d bytes multiplies the document by %.2f", sh.name, len(small), g)
			}
			if g := float64(a2) / float64(a1); g > 2.2 && !raceEnabled {
				t.Errorf("%s: doubling the input from %d bytes multiplies the allocations by %.2f", sh.name, len(small), g)
			}
			t.Logf("%-28s %8d bytes: document %.2f B/B, allocated %.2f B/B", sh.name, len(large), float64(d2.Size())/float64(len(large)), float64(a2)/float64(len(large)))
		}
	}
}

// TestMemoryHostile decodes the largest inputs of the hostile shapes, 32
// MiB each (F6 is the first), in a child process, and bounds its time and
// its peak memory: the input, 8 bytes per input byte and 64 MB.
func TestMemoryHostile(t *testing.T) {
	if name := os.Getenv("DOCUMENT_HOSTILE"); name != "" {
		for _, sh := range shapes {
			if sh.name == name {
				data := sh.make(document.DefaultMaxBytes - 64<<10)
				start := time.Now()
				d, err := parse(document.Decoder{}, data)
				if err != nil {
					fmt.Println("error:", err)
					os.Exit(1)
				}
				fmt.Printf("decoded %d bytes in %v into %d bytes\n", len(data), time.Since(start), d.Size())
				runtime.KeepAlive(d)
				os.Exit(0)
			}
		}
		os.Exit(2)
	}
	if testing.Short() {
		t.Skip("32 MiB inputs")
	}
	for _, sh := range shapes {
		if sh.name != "numbers" && sh.name != "arrays of an empty array" && sh.name != "names sharing eight bytes" && sh.name != "one large object" {
			continue
		}
		t.Run(sh.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestMemoryHostile$")
			cmd.Env = append(os.Environ(), "DOCUMENT_HOSTILE="+sh.name)
			start := time.Now()
			out, err := cmd.CombinedOutput()
			elapsed := time.Since(start)
			if err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10
			t.Logf("%s: %s peak RSS %d MB, %v", sh.name, strings.TrimSpace(string(out)), rss>>20, elapsed)
			if limit := int64(9*document.DefaultMaxBytes + 64<<20); rss > limit && !raceEnabled {
				t.Errorf("peak RSS %d MB, more than %d MB", rss>>20, limit>>20)
			}
			// CPU time, not the clock, which other work stretches on a
			// loaded machine; the F7 input took 23 s of it before.
			if cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(); cpu > 10*time.Second && !raceEnabled {
				t.Errorf("took %v of CPU time (%v elapsed)", cpu, elapsed)
			}
		})
	}
}
