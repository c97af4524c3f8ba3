package rules

import (
	"errors"
	"sync"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/eval"
	"github.com/verdict-rules/verdict/internal/jsonpath"
)

// Program is a compiled automation, immutable and safe for concurrent use.
type Program struct {
	cfg      *config
	def      Automation
	ref      AutomationRef
	changeID string // changeset entry id: the automation's id, else its name
	// docPointer is the automation's place in the document it was parsed
	// from ("", "/2", "/data/2"). Errors and warnings rendered against the
	// file use it; results, traces and notes point into the automation
	// alone, whatever the file's shape.
	docPointer string
	triggers   []Trigger
	// custom[i] matches triggers[i] when its type is registered; nil for
	// the built-in types.
	custom  []func(Trigger, *Event) bool
	root    *eval.Root // the conditions
	actions []compiledAction
	context bool // some condition reads $.context
	// noteHead opens every note: `Automation "name" (id)`; allHold is
	// what a fired note says of the conditions. Both are written once.
	noteHead, allHold string
	// failNotes[i] are the notes of a result whose condition i does not
	// hold: [0] in a dry run, [1] when the event matched a trigger. They
	// depend on nothing else, so they are written once.
	failNotes [][2]string
	warnings  []Warning
	table     *jsonpath.Table // the paths its conditions read (shared in a Set)
	pool      sync.Pool       // *evalState
	reach     *lazyReach      // what it reads of a case; nil for all of it
}

// Set is automations evaluated together on one case, sharing the walks of
// their paths and the computed context; immutable and safe for concurrent
// use.
type Set struct {
	cfg   *config
	progs []*Program
	ids   map[string]bool // the automations' ids, for WithCaseAutomations
	pool  sync.Pool       // *evalState
	reach *lazyReach      // the union of its programs' reaches
}

// Reach returns what the program reads of a case (nil: all), for
// cases.Decoder; it is worked out when first asked for.
func (p *Program) Reach() *document.Reach {
	if p == nil {
		return nil
	}
	return p.reach.get()
}

// Automation returns the definition the program was compiled from.
func (p *Program) Automation() Automation {
	if p == nil {
		return Automation{}
	}
	return p.def
}

// Warnings returns the static checks' findings, as results carry them.
func (p *Program) Warnings() []Warning {
	if p == nil {
		return nil
	}
	return append([]Warning(nil), p.warnings...)
}

// errNotCompiled is what the methods of a Program or Set that did not come
// from Compile or CompileSet return: a zero value has nothing to run.
var errNotCompiled = errors.New("rules: the program was not compiled: use Compile or CompileSet")

// errNilContext is what Evaluate returns for a nil context.
var errNilContext = errors.New("rules: Evaluate needs a context: pass context.Background() rather than nil")

// DocumentPointer returns the automation's place in its document ("",
// "/2", "/data/2"), which turns its pointers into places in the file.
func (p *Program) DocumentPointer() string {
	if p == nil {
		return ""
	}
	return p.docPointer
}

// Reach returns what the set's programs read of a case together (nil:
// all), for cases.Decoder: a case decoded for it serves every program of
// the set. It is worked out when first asked for.
func (s *Set) Reach() *document.Reach {
	if s == nil {
		return nil
	}
	return s.reach.get()
}

// Programs returns the compiled automations in definition order.
func (s *Set) Programs() []*Program {
	if s == nil {
		return nil
	}
	return append([]*Program(nil), s.progs...)
}

// Len returns the number of automations.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.progs)
}

// Warnings returns the static checks' findings, located in the document.
func (s *Set) Warnings() []Warning {
	if s == nil {
		return nil
	}
	var out []Warning
	for _, p := range s.progs {
		for _, w := range p.warnings {
			w.Pointer = p.docPointer + w.Pointer
			out = append(out, w)
		}
	}
	return out
}
