package ec2

// SetAfterOperation installs a hook that runs between an idempotent
// operation and the recording of its ClientToken (nil removes it); it
// returns a function restoring the previous hook. Tests only.
func SetAfterOperation(fn func(action string) error) (restore func()) {
	prev := afterOperation
	afterOperation = fn
	return func() { afterOperation = prev }
}
