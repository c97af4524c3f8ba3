package jcs

import (
	"bufio"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestFloatNodeVectors compares Float with what Node's String(Number)
// writes for about 4,000 doubles: edge values, powers of ten and two, random
// bit patterns and random decimals (testdata/es6numbers.js writes the file).
func TestFloatNodeVectors(t *testing.T) {
	f, err := os.Open("testdata/es6numbers.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		hex, want, ok := strings.Cut(sc.Text(), ",")
		if !ok {
			t.Fatalf("line %q", sc.Text())
		}
		bits, err := strconv.ParseUint(hex, 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		x := math.Float64frombits(bits)
		n++
		if got, err := Float(x); err != nil || got != want {
			t.Errorf("Float(%s) = %q, %v; want %q", hex, got, err, want)
		}
		// ECMAScript's forms are their own canonical form, and so is the
		// shortest form Go writes, whatever its layout.
		if got, err := Number(want); err != nil || got != want {
			t.Errorf("Number(%q) = %q, %v", want, got, err)
		}
		short := strconv.FormatFloat(x, 'g', -1, 64)
		if got, err := Number(short); err != nil || got != want {
			t.Errorf("Number(%q) = %q, %v; want %q", short, got, err, want)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 3900 {
		t.Errorf("only %d vectors", n)
	}
}

// canonicalNumber is the grammar of the canonical form: no leading or
// trailing zero digits, a point only between digits, the exponent's sign
// always written.
var canonicalNumber = regexp.MustCompile(`^(0|-?([1-9][0-9]*|[1-9][0-9]*\.[0-9]*[1-9]|0\.0{0,5}[1-9][0-9]*|[1-9](\.[0-9]*[1-9])?e[+-][1-9][0-9]*))$`)

// randomLiteral writes a JSON number with a random spelling: digits with
// leading and trailing zeros, a point anywhere, an exponent of any sign.
func randomLiteral(rng *rand.Rand) string {
	var b strings.Builder
	if rng.IntN(3) == 0 {
		b.WriteByte('-')
	}
	digits := make([]byte, 1+rng.IntN(25))
	for i := range digits {
		digits[i] = byte('0' + rng.IntN(10))
		if rng.IntN(4) == 0 {
			digits[i] = '0'
		}
	}
	point := rng.IntN(len(digits) + 1)
	intPart := strings.TrimLeft(string(digits[:point]), "0")
	if intPart == "" {
		intPart = "0"
	}
	b.WriteString(intPart)
	if point < len(digits) {
		b.WriteByte('.')
		b.Write(digits[point:])
	}
	if rng.IntN(2) == 0 {
		b.WriteString([]string{"e", "E", "e+", "e-", "E-"}[rng.IntN(5)])
		b.WriteString(strconv.Itoa(rng.IntN(40)))
	}
	return b.String()
}

// TestNumberExact checks, on random literals, that the canonical form
// denotes exactly the literal's value and follows the canonical grammar, so
// that two literals share a form exactly when they share a value.
func TestNumberExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		lit := randomLiteral(rng)
		got, err := Number(lit)
		if err != nil {
			t.Fatalf("Number(%q): %v", lit, err)
		}
		if !canonicalNumber.MatchString(got) {
			t.Errorf("Number(%q) = %q, not in the canonical grammar", lit, got)
		}
		a, _ := new(big.Rat).SetString(lit)
		b, ok := new(big.Rat).SetString(got)
		if !ok || a.Cmp(b) != 0 {
			t.Errorf("Number(%q) = %q, another value", lit, got)
		}
	}
}

// TestNumberNode compares Number with Node's String(Number(x)) on random
// literals: where Node's text has the literal's exact value, Number must
// give Node's text; otherwise Node has rounded, and Number must not.
func TestNumberNode(t *testing.T) {
	if testing.Short() {
		t.Skip("runs node")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	var lits []string
	for range 5000 {
		lit := randomLiteral(rng)
		if rng.IntN(2) == 0 {
			// A literal that is already short enough to be a double's
			// shortest form now and then.
			x, _ := strconv.ParseFloat(lit, 64)
			lit = strconv.FormatFloat(x, 'g', -1, 64)
		}
		lits = append(lits, lit)
	}
	cmd := exec.Command(node, "-e", `let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{for(const l of s.split('\n'))if(l)console.log(String(Number(l)))})`)
	cmd.Stdin = strings.NewReader(strings.Join(lits, "\n") + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	es := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(es) != len(lits) {
		t.Fatalf("node wrote %d lines for %d literals", len(es), len(lits))
	}
	agree := 0
	for i, lit := range lits {
		got, err := Number(lit)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := new(big.Rat).SetString(lit)
		b, ok := new(big.Rat).SetString(es[i])
		switch {
		case ok && a.Cmp(b) == 0:
			agree++
			if got != es[i] {
				t.Errorf("Number(%q) = %q; node writes %q, the same value", lit, got, es[i])
			}
		case got == es[i]:
			t.Errorf("Number(%q) = %q, node's rounded text", lit, got)
		}
	}
	t.Logf("%d of %d literals have node's exact value", agree, len(lits))
	if agree < len(lits)/3 {
		t.Errorf("only %d literals compared with node", agree)
	}
}

func TestFloatGoShortest(t *testing.T) {
	// Random doubles: Float is a fixed point of Number and has the value
	// of the double.
	rng := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		x := math.Float64frombits(rng.Uint64())
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		s, err := Float(x)
		if err != nil {
			t.Fatal(err)
		}
		if y, err := strconv.ParseFloat(s, 64); err != nil || y != x {
			t.Errorf("Float(%v) = %q reads back as %v", x, s, y)
		}
		if got, _ := Number(s); got != s {
			t.Errorf("Number(Float(%v)) = %q, want %q", x, got, s)
		}
		if !canonicalNumber.MatchString(s) {
			t.Errorf("Float(%v) = %q, not in the canonical grammar", x, s)
		}
	}
}

func ExampleNumber() {
	for _, lit := range []string{"4.50", "1E30", "2e-3", "-0", "9007199254740993"} {
		s, _ := Number(lit)
		fmt.Println(lit, "→", s)
	}
	// Output:
	// 4.50 → 4.5
	// 1E30 → 1e+30
	// 2e-3 → 0.002
	// -0 → 0
	// 9007199254740993 → 9007199254740993
}

func ExampleFloat() {
	a, b := 0.1, 0.2
	s, _ := Float(a + b) // a double, not Go's exact constant 0.3
	fmt.Println(s)
	// Output: 0.30000000000000004
}
