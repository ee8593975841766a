// A CPU profile while the program reads the clock: Go's SIGPROF lands inside vDSO calls (Go
// records vdsoPC/vdsoSP before each, for exactly that moment: golang/go#46767, #32912, #47537)
// and the profile's stacks must still unwind. tests/go.sh runs it under vdsosim exec.
package main

import (
	"bytes"
	"fmt"
	"runtime"
	"runtime/pprof"
	"time"
)

func main() {
	var buf bytes.Buffer
	runtime.SetCPUProfileRate(1000) // (Go then warns on stderr that StartCPUProfile cannot set it again)
	if err := pprof.StartCPUProfile(&buf); err != nil {
		fmt.Println("profile:", err)
		return
	}
	start := time.Now()
	n := 0
	for time.Since(start) < 40*time.Millisecond {
		n++
	}
	pprof.StopCPUProfile()
	fmt.Printf("profiled: %v, clock reads: %v\n", buf.Len() > 100, n > 1000)
}
