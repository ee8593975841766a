// A Go program as runtime authors write them (tests/go.sh): time.Now, time.Since across a
// sleep, goroutines with tickers and timers, crypto/rand. Its output is the same on every run.
package main

import (
	"crypto/rand"
	"fmt"
	"sync"
	"time"
)

func main() {
	t0 := time.Now()
	fmt.Println("now after 2000:", t0.Year() > 2000)
	time.Sleep(10 * time.Second)
	fmt.Println("slept 10 s:", time.Since(t0) >= 10*time.Second)
	var wg sync.WaitGroup
	ticks := make([]int, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			tk := time.NewTicker(time.Duration(i+1) * time.Millisecond)
			tm := time.NewTimer(20 * time.Millisecond)
			defer tk.Stop()
			for {
				select {
				case <-tk.C:
					ticks[i]++
				case <-tm.C:
					return
				}
			}
		}(i)
	}
	wg.Wait()
	fmt.Println("tickers ticked:", ticks[0] > 0 && ticks[1] > 0 && ticks[2] > 0 && ticks[3] > 0)
	b := make([]byte, 32)
	_, err := rand.Read(b)
	fmt.Println("crypto/rand:", err == nil)
}
