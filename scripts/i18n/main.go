// Command i18n (see README.md) writes src/i18n/data/<lang>.json from kubectl's gettext
// catalogues (k8s.io/kubectl's pkg/util/i18n/translations/kubectl/*/LC_MESSAGES/k8s.po).
//
// Run once by hand when the kubectl version ktl follows changes (not in CI):
//
//	cd scripts/i18n && GOFLAGS=-mod=mod go run . [KUBECTL_MODULE_DIR]
//
// Each file maps the text ktl prints in English to the text kubectl prints in
// that language, in the shape kubectl shows it: a message as it is, and the
// same message after kubectl's long-description or example normalisation
// (kubectl normalises after translating), so ktl looks texts up as printed.
// Entries whose translation is empty or prints the same as English are left out.
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/chai2010/gettext-go/po"
	"k8s.io/kubectl/pkg/util/templates"
)

// the catalogues kubectl knows besides default and en_US (which print English)
var languages = []string{"de_DE", "fr_FR", "it_IT", "ja_JP", "ko_KR", "pt_BR", "zh_CN", "zh_TW"}

func main() {
	root := filepath.Join(os.Getenv("HOME"), "go/pkg/mod/k8s.io/kubectl@v0.33.1")
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	out := filepath.Join("..", "..", "src", "i18n", "data")
	if err := os.MkdirAll(out, 0o755); err != nil {
		fail(err)
	}
	wrapped := wrappedMessages(filepath.Join(root, "pkg"))
	for _, lang := range languages {
		file := filepath.Join(root, "pkg/util/i18n/translations/kubectl", lang, "LC_MESSAGES/k8s.po")
		f, err := po.LoadFile(file)
		if err != nil {
			fail(err)
		}
		table := map[string]string{}
		add := func(en, tr string) {
			if en == "" || en == tr {
				return
			}
			if old, ok := table[en]; ok && old != tr {
				fmt.Fprintf(os.Stderr, "%s: two translations for %q, keeping the first\n", lang, en)
				return
			}
			table[en] = tr
		}
		for _, m := range f.Messages {
			// plural messages and the header are not looked up by ktl
			if m.MsgId == "" || m.MsgStr == "" || m.MsgIdPlural != "" {
				continue
			}
			// a catalogue keeps messages kubectl no longer translates (a flag text once wrapped, now not)
			if !wrapped[m.MsgId] {
				continue
			}
			add(m.MsgId, m.MsgStr)
			if strings.HasPrefix(strings.TrimSpace(m.MsgId), "#") {
				add(templates.Examples(m.MsgId), templates.Examples(m.MsgStr))
			} else {
				add(templates.LongDesc(m.MsgId), templates.LongDesc(m.MsgStr))
			}
		}
		keys := make([]string, 0, len(table))
		for k := range table {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		// one entry a line keeps diffs readable; no HTML escaping
		var b strings.Builder
		b.WriteString("{\n")
		for i, k := range keys {
			kj, _ := marshal(k)
			vj, _ := marshal(table[k])
			b.WriteString(kj + ":" + vj)
			if i < len(keys)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString("}\n")
		if err := os.WriteFile(filepath.Join(out, lang+".json"), []byte(b.String()), 0o644); err != nil {
			fail(err)
		}
		fmt.Printf("%s: %d entries\n", lang, len(keys))
	}
}

// wrappedMessages: the texts kubectl's sources pass to i18n.T, as string
// literals, concatenations of them, or names of package-level string constants
// and variables.
func wrappedMessages(dir string) map[string]bool {
	fset := token.NewFileSet()
	type call struct {
		pkg string
		arg ast.Expr
	}
	values := map[string]map[string]ast.Expr{} // package folder -> name -> value
	var calls []call
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		pkg := filepath.Dir(path)
		if values[pkg] == nil {
			values[pkg] = map[string]ast.Expr{}
		}
		for _, decl := range f.Decls {
			if g, ok := decl.(*ast.GenDecl); ok {
				for _, spec := range g.Specs {
					if v, ok := spec.(*ast.ValueSpec); ok {
						for i, name := range v.Names {
							if i < len(v.Values) {
								values[pkg][name.Name] = v.Values[i]
							}
						}
					}
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok || len(c.Args) == 0 {
				return true
			}
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "T" {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "i18n" {
					calls = append(calls, call{pkg, c.Args[0]})
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		fail(err)
	}
	var text func(pkg string, e ast.Expr, depth int) (string, bool)
	text = func(pkg string, e ast.Expr, depth int) (string, bool) {
		if depth > 5 {
			return "", false
		}
		switch e := e.(type) {
		case *ast.BasicLit:
			if e.Kind != token.STRING {
				return "", false
			}
			s, err := strconv.Unquote(e.Value)
			return s, err == nil
		case *ast.BinaryExpr:
			l, ok1 := text(pkg, e.X, depth+1)
			r, ok2 := text(pkg, e.Y, depth+1)
			return l + r, ok1 && ok2 && e.Op == token.ADD
		case *ast.ParenExpr:
			return text(pkg, e.X, depth+1)
		case *ast.Ident:
			if v, ok := values[pkg][e.Name]; ok {
				return text(pkg, v, depth+1)
			}
		}
		return "", false
	}
	wrapped := map[string]bool{}
	unknown := 0
	for _, c := range calls {
		if s, ok := text(c.pkg, c.arg, 0); ok {
			wrapped[s] = true
		} else {
			unknown++
		}
	}
	fmt.Printf("%d calls of i18n.T, %d texts, %d not literal\n", len(calls), len(wrapped), unknown)
	return wrapped
}

func marshal(s string) (string, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
