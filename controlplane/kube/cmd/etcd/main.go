// etcd for the test control plane: the upstream etcd server main, at the version
// Kubernetes itself requires (go.mod), so the API server talks to the etcd it was tested with.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
