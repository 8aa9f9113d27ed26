// helm-render renders a Helm chart the way `helm template --strict` does, from Debian's packages
// (golang-go, golang-github-masterminds-sprig-dev, golang-gopkg-yaml.v3-dev): Go's text/template
// with Sprig's functions, which are Helm's, plus the functions Helm adds (include, tpl, required,
// toYaml, fromYaml, toJson, lookup). No Helm binary is packaged for Debian or npm. Missing keys are
// errors, as in `helm lint --strict`.
//
//	helm-render CHART_DIR [VALUES_FILE ...]
//
// prints {"manifests": {"templates/x.yaml": "..."}, "notes": "..."} as JSON; fails with the
// template error on stderr.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/semver"
	"github.com/Masterminds/sprig"
	"gopkg.in/yaml.v3"
)

// The Kubernetes version .Capabilities reports and Chart.yaml's kubeVersion is checked against.
const kubeVersion = "v1.31.0"

func main() {
	if len(os.Args) < 2 {
		fail(errors.New("usage: helm-render CHART_DIR [VALUES_FILE ...]"))
	}
	out, err := render(os.Args[1], os.Args[2:])
	if err != nil {
		fail(err)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

type output struct {
	Manifests map[string]string `json:"manifests"`
	Notes     string            `json:"notes"`
}

func render(chartDir string, valueFiles []string) (*output, error) {
	chart, err := readYaml(filepath.Join(chartDir, "Chart.yaml"))
	if err != nil {
		return nil, err
	}
	name, _ := chart["name"].(string)
	if name == "" {
		return nil, errors.New("Chart.yaml: name is required")
	}
	if err := checkKubeVersion(chart); err != nil {
		return nil, err
	}
	values, err := readYaml(filepath.Join(chartDir, "values.yaml"))
	if err != nil {
		return nil, err
	}
	for _, file := range valueFiles {
		override, err := readYaml(file)
		if err != nil {
			return nil, err
		}
		coalesce(values, override)
	}

	root := template.New("gotpl").Option("missingkey=error")
	root.Funcs(funcMap(root))
	files, err := filepath.Glob(filepath.Join(chartDir, "templates", "*"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		if _, err := root.New(templateName(name, file)).Parse(string(text)); err != nil {
			return nil, err
		}
	}

	out := &output{Manifests: map[string]string{}}
	for _, file := range files {
		base := filepath.Base(file)
		if strings.HasPrefix(base, "_") {
			continue
		}
		data := map[string]interface{}{
			"Values":       values,
			"Chart":        chartObject(chart),
			"Release":      map[string]interface{}{"Name": "switchboard", "Namespace": "default", "Service": "Helm", "IsInstall": true, "IsUpgrade": false, "Revision": 1},
			"Capabilities": map[string]interface{}{"KubeVersion": map[string]interface{}{"Version": kubeVersion, "GitVersion": kubeVersion, "Major": "1", "Minor": "31"}},
			"Template":     map[string]interface{}{"Name": templateName(name, file), "BasePath": name + "/templates"},
		}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, templateName(name, file), data); err != nil {
			return nil, err
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if base == "NOTES.txt" {
			out.Notes = text
		} else {
			out.Manifests["templates/"+base] = text
		}
	}
	return out, nil
}

func templateName(chart, file string) string {
	return chart + "/templates/" + filepath.Base(file)
}

// Helm's .Chart: Chart.yaml's fields, capitalised as in Helm's chart.Metadata.
func chartObject(chart map[string]interface{}) map[string]interface{} {
	fields := map[string]string{"apiVersion": "APIVersion", "name": "Name", "version": "Version", "appVersion": "AppVersion", "description": "Description", "type": "Type", "kubeVersion": "KubeVersion", "keywords": "Keywords"}
	out := map[string]interface{}{}
	for key, field := range fields {
		out[field] = chart[key]
	}
	return out
}

func checkKubeVersion(chart map[string]interface{}) error {
	constraint, _ := chart["kubeVersion"].(string)
	if constraint == "" {
		return nil
	}
	c, err := semver.NewConstraint(constraint)
	if err != nil {
		return fmt.Errorf("Chart.yaml kubeVersion: %w", err)
	}
	if !c.Check(semver.MustParse(kubeVersion)) {
		return fmt.Errorf("chart requires kubeVersion %s, not %s", constraint, kubeVersion)
	}
	return nil
}

// readYaml reads a YAML map the way Helm does (sigs.k8s.io/yaml: through JSON, so every number is
// a float64 — which is why a large number in values prints as 1e+06 in Helm too).
func readYaml(path string) (map[string]interface{}, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw interface{}
	if err := yaml.Unmarshal(text, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	asJSON, err := json.Marshal(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := map[string]interface{}{}
	if err := json.Unmarshal(asJSON, &out); err != nil {
		return nil, fmt.Errorf("%s: not a map: %w", path, err)
	}
	return out, nil
}

// coalesce merges override into values as Helm merges -f files: maps deeply, anything else replaced.
func coalesce(values, override map[string]interface{}) {
	for key, value := range override {
		nested, isMap := value.(map[string]interface{})
		existing, existingIsMap := values[key].(map[string]interface{})
		if isMap && existingIsMap {
			coalesce(existing, nested)
		} else {
			values[key] = value
		}
	}
}

// funcMap: Sprig's text functions without env access (as Helm), and Helm's own.
func funcMap(root *template.Template) template.FuncMap {
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	extra := template.FuncMap{
		"toYaml": func(v interface{}) string {
			var buf bytes.Buffer
			encoder := yaml.NewEncoder(&buf)
			encoder.SetIndent(2)
			if err := encoder.Encode(v); err != nil {
				return ""
			}
			return strings.TrimSuffix(buf.String(), "\n")
		},
		"fromYaml": func(text string) map[string]interface{} {
			out := map[string]interface{}{}
			if err := yaml.Unmarshal([]byte(text), &out); err != nil {
				out["Error"] = err.Error()
			}
			return out
		},
		"toJson": func(v interface{}) string {
			data, err := json.Marshal(v)
			if err != nil {
				return ""
			}
			return string(data)
		},
		"include": func(name string, data interface{}) (string, error) {
			var buf bytes.Buffer
			err := root.ExecuteTemplate(&buf, name, data)
			return buf.String(), err
		},
		"tpl": func(text string, data interface{}) (string, error) {
			t, err := root.Clone()
			if err != nil {
				return "", err
			}
			if _, err := t.New("tpl").Parse(text); err != nil {
				return "", err
			}
			var buf bytes.Buffer
			err = t.ExecuteTemplate(&buf, "tpl", data)
			return buf.String(), err
		},
		"required": func(message string, value interface{}) (interface{}, error) {
			if value == nil {
				return nil, errors.New(message)
			}
			if s, ok := value.(string); ok && s == "" {
				return nil, errors.New(message)
			}
			return value, nil
		},
		// As in `helm template`: no cluster to look anything up in.
		"lookup": func(string, string, string, string) (map[string]interface{}, error) {
			return map[string]interface{}{}, nil
		},
	}
	for name, fn := range extra {
		funcs[name] = fn
	}
	return funcs
}
