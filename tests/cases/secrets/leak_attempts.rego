# Every way a policy might try to reach the process environment or the outside world.
package leak.attempts

deny_runtime contains msg if {
	msg := sprintf("%v", [opa.runtime()])
}
