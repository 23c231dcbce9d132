// Command pause is the pod sandbox's only process: it holds the pod's namespaces
// open until the kubelet stops the sandbox. The usual pause image cannot be pulled
// here, so the cluster scripts build this one. As PID 1 of the pod it also reaps
// orphaned children, as the upstream pause does.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for sig := range signals {
		if sig != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
