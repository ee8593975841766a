// vdsosim-bench --exec: a Go program reading the clock, on one OS thread ("single") or on four
// goroutines each locked to a thread of its own ("threads"), so that the scheduler switches.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

func spin(n int) int64 {
	var s int64
	for i := 0; i < n; i++ {
		s += time.Now().UnixNano() & 1
	}
	return s
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "threads" {
		var wg sync.WaitGroup
		var mu sync.Mutex
		var total int64
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				runtime.LockOSThread()
				for k := 0; k < 50; k++ {
					s := spin(500)
					mu.Lock()
					total += s
					mu.Unlock()
					runtime.Gosched()
				}
			}()
		}
		wg.Wait()
		fmt.Println(total >= 0)
		return
	}
	fmt.Println(spin(100000) >= 0)
}
