// Command fluxhealth prints what Flux's kustomize-controller computes for custom resources with
// the Kustomization's healthCheckExprs (CEL), using Flux's own evaluator
// (github.com/fluxcd/pkg/runtime/cel, RFC-0009): one line "<kind>/<namespace>/<name> <Status>
// <message>" per object of the JSON array read from stdin. The first argument is a YAML file
// holding a Kustomization (or a bare list) with the healthCheckExprs; each object is judged by the
// entry of its apiVersion and kind. Costguard's integration tests run it on objects the operator
// wrote.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/fluxcd/pkg/apis/kustomize"
	"github.com/fluxcd/pkg/runtime/cel"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/json"
	"sigs.k8s.io/yaml"
)

type kustomization struct {
	Spec struct {
		HealthCheckExprs []kustomize.CustomHealthCheck `json:"healthCheckExprs"`
	} `json:"spec"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: fluxhealth <kustomization.yaml> < objects.json")
		os.Exit(2)
	}
	text, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var k kustomization
	if err := yaml.Unmarshal(text, &k); err != nil {
		fmt.Fprintln(os.Stderr, "want a Kustomization with spec.healthCheckExprs:", err)
		os.Exit(2)
	}
	evaluators := map[string]*cel.StatusEvaluator{}
	for _, check := range k.Spec.HealthCheckExprs {
		exprs := check.HealthCheckExpressions
		evaluator, err := cel.NewStatusEvaluator(&exprs)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s %s: %v\n", check.APIVersion, check.Kind, err)
			os.Exit(2)
		}
		evaluators[check.APIVersion+"/"+check.Kind] = evaluator
	}

	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// apimachinery's json keeps integers as int64, as unstructured objects need them
	var objects []map[string]interface{}
	if err := json.Unmarshal(input, &objects); err != nil {
		fmt.Fprintln(os.Stderr, "want a JSON array of objects:", err)
		os.Exit(2)
	}
	for _, object := range objects {
		u := &unstructured.Unstructured{Object: object}
		evaluator, ok := evaluators[u.GetAPIVersion()+"/"+u.GetKind()]
		if !ok {
			fmt.Printf("%s/%s/%s NoHealthCheck\n", u.GetKind(), u.GetNamespace(), u.GetName())
			continue
		}
		result, err := evaluator.Evaluate(context.Background(), u)
		if err != nil {
			// Flux reports the object as Unknown and keeps waiting, up to the Kustomization's timeout.
			fmt.Printf("%s/%s/%s Error %s\n", u.GetKind(), u.GetNamespace(), u.GetName(), err)
			continue
		}
		fmt.Printf("%s/%s/%s %s %s\n", u.GetKind(), u.GetNamespace(), u.GetName(), result.Status, result.Message)
	}
}
