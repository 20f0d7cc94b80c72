// pbdec: reads a Kubernetes protobuf-encoded Pod (the "k8s\x00" envelope
// kubectl 1.33 sends when it creates a pod) on stdin and writes it as JSON,
// the way the Go types encode it. Only used to record the golden files of
// test/integration/debug (KTL_RECORD_DEBUG_GOLDEN=1); see ../README.md.
package main

import (
	"encoding/json"
	"io"
	"os"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

func main() {
	b, err := io.ReadAll(os.Stdin)
	if err != nil || len(b) < 4 {
		panic("no protobuf envelope on stdin")
	}
	var u runtime.Unknown
	if err := u.Unmarshal(b[4:]); err != nil {
		panic(err)
	}
	var p corev1.Pod
	if err := p.Unmarshal(u.Raw); err != nil {
		panic(err)
	}
	p.APIVersion, p.Kind = u.APIVersion, u.Kind
	out, err := json.Marshal(&p)
	if err != nil {
		panic(err)
	}
	os.Stdout.Write(out)
}
