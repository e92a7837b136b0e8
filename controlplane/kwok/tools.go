//go:build tools

// The command this module builds (see controlplane/build.sh).
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
