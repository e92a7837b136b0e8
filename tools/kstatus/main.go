// Command kstatus prints what sigs.k8s.io/cli-utils' kstatus (the health library of Flux and
// kpt) computes for Kubernetes objects: one line "<kind>/<namespace>/<name> <Status> <message>"
// per object of the JSON array read from stdin. Costguard's integration tests run it on objects
// the operator wrote.
package main

import (
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/json"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

func main() {
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
		result, err := status.Compute(u)
		if err != nil {
			fmt.Printf("%s/%s/%s Error %s\n", u.GetKind(), u.GetNamespace(), u.GetName(), err)
			continue
		}
		fmt.Printf("%s/%s/%s %s %s\n", u.GetKind(), u.GetNamespace(), u.GetName(), result.Status, result.Message)
	}
}
